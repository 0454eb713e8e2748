"""news/routing.py: an article's address routed in two queries, to the very route Wagtail's
chain of `route` calls gives, and every other address left to Wagtail."""

import pytest
from django.http import Http404
from wagtail.models import Page, PageViewRestriction

from masthead.news.models import ArticlePage
from masthead.news.routing import route_article
from masthead.testing.builders import make_article

pytestmark = pytest.mark.django_db


def _wagtail_route(rf, path):
    from wagtail.models import Site

    request = rf.get(path, HTTP_HOST="localhost")
    site = Site.find_for_request(request)
    try:
        return site.root_page.specific.route(request, [c for c in path.split("/") if c])
    except Http404:
        return None


def test_an_article_is_routed_by_its_address_in_two_queries_to_the_route_wagtail_gives(rf, site, django_assert_num_queries):
    article = site["article"]
    request = rf.get(article.url, HTTP_HOST="localhost")
    route_article(request, article.url)  # the Site rows and root paths are read and kept
    request = rf.get(article.url, HTTP_HOST="localhost")
    with django_assert_num_queries(2) as queries:  # the article, its section
        assert route_article(request, article.url)
    # url_path has no index in Wagtail: the article is found through the slug's, so a site of
    # 100,000 pages is not scanned.
    assert '"wagtailcore_page"."slug" = ' in queries.captured_queries[0]["sql"]
    page, args, kwargs = request._wagtail_route_for_request
    expected = _wagtail_route(rf, article.url)
    assert (type(page), page.pk, args, kwargs) == (ArticlePage, article.pk, expected.args, expected.kwargs)
    assert page.get_parent().specific_class is type(page.get_parent()) and page.get_parent().pk == site["section"].pk


def test_a_draft_article_is_not_found_as_wagtail_would_not(rf, site, client):
    draft = make_article(site["section"], "Not ready")
    url = draft.url
    draft.unpublish()
    request = rf.get(url, HTTP_HOST="localhost")
    assert route_article(request, url) and request._wagtail_route_for_request is None
    assert _wagtail_route(rf, url) is None
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("path", ["/", "/world/", "/world/no-such-story/", "/world/reporters-cross-the-river/more/", "/nowhere/at-all/"])
def test_any_other_address_is_left_to_wagtail(rf, site, path):
    request = rf.get(path, HTTP_HOST="localhost")
    assert not route_article(request, path)
    assert not hasattr(request, "_wagtail_route_for_request")


def test_an_article_under_a_page_that_is_not_a_section_is_left_to_wagtail(rf, site):
    other = site["home"].add_child(instance=Page(title="Odd", slug="odd"))
    article = ArticlePage(title="Misplaced", slug="misplaced", body=[])
    other.add_child(instance=article)
    request = rf.get("/odd/misplaced/", HTTP_HOST="localhost")
    assert not route_article(request, "/odd/misplaced/")


def test_a_protected_article_still_asks_for_its_password_and_a_passed_one_is_shown(client, site):
    article = make_article(site["section"], "Behind a password", paragraphs=("The secret part.",))
    restriction = PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.PASSWORD, password="letmein")
    response = client.get(article.url)
    assert response.status_code == 200 and "The secret part." not in response.content.decode()
    assert 'name="password"' in response.content.decode()
    client.post(f"/_util/authenticate_with_password/{restriction.pk}/{article.pk}/", {"password": "letmein", "return_url": article.url})
    assert "The secret part." in client.get(article.url).content.decode()

