"""The parts of every public page that come from the page tree: site name, home link and
the section menu. Cached (they change only when a page is published, moved or removed, and
signal_handlers.py forgets them then), so a page render does not rebuild the menu."""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from masthead.core.site import DEFAULT_NAME, find_site, name_of
from masthead.news import cache_tags
from masthead.pagecache import tags

CACHE_KEY = "masthead:chrome:v2:{site_id}"


def _build(site) -> dict:
    from masthead.news.models import SectionPage

    root = site.root_page
    sections = SectionPage.objects.live().child_of(root).in_menu().order_by("path")
    return {
        "site_name": name_of(site),
        "home_url": root.url,
        "sections": [{"title": s.title, "url": s.url} for s in sections],
    }


def chrome_for(request) -> dict:
    tags.declare(request, cache_tags.CHROME)
    site = find_site(request)
    if site is None:
        return {"site_name": DEFAULT_NAME, "home_url": "/", "sections": []}
    return cache.get_or_set(CACHE_KEY.format(site_id=site.pk), lambda: _build(site), timeout=None)


def forget() -> None:
    cache.delete_many([CACHE_KEY.format(site_id=pk) for pk in Site.objects.values_list("pk", flat=True)])


def chrome(request) -> dict:
    """Context processor: `chrome` in every template, computed only when a template uses it."""
    return {"chrome": SimpleLazyObject(lambda: chrome_for(request))}
