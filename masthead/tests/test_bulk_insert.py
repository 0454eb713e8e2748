"""core/bulk_insert.py: rows written as bulk_create writes them, keys read back, several
statements when the database's parameter limit needs them."""

import pytest
from django.db import connection
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Site

from masthead.core.bulk_insert import insert_rows
from masthead.news.models import ArticlePage
from masthead.testing.builders import make_site
from masthead.wordpress.models import ImportedObject

pytestmark = pytest.mark.django_db

COLUMNS = ("source", "kind", "wp_id", "object_id", "digest", "data")


def rows(prefix, n):
    return [ImportedObject(source="https://old.example", kind="comment", wp_id=f"{prefix}{i}", object_id=i or None,
                           data={"meta": {"n": i, "text": "ü 🙏 \"quoted\""}} if i % 2 else {}) for i in range(n)]


def test_rows_are_what_bulk_create_writes_and_keys_are_set(db):
    ours, theirs = insert_rows(ImportedObject, rows("a", 5)), ImportedObject.objects.bulk_create(rows("b", 5))
    assert all(obj.pk and not obj._state.adding for obj in ours)
    stored = {o.wp_id: o for o in ImportedObject.objects.all()}
    for mine, reference in zip(ours, theirs):
        a, b = stored[mine.wp_id], stored[reference.wp_id]
        assert a.pk == mine.pk
        assert [getattr(a, c) for c in COLUMNS if c != "wp_id"] == [getattr(b, c) for c in COLUMNS if c != "wp_id"]
        assert a.imported_at is not None  # auto_now, as on save


def test_more_rows_than_one_statement_takes(db):
    fields = [f for f in ImportedObject._meta.local_concrete_fields if not f.primary_key]
    per_statement = connection.ops.bulk_batch_size(fields, rows("x", 5000))
    n = min(3 * per_statement + 7, 5000)
    objs = insert_rows(ImportedObject, rows("c", n))
    assert len({o.pk for o in objs}) == n == ImportedObject.objects.count()
    assert dict(ImportedObject.objects.values_list("pk", "wp_id")) == {o.pk: o.wp_id for o in objs}


def test_foreign_keys_are_written_and_unsaved_ones_refused(db):
    make_site()
    site = Site.objects.get(is_default_site=True)
    [redirect] = insert_rows(Redirect, [Redirect(old_path="/old", site=site, redirect_link="/new")])
    assert Redirect.objects.get(pk=redirect.pk).site_id == site.pk
    with pytest.raises(ValueError, match="unsaved related object"):
        insert_rows(Redirect, [Redirect(old_path="/older", site=Site(hostname="x"), redirect_link="/new")])


def test_a_parent_table_of_a_multi_table_model(db):
    """news.actions.import_articles inserts a page's two rows with one call per table."""
    make_site()
    site = Site.objects.get(is_default_site=True)
    parent = site.root_page
    step = parent.numchild + 1
    page = ArticlePage(title="Rows", slug="rows", body=[], depth=parent.depth + 1, path=Page._get_path(parent.path, parent.depth + 1, step),
                       locale_id=parent.locale_id, draft_title="Rows", url_path=f"{parent.url_path}rows/")
    insert_rows(Page, [page])
    page.page_ptr_id = page.id
    insert_rows(ArticlePage, [page])
    Page.objects.filter(pk=parent.pk).update(numchild=step)
    assert ArticlePage.objects.get(pk=page.pk).title == "Rows"
    assert all(not problems for problems in Page.find_problems())
