"""The editor's way in, in a real Chromium: the dashboard's "New article" with the section
chosen in the form opens the article editor under that section, and the count of comments
waiting leads to the moderation queue."""

import pytest

from masthead.testing.builders import log_in_to_admin, make_article, make_comment, make_section, make_site, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newsroom(transactional_db):
    home = make_site()
    make_section(home, "Syria")
    analysis = make_section(home, "Analysis")
    article = make_article(analysis, "A Story With Comments")
    make_comment(article, "Held for a moderator.", email="new1@example.org", approve=False)
    make_comment(article, "Another one held.", email="new2@example.org", approve=False)
    make_staff("editor")  # password "password"
    return analysis


def test_dashboard_new_article_opens_the_editor_in_the_chosen_section_and_counts_comments(chromium, live_server, newsroom):
    page = log_in_to_admin(chromium, live_server.url, username="editor")
    try:
        assert page.locator(".comments-waiting-count").inner_text() == "2"
        page.select_option("#newsroom-article-section", label="Analysis")
        page.get_by_role("button", name="New article").click()
        page.wait_for_url(f"**/admin/pages/add/news/articlepage/{newsroom.pk}/")
        assert page.locator("#id_title").is_visible()
        page.goto(live_server.url + "/admin/")
        page.locator(".comments-waiting a").first.click()
        page.wait_for_url("**/admin/comments/?status=pending")
        assert page.locator("tr", has_text="Held for a moderator.").count() == 1
        assert "Configure a site now" not in page.content()
    finally:
        page.context.close()
