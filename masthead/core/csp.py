"""Content-Security-Policy for every page readers see.

The public pages run no inline script (comments.js and donate.js are files), so scripts
come from this site only and an injected `<script>` or `onclick=` cannot run even if some
escaping failed. The header is the same for every request of a path, never a per-request
nonce: pages are the same bytes for every reader so that a shared cache can serve them.

Stylesheets and `<style>` elements also come from this site only; `style` attributes are
allowed (`style-src-attr`), because the goal bar's width is one, computed and escaped by
the server; a style attribute runs no script. Frames are the video players the article
blocks embed (news/video.py). Pages may be framed by this site only (Wagtail's preview),
except the fundraising embed, made to be framed by any site (`frame-ancestors *`).
The editor (/admin/, Wagtail's own inline scripts) and documents are left to Wagtail.
"""

from django.conf import settings

VIDEO_PLAYERS = "https://www.youtube-nocookie.com https://player.vimeo.com https://rumble.com https://odysee.com"
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; media-src 'self'; "
    f"frame-src {VIDEO_PLAYERS}; object-src 'none'; base-uri 'self'; frame-ancestors {{ancestors}}"
)
PAGE_POLICY = POLICY.format(ancestors="'self'")
EMBED_POLICY = POLICY.format(ancestors="*")
EMBED_PATHS = ("/fundraising/embed/",)
EXEMPT_PREFIXES = ("/admin/", "/documents/")


def policy_for(path: str) -> str | None:
    if path.startswith(EXEMPT_PREFIXES) or path.startswith(settings.STATIC_URL):
        return None
    return EMBED_POLICY if path in EMBED_PATHS else PAGE_POLICY


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = policy_for(request.path)
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
