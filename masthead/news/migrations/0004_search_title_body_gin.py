"""A GIN index on the expression news/search.py matches on PostgreSQL: every word may be in
the title or in the body, so it asks `(title || body) @@ query`, which Wagtail's GIN indexes
on each column alone cannot answer (a sequential scan of every index row: 0.2–0.3 s at
20,000 articles). Nothing on SQLite (FTS5 is its own index)."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS news_search_title_body_gin ON wagtailsearch_indexentry USING GIN ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS news_search_title_body_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_rename_page_moderators_group"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
