"""Where "Support <site>" links point: the live support page, remembered until pages change."""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

CACHE_KEY = "masthead:support-url:v1"


def _build() -> str:
    from masthead.fundraising.models import SupportPage

    page = SupportPage.objects.live().order_by("path").first()
    return page.url if page else ""


def support_url() -> str:
    return cache.get_or_set(CACHE_KEY, _build, timeout=None)


def support_url_context(request) -> dict:
    """Context processor: `support_url` in every template, read from the cache once per
    render however many links the page has (header, bar, two calls to action, footer)."""
    return {"support_url": SimpleLazyObject(support_url)}


def forget() -> None:
    cache.delete(CACHE_KEY)
