"""A reader searches from the header in a real Chromium, in Arabic without vowel marks, and
opens the story written with them."""

import pytest

from masthead.testing.builders import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_searches_from_the_header_and_opens_a_result(browser_page, live_server, site):
    article = make_article(site["section"], "بيان من الرقة", paragraphs=("أعلن تنظيم دَاعِش مسؤوليته عن الهجوم.",))
    page = browser_page
    page.goto(live_server.url + site["article"].url)
    page.fill("#site-search-q", "داعش")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator("#search-q").input_value() == "داعش"  # the query stays in the box
    assert page.locator(".search-result mark").first.inner_text() == "دَاعِش"
    page.screenshot(path="/tmp/masthead-search.png", full_page=True)
    page.click(".search-result .teaser-title a")
    page.wait_for_url("**" + article.url)
    assert page.locator("h1.article-title").inner_text() == "بيان من الرقة"
