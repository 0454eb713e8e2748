"""Reply notifications: opt-in checkbox, double opt-in, one notification per reply, and a
one-click signed unsubscribe link in every message."""

import re

import pytest
from django.core import mail

from masthead.comments.actions import do_approve
from masthead.comments.models import Comment, ReplySubscription
from masthead.testing.builders import make_comment, make_staff

pytestmark = pytest.mark.django_db
ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def post(client, article, **overrides):
    data = {"author": "Amal", "email": "amal@example.org", "url": "", "comment": "A question for the author.", "article": article.pk}
    data.update(overrides)
    return client.post("/comments/post/", data, **ORIGIN)


def path_of(url):
    return url.replace("http://testserver", "")


def links(message):
    return re.findall(r"http://[^\s>]+", message.body)


def test_nothing_is_sent_without_the_checkbox(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, site["article"])
    assert not ReplySubscription.objects.exists()
    assert mail.outbox == []


def test_a_spam_comment_subscribes_nobody_and_sends_no_mail(client, site, django_capture_on_commit_callbacks):
    """Issue 9: the honeypot caught the post, and the address given still got a confirmation
    mail (a mail cannon pointed at anyone)."""
    with django_capture_on_commit_callbacks(execute=True):
        post(client, site["article"], subscribe="on", phone="555-0100", email="victim@example.org")
    assert Comment.objects.get().status == Comment.Status.SPAM
    assert not ReplySubscription.objects.exists()
    assert mail.outbox == []


def test_a_held_comment_asks_for_confirmation_only_when_a_moderator_approves_it(client, site, django_capture_on_commit_callbacks):
    """A held comment is often spam the classifier was unsure of: its address may be anyone's,
    so the confirmation mail waits for a person's approval, and is sent once."""
    from masthead.comments.actions import do_reject, do_set_status

    article = site["article"]
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, subscribe="on", email="new@example.org", comment="First time here.")
        post(client, article, subscribe="on", email="victim@example.org", comment="Held, then rejected.")
    held, rejected = Comment.objects.get(body="First time here."), Comment.objects.get(body="Held, then rejected.")
    assert held.status == rejected.status == Comment.Status.PENDING
    assert held.subscription.confirmed_at is None
    assert mail.outbox == []

    moderator = make_staff()
    with django_capture_on_commit_callbacks(execute=True):
        do_reject(rejected, actor=moderator)
        do_approve(held, actor=moderator)
        do_set_status(held, Comment.Status.PENDING, actor=moderator)
        do_approve(held, actor=moderator)
    [confirmation] = mail.outbox
    assert confirmation.to == ["new@example.org"]
    assert confirmation.subject.startswith("Confirm: email me replies")


def test_a_held_comment_from_an_address_confirmed_meanwhile_is_not_asked_again(client, site, django_capture_on_commit_callbacks):
    from django.utils import timezone

    article = site["article"]
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, subscribe="on", email="new@example.org", comment="Held first.")
    held = Comment.objects.get(body="Held first.")
    other = make_comment(article, "Confirmed elsewhere.", email="new@example.org")
    ReplySubscription.objects.create(comment=other, email="new@example.org", confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        do_approve(held, actor=make_staff())
    assert mail.outbox == []
    held.subscription.refresh_from_db()
    assert held.subscription.confirmed_at is not None


def test_subscribing_sends_a_confirmation_and_only_confirmed_readers_are_notified(client, site, django_capture_on_commit_callbacks):
    article = site["article"]
    make_comment(article, "Earlier.", name="Amal", email="amal@example.org")  # trusted: published at once
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, subscribe="on")
    parent = Comment.objects.get(body="A question for the author.")
    subscription = parent.subscription
    assert subscription.confirmed_at is None
    [confirmation] = mail.outbox
    assert confirmation.to == ["amal@example.org"]
    assert confirmation.subject == "Confirm: email me replies on “Reporters Cross The River”"

    make_comment(article, "Early reply.", email="b@example.org", parent=parent)
    with django_capture_on_commit_callbacks(execute=True):
        reply = make_comment(article, "Unconfirmed reply.", email="b@example.org", parent=parent, approve=False)
        do_approve(reply, actor=make_staff())
    assert len(mail.outbox) == 1  # not confirmed: no notification

    page = client.get(path_of(links(confirmation)[0]))
    assert "Subscription confirmed" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        answer = make_comment(article, "Here is your answer.", name="Bashir", email="b@example.org", parent=parent, approve=False)
        do_approve(answer, actor=make_staff("second"))
    notification = mail.outbox[-1]
    assert notification.to == ["amal@example.org"]
    assert notification.subject == "New reply to your comment on “Reporters Cross The River”"
    assert "Bashir replied to your comment" in notification.body
    assert "Here is your answer." in notification.body
    assert "b@example.org" not in notification.body
    unsubscribe = links(notification)[-1]
    assert notification.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert notification.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_one_click_unsubscribe_stops_notifications(client, site, django_capture_on_commit_callbacks):
    article = site["article"]
    parent = make_comment(article, "Parent.", email="amal@example.org")
    from django.utils import timezone

    subscription = ReplySubscription.objects.create(comment=parent, email="amal@example.org", confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(article, "First reply.", email="b@example.org", parent=parent, approve=False)
        do_approve(Comment.objects.get(body="First reply."), actor=make_staff())
    unsubscribe = path_of(links(mail.outbox[-1])[-1])
    sent = len(mail.outbox)

    page = client.get(unsubscribe)
    assert page.status_code == 200
    assert "You will get no more email about replies to this comment." in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    assert client.post(unsubscribe, HTTP_ORIGIN="https://mail-provider.example").status_code == 200  # RFC 8058 one-click POST

    with django_capture_on_commit_callbacks(execute=True):
        reply = make_comment(article, "Second reply.", email="c@example.org", parent=parent, approve=False)
        do_approve(reply, actor=make_staff("second"))
    assert len(mail.outbox) == sent


def test_a_reply_notifies_once_and_never_for_ones_own_reply(site, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from masthead.comments.actions import do_mark_spam

    article = site["article"]
    moderator = make_staff()
    parent = make_comment(article, "Parent.", email="amal@example.org")
    ReplySubscription.objects.create(comment=parent, email="amal@example.org", confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        own = make_comment(article, "Replying to myself.", email="amal@example.org", parent=parent)
        reply = make_comment(article, "Someone else.", email="b@example.org", parent=parent, approve=False)
        do_approve(reply, actor=moderator)
        do_mark_spam(reply, actor=moderator)
        do_approve(reply, actor=moderator)
    assert [m.subject for m in mail.outbox] == ["New reply to your comment on “Reporters Cross The River”"]
    assert own.reply_notified_at is None


def test_an_address_confirmed_once_is_not_asked_again(client, site, django_capture_on_commit_callbacks):
    from django.utils import timezone

    article = site["article"]
    earlier = make_comment(article, "Earlier.", email="amal@example.org")
    ReplySubscription.objects.create(comment=earlier, email="amal@example.org", confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, subscribe="on", comment="Another one.")
    assert mail.outbox == []
    assert Comment.objects.get(body="Another one.").subscription.confirmed_at is not None


def test_forged_confirm_and_unsubscribe_links_are_not_found(client, site):
    assert client.get("/comments/subscription/confirm/forged/").status_code == 404
    assert client.get("/comments/subscription/unsubscribe/forged/").status_code == 404
