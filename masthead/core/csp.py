"""Content-Security-Policy for every page readers see.

The public pages run no inline script (comments.js and donate.js are files), so scripts
come from this site only and an injected `<script>` or `onclick=` cannot run even if some
escaping failed. The header is the same for every request of a path, never a per-request
nonce: pages are the same bytes for every reader so that a shared cache can serve them.

Stylesheets and `<style>` elements also come from this site only; `style` attributes are
allowed (`style-src-attr`), because the goal bar's width is one, computed and escaped by
the server; a style attribute runs no script. Frames are the video players the article
blocks embed (news/video.py). Pages may be framed by this site only (Wagtail's preview).
The fundraising embed sets its own header from `policy()`: framable by any site
(`frame-ancestors *`), and its one `<style>` element (inline so that a frame costs one
request) allowed by its hash, the same for every reader.
The editor (/admin/, Wagtail's own inline scripts) and documents are left to Wagtail.
"""

from django.conf import settings

VIDEO_PLAYERS = "https://www.youtube-nocookie.com https://player.vimeo.com https://rumble.com https://odysee.com"
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'{styles}; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; media-src 'self'; "
    f"frame-src {VIDEO_PLAYERS}; object-src 'none'; base-uri 'self'; frame-ancestors {{ancestors}}"
)
EXEMPT_PREFIXES = ("/admin/", "/documents/")


def policy(ancestors: str = "'self'", style_hashes=()) -> str:
    """The policy, framable by `ancestors`, allowing the `<style>` elements whose base64
    SHA-256 digests are given (a view that needs one sets this header itself)."""
    styles = "".join(f" 'sha256-{digest}'" for digest in style_hashes)
    return POLICY.format(ancestors=ancestors, styles=styles)


PAGE_POLICY = policy()


def policy_for(path: str) -> str | None:
    if path.startswith(EXEMPT_PREFIXES) or path.startswith(settings.STATIC_URL):
        return None
    return PAGE_POLICY


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = policy_for(request.path)
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
