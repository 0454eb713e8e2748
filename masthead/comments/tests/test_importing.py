"""Comments brought over from another system (the WordPress importer's path): placed set-wise,
with the same reply invariants, events and cache purges as comments posted one by one."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from masthead.comments import cache_tags
from masthead.comments.actions import ImportedComment, import_comments
from masthead.comments.models import Comment, ModerationEvent
from masthead.testing.builders import aware, make_comment, set_comment_settings

pytestmark = pytest.mark.django_db


def spec(article, parent, name, status=Comment.Status.APPROVED, minute=0):
    return ImportedComment(article=article, parent=parent, author_name=name, author_email=f"{name.lower()}@example.org",
                           author_url="", body=f"{name} wrote this.", status=status, created_at=aware(2021, 5, 1, 10, minute))


def test_imported_replies_deeper_than_the_thread_depth_go_beside_the_deepest_level_one_insert_per_level(site):
    set_comment_settings(thread_depth=2)
    article = site["article"]
    top = spec(article, None, "Top")
    reply = spec(article, top, "Reply", minute=1)
    deeper = spec(article, reply, "Deeper", minute=2)
    deepest = spec(article, deeper, "Deepest", minute=3)
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        import_comments([top, reply, deeper, deepest])
    # (a multi-row INSERT on SQLite, a COPY on PostgreSQL: core/bulk_insert.py)
    inserts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(('INSERT INTO "comments_comment"', 'COPY "comments_comment"'))]
    assert len(inserts) == 2  # level 1, then level 2: every reply placed under Top
    stored = {c.author_name: c for c in Comment.objects.all()}
    assert [(n, stored[n].depth, stored[n].parent and stored[n].parent.author_name) for n in ("Top", "Reply", "Deeper", "Deepest")] == [
        ("Top", 1, None), ("Reply", 2, "Top"), ("Deeper", 2, "Top"), ("Deepest", 2, "Top")]
    assert {c.root_id for c in stored.values() if c.depth == 2} == {stored["Top"].pk}
    events = ModerationEvent.objects.filter(action=ModerationEvent.Action.IMPORTED)
    assert sorted(events.values_list("reason", flat=True)) == ["imported as approved"] * 4


def test_an_imported_reply_to_a_stored_comment_joins_its_thread(site):
    article = site["article"]
    stored = make_comment(article, "Already here.", name="Here")
    with transaction.atomic():
        (reply,) = import_comments([spec(article, stored, "Late", status=Comment.Status.PENDING)])
    reply.refresh_from_db()
    assert (reply.parent_id, reply.root_id, reply.depth, reply.status) == (stored.pk, stored.pk, 2, "pending")
    assert reply.moderation_reason == "imported as pending"


def test_a_reply_given_before_its_parent_is_refused(site):
    article = site["article"]
    top = spec(article, None, "Top")
    with transaction.atomic(), pytest.raises(ValueError, match="a reply must come after its parent"):
        import_comments([spec(article, top, "Reply"), top])


def test_importing_purges_each_public_thread_once_not_per_comment(site, monkeypatch):
    article = site["article"]
    purged = []
    monkeypatch.setattr(cache_tags.store, "purge", lambda *tags: purged.append(set(tags)))
    top = spec(article, None, "Top")
    with transaction.atomic():
        import_comments([top, spec(article, top, "Reply", minute=1), spec(article, None, "Held", status=Comment.Status.PENDING)])
    assert purged == [{cache_tags.thread(article.pk), cache_tags.ALL}]


def test_importing_only_held_comments_purges_nothing(site, monkeypatch):
    purged = []
    monkeypatch.setattr(cache_tags.store, "purge", lambda *tags: purged.append(tags))
    with transaction.atomic():
        import_comments([spec(site["article"], None, "Held", status=Comment.Status.SPAM)])
    assert purged == []
