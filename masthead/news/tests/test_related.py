import pytest

from masthead.news.related import related_articles, related_reading
from masthead.testing.builders import aware, make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def stories(site):
    iraq = make_section(site["home"], "Iraq")
    main = make_article(site["section"], "Shelling Hits Raqqa Hospital", tags=["Raqqa", "Hospitals"], date=aware(2021, 6, 10))
    return {
        **site, "iraq": iraq, "main": main,
        "two_tags": make_article(iraq, "Doctors Leave", tags=["Raqqa", "Hospitals"], date=aware(2021, 6, 1)),
        "one_tag": make_article(iraq, "Bridge Reopens", tags=["Raqqa"], date=aware(2021, 6, 2)),
        "words": make_article(iraq, "Raqqa Hospital Rebuilt", date=aware(2021, 6, 3)),
        "section": make_article(site["section"], "Market Prices Rise", date=aware(2021, 6, 4)),
        "unrelated": make_article(iraq, "Football Season Opens", date=aware(2021, 6, 5)),
    }


def test_related_reading_ranks_shared_tags_words_and_section_and_skips_the_article(stories):
    titles = [r.article.title for r in related_articles(stories["main"], tags=list(stories["main"].tags.all()))]
    assert titles[:2] == ["Doctors Leave", "Bridge Reopens"]
    # then the headline's words, then the newest of the same section
    assert titles[2:] == ["Raqqa Hospital Rebuilt", "Reporters Cross The River"]
    assert "Shelling Hits Raqqa Hospital" not in titles


def test_related_reading_takes_three_queries_whatever_the_site_size(stories, django_assert_num_queries):
    tags = list(stories["main"].tags.all())
    related_articles(stories["main"], tags=tags)  # warm Wagtail's site root paths
    with django_assert_num_queries(3):
        related_articles(stories["main"], tags=tags)
    for i in range(10):
        make_article(stories["iraq"], f"Raqqa Hospital Update {i}", tags=["Raqqa"])
    with django_assert_num_queries(3):
        assert len(related_articles(stories["main"], tags=tags)) == 4


def test_article_page_shows_related_reading_with_a_pinned_query_count(client, stories, django_assert_num_queries):
    url = stories["main"].url
    client.get(url)
    # the page's 5 (test_article_page.py); related reading's 3 were made by the first render
    with django_assert_num_queries(5):
        html = client.get(url).content.decode()
    related = html[html.index('<aside class="related-reading"'):]
    assert "Doctors Leave" in related and "Shelling Hits Raqqa Hospital" not in related


def test_related_reading_is_kept_until_a_page_of_the_tree_changes(stories, django_assert_num_queries):
    main, tags = stories["main"], list(stories["main"].tags.all())
    first = related_reading(main, tags=tags)
    assert [r.title for r in first] == ["Doctors Leave", "Bridge Reopens", "Raqqa Hospital Rebuilt", "Reporters Cross The River"]
    assert (first[0].url, first[0].date, first[0].section_title) == (stories["two_tags"].url, stories["two_tags"].date, "Iraq")
    with django_assert_num_queries(0):
        assert related_reading(main, tags=tags) == first
    # Another article gains the shared tags: a page change, so the list is computed again.
    newer = make_article(stories["iraq"], "Clinic Shelled Again", tags=["Raqqa", "Hospitals"], date=aware(2021, 6, 9))
    assert newer.title in [r.title for r in related_reading(main, tags=tags)]
    # A related article retitled (published again) shows its new title.
    page = stories["two_tags"]
    page.title = "Doctors Leave Raqqa"
    page.save_revision().publish()
    assert "Doctors Leave Raqqa" in [r.title for r in related_reading(main, tags=tags)]


def test_related_reading_is_computed_when_the_cache_is_down(stories, monkeypatch):
    from unittest.mock import Mock

    from masthead.pagecache import store

    monkeypatch.setattr(store, "cache", Mock(side_effect=ConnectionError("cache unreachable")))
    main = stories["main"]
    assert [r.title for r in related_reading(main)][:2] == ["Doctors Leave", "Bridge Reopens"]
