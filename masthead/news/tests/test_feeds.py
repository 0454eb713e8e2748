import feedparser
import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from masthead.news.models import Author
from masthead.testing.builders import make_article, make_comment, make_image, make_section

pytestmark = pytest.mark.django_db

VIDEO = ("video", {"url": "https://www.youtube.com/watch?v=M7lc1UVf-VE", "caption": "Footage"})
FEEDS = ["/feed/", "/feed/atom/"]


@pytest.fixture
def newsroom(site):
    author = Author.objects.create(name="Lina Haddad", bio="Reporter.")
    image = make_image(width=1600, height=900)
    lead = make_article(site["section"], "Ceasefire Holds In Idlib (Video)", standfirst="A calm night & a tense morning.",
                        author=author, lead_image=image, tags=["Idlib", "Ceasefire"], blocks=[VIDEO],
                        paragraphs=("Residents returned.",))
    make_comment(lead, "Good report.", email="commenter@example.org")
    draft = make_article(site["section"], "Draft Story")
    draft.unpublish()
    make_article(site["section"], "Embargoed Story", date=timezone.now() + timezone.timedelta(days=1), author=author, tags=["Idlib"])
    private_section = make_section(site["home"], "Members")
    make_article(private_section, "Members Only Story", author=author, tags=["Idlib"])
    PageViewRestriction.objects.create(page=private_section, restriction_type=PageViewRestriction.PASSWORD, password="x")
    return {**site, "author": author, "lead": lead}


def parse(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response, feedparser.parse(response.content)


@pytest.mark.parametrize("url", FEEDS)
def test_site_feed_lists_readable_articles_with_dates_author_and_lead_image(client, newsroom, url):
    response, feed = parse(client, url)
    assert not feed.bozo, feed.bozo_exception
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Ceasefire Holds In Idlib (Video)", "Reporters Cross The River"]
    entry = feed.entries[0]
    assert entry.link == "http://testserver" + newsroom["lead"].url
    assert entry.id == f"urn:uuid:{newsroom['lead'].translation_key}"
    assert entry.author == "Lina Haddad"
    assert entry.published_parsed[:5] == newsroom["lead"].date.utctimetuple()[:5]
    assert {tag.term for tag in entry.tags} == {"Idlib", "Ceasefire"}
    assert "A calm night &amp; a tense morning." in entry.summary or "A calm night & a tense morning." in entry.summary
    images = [m for m in entry.media_content if m.get("medium") == "image"]
    assert images and images[0]["url"].startswith("http://testserver/media/") and images[0]["type"] == "image/png"
    videos = [m for m in entry.media_content if m.get("medium") == "video"]
    assert videos[0]["url"] == "https://www.youtube.com/watch?v=M7lc1UVf-VE"
    if url == "/feed/":
        assert entry.enclosures[0]["href"] == images[0]["url"] and int(entry.enclosures[0]["length"]) > 0
    assert b"@example.org" not in response.content and b"Draft Story" not in response.content


@pytest.mark.parametrize("url, expected", [
    ("/feed/section/world/", {"Ceasefire Holds In Idlib (Video)", "Reporters Cross The River"}),
    ("/feed/section/world/atom/", {"Ceasefire Holds In Idlib (Video)", "Reporters Cross The River"}),
    ("/feed/tag/idlib/", {"Ceasefire Holds In Idlib (Video)"}),
    ("/feed/tag/idlib/atom/", {"Ceasefire Holds In Idlib (Video)"}),
])
def test_section_and_tag_feeds_list_only_their_readable_articles(client, newsroom, url, expected):
    _, feed = parse(client, url)
    assert not feed.bozo
    assert {entry.title for entry in feed.entries} == expected


def test_author_feed_is_keyed_by_the_author_and_lists_no_embargoed_or_private_story(client, newsroom):
    for url in (f"/feed/author/{newsroom['author'].pk}/", f"/feed/author/{newsroom['author'].pk}/atom/"):
        _, feed = parse(client, url)
        assert [entry.title for entry in feed.entries] == ["Ceasefire Holds In Idlib (Video)"]
        assert feed.feed.title == "Lina Haddad · The Test Dispatch"


@pytest.mark.parametrize("url", ["/feed/section/members/", "/feed/section/nope/", "/feed/tag/nope/", "/feed/author/999999/",
                                 "/feed/author/99999999999999999999/"])
def test_feed_of_a_private_or_unknown_section_tag_or_author_is_a_404(client, newsroom, url):
    assert client.get(url).status_code == 404


def test_guid_survives_a_slug_change(client, newsroom):
    _, before = parse(client, "/feed/")
    article = newsroom["lead"]
    article.slug = "renamed-story"
    article.save_revision().publish()
    _, after = parse(client, "/feed/")
    assert after.entries[0].link.endswith("/renamed-story/")
    assert after.entries[0].id == before.entries[0].id


@pytest.mark.parametrize("url", FEEDS + ["/feed/tag/idlib/"])
def test_feed_answers_304_to_its_etag_and_last_modified(client, newsroom, url):
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    make_article(newsroom["section"], "Fresh Story", tags=["Idlib"])
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_unpublishing_an_article_changes_the_etag(client, newsroom):
    first = client.get("/feed/")
    newsroom["lead"].unpublish()
    assert client.get("/feed/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_excerpt_by_default_and_full_body_when_configured(client, newsroom, settings):
    _, feed = parse(client, "/feed/")
    assert "Residents returned." not in str(feed.entries[0])
    settings.MASTHEAD_FEED_CONTENT = "full"
    response, rss = parse(client, "/feed/")
    assert "<p>Residents returned.</p>" in rss.entries[0].content[0].value
    # feedparser strips iframes from what it returns; the feed itself carries the embed
    assert '&lt;iframe src="https://www.youtube-nocookie.com/embed/M7lc1UVf-VE' in response.content.decode()
    _, atom = parse(client, "/feed/atom/")
    assert "<p>Residents returned.</p>" in atom.entries[0].content[0].value


def test_feeds_name_the_websub_hub_and_themselves_when_a_hub_is_configured(client, newsroom, settings):
    _, feed = parse(client, "/feed/")
    assert not [link for link in feed.feed.links if link.rel == "hub"]
    settings.MASTHEAD_WEBSUB_HUB = "https://hub.example.org/"
    for url in FEEDS:
        _, feed = parse(client, url)
        rels = {link.rel: link.href for link in feed.feed.links}
        assert rels["hub"] == "https://hub.example.org/"
        assert rels["self"] == "http://testserver" + url


@pytest.mark.parametrize("page", ["home", "section", "lead"])
def test_every_page_announces_the_site_feed_and_its_own(client, newsroom, page):
    html = client.get(newsroom[page].url).content.decode()
    assert '<link rel="alternate" type="application/rss+xml" title="The Test Dispatch" href="/feed/">' in html
    assert '<link rel="alternate" type="application/atom+xml" title="The Test Dispatch (Atom)" href="/feed/atom/">' in html
    if page != "home":
        assert 'href="/feed/section/world/"' in html


def test_tag_archive_announces_the_tag_feed(client, newsroom):
    html = client.get("/tag/idlib/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml" title="Idlib · The Test Dispatch" href="/feed/tag/idlib/">' in html


def test_feed_query_count_is_fixed_whatever_the_number_of_items(client, newsroom, django_assert_max_num_queries):
    client.get("/feed/")  # renditions made once
    for i in range(5):
        make_article(newsroom["section"], f"More {i}", tags=["Idlib"], author=newsroom["author"], lead_image=newsroom["lead"].lead_image)
    client.get("/feed/")
    # etag/last-modified aggregate, items, tags, renditions, site, root paths
    with django_assert_max_num_queries(8):
        assert client.get("/feed/").status_code == 200
