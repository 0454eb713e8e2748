"""The search index on publish (news/search_backend.py): only the new article's row is
written, the admin's page search and reader search find it at once, and `update_index`
still rebuilds every row."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Avg
from django.db.models.functions import Length
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from masthead.news import search_backend
from masthead.news.models import ArticlePage
from masthead.testing.builders import make_article, make_staff

pytestmark = pytest.mark.django_db


def exact_lavg():
    """The mean title length over every index row, as Wagtail's full refresh computes it."""
    return IndexEntry.objects.annotate(n=Length("title")).filter(n__gt=0).aggregate(lavg=Avg("n"))["lavg"]


def entry(article):
    return IndexEntry.objects.annotate(n=Length("title")).get(object_id=str(article.pk), content_type__model="articlepage")


def test_the_configured_backend_updates_title_norms_incrementally_on_this_database():
    backend = get_search_backend()
    expected = {"sqlite": "IncrementalSQLiteSearchBackend", "postgresql": "IncrementalPostgresSearchBackend"}
    assert type(backend).__name__ == expected[connection.vendor]
    assert isinstance(backend.get_index_for_model(ArticlePage), search_backend.IncrementalTitleNorms)


def test_publishing_writes_the_title_norm_of_the_new_row_only(site):
    make_article(site["section"], "A Much Longer Headline About The Convoy On The Border Road")
    IndexEntry.objects.update(title_norm=1.0)  # what Wagtail's refresh would rewrite, everywhere
    article = make_article(site["section"], "Short One")
    row = entry(article)
    assert row.title_norm == pytest.approx(exact_lavg() / row.n)
    assert row.title_norm != 1.0
    assert set(IndexEntry.objects.exclude(pk=row.pk).values_list("title_norm", flat=True)) == {1.0}


def test_republishing_with_a_new_title_updates_its_norm(site):
    article = make_article(site["section"], "Short One")
    article.title = "A Much Longer Headline About The Convoy On The Border Road And The River"
    article.save_revision().publish()
    row = entry(article)
    assert row.title_norm == pytest.approx(exact_lavg() / row.n)


def test_the_title_length_sample_is_the_newest_rows(site, monkeypatch):
    monkeypatch.setattr(search_backend, "TITLE_NORM_SAMPLE", 1)
    article = make_article(site["section"], "A Much Longer Headline About The Convoy On The Border Road")
    assert entry(article).title_norm == pytest.approx(1.0)  # the only row sampled is its own
    assert exact_lavg() != entry(article).n


def test_reader_search_finds_a_just_published_article(client, site):
    make_article(site["section"], "Kobani Rebuilds")
    response = client.get("/search/", {"q": "kobani"})
    assert [r.teaser.article.title for r in response.context["results"]] == ["Kobani Rebuilds"]


def test_admin_page_search_finds_a_just_published_article(client, site):
    make_article(site["section"], "Kobani Rebuilds")
    client.force_login(make_staff("editor"))
    response = client.get("/admin/pages/search/", {"q": "kobani"})
    assert response.status_code == 200
    assert [page.title for page in response.context["pages"]] == ["Kobani Rebuilds"]


def test_update_index_rebuilds_every_row_with_the_exact_norm(client, site):
    make_article(site["section"], "A Much Longer Headline About The Convoy On The Border Road")
    IndexEntry.objects.update(title_norm=1.0)
    call_command("update_index", verbosity=0)
    lavg = exact_lavg()
    for row in IndexEntry.objects.annotate(n=Length("title")).filter(n__gt=0):
        assert row.title_norm == pytest.approx(lavg / row.n)
    response = client.get("/search/", {"q": "convoy"})
    assert [r.teaser.article.title for r in response.context["results"]] == [
        "A Much Longer Headline About The Convoy On The Border Road"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ServerSideVectors is PostgreSQL's add_items")
def test_bulk_add_stores_the_rows_wagtails_own_add_items_stores(site):
    from modelsearch.backends.database.postgres.postgres import PostgresIndex

    articles = [
        make_article(site["section"], "Kobani Rebuilds", paragraphs=["The convoy reached the river.", "Second day, same road."],
                     standfirst="Aid arrives", tags=["Syria", "Aid"]),
        make_article(site["section"], "دَاعِش يتراجع", paragraphs=["نص المقال"]),
        make_article(site["section"], "No standfirst, no tags", paragraphs=[""]),
    ]
    index = get_search_backend().get_index_for_model(ArticlePage)
    assert isinstance(index, search_backend.ServerSideVectors)
    columns = ["object_id", "title", "autocomplete", "body", "title_text", "body_text"]

    def rows():
        return {row[0]: row for row in IndexEntry.objects.filter(object_id__in=[str(a.pk) for a in articles]).values_list(*columns)}

    IndexEntry.objects.all().delete()
    PostgresIndex.add_items(index, ArticlePage, articles)  # Wagtail's own
    expected = rows()
    IndexEntry.objects.all().delete()
    index.add_items(ArticlePage, articles)
    assert rows() == expected
    kobani = expected[str(articles[0].pk)]
    assert "kobani" in kobani[1] and "convoy" in kobani[3]  # not two sets of empty vectors
