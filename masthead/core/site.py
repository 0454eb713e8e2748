"""The site's name and absolute URLs, one definition for pages, mail, feeds and receipts,
and which Wagtail Site answers a request.

The name is the Wagtail Site's `site_name`, else its home page's title, else "masthead".
Absolute URLs are built on BASE_URL, the public address the newsroom configured: mail and
receipts are sent outside any request, and behind a proxy or CDN the request's own host is
not necessarily the public one.

`find_site(request)` is Wagtail's `Site.find_for_request` without its query: the Site rows
(a handful) are kept in the shared cache under a version that a Site's save or delete moves
once committed (signal_handlers.py), and each request gets a new Site instance built from
them, so nothing set on one request's Site is seen by another. Wagtail's own lookup was a
query with a CASE on every page (7% of an uncached article render, bench/render.sh).
"""

import uuid
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.core.cache import cache
from django.http.request import split_domain_port

DEFAULT_NAME = "masthead"

SITES_KEY = "masthead:sites:v1"  # (version, rows): every Site's SITE_FIELDS, then its root page's type
SITES_VERSION_KEY = "masthead:sites:version"
SITE_FIELDS = ("id", "hostname", "port", "site_name", "root_page_id", "is_default_site")
# Rows are read again at least this often, so a change made without a signal (a queryset
# update, a restored database) is seen within it.
SITES_MAX_AGE = 300


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
        site = find_site(request)
    return name_of(site if site is not None else default_site())


def find_site(request):
    """The Site answering `request`, as Wagtail's `Site.find_for_request` finds it (kept on
    the request as `_wagtail_site`, where Wagtail and later calls find it), or None."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]  # as Wagtail: no ALLOWED_HOSTS check
        request._wagtail_site = _site_for(hostname, request.get_port())
    return request._wagtail_site


def _site_for(hostname: str, port):
    """wagtail.models.sites.get_site_for_hostname's choice among the cached rows: the
    hostname and port, else the hostname on the default site, else the only site with the
    hostname, else the default site."""
    from wagtail.models import Site

    try:
        port = int(port)
    except (TypeError, ValueError):
        port = None  # no Site's port matches it
    matches = []
    for row in _site_rows():
        fields = dict(zip(SITE_FIELDS, row))
        if fields["hostname"] == hostname:
            rank = 0 if fields["port"] == port else 1 if fields["is_default_site"] else 3
        elif fields["is_default_site"]:
            rank = 2
        else:
            continue
        matches.append((rank, row))
    if not matches:
        return None
    matches.sort(key=lambda match: match[0])
    if len(matches) == 1 or matches[0][0] in (0, 1):
        chosen = matches[0][1]
    elif matches[0][0] == 2:
        chosen = matches[len(matches) == 2][1]  # the one site with this hostname, else the default
    else:
        return None  # several sites with this hostname on other ports, and no default
    site = Site.from_db(Site.objects.db, SITE_FIELDS, chosen[: len(SITE_FIELDS)])
    # The root page's content type, so a caller can tell its class without reading it: a
    # page's type never changes, and deleting the root page deletes the Site.
    site.root_page_content_type_id = chosen[len(SITE_FIELDS)]
    return site


def _site_rows() -> list[tuple]:
    from wagtail.models import Site

    found = cache.get_many([SITES_KEY, SITES_VERSION_KEY])
    entry, version = found.get(SITES_KEY), found.get(SITES_VERSION_KEY)
    if version is not None and entry is not None and entry[0] == version:
        return entry[1]
    if version is None:
        # Noted before the rows are read: a save committed after this read moves the
        # version, so rows read before it are not taken for current.
        cache.add(SITES_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(SITES_VERSION_KEY)
    rows = list(Site.objects.order_by("pk").values_list(*SITE_FIELDS, "root_page__content_type_id"))
    if version is not None:
        cache.set(SITES_KEY, (version, rows), SITES_MAX_AGE)
    return rows


def forget_sites() -> None:
    """Sites changed: every process reads them again (run after the change is committed)."""
    cache.set(SITES_VERSION_KEY, uuid.uuid4().hex, timeout=None)


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
