"""The moderators' queue in the Wagtail admin, driven through HTTP as a moderator uses it:
tabs and counts, context and history on each row, one-click and bulk decisions, bans,
edits with their audit trail, filters, notifications of held comments and the dashboard."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client

from masthead.comments.actions import do_report, do_submit_comment
from masthead.comments.models import BlockedSender, Comment, CommentEdit, ModerationEvent, ModerationTerm
from masthead.comments.moderation import ModerationContext
from masthead.testing.builders import make_comment, make_staff, set_comment_settings

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(db):
    """A staff user in a "Comment moderators" group with only the comment permissions."""
    user = make_staff("mod", superuser=False)
    group = Group.objects.create(name="Comment moderators")
    group.permissions.add(Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="change_comment", content_type__app_label="comments"))
    user.groups.add(group)
    return user


@pytest.fixture
def mod_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def held(article, body, email="new@example.org", ip="192.0.2.44", **kwargs):
    return do_submit_comment(article=article, parent=kwargs.get("parent"), author_name=kwargs.get("name", "Newcomer"), author_email=email,
                             author_url="", body=body, context=ModerationContext(ip_address=ip))


def test_queue_shows_tabs_with_counts_and_each_held_comment_in_context(mod_client, site):
    article = site["article"]
    parent = make_comment(article, "The parent comment text.", name="Parent Author", email="p@example.org")
    make_comment(article, "Old approved.", email="new@example.org", approve=False)
    ModerationTerm.objects.create(term="caliphate", kind="suspect")
    comment = held(article, "The caliphate is coming http://a.example http://b.example http://c.example", parent=parent)
    do_report(make_comment(article, "Reported one.", email="q@example.org"), reason="abuse", reporter_key="k")

    response = mod_client.get("/admin/comments/")
    html = response.content.decode()
    assert response.status_code == 200
    for label, count in (("Pending", 2), ("Reported", 1), ("Spam", 0), ("Rejected", 0), ("Approved", 2)):
        assert f'{label} <span class="w-status" data-tab="{label.lower()}">{count}</span>' in html
    row = html[html.index(f'id="queue-comment-{comment.pk}"'):]
    row = row[: row.index("</tr>")]
    assert "Reporters Cross The River" in row
    assert "In reply to <strong>Parent Author</strong>: “The parent comment text.”" in row
    assert "held: suspect term &#x27;caliphate&#x27;" in row
    assert "held: 3 links (limit 2)" in row
    assert "held: first comment from this name and email address" in row
    assert "2 pending" in row  # the commenter's history: every comment from the address
    assert "First seen" in row
    assert "IP 192.0.2.44" in row


def test_reported_tab_lists_reported_comments_with_their_reasons(mod_client, site):
    comment = make_comment(site["article"], "Reported one.")
    do_report(comment, reason="abuse", reporter_key="a")
    do_report(comment, reason="abuse", reporter_key="b")
    html = mod_client.get("/admin/comments/?status=reported").content.decode()
    assert "Reported one." in html
    assert "Reported: Abuse or harassment ×2" in html
    assert ">Keep</button>" in html
    mod_client.post(f"/admin/comments/{comment.pk}/approve/")
    comment.refresh_from_db()
    assert comment.open_reports == 0
    assert ModerationEvent.objects.filter(comment=comment, action="dismiss_reports").exists()


@pytest.mark.parametrize("action, status", [("approve", "approved"), ("reject", "rejected"), ("spam", "spam")])
def test_one_click_decision_is_logged_with_who_when_from_and_to(mod_client, moderator, site, action, status):
    comment = held(site["article"], "Please decide on me.")
    response = mod_client.post(f"/admin/comments/{comment.pk}/{action}/", {"next": "/admin/comments/?status=pending"})
    assert response.status_code == 302 and response["Location"] == "/admin/comments/?status=pending"
    comment.refresh_from_db()
    assert comment.status == status
    assert comment.decided_at is not None
    event = ModerationEvent.objects.filter(comment=comment).last()
    assert (event.actor, event.action, event.from_status, event.to_status) == (moderator, action, "pending", status)
    assert ("Please decide on me." in mod_client.get(site["article"].url).content.decode()) == (status == "approved")


def test_bulk_decisions_apply_to_every_selected_comment(mod_client, site):
    comments = [held(site["article"], f"Bulk comment {i}.", email=f"b{i}@example.org") for i in range(4)]
    mod_client.post("/admin/comments/bulk/", {"action": "approve", "ids": [c.pk for c in comments[:3]]})
    assert sorted(Comment.objects.filter(status="approved").values_list("pk", flat=True)) == sorted(c.pk for c in comments[:3])
    assert Comment.objects.get(pk=comments[3].pk).status == "pending"
    response = mod_client.post("/admin/comments/bulk/", {"action": "spam", "ids": [comments[3].pk]}, follow=True)
    assert "1 comment marked as spam." in response.content.decode()
    assert "Select at least one comment first." in mod_client.post("/admin/comments/bulk/", {"action": "spam"}, follow=True).content.decode()


def test_editing_a_comment_keeps_the_old_text_with_who_and_when(mod_client, moderator, site):
    comment = make_comment(site["article"], "Original text with a slur.")
    page = mod_client.get(f"/admin/comments/{comment.pk}/edit/")
    assert "Original text with a slur." in page.content.decode()
    mod_client.post(f"/admin/comments/{comment.pk}/edit/", {"author_name": "Reader", "body": "Original text with [removed]."})
    comment.refresh_from_db()
    assert comment.body == "Original text with [removed]."
    edit = CommentEdit.objects.get()
    assert (edit.editor, edit.old_body, edit.new_body) == (moderator, "Original text with a slur.", "Original text with [removed].")
    history = mod_client.get(f"/admin/comments/{comment.pk}/").content.decode()
    assert "Original text with a slur." in history and "mod" in history and "text edited" in history


def test_search_and_filters_narrow_the_queue(mod_client, site):
    from masthead.testing.builders import make_article

    other = make_article(site["section"], "Another story")
    ModerationTerm.objects.create(term="caliphate", kind="suspect")
    held(site["article"], "Talking about the caliphate here.", email="a@example.org")
    held(other, "Plain words on another story.", email="b@example.org")
    assert "Plain words" in mod_client.get("/admin/comments/?q=plain").content.decode()
    assert "Talking about" not in mod_client.get("/admin/comments/?q=plain").content.decode()
    by_reason = mod_client.get("/admin/comments/?reason=suspect_term").content.decode()
    assert "Talking about" in by_reason and "Plain words" not in by_reason
    by_article = mod_client.get(f"/admin/comments/?article={other.pk}").content.decode()
    assert "Plain words" in by_article and "Talking about" not in by_article
    by_title = mod_client.get("/admin/comments/?article=another+story").content.decode()
    assert "Plain words" in by_title and "Talking about" not in by_title
    by_email = mod_client.get("/admin/comments/?status=all&email=a@example.org").content.decode()
    assert "Talking about" in by_email and "Plain words" not in by_email
    bad_date = mod_client.get("/admin/comments/?since=yesterday").content.decode()
    assert "“yesterday” is not a date like 2021-06-11; that filter was ignored." in bad_date
    assert "No pending comments match these filters." in mod_client.get("/admin/comments/?since=2099-01-01").content.decode()


def test_queue_needs_the_comment_permission(site, mod_client):
    comment = held(site["article"], "Not for you.")
    anonymous = Client()
    assert anonymous.get("/admin/comments/")["Location"].startswith("/admin/login/")
    editor = Client()
    editor.force_login(make_staff("editor_only", superuser=False))  # staff, no admin access
    assert editor.get("/admin/comments/")["Location"].startswith("/admin/login/")
    assert editor.post(f"/admin/comments/{comment.pk}/approve/")["Location"].startswith("/admin/login/")
    assert mod_client.get(f"/admin/comments/{comment.pk}/approve/").status_code == 405  # decisions are POSTs
    assert Comment.objects.get(pk=comment.pk).status == "pending"


def test_immediate_notification_mails_moderators_for_each_held_comment(site, moderator, django_capture_on_commit_callbacks):
    set_comment_settings(moderator_notifications="immediate")
    with django_capture_on_commit_callbacks(execute=True):
        held(site["article"], "Notify about me.")
    [message] = mail.outbox
    assert message.to == ["mod@example.org"]
    assert message.subject == "Comment held on “Reporters Cross The River”: held: first comment from this name and email address"
    assert "Notify about me." in message.body
    assert "/admin/comments/" in message.body


def test_hourly_digest_lists_held_comments_once(site, moderator, django_capture_on_commit_callbacks):
    from masthead.comments.tasks import send_moderation_digest

    set_comment_settings(moderator_notifications="hourly", moderator_emails="desk@example.org\n")
    held(site["article"], "Digest one.", email="d1@example.org")
    held(site["article"], "Digest two.", email="d2@example.org")
    assert send_moderation_digest.call() == 2
    [digest] = mail.outbox
    assert digest.to == ["desk@example.org"]
    assert digest.subject == "2 comments awaiting moderation on The Test Dispatch"
    assert "Digest one." in digest.body and "Digest two." in digest.body
    assert send_moderation_digest.call() == 0


def test_dashboard_shows_daily_counts_decision_times_and_top_checks(mod_client, site):
    comment = held(site["article"], "Dashboard comment http://a.example http://b.example http://c.example")
    mod_client.post(f"/admin/comments/{comment.pk}/approve/")
    html = mod_client.get("/admin/comments/dashboard/").content.decode()
    assert "Comments per day, last 30 days" in html
    assert "1 comment decided by a moderator: median" in html
    assert "reason=first_comment" in html and "reason=links" in html
    assert "Retrain from all decisions" in html
    response = mod_client.post("/admin/comments/dashboard/retrain/", follow=True)
    assert "The spam classifier is being retrained" in response.content.decode()


def test_admin_menu_and_settings_pages_work_for_a_superuser(admin_client, site):
    assert admin_client.get("/admin/").status_code == 200
    for url in ("/admin/snippets/comments/moderationterm/", "/admin/snippets/comments/blockedsender/", "/admin/settings/comments/commentsettings/"):
        assert admin_client.get(url, follow=True).status_code == 200, url
    response = admin_client.post("/admin/snippets/comments/moderationterm/add/", {"term": "glory to the martyrs", "kind": "suspect", "note": ""})
    assert response.status_code == 302
    assert ModerationTerm.objects.get().term == "glory to the martyrs"


# Session, user, permissions (2), the moderator's profile, the admin menu's locale and
# page/collection permissions (3); the queue: its count, the tab counts, the reported
# count, the page of comments, the commenters' history (5).
QUEUE_QUERIES = 13


@pytest.mark.parametrize("rows", [1, 21])
def test_queue_query_count_is_pinned_whatever_the_rows(mod_client, site, django_assert_num_queries, rows):
    for i in range(rows):
        held(site["article"], f"Held number {i}.", email=f"h{i}@example.org")
    mod_client.get("/admin/comments/")
    with django_assert_num_queries(QUEUE_QUERIES):
        mod_client.get("/admin/comments/")
