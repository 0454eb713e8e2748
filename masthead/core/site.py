"""The site's name and absolute URLs, one definition for pages, mail, feeds and receipts.

The name is the Wagtail Site's `site_name`, else its home page's title, else "masthead".
Absolute URLs are built on BASE_URL, the public address the newsroom configured: mail and
receipts are sent outside any request, and behind a proxy or CDN the request's own host is
not necessarily the public one.
"""

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
