import pytest

from masthead.comments.models import Comment, ModerationEvent
from masthead.comments.moderation import HOLD, REJECT, SPAM, Decision, ModerationContext, Verdict, moderate
from masthead.testing import make_comment, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client, site):
    user = make_staff("moderator")
    client.force_login(user)
    return user


def test_queue_lists_held_comments_with_article_and_reason(client, site, moderator):
    make_comment(site["article"], "Please hold me.", name="Newcomer", approve=False)
    html = client.get("/admin/comments/").content.decode()
    assert "Please hold me." in html
    assert "Reporters Cross The River" in html
    assert "held: first comment from this email address" in html
    assert "Pending <span class=\"w-status\">1</span>" in html


def test_moderator_approves_from_the_queue_and_the_comment_is_public_and_logged(client, site, moderator):
    comment = make_comment(site["article"], "Approve me.", approve=False)
    response = client.post(f"/admin/comments/{comment.pk}/approve/", {"next": "/admin/comments/"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    event = ModerationEvent.objects.filter(comment=comment).last()
    assert (event.actor, event.action, event.from_status, event.to_status) == (moderator, "approve", "pending", "approved")
    assert "Approve me." in client.get(site["article"].url).content.decode()


@pytest.mark.parametrize("action, status", [("reject", "rejected"), ("spam", "spam")])
def test_moderator_rejects_or_marks_spam_and_the_comment_disappears(client, site, moderator, action, status):
    comment = make_comment(site["article"], "Visible for now.")
    client.post(f"/admin/comments/{comment.pk}/{action}/")
    comment.refresh_from_db()
    assert comment.status == status
    assert "Visible for now." not in client.get(site["article"].url).content.decode()


def test_queue_refuses_readers_and_get_requests(client, site):
    comment = make_comment(site["article"], "x", approve=False)
    assert client.get("/admin/comments/").status_code == 302  # to the login page
    reader = make_staff("reader", superuser=False)
    client.force_login(reader)
    assert client.post(f"/admin/comments/{comment.pk}/approve/").status_code in (302, 403)
    staff = make_staff("boss")
    client.force_login(staff)
    assert client.get(f"/admin/comments/{comment.pk}/approve/").status_code == 405
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_strongest_verdict_wins_and_every_verdict_is_kept():
    def hold(comment, context):
        return Verdict(HOLD, "held: 3 links (limit 2)", "links")

    def spam(comment, context):
        return Verdict(SPAM, "spam: honeypot filled", "honeypot")

    def reject(comment, context):
        return Verdict(REJECT, "rejected: banned term", "banned")

    def silent(comment, context):
        return None

    checks = [("hold", hold), ("silent", silent), ("spam", spam), ("reject", reject)]
    decision = moderate(Comment(), ModerationContext(), checks=checks)
    assert isinstance(decision, Decision)
    assert (decision.action, decision.reason) == (SPAM, "spam: honeypot filled")
    assert [v["check"] for v in decision.verdicts] == ["hold", "spam", "reject"]
    assert moderate(Comment(), ModerationContext(), checks=[("silent", silent)]).action == "approve"
