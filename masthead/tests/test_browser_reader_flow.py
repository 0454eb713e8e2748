"""The reader's path through the demo article in a real Chromium: read the goal bar, post a
comment, see it held, a moderator approves it in the admin, the reader sees it numbered."""

import pytest

from masthead.demo.content import LEAD_TITLE, load_demo
from masthead.news.models import ArticlePage
from masthead.testing.builders import log_in_to_admin, make_staff, set_comment_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_article(transactional_db):
    load_demo()
    make_staff("moderator")  # password "password"
    # Playwright fills the form in milliseconds, faster than the fill_time check lets a
    # person post (that would be spam, not pending): this reader takes no time to type.
    set_comment_settings(min_fill_seconds=0)
    return ArticlePage.objects.get(title=LEAD_TITLE)


def test_reader_comments_moderator_approves_reader_sees_it_numbered(browser_page, chromium, live_server, demo_article):
    page = browser_page
    url = live_server.url + demo_article.url
    page.goto(url)

    bar = page.locator('[role="progressbar"]')
    assert bar.get_attribute("aria-valuenow") == "340"
    assert bar.get_attribute("aria-valuemax") == "5000"
    assert page.locator(".goal-ticks li").all_inner_texts() == ["0 $", "2,500 $", "5,000 $"]
    assert page.locator(".goal-raised").inner_text() == "340 $"
    assert page.locator("h1").inner_text() == LEAD_TITLE

    page.fill("#id_author", "Browser Reader")
    page.fill("#id_email", "browser.reader@example.org")
    page.fill("#id_comment", "Posted from a real browser.")
    page.click("text=Post Comment")
    page.wait_for_load_state()
    assert "unapproved=" in page.url
    held = page.locator(".comment.awaiting")
    assert held.locator(".awaiting-notice").inner_text() == "Your comment is awaiting moderation."
    assert "Posted from a real browser." in held.inner_text()

    moderator = log_in_to_admin(chromium, live_server.url)
    moderator.goto(live_server.url + "/admin/comments/")
    row = moderator.locator("tr", has_text="Posted from a real browser.")
    row.get_by_role("button", name="Approve").click()
    # The queue removes the row in place once the server has answered (no page load to wait for).
    moderator.locator("tr", has_text="Posted from a real browser.").wait_for(state="detached")
    moderator.context.close()

    page.goto(url)
    mine = page.locator("li.comment", has_text="Posted from a real browser.").first
    assert mine.locator(".comment-number").inner_text() == "3."
    assert "Browser Reader says:" in mine.locator(".comment-meta").inner_text()
    assert page.locator(".awaiting-notice").count() == 0
    assert "browser.reader@example.org" not in page.content()


def test_article_at_phone_width_has_no_horizontal_scroll(demo_article, chromium, live_server):
    context = chromium.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(live_server.url + demo_article.url)
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width
    assert page.locator('[role="progressbar"]').is_visible()
    assert page.locator("#commentform").is_visible()
    context.close()


def test_the_content_security_policy_blocks_nothing_the_pages_use(browser_page, live_server, demo_article):
    """A violation shows in Chromium's console: none on the article (comment form script,
    video, goal bar), the support page (amount script) or the embed."""
    page = browser_page
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(live_server.url + demo_article.url)
    page.click(".comment-reply-link >> nth=0")  # comments.js moves the form under the comment
    assert page.locator(".comment #respond").count() == 1
    for path in ("/support/", "/fundraising/embed/"):
        page.goto(live_server.url + path)
    assert violations == []
