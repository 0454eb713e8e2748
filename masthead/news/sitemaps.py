"""What search engines are told to crawl: the Google News sitemap (/news-sitemap.xml) beside
Wagtail's own sitemap (/sitemap.xml: every live, public page with its lastmod; an article
dated in the future is left out by ArticlePage.get_sitemap_urls), and robots.txt naming both.

Every location is on BASE_URL, like the canonical links (masthead/core/site.py): Wagtail
builds its sitemap's locations from the Site record's hostname, which is `localhost:80` on a
site made by `masthead import-wordpress` or left as Wagtail installed it, so a crawler would
be sent to http://localhost/… and see URLs that disagree with the pages' canonical links.

The news sitemap lists the readable articles of the last two days (Google News reads no
older ones), at most 1,000, with the publication's name and language, through Django's
sitemap framework and a template (no XML by hand). Locations are absolute on BASE_URL
(masthead/core/site.py), whatever host the crawler asked.
"""

from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from wagtail.contrib.sitemaps import views as wagtail_sitemaps
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap

from masthead.core.site import absolute_url, public_url, site_name
from masthead.news.models import ArticlePage

NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000  # Google News reads at most 1,000 URLs per sitemap
CACHE_SECONDS = 300


class PageSitemap(WagtailSitemap):
    """Wagtail's sitemap of live, public pages, its locations moved onto BASE_URL."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            url["location"] = public_url(url["location"])
        return urls


def page_sitemap(request):
    return wagtail_sitemaps.sitemap(request, sitemaps={"wagtail": PageSitemap})


class NewsSitemap(Sitemap):
    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return (
            ArticlePage.objects.readable()
            .filter(date__gte=since)
            .defer_streamfields()
            .order_by("-date", "-pk")[:NEWS_LIMIT]
        )

    def location(self, item):
        return item.url

    def lastmod(self, item):
        return item.modified.replace(microsecond=0)


def news_sitemap(request):
    base = urlsplit(settings.BASE_URL)
    urls = NewsSitemap().get_urls(site=SimpleNamespace(domain=base.netloc), protocol=base.scheme or "https")
    for url in urls:
        url["published"] = url["item"].date.replace(microsecond=0)
    response = TemplateResponse(request, "news/news_sitemap.xml", {
        "urlset": urls,
        "publication_name": site_name(),
        "language": settings.LANGUAGE_CODE.split("-")[0],
    }, content_type="application/xml")
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def robots_txt(request):
    """robots.txt naming both sitemaps on the public address."""
    response = TemplateResponse(request, "robots.txt", {
        "sitemaps": [absolute_url("/sitemap.xml"), absolute_url(reverse("news_sitemap"))],
    }, content_type="text/plain")
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response
