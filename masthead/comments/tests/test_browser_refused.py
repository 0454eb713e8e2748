"""A comment the server refuses lands the reader on the form and its message, not at the
top of a long page: the form's action carries #respond, and the focus goes to the field to
correct (comments.js)."""

import pytest

from masthead.testing.builders import make_article, set_comment_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def long_article(transactional_db, site):
    set_comment_settings(min_fill_seconds=0)
    return make_article(site["section"], "A Very Long Report", paragraphs=[f"Paragraph {i} of a long report. " * 12 for i in range(30)])


def test_refused_comment_lands_on_the_form_with_the_message_in_view_and_focus_on_the_field(browser_page, live_server, long_article):
    page = browser_page
    page.goto(live_server.url + long_article.url)
    page.fill("#id_author", "Hasty Reader")
    page.fill("#id_email", "not-an-address")
    page.fill("#id_comment", "My carefully written comment.")
    # The browser's own check would stop the post first; the server's is what is tested.
    page.evaluate("() => document.getElementById('commentform').noValidate = true")
    page.click("text=Post Comment")
    page.wait_for_load_state()
    assert page.url.endswith("/comments/post/#respond")
    message = page.locator("#commentform .form-message")
    assert message.inner_text() == "Your comment was not posted. Please correct the field marked below; your text is kept."
    page.wait_for_function("() => document.activeElement.id === 'id_email'")  # focus moves after load
    top = page.evaluate("() => document.querySelector('#commentform .form-message').getBoundingClientRect().top")
    assert 0 <= top < 900, top  # on screen, not 2,000 px below it
    assert page.evaluate("() => window.scrollY") > 2000  # the page really is long
    assert page.input_value("#id_comment") == "My carefully written comment."
