"""The site's name and absolute URLs, one definition for pages, mail, feeds and receipts.

The name is the Wagtail Site's `site_name`, else its home page's title, else "masthead".
Absolute URLs are built on BASE_URL, the public address the newsroom configured: mail and
receipts are sent outside any request, and behind a proxy or CDN the request's own host is
not necessarily the public one.
"""

from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

DEFAULT_NAME = "masthead"


def name_of(site) -> str:
    if site is None:
        return DEFAULT_NAME
    return site.site_name or (site.root_page.title if site.root_page_id else "") or DEFAULT_NAME


def default_site():
    from wagtail.models import Site

    return Site.objects.filter(is_default_site=True).select_related("root_page").first()


def site_name(request=None) -> str:
    """The name of the site serving `request`, or of the default site without one (mail,
    receipts, feeds)."""
    site = None
    if request is not None:
        from wagtail.models import Site

        site = Site.find_for_request(request)
    return name_of(site if site is not None else default_site())


def absolute_url(path: str) -> str:
    """`path` ("/world/story/", or a full URL left as it is) on the public address."""
    if urlsplit(path).scheme:
        return path
    return settings.BASE_URL.rstrip("/") + "/" + (path or "").lstrip("/")


def public_url(url: str) -> str:
    """`url` (full, on whatever host Wagtail's Site record names, or a path) moved onto the
    public address: its path and query kept, its scheme and host those of BASE_URL."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


@lru_cache(maxsize=1)
def _site_paths() -> frozenset:
    """First path segments the site answers itself before Wagtail's pages (admin/, feed/,
    search/, tag/, …), and the media and static prefixes (served by nginx when not by us)."""
    from django.urls import URLResolver, get_resolver

    found = {urlsplit(url).path.strip("/").split("/")[0] for url in (settings.MEDIA_URL, settings.STATIC_URL)}

    def walk(patterns):
        for pattern in patterns:
            text = str(pattern.pattern).lstrip("^")
            if isinstance(pattern, URLResolver) and text in ("", "/"):
                walk(pattern.url_patterns)  # an include at the root: its own first segments
            elif (first := text.split("/")[0]) and not any(ch in first for ch in "<([\\?*+$"):
                found.add(first)

    walk(get_resolver().url_patterns)
    found.discard("")
    return frozenset(found)


def top_level_slug_problem(slug: str) -> str | None:
    """Why a page directly under the home page cannot have `slug` (its URL /<slug>/ would be
    answered by something else: a media file, the admin, a year archive…), or None."""
    from django.urls import Resolver404, resolve

    taken = slug in _site_paths()
    if not taken:
        try:
            taken = resolve(f"/{slug}/").url_name != "wagtail_serve"
        except Resolver404:
            taken = False
    if taken:
        return f"/{slug}/ is already an address of the site; choose another slug, for example “{slug}-section”."
    return None


def free_top_level_slug(slug: str) -> str:
    """`slug`, or slug-section when the site answers /<slug>/ itself ("media" → "media-section")."""
    return f"{slug}-section" if top_level_slug_problem(slug) else slug
