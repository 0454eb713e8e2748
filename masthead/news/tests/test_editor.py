"""What an editor does in the Wagtail admin: write, validate, publish an article."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from masthead.news.models import ArticlePage
from masthead.testing.builders import make_article, make_staff

pytestmark = pytest.mark.django_db


def article_form(video_url, title="Written In The Editor"):
    return nested_form_data({
        "title": title,
        "slug": title.lower().replace(" ", "-"),  # the editor's JavaScript fills it from the title
        "standfirst": "A standfirst.",
        "date": "2021-06-11 14:30:00",
        "lead_image_caption": "",
        "body": streamfield([
            ("paragraph", rich_text("<p>Opening paragraph.</p>")),
            ("video", {"url": video_url, "caption": "Footage"}),
        ]),
        "tags": "ISIS, Video",
        "comments_open": "on",
        "action-publish": "action-publish",
    })


@pytest.fixture
def editor(client, site):
    client.force_login(make_staff("editor"))
    return client


def test_editor_publishes_an_article_with_a_video_and_readers_see_it(editor, site):
    url = f"/admin/pages/add/news/articlepage/{site['section'].pk}/"
    response = editor.post(url, article_form("https://youtu.be/M7lc1UVf-VE"))
    assert response.status_code == 302
    article = ArticlePage.objects.get(title="Written In The Editor")
    assert article.live and article.revisions.count() == 1
    html = editor.get(article.url).content.decode()
    assert "youtube-nocookie.com/embed/M7lc1UVf-VE" in html
    assert sorted(t.name for t in article.tags.all()) == ["ISIS", "Video"]


def test_editor_is_told_why_a_video_link_cannot_be_embedded(editor, site):
    url = f"/admin/pages/add/news/articlepage/{site['section'].pk}/"
    response = editor.post(url, article_form("https://rumble.com/v4abcd-some-title.html"))
    assert response.status_code == 200
    assert "For Rumble, paste the embed link" in response.content.decode()
    assert not ArticlePage.objects.filter(title="Written In The Editor").exists()


def test_editor_preview_shows_the_draft_without_publishing(editor, site):
    url = f"/admin/pages/add/news/articlepage/{site['section'].pk}/preview/"
    data = article_form("https://vimeo.com/76979871", title="Preview Only")
    data.pop("action-publish")
    assert editor.post(url, data).json()["is_valid"] is True
    html = editor.get(url).content.decode()
    assert "Preview Only" in html and "player.vimeo.com/video/76979871" in html
    assert not ArticlePage.objects.filter(title="Preview Only").exists()


def test_a_section_cannot_take_an_address_the_site_already_answers(editor, site):
    """A "Media" section at /media/ was unreachable (uploaded files live there), and so would
    be /feed/, /search/, /2021/…: the editor is told, and sections made by code step aside."""
    from masthead.news.actions import do_create_section
    from masthead.news.models import SectionPage

    home = site["home"]
    url = f"/admin/pages/add/news/sectionpage/{home.pk}/"
    data = nested_form_data({"title": "Media", "slug": "media", "intro": "", "action-publish": "action-publish"})
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "/media/ is already an address of the site" in response.content.decode()
    assert not SectionPage.objects.filter(title="Media").exists()

    for title, slug in (("Media", "media-section"), ("Feed", "feed-section"), ("2021", "2021-section"), ("Culture", "culture")):
        section = do_create_section(home, title)
        assert section.slug == slug
        make_article(section, title=f"In {title}")
        assert editor.get(section.url).status_code == 200
