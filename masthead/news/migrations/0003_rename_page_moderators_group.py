"""Wagtail's "Moderators" group approves and publishes pages; renamed "Page publishers" so
nobody takes it for the moderators of reader comments."""

from django.db import migrations


def rename(apps, schema_editor, old="Moderators", new="Page publishers"):
    Group = apps.get_model("auth", "Group")
    if not Group.objects.filter(name=new).exists():
        Group.objects.filter(name=old).update(name=new)


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, old="Page publishers", new="Moderators")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_authors_lead_story_one_clock"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(rename, rename_back)]
