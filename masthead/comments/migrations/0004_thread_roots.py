"""Fill `root`, `depth` and `body_hash` for comments stored before they existed."""

from django.db import migrations


def fill(apps, schema_editor):
    from masthead.comments.text import fingerprint

    Comment = apps.get_model("comments", "Comment")
    parents = dict(Comment.objects.values_list("pk", "parent_id"))
    for pk, parent_id in parents.items():
        depth, root, current = 1, None, parent_id
        while current is not None:
            depth += 1
            root = current
            current = parents.get(current)
        body = Comment.objects.values_list("body", flat=True).get(pk=pk)
        Comment.objects.filter(pk=pk).update(root_id=root, depth=depth, body_hash=fingerprint(body))


class Migration(migrations.Migration):
    dependencies = [("comments", "0003_moderation")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
