"""Where "Support <site>" links point: the live support page, remembered until pages change."""

from django.core.cache import cache

CACHE_KEY = "masthead:support-url:v1"


def support_url() -> str:
    url = cache.get(CACHE_KEY)
    if url is None:
        from masthead.fundraising.models import SupportPage

        page = SupportPage.objects.live().order_by("path").first()
        url = page.url if page else ""
        cache.set(CACHE_KEY, url, timeout=None)
    return url


def forget() -> None:
    cache.delete(CACHE_KEY)
