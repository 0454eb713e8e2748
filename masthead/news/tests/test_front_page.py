"""The front page leads with a story (the editor's choice, else the newest), listings show
thumbnails and authors, and every author has a page."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.news.listing import ARTICLES_PER_PAGE
from masthead.testing.builders import aware, make_article, make_author, make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(site):
    section = site["section"]
    writer = make_author("Lina Haddad", bio="Covers Syria from Beirut.", photo=make_image("Lina", seed=3))
    older = make_article(section, "Older Story With A Picture", date=aware(2021, 6, 1), author=writer, lead_image=make_image("Desert", seed=1, width=1280, height=720))
    newest = make_article(section, "Newest Story", date=aware(2021, 6, 10), author=writer, lead_image=make_image("Town", seed=2, width=1280, height=720))
    plain = make_article(section, "Story Without A Picture", date=aware(2021, 6, 5))
    return {"writer": writer, "older": older, "newest": newest, "plain": plain}


def lead_title(response):
    return response.context["lead"].article.title


def test_newest_article_leads_the_front_page_large_with_its_image(client, site, stories):
    response = client.get("/")
    assert lead_title(response) == "Reporters Cross The River"  # the site fixture's, dated an hour ago
    site["article"].unpublish()
    response = client.get("/")
    assert lead_title(response) == "Newest Story"
    lead = response.content.decode().split('<article class="lead-story has-image"', 1)[1].split("</article>", 1)[0]
    assert 'fetchpriority="high"' in lead and 'loading="lazy"' not in lead
    assert re.search(r'srcset="[^"]*fill-640x360[^"]* 640w, [^"]*fill-960x540[^"]* 960w, [^"]*fill-1280x720[^"]* 1280w"', lead)
    assert 'width="640"' in lead and 'height="360"' in lead
    assert "Newest Story" not in response.content.decode().split("More news", 1)[1]


def test_editor_chosen_lead_story_leads_and_is_not_repeated_below(client, site, stories):
    home = site["home"]
    home.lead_story = stories["older"]
    home.save_revision().publish()
    response = client.get("/")
    assert lead_title(response) == "Older Story With A Picture"
    assert "Older Story With A Picture" not in [t.article.title for t in response.context["teasers"]]
    assert [t.article.title for t in response.context["teasers"]][:2] == ["Reporters Cross The River", "Newest Story"]


def test_chosen_lead_that_readers_cannot_see_gives_way_to_the_newest(client, site, stories):
    home = site["home"]
    future = make_article(site["section"], "Embargoed Scoop", date=timezone.now() + timedelta(days=1))
    home.lead_story = future
    home.save_revision().publish()
    response = client.get("/")
    assert lead_title(response) == "Reporters Cross The River"
    assert "Embargoed Scoop" not in response.content.decode()


def test_lead_shows_on_the_first_page_only_and_pages_do_not_repeat_it(client, site):
    for i in range(ARTICLES_PER_PAGE + 1):
        make_article(site["section"], f"Story {i:02d}", date=aware(2021, 3, 1) + timedelta(hours=i))
    first, second = client.get("/"), client.get("/?page=2")
    assert lead_title(first) == "Reporters Cross The River"
    assert second.context["lead"] is None
    shown = [t.article.title for t in first.context["teasers"] + second.context["teasers"]]
    assert len(shown) == len(set(shown)) == ARTICLES_PER_PAGE + 1


def test_listing_thumbnails_are_lazy_sized_renditions_with_srcset(client, stories):
    html = client.get(stories["older"].get_parent().url).content.decode()
    thumbs = re.findall(r'<a class="teaser-thumb"[^>]*>(<img[^>]*>)</a>', html)
    assert len(thumbs) == 2  # the two articles with a lead image; the plain one has none
    for img in thumbs:
        assert 'loading="lazy"' in img and 'width="320"' in img and 'height="213"' in img
        assert re.search(r'srcset="\S+fill-320x213\S* 320w, \S+fill-640x427\S* 640w"', img)
        assert 'alt=""' in img  # the headline next to it says what it is


def test_listings_and_article_show_the_author_linked_to_their_page(client, stories):
    byline = '<span class="byline">By <a class="byline-author" rel="author" href="/author/lina-haddad/">Lina Haddad</a></span>'
    assert byline in client.get("/2021/06/").content.decode()
    assert byline in client.get(stories["older"].url).content.decode()


def test_author_page_shows_bio_photo_and_their_articles_newest_first(client, stories):
    response = client.get("/author/lina-haddad/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Lina Haddad</h1>" in html and "Covers Syria from Beirut." in html
    assert re.search(r'<img alt="" class="author-photo" height="160" sizes="8rem" src="[^"]+fill-160x160[^"]*" srcset=', html)
    assert [t.article.title for t in response.context["teasers"]] == ["Newest Story", "Older Story With A Picture"]
    assert "2 articles" in html
    assert client.get("/author/nobody/").status_code == 404


def test_author_page_is_paginated_and_hides_what_readers_may_not_see(client, site):
    writer = make_author("Prolific Writer")
    for i in range(ARTICLES_PER_PAGE + 1):
        make_article(site["section"], f"Column {i:02d}", date=aware(2021, 2, 1) + timedelta(days=i), author=writer)
    make_article(site["section"], "Not Yet", date=timezone.now() + timedelta(days=2), author=writer)
    first, second = client.get("/author/prolific-writer/"), client.get("/author/prolific-writer/?page=2")
    assert len(first.context["teasers"]) == ARTICLES_PER_PAGE
    assert [t.article.title for t in second.context["teasers"]] == ["Column 00"]
    assert "Not Yet" not in first.content.decode()
    assert client.get("/author/prolific-writer/?page=3").status_code == 404


def test_author_slugs_are_made_from_names_and_kept_unique():
    assert make_author("José Núñez").slug == "jose-nunez"
    assert make_author("José Núñez").slug == "jose-nunez-2"
