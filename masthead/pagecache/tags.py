"""What a rendered page tells the page cache, and what apps register with it.

A view, a Wagtail page or a template tag calls `declare(request, *tags)` while it renders:
each tag names something the page shows ("article:12", "section:3", "comments:12", "home").
Only a response that declared at least one tag is stored, so a page nobody thought about is
never cached, and every stored page can be purged. `store.purge(*tags)` later invalidates
every page that declared any of them. Tags travel in the WSGI environ, which is the same dict
in Django's request and in the layer (wsgi.py), so nothing is added to the response.

Apps also register, from their AppConfig.ready():
- `allow_params("page")`: query parameters that select a different public page; any other
  parameter sends the request to Django uncached (a link tracker's `utm_*`/`fbclid` is ignored
  instead, so a viral link from a social network is still a hit);
- `private_cookies("sessionid")`: cookies whose presence makes a request one reader's own
  (staff session, a held-comment cookie): such a request is never answered from, nor stored in,
  the cache.
"""

import functools

ENV_TAGS = "masthead.pagecache.tags"
ENV_MAX_AGE = "masthead.pagecache.max_age"

ALLOWED_PARAMS: set[str] = set()
PRIVATE_COOKIES: set[str] = {"sessionid", "csrftoken", "messages"}
# Query parameters that never change a page: dropped from the cache key.
IGNORED_PARAMS = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref"}
IGNORED_PREFIXES = ("utm_",)


def declare(request, *tags: str, max_age: int | None = None) -> None:
    """This page shows these things; keep it at most `max_age` seconds (None: until purged,
    within the site's bound)."""
    environ = getattr(request, "environ", None)
    if environ is None:
        return
    environ.setdefault(ENV_TAGS, set()).update(tags)
    if max_age is not None:
        environ[ENV_MAX_AGE] = min(max_age, environ.get(ENV_MAX_AGE, max_age))


def declares(*tags: str, max_age: int | None = None):
    """Decorator for a function view (a feed, the sitemap): its page shows these things."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            declare(request, *tags, max_age=max_age)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def allow_params(*names: str) -> None:
    ALLOWED_PARAMS.update(names)


def private_cookies(*names: str) -> None:
    PRIVATE_COOKIES.update(names)
