"""The moderation queue in a real Chromium: decisions change the rows in place (no reload),
with the tabs' counts and a message; keyboard shortcuts keep working on the rows left; Ban
asks what to block in a dialog, and without JavaScript on its own page."""

import pytest

from masthead.comments.actions import do_submit_comment
from masthead.comments.models import BlockedSender, Comment
from masthead.comments.moderation import ModerationContext
from masthead.testing.builders import log_in_to_admin, make_comment, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHARED_IP = "203.0.113.66"


def held(article, body, email, name, ip="198.51.100.7"):
    return do_submit_comment(article=article, parent=None, author_name=name, author_email=email, author_url="", body=body,
                             context=ModerationContext(ip_address=ip))


@pytest.fixture
def queue(transactional_db, site):
    make_staff("moderator")
    regular = make_comment(site["article"], "A regular's comment.", name="Regular Reader", email="regular@example.org")
    Comment.objects.filter(pk=regular.pk).update(ip_address=SHARED_IP)
    return [held(site["article"], f"Held comment number {n}.", f"held{n}@example.org", f"Holder {n}") for n in range(3)]


def pending_count(page):
    return page.locator('.w-status[data-tab="pending"]').inner_text()


def test_decisions_update_the_rows_in_place_and_shortcuts_keep_working(chromium, live_server, queue):
    first, second, third = queue  # the queue lists the newest first: third, second, first
    page = log_in_to_admin(chromium, live_server.url)
    page.goto(live_server.url + "/admin/comments/")
    page.evaluate("window.stillTheSamePage = true")
    assert pending_count(page) == "3"

    page.locator(f"#queue-comment-{third.pk} button[data-key=a]").click()
    page.wait_for_selector(f"#queue-comment-{third.pk}", state="detached")
    assert page.locator("#mq-message").inner_text() == f"Comment #{third.pk} by Holder 2: approved."
    assert pending_count(page) == "2"
    assert page.locator('.w-status[data-tab="approved"]').inner_text() == "2"

    page.keyboard.press("j")  # the rows left: second (current), first
    page.keyboard.press("r")
    page.wait_for_selector(f"#queue-comment-{first.pk}", state="detached")
    assert pending_count(page) == "1"
    page.locator(f"#queue-comment-{second.pk} input[name=ids]").check()
    page.click("text=Spam selected")
    page.wait_for_selector(f"#queue-comment-{second.pk}", state="detached")
    assert page.locator("#mq-message").inner_text() == "1 comment marked as spam."
    assert pending_count(page) == "0"
    assert page.evaluate("window.stillTheSamePage") is True  # no reload
    assert [Comment.objects.get(pk=c.pk).status for c in queue] == ["rejected", "spam", "approved"]
    page.context.close()


def test_ban_asks_in_a_dialog_what_to_block_and_who_else_used_the_address(chromium, live_server, site, queue):
    troll = held(site["article"], "Troll comment.", "troll@example.net", "Troll", ip=SHARED_IP)
    page = log_in_to_admin(chromium, live_server.url)
    page.goto(live_server.url + "/admin/comments/")
    page.evaluate("window.stillTheSamePage = true")
    page.keyboard.press("b")  # the newest comment, the troll's, is current
    dialog = page.locator("dialog.mq-dialog")
    dialog.wait_for(state="visible")
    assert "1 other approved commenter used this IP address: Regular Reader — an IP ban would block them too." in dialog.inner_text()
    assert dialog.locator("input[name=block][value=email]").is_checked()  # suggested when the address is shared
    assert dialog.locator("input[name=ip_days]").input_value() == "30"
    assert not BlockedSender.objects.exists()  # nothing blocked before the moderator confirms
    dialog.locator("button[type=submit]").click()
    page.wait_for_selector(f"#queue-comment-{troll.pk}", state="detached")
    assert not dialog.is_visible()
    assert page.locator("#mq-message").inner_text() == f"Comment #{troll.pk} by Troll: banned (email address only)."
    assert list(BlockedSender.objects.values_list("kind", "value")) == [("email", "troll@example.net")]
    assert page.evaluate("window.stillTheSamePage") is True
    page.context.close()


def test_ban_confirmation_works_without_javascript(chromium, live_server, site, queue):
    troll = held(site["article"], "Troll comment.", "troll@example.net", "Troll", ip=SHARED_IP)
    logged_in = log_in_to_admin(chromium, live_server.url)
    context = chromium.new_context(java_script_enabled=False, storage_state=logged_in.context.storage_state())
    logged_in.context.close()
    page = context.new_page()
    page.goto(live_server.url + "/admin/comments/")
    page.locator(f"#queue-comment-{troll.pk} a.mq-ban-link").click()
    assert f"/admin/comments/{troll.pk}/ban/" in page.url
    assert "1 other approved commenter used this IP address: Regular Reader — an IP ban would block them too." in page.inner_text("main")
    page.check("input[name=block][value=both]")
    page.fill("input[name=ip_days]", "7")
    page.click("button:text('Ban')")
    page.wait_for_url("**/admin/comments/")
    assert f"Comment #{troll.pk} by Troll: banned (email and ip address)." in page.inner_text("body")
    assert page.locator(f"#queue-comment-{troll.pk}").count() == 0
    assert set(BlockedSender.objects.values_list("kind", "value")) == {("email", "troll@example.net"), ("ip", SHARED_IP)}
    context.close()
