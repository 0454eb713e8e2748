"""The same exact purges for a CDN or Varnish in front of the site, through Wagtail's
frontend-cache backends (Cloudflare, CloudFront, Azure, HTTP PURGE): set
WAGTAILFRONTENDCACHE in settings as Wagtail documents, and PAGE_CACHE_S_MAXAGE to how long the
CDN may keep a page. Without WAGTAILFRONTENDCACHE this does nothing.

A CDN purges by URL, not by tag, so when a backend is configured every stored page's absolute
URL is added to a short list per tag (`pagecache:urls:<tag>`, the newest URL_LIMIT kept); a purge
of a tag sends those URLs. Wagtail's own signal handlers are not connected: they purge only
the page's own URL, never the home page or archives that list it (wagtail #820).
"""

from django.conf import settings

URL_LIMIT = 500


def enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _key(tag: str) -> str:
    return f"pagecache:urls:{tag}"


def remember(cache, url: str, tags) -> None:
    if not enabled():
        return
    found = cache.get_many([_key(t) for t in tags])
    changed = {}
    for tag in tags:
        urls = found.get(_key(tag)) or []
        if url not in urls:
            changed[_key(tag)] = (urls + [url])[-URL_LIMIT:]
    if changed:
        cache.set_many(changed, timeout=None)


def purge(cache, tags) -> None:
    if not enabled():
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    found = cache.get_many([_key(t) for t in tags])
    urls = sorted({url for urls in found.values() for url in urls})
    if urls:
        purge_urls_from_cache(urls)
