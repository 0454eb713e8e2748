"""Cross-site request forgery protection for the public forms, without a per-reader token.

Public pages are the same bytes for every anonymous reader so that a shared cache can serve
them; a CSRF token in the markup would make each copy per-reader. The public forms (comments,
donations) are therefore exempt from Django's token check and verified by what the browser
says about where the request comes from, which a page on another site cannot forge:

1. `Sec-Fetch-Site` (Fetch Metadata, every current browser): must be `same-origin`;
2. otherwise `Origin` (sent with every cross-origin POST by every current browser): its host
   must be this site's host or one of CSRF_TRUSTED_ORIGINS;
3. otherwise `Referer`, the same way;
4. a POST that carries none of the three is refused: no browser form post lacks all of them.

Behind a TLS-terminating proxy that is not declared (BEHIND_HTTPS_PROXY), the request looks
like http while the browser's Origin says https; the host is what identifies the site, so an
https Origin is accepted for an http request to the same host, never the other way round.
docs/architecture.md explains the design.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.views.decorators.csrf import csrf_exempt


def _origin_of(url: str) -> tuple[str, str] | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return parts.scheme.lower(), parts.netloc.lower()


def _trusted(origin: tuple[str, str], request) -> bool:
    scheme, host = origin
    own_scheme, own_host = request.scheme, request.get_host().lower()
    if host == own_host and (scheme == own_scheme or scheme == "https"):
        return True
    return any(_origin_of(trusted) == origin for trusted in settings.CSRF_TRUSTED_ORIGINS)


def refusal_reason(request) -> str | None:
    """None when the request comes from this site, else why it is refused (for logs and tests)."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site != "same-origin":
        # same-site and cross-site both mean another origin posted; trusted extra origins
        # are still honoured through the Origin header below.
        origin = _origin_of(request.headers.get("Origin", ""))
        if origin and _trusted(origin, request):
            return None
        return f"Sec-Fetch-Site is {fetch_site}"
    if fetch_site == "same-origin":
        return None
    for header in ("Origin", "Referer"):
        value = request.headers.get(header)
        if value and value != "null":
            origin = _origin_of(value)
            if origin and _trusted(origin, request):
                return None
            return f"{header} {value} is another site"
    return "no Origin, Referer or Sec-Fetch-Site header"


def same_origin_post(view):
    """Exempt `view` from Django's token check and hand it `request.cross_site_reason`.

    The view decides how to refuse (a form view re-shows the reader's text with a 403), so a
    reader whose browser strips headers loses nothing they typed.
    """

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.cross_site_reason = refusal_reason(request) if request.method == "POST" else None
        return view(request, *args, **kwargs)

    return wrapped
