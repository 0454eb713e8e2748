"""The comment flow in a real Chromium: a reader replies inline (JavaScript) to a comment
whose author subscribed to replies, the reply is held, a moderator approves it from the
queue with a keyboard shortcut, and the subscriber's reply notification is sent. Without
JavaScript the same Reply link opens the form as a reply through ?replytocom=."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from masthead.comments.models import Comment, ReplySubscription
from masthead.testing.builders import log_in_to_admin, make_comment, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def discussion(transactional_db, site):
    make_staff("moderator")  # password "password"
    parent = make_comment(site["article"], "Does anyone know whether the road is open?", name="Asker", email="asker@example.org")
    ReplySubscription.objects.create(comment=parent, email="asker@example.org", confirmed_at=timezone.now())
    return {"article": site["article"], "parent": parent}


def test_reader_replies_inline_moderator_approves_and_the_subscriber_is_notified(browser_page, chromium, live_server, discussion):
    page, parent = browser_page, discussion["parent"]
    url = live_server.url + discussion["article"].url
    page.clock.install()  # the page's clock is the test's: no waiting for the fill_time check
    page.goto(url)

    page.click(f"#comment-{parent.pk} .comment-reply-link")
    assert page.url == url  # no navigation: the form moved under the comment
    assert page.locator(f"#comment-{parent.pk} #respond").count() == 1
    assert page.locator("#reply-title").inner_text().startswith("Leave a Reply to Asker")
    assert page.locator("input[name=parent]").input_value() == str(parent.pk)

    assert page.locator(".comment-form-cookies-consent").is_visible()  # offered only with JavaScript
    page.fill("#id_comment", "Yes, it reopened this morning, I drove on it.")
    page.fill("#id_author", "Driver")
    page.fill("#id_email", "driver@example.org")
    page.check("#remember-me")
    assert page.locator("#id_phone").bounding_box()["x"] < -1000  # the honeypot: off-screen
    page.clock.fast_forward("00:20")  # a person takes longer than the fill_time minimum
    with page.expect_request("**/comments/post/") as posted:
        page.click("text=Post Comment")
    assert re.search(r"elapsed=2\d\.\d", posted.value.post_data)  # measured by the page's script
    page.wait_for_load_state()
    assert "unapproved=" in page.url
    assert page.locator(".awaiting-notice").inner_text() == "Your comment is awaiting moderation."
    reply = Comment.objects.get(author_email="driver@example.org")
    assert (reply.status, reply.parent_id, reply.depth) == ("pending", parent.pk, 2)
    assert reply.moderation_reason == "held: first comment from this name and email address"
    assert not [v for v in reply.verdicts if v["code"] == "fill_time"]

    page.goto(url)  # the browser remembers the reader, with their consent
    assert page.locator("#id_author").input_value() == "Driver"
    assert page.locator("#id_email").input_value() == "driver@example.org"
    assert page.locator("#remember-me").is_checked()

    moderator = log_in_to_admin(chromium, live_server.url)
    moderator.goto(live_server.url + "/admin/comments/")
    row = moderator.locator(f"#queue-comment-{reply.pk}")
    assert "held: first comment from this name and email address" in row.inner_text()
    assert "In reply to Asker" in row.inner_text()
    moderator.keyboard.press("a")  # the first row is current: approve it
    moderator.wait_for_load_state()
    moderator.wait_for_selector(f"#queue-comment-{reply.pk}", state="detached")
    moderator.context.close()

    reply.refresh_from_db()
    assert reply.status == "approved"
    [notification] = [m for m in mail.outbox if m.to == ["asker@example.org"]]
    assert notification.subject == f"New reply to your comment on “{discussion['article'].title}”"
    assert "Driver replied to your comment" in notification.body
    assert "Yes, it reopened this morning" in notification.body
    unsubscribe = re.findall(r"http://\S+/comments/subscription/unsubscribe/\S+/", notification.body)
    assert len(unsubscribe) == 1

    page.goto(url)
    threaded = page.locator(f"#comment-{parent.pk} .children #comment-{reply.pk}")
    assert "Yes, it reopened this morning" in threaded.inner_text()


def test_reply_link_without_javascript_opens_the_form_as_a_reply(chromium, live_server, discussion):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    parent = discussion["parent"]
    page.goto(live_server.url + discussion["article"].url)
    assert not page.locator(".comment-form-cookies-consent").is_visible()
    page.click(f"#comment-{parent.pk} .comment-reply-link")
    assert f"?replytocom={parent.pk}" in page.url
    assert page.locator("#reply-title").inner_text().startswith("Leave a Reply to Asker")
    assert page.locator("input[name=parent]").input_value() == str(parent.pk)
    context.close()
