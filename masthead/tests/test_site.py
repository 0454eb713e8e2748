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


def _request(rf, host):
    return rf.get("/", HTTP_HOST=host)


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "news.example", "news.example:8080", "other.example", "other.example:8080"])
def test_the_site_found_for_a_request_is_the_one_wagtail_finds_without_a_query_once_kept(rf, site, settings, host, django_assert_num_queries):
    from wagtail.models import Site
    from wagtail.models.sites import get_site_for_hostname

    from masthead.core.site import find_site

    settings.ALLOWED_HOSTS = ["*"]
    home = site["home"]
    Site.objects.create(hostname="news.example", port=80, root_page=home, site_name="News")
    Site.objects.create(hostname="news.example", port=8080, root_page=home, site_name="News on 8080")
    Site.objects.create(hostname="other.example", port=8000, root_page=home, site_name="Other")
    find_site(_request(rf, "localhost"))  # the rows are read and kept
    request = _request(rf, host)
    expected = get_site_for_hostname(host.split(":")[0], request.get_port())
    with django_assert_num_queries(0):
        found = find_site(request)
    assert (found.pk, found.hostname, found.port, found.site_name, found.root_page_id, found.is_default_site) == (
        expected.pk, expected.hostname, expected.port, expected.site_name, expected.root_page_id, expected.is_default_site)
    assert Site.find_for_request(request) is found  # Wagtail's own lookup takes it from the request


def test_a_site_saved_or_deleted_is_seen_by_the_next_request_and_no_request_shares_a_site(rf, site, settings):
    from wagtail.models import Site

    from masthead.core.site import find_site

    settings.ALLOWED_HOSTS = ["*"]
    first = find_site(_request(rf, "news.example"))
    assert first.hostname == "localhost" and first.is_default_site  # no site of its own: the default
    assert find_site(_request(rf, "news.example")) is not first
    own = Site.objects.create(hostname="news.example", port=80, root_page=site["home"], site_name="News")
    assert find_site(_request(rf, "news.example")).pk == own.pk
    own.site_name = "News, renamed"
    own.save()
    assert find_site(_request(rf, "news.example")).site_name == "News, renamed"
    own.delete()
    assert find_site(_request(rf, "news.example")).pk == first.pk


def test_sites_read_before_a_save_committed_are_not_kept_as_current(rf, site, settings, django_capture_on_commit_callbacks):
    """A request in another process may read the rows just before a save commits and keep
    them: the version moved again once the save is committed makes the next request read
    them anew."""
    from django.core.cache import cache
    from wagtail.models import Site

    from masthead.core import site as core_site

    settings.ALLOWED_HOSTS = ["*"]
    core_site.find_site(_request(rf, "localhost"))
    with django_capture_on_commit_callbacks(execute=True):
        own = Site.objects.create(hostname="news.example", port=80, root_page=site["home"], site_name="News")
        stale_rows = [row for row in Site.objects.order_by("pk").values_list(*core_site.SITE_FIELDS, "root_page__content_type_id") if row[0] != own.pk]
        # what that other request keeps, under the version the save's first move gave
        cache.set(core_site.SITES_KEY, (cache.get(core_site.SITES_VERSION_KEY), stale_rows))
    assert core_site.find_site(_request(rf, "news.example")).pk == own.pk
