import pytest

from masthead.testing.builders import make_article

pytestmark = pytest.mark.django_db


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, site):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_sitemap_lists_published_articles_only(client, site):
    draft = make_article(site["section"], "Unfinished draft")
    draft.unpublish()
    xml = client.get("/sitemap.xml").content.decode()
    assert site["article"].url in xml
    assert draft.url_path.rstrip("/").rsplit("/", 1)[-1] not in xml


def test_unknown_address_gets_the_sites_own_404_page(client, site):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "The Test Dispatch" in response.content.decode()


def test_favicon_is_served_as_a_static_file(client, site):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("masthead/favicon.svg")
