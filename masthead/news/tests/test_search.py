import pytest
from django.utils import timezone

from masthead.news.models import Author
from masthead.testing.builders import aware, make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(site):
    author = Author.objects.create(name="Yusuf Demir")
    iraq = make_section(site["home"], "Iraq")
    articles = {
        "raqqa": make_article(site["section"], "Fighting Near Raqqa", standfirst="Clashes on the outskirts.",
                              paragraphs=("Witnesses described heavy shelling through the night.",), tags=["Syria"],
                              date=aware(2021, 6, 11, 10)),
        "arabic": make_article(iraq, "بيان جديد", paragraphs=("أعلن تنظيم دَاعِش مسؤوليته عن الهجوم في المدينة.",),
                               date=aware(2021, 6, 12, 10), author=author),
        "cafe": make_article(site["section"], "Reopening Day", paragraphs=("The old café in Łódź reopened.",),
                             date=aware(2021, 5, 2, 10)),
        "russian": make_article(iraq, "Новости", paragraphs=("Ёлка стояла на площади.",), date=aware(2021, 5, 3, 10)),
    }
    draft = make_article(site["section"], "Secret Raqqa Draft")
    draft.unpublish()
    make_article(site["section"], "Future Raqqa Story", date=timezone.now() + timezone.timedelta(days=3))
    return {**site, "iraq": iraq, "author": author, **articles}


def titles(response):
    return [result.teaser.article.title for result in response.context["results"]]


@pytest.mark.parametrize("query, expected", [
    ("raqqa", "Fighting Near Raqqa"),  # title word
    ("shelling", "Fighting Near Raqqa"),  # body word
    ("outskirts", "Fighting Near Raqqa"),  # standfirst
    ("syria", "Fighting Near Raqqa"),  # tag
    ("داعش", "بيان جديد"),  # Arabic without marks finds the text written with them
    ("دَاعِش", "بيان جديد"),  # and with marks
    ("مسووليته", "بيان جديد"),  # hamza seat: مسؤوليته
    ("المدينه", "بيان جديد"),  # ة / ه: المدينة
    ("اعلن", "بيان جديد"),  # alef form: أعلن
    ("Yusuf Demir", "بيان جديد"),  # author
    ("Cafe Lodz", "Reopening Day"),  # Latin accents
    ("елка", "Новости"),  # ё / е
    ("ЁЛКА", "Новости"),
])
def test_search_finds_articles_however_the_words_are_written(client, archive, query, expected):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert titles(response) == [expected]


def test_search_lists_no_draft_or_future_article(client, archive):
    assert titles(client.get("/search/", {"q": "raqqa"})) == ["Fighting Near Raqqa"]


def test_matching_words_are_marked_in_the_snippet_and_title(client, archive):
    html = client.get("/search/", {"q": "shelling raqqa"}).content.decode()
    assert "<mark>Raqqa</mark>" in html
    assert "described heavy <mark>shelling</mark> through" in html
    arabic = client.get("/search/", {"q": "داعش"}).content.decode()
    assert "<mark>دَاعِش</mark>" in arabic


def test_filters_by_section_and_dates(client, archive):
    assert titles(client.get("/search/", {"q": "raqqa", "section": "iraq"})) == []
    assert titles(client.get("/search/", {"q": "داعش", "section": "iraq"})) == ["بيان جديد"]
    assert titles(client.get("/search/", {"q": "raqqa", "since": "2021-06-12"})) == []
    assert titles(client.get("/search/", {"q": "raqqa", "since": "2021-06-11", "until": "2021-06-11"})) == ["Fighting Near Raqqa"]


def test_no_results_keeps_the_query_and_suggests_what_to_try(client, archive):
    response = client.get("/search/", {"q": "raqqa nonexistentword", "section": "world"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="raqqa nonexistentword"' in html
    assert "No articles match" in html
    assert "Search for any of these words" in html and "Search every section and date" in html
    assert titles(client.get("/search/", {"q": "raqqa nonexistentword", "any": "on"})) == ["Fighting Near Raqqa"]


def test_results_are_paginated_with_the_query_kept(client, site):
    for i in range(12):
        make_article(site["section"], f"Convoy report {i}", date=aware(2021, 1, 1 + i, 10))
    first = client.get("/search/", {"q": "convoy"})
    assert first.context["count"] == 12 and len(first.context["results"]) == 10
    assert 'href="?q=convoy&amp;page=2"' in first.content.decode()
    assert len(client.get("/search/", {"q": "convoy", "page": "2"}).context["results"]) == 2
    assert client.get("/search/", {"q": "convoy", "page": "9"}).status_code == 404


def test_search_page_is_public_for_a_minute_and_not_indexed(client, archive):
    response = client.get("/search/", {"q": "raqqa"})
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, follow">' in response.content.decode()


HOSTILE = [
    '"', '""', "'", "raqqa\"", "AND", "OR NOT", "NEAR(raqqa shelling)", "raqqa AND OR", "*", "raqqa*", "-raqqa",
    "title:raqqa", "(raqqa", "raqqa)", "{}", "^", "%", "_", "\\", "raqqa\x00shelling", "\x00", "ـ", "َ",
    "' OR 1=1 --", "<script>alert(1)</script>", "داعش raqqa ёлка 東京", "a" * 200, "raqqa " * 33,
    "-", "OR", "NOT", "NEAR(", "NEAR", "title:x", "body:raqqa", "{title body}: raqqa", "raqqa:", "::", "&|!",
    "raqqa & shelling", "raqqa | !shelling", "<->", "raqqa:*", "\ufffd",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_answer_200_never_500(client, archive, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("params, message", [
    ({"q": "a" * 2000}, "Search for at most 200 characters."),
    ({"q": "raqqa", "since": "yesterday"}, "Give the first date as YYYY-MM-DD."),
    ({"q": "raqqa", "until": "2021-13-45"}, "Give the last date as YYYY-MM-DD."),
    ({"q": "raqqa", "since": "2021-06-12", "until": "2021-06-01"}, "The first date is after the last date."),
    ({"q": "raqqa", "section": "no-such-section"}, "Choose a section from the list."),
    ({"q": "raqqa", "section": "bad slug!"}, "Choose a section from the list."),
])
def test_bad_input_is_a_400_with_a_sentence(client, archive, params, message):
    response = client.get("/search/", params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("raw", ["raqqa%00", "%00", "%ff%fe", "%ED%A0%80", "raqqa%ED%B0%80", "%F4%90%80%80", "%C0%AF",
                                 "raqqa&q=shelling", "&section=", "NEAR%28raqqa"])
def test_url_encoded_nul_lone_surrogates_and_broken_encodings_do_not_break_search(client, archive, raw):
    response = client.get("/search/?q=" + raw)
    assert response.status_code == 200


def test_header_has_a_search_form_on_every_page(client, archive):
    html = client.get(archive["raqqa"].url).content.decode()
    assert '<form class="site-search" role="search" action="/search/" method="get">' in html


def test_an_empty_search_page_puts_the_cursor_in_the_box_a_results_page_does_not(client, archive):
    """The header's Search button on a phone opens the empty search page: typing should start at
    once. On a results page the reader reads first, so the focus stays where it was."""
    assert 'dir="auto" autofocus>' in client.get("/search/").content.decode()
    assert "autofocus" not in client.get("/search/", {"q": "raqqa"}).content.decode()


def test_publishing_updates_the_index(client, archive):
    assert titles(client.get("/search/", {"q": "Kobani"})) == []
    make_article(archive["section"], "Kobani Rebuilds")
    assert titles(client.get("/search/", {"q": "kobani"})) == ["Kobani Rebuilds"]


@pytest.mark.parametrize("params", [
    {"q": "raqqa"}, {"q": "داعش", "section": "iraq"}, {"q": "raqqa", "since": "2021-06-11", "until": "2021-06-11"},
    {"q": "raqqa", "since": "2021-06-12"}, {"q": "raqqa elka", "any": "on"},
])
def test_few_and_many_matches_are_checked_for_readability_alike(client, archive, monkeypatch, params):
    # SQLite checks a few matches one by one and many against a list of readable ids.
    from masthead.news import search

    one_by_one = titles(client.get("/search/", params))
    monkeypatch.setattr(search, "LOOKUP_EACH_UP_TO", 0)
    assert titles(client.get("/search/", params)) == one_by_one
    if params["q"] == "raqqa" and len(params) == 1:
        assert one_by_one == ["Fighting Near Raqqa"]  # the draft and the future story stay out


@pytest.mark.parametrize("bounded", [False, True])
def test_a_title_match_ranks_before_newer_body_matches(client, site, monkeypatch, bounded):
    from masthead.news import search

    make_article(site["section"], "Kobani Rebuilds", date=aware(2021, 1, 1, 10))
    for day in range(2, 5):
        make_article(site["section"], f"Report {day}", paragraphs=("The road to Kobani reopened.",), date=aware(2021, 1, day, 10))
    if bounded:  # as for a word in most of the archive: only the newest matches are ranked
        monkeypatch.setattr(search, "LOOKUP_EACH_UP_TO", 0)
    assert titles(client.get("/search/", {"q": "kobani"}))[0] == "Kobani Rebuilds"


def test_many_matches_rank_the_newest_and_say_so(client, site, monkeypatch):
    from masthead.news import search

    make_article(site["section"], "Old Convoy", date=aware(2020, 1, 1, 10))
    make_article(site["section"], "Lone Zaporizhzhia convoy", date=aware(2019, 1, 1, 10))
    for day in range(1, 4):
        make_article(site["section"], f"Convoy {day}", date=aware(2021, 1, day, 10))
    monkeypatch.setattr(search, "LOOKUP_EACH_UP_TO", 2)
    monkeypatch.setattr(search, "CANDIDATES", 3)
    response = client.get("/search/", {"q": "convoy"})
    assert sorted(titles(response)) == ["Convoy 1", "Convoy 2", "Convoy 3"]
    assert response.context["count"] == 3 and response.context["more"]
    assert "The 3 newest of many results" in response.content.decode()
    # a rare word in an old article is still found, and a date range reaches older matches
    assert titles(client.get("/search/", {"q": "zaporizhzhia"})) == ["Lone Zaporizhzhia convoy"]
    older = client.get("/search/", {"q": "convoy", "until": "2020-12-31"})
    assert sorted(titles(older)) == ["Lone Zaporizhzhia convoy", "Old Convoy"] and not older.context["more"]
