from datetime import timedelta

import pytest
from django.utils import timezone

from masthead.news.listing import ARTICLES_PER_PAGE
from masthead.testing.builders import aware, make_article, make_author, make_comment, make_image, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def june(site):
    """Published, draft and future articles around June 2021."""
    section = site["section"]
    other = make_section(site["home"], "Analysis")
    made = {
        "june_a": make_article(section, "June story A", date=aware(2021, 6, 1, 9)),
        "june_b": make_article(other, "June story B", date=aware(2021, 6, 30, 23, 30), tags=["Diplomacy"]),
        "may": make_article(section, "May story", date=aware(2021, 5, 31, 23), tags=["Diplomacy"]),
        "july": make_article(section, "July story", date=aware(2021, 7, 1, 0, 30)),
    }
    draft = make_article(section, "June draft", date=aware(2021, 6, 15, 12))
    draft.unpublish()
    made["future"] = make_article(section, "Future story", date=timezone.now() + timedelta(days=3), tags=["Diplomacy"])
    made["other_section"] = other
    return made


def titles(response):
    """The articles a listing shows, in order: the front page's lead story first."""
    lead = response.context.get("lead")
    return ([lead.article.title] if lead else []) + [t.article.title for t in response.context["teasers"]]


def test_month_archive_lists_exactly_the_published_articles_of_that_month(client, june):
    response = client.get("/2021/06/")
    assert response.status_code == 200
    assert "<h1>JUNE 2021</h1>" in response.content.decode()
    assert titles(response) == ["June story B", "June story A"]


def test_year_archive_lists_the_year_and_its_months(client, june):
    response = client.get("/2021/")
    html = response.content.decode()
    assert titles(response) == ["July story", "June story B", "June story A", "May story"]
    assert '<a href="/2021/06/">June</a> (2)' in html
    assert '<a href="/2021/05/">May</a> (1)' in html


def test_empty_or_impossible_months_are_not_found(client, june):
    assert client.get("/2021/08/").status_code == 404
    assert client.get("/2021/13/").status_code == 404
    assert client.get("/1999/").status_code == 404


def test_drafts_and_future_articles_never_appear_in_listings(client, june, site):
    for url in ["/", "/2021/", "/2021/06/", site["section"].url, "/tag/diplomacy/"]:
        html = client.get(url).content.decode()
        assert "June draft" not in html, url
        assert "Future story" not in html, url


def test_home_lists_newest_first_with_section_date_and_comment_count(client, june, site):
    make_comment(june["june_b"], "one")
    make_comment(june["june_b"], "two", email="two@example.org")
    make_comment(june["june_b"], "held", email="new@example.org", approve=False)
    response = client.get("/")
    html = response.content.decode()
    assert titles(response)[:3] == ["Reporters Cross The River", "July story", "June story B"]
    teaser = html[html.index("June story B"):]
    teaser = teaser[: teaser.index("</li>")]
    assert "June 30, 2021" in teaser
    assert '<a href="/analysis/">Analysis</a>' in teaser
    assert "2 comments</a>" in teaser


def test_section_page_lists_only_its_own_articles(client, june):
    response = client.get(june["other_section"].url)
    assert titles(response) == ["June story B"]


def test_tag_page_lists_the_tagged_published_articles(client, june):
    response = client.get("/tag/diplomacy/")
    assert titles(response) == ["June story B", "May story"]
    assert "Tag: Diplomacy" in response.content.decode()
    assert client.get("/tag/no-such-tag/").status_code == 404


def test_listings_are_paginated_and_a_page_past_the_end_is_not_found(client, site):
    for i in range(ARTICLES_PER_PAGE + 2):
        make_article(site["section"], f"Story {i:02d}", date=aware(2021, 3, 1) + timedelta(hours=i))
    first = client.get("/2021/03/")
    second = client.get("/2021/03/?page=2")
    assert len(first.context["teasers"]) == ARTICLES_PER_PAGE
    assert titles(second) == ["Story 01", "Story 00"]
    assert 'rel="next" href="?page=2"' in first.content.decode()
    assert client.get("/2021/03/?page=3").status_code == 404
    assert client.get("/2021/03/?page=x").status_code == 404
    assert len(client.get("/").context["teasers"]) == ARTICLES_PER_PAGE  # plus the lead story


# Queries per listing, the same for one article as for a full page of them with comments,
# authors and lead images: the site's home page (its title is the site's name here: the
# Site itself comes from the cache, core/site.py), the count, the page of articles (with
# their authors and images), their sections, their comment counts, the images' renditions
# (one query for the page; none without images), plus what each kind of page needs to find
# itself (routing from the home page, read at once as a HomePage, news/routing.py, and the
# view restrictions of home and sections, the front page's lead story, the tag of a tag
# page, the month list of a year, the author and their photo's renditions).
LISTING_QUERIES = {"/": 9, "/2021/": 7, "/2021/03/": 6, "/tag/many/": 7, "SECTION": 10, "AUTHOR": 8}


@pytest.mark.parametrize("articles", [1, 13])
@pytest.mark.parametrize("url", list(LISTING_QUERIES))
def test_listing_query_count_is_pinned_whatever_the_number_of_articles(client, site, url, articles, django_assert_num_queries):
    author = make_author("Many Hands", photo=make_image("Portrait", seed=9))
    path = {"SECTION": site["section"].url, "AUTHOR": f"/author/{author.slug}/"}.get(url, url)
    picture = make_image("Lead", seed=1)
    for i in range(articles):
        article = make_article(site["section"], f"Many {i}", date=aware(2021, 3, 2 + i), tags=["many"], author=author, lead_image=picture if i % 2 == 0 else make_image(f"P{i}", seed=i))
        make_comment(article, "hi", email=f"m{i}@example.org")
    client.get(path)
    with django_assert_num_queries(LISTING_QUERIES[url]):
        response = client.get(path)
        assert response.status_code == 200
    assert response.content.decode().count("srcset=") >= min(articles, 2)
