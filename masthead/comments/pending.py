"""Showing a held comment to the reader who wrote it, and to nobody else, without making the
shared page per-reader.

After posting a comment, held or published, the reader is redirected to
`<article>?[cpage=<n>&]unapproved=<id>&moderation-hash=<hmac>#comment-<id>` (WordPress's
scheme; the same shape either way, so the answer does not reveal whether the author is
trusted), and
their browser gets a signed cookie listing the comments it posted. The article page renders
that comment with "Your comment is awaiting moderation" only when both match; that response
is `Cache-Control: private, no-store`, so no cache keeps it. The plain article URL stays the
same bytes for everyone. The email address is never in the URL or the cookie.
"""

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

COOKIE = "masthead_posted"
COOKIE_MAX_AGE = 30 * 24 * 3600
_SALT = "masthead.comments.pending"
_MAX_REMEMBERED = 20


def moderation_hash(comment) -> str:
    return salted_hmac(_SALT, f"{comment.pk}:{comment.created_at.isoformat()}").hexdigest()[:32]


def notice_url(comment, page_url: str) -> str:
    """`page_url` (the comment's page of the thread, display.comment_page_url) with the
    signed pair. Every post is answered with this URL and the cookie, published or held, so
    the answer never tells whether a name and email are trusted (issue 9): only the browser
    that posted sees which it was."""
    url, _, fragment = page_url.partition("#")
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}unapproved={comment.pk}&moderation-hash={moderation_hash(comment)}#{fragment or f'comment-{comment.pk}'}"


def posted_ids(request) -> list[int]:
    try:
        value = request.get_signed_cookie(COOKIE, salt=_SALT, max_age=COOKIE_MAX_AGE)
        return [int(part) for part in value.split(",") if part]
    except (KeyError, signing.BadSignature, ValueError):
        return []


def remember_posted(request, response, comment) -> None:
    ids = [comment.pk] + [i for i in posted_ids(request) if i != comment.pk]
    response.set_signed_cookie(
        COOKIE,
        ",".join(str(i) for i in ids[:_MAX_REMEMBERED]),
        salt=_SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def requested_pending_id(request) -> int | None:
    """The comment id of a valid ?unapproved=&moderation-hash= pair posted by this browser."""
    from masthead.comments.models import Comment

    raw_id, given_hash = request.GET.get("unapproved", ""), request.GET.get("moderation-hash", "")
    if not raw_id.isdigit() or not given_hash:
        return None
    comment_id = int(raw_id)
    if comment_id not in posted_ids(request):
        return None
    comment = Comment.objects.filter(pk=comment_id).only("pk", "created_at").first()
    if comment is None or not constant_time_compare(moderation_hash(comment), given_hash):
        return None
    return comment_id
