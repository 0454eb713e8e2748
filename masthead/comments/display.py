"""The comment thread under an article, one page of it in one query: a page of top-level
comments (oldest or newest first) with all their replies, arranged as a tree, top-level
ones numbered 1, 2, … as on the page in MISSION.md, and the reader's own held comment when
their signed link asks for it. Only public fields are loaded: the email address never
reaches a template.

The query selects the page's top-level ids in a subquery and every comment of those threads
by `root`, with the article's approved-comment counts as scalar subqueries on each row, so
a page render costs the same one query for 2 comments or 10,000. A removed comment that
still has published replies is kept as a "removed" placeholder so the replies keep their
place.

That query is written in SQL, once, rather than built with the ORM on every render:
compiling its nested subqueries cost ~9 ms per page view while running it costs ~0.1 ms
(bench/pages.sh, profile in the issue notes). It is plain SQL that SQLite and PostgreSQL
both run; tests/test_thread.py checks its behaviour on both.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from masthead.comments.forms import CommentForm
from masthead.comments.models import Comment, CommentSettings
from masthead.comments.pending import requested_pending_id
from masthead.comments.policy import current_policy

PUBLIC_FIELDS = ("id", "article_id", "parent_id", "root_id", "author_name", "author_url", "body", "created_at", "status", "erased_at")
APPROVED = Comment.Status.APPROVED


@dataclass
class Node:
    comment: Comment | None  # None: a removed comment that still has visible replies
    number: int | None = None
    depth: int = 1
    replies: list = field(default_factory=list)
    can_reply: bool = False

    @property
    def awaiting_moderation(self) -> bool:
        return self.comment is not None and self.comment.status != APPROVED


@dataclass
class Thread:
    nodes: list  # top-level Nodes of this page
    count: int  # approved comments on the article
    top_level: int  # top-level threads on the article (pagination)
    page: int
    pages: int
    order: str  # "oldest" or "newest"


def comments_open(article, policy: CommentSettings | None = None) -> bool:
    """The editor's switch, and the automatic closing N days after the article's date."""
    policy = policy or current_policy()
    if not article.comments_open:
        return False
    # A draft has no date yet (it is set when it first goes live): not closed.
    if policy.close_after_days and article.date and timezone.now() > article.date + timedelta(days=policy.close_after_days):
        return False
    return True


def _roots(article):
    """Top-level comments that are shown: approved, or removed but with approved replies.
    The second kind is looked for only among the (few) top-level comments that are not
    approved, one index lookup each, so the cost does not grow with the approved ones."""
    top_level = Comment.objects.filter(article=article, parent__isnull=True)
    has_public_reply = Exists(Comment.objects.filter(root=OuterRef("pk"), status=APPROVED))
    removed_with_replies = top_level.exclude(status=APPROVED).filter(has_public_reply).values("pk")
    return top_level.filter(Q(status=APPROVED) | Q(pk__in=removed_with_replies))


_TABLE = Comment._meta.db_table
_COLUMNS = ", ".join(f"c.{Comment._meta.get_field(name).column}" for name in PUBLIC_FIELDS)
# Top-level comments shown on the article: approved, or removed with approved replies.
_ROOTS = f"""
    SELECT t.id, t.created_at FROM {_TABLE} t
    WHERE t.article_id = %(article)s AND t.parent_id IS NULL AND (
        t.status = %(approved)s OR t.id IN (
            SELECT v.id FROM {_TABLE} v
            WHERE v.article_id = %(article)s AND v.parent_id IS NULL AND v.status <> %(approved)s
              AND EXISTS (SELECT 1 FROM {_TABLE} r WHERE r.root_id = v.id AND r.status = %(approved)s)))"""
_PAGE = "SELECT p.id FROM ({roots}) p ORDER BY p.created_at {direction}, p.id {direction} LIMIT %(limit)s OFFSET %(offset)s"
_THREAD_SQL = {
    (direction, with_pending): f"""
    SELECT {_COLUMNS},
        (SELECT COUNT(*) FROM {_TABLE} a WHERE a.article_id = %(article)s AND a.status = %(approved)s) AS approved_total,
        (SELECT COUNT(*) FROM ({_ROOTS}) n) AS top_level_total
    FROM {_TABLE} c
    WHERE c.id IN ({_PAGE.format(roots=_ROOTS, direction=direction)})
       OR c.root_id IN ({_PAGE.format(roots=_ROOTS, direction=direction)})
       {"OR (c.id = %(pending)s AND c.article_id = %(article)s)" if with_pending else ""}
    ORDER BY c.created_at, c.id"""
    for direction in ("ASC", "DESC")
    for with_pending in (False, True)
}


def _thread_rows(article_id, page, per_page, newest, pending_id) -> list[Comment]:
    sql = _THREAD_SQL[("DESC" if newest else "ASC", bool(pending_id))]
    params = {"article": article_id, "approved": APPROVED.value, "limit": per_page, "offset": (page - 1) * per_page, "pending": pending_id}
    return list(Comment.objects.raw(sql, params))


def build_thread(article, page=1, order="oldest", pending_id=None, policy: CommentSettings | None = None) -> Thread:
    policy = policy or current_policy()
    if article.pk is None:  # the editor's preview of a page not saved yet
        return Thread([], 0, 0, 1, 1, order)
    per_page = policy.comments_per_page
    newest = order == "newest"
    page = max(1, page)
    rows = _thread_rows(article.pk, page, per_page, newest, pending_id)
    if rows:
        count, top_level = rows[0].approved_total, rows[0].top_level_total
    else:  # past the last page, or no comments: the counts need their own query
        count = Comment.objects.filter(article=article, status=APPROVED).count() if page > 1 else 0
        top_level = _roots(article).count() if page > 1 else 0
    pages = max(1, -(-top_level // per_page))
    roots = _tree(rows, pending_id, policy.thread_depth)
    if newest:
        roots.reverse()
    first_number = top_level - (page - 1) * per_page if newest else (page - 1) * per_page + 1
    step = -1 if newest else 1
    for offset, node in enumerate(n for n in roots if not (n.comment and n.comment.pk == pending_id and n.awaiting_moderation)):
        if node.comment is not None:
            node.number = first_number + step * offset
    return Thread(roots, count, top_level, page, pages, "newest" if newest else "oldest")


def _tree(rows, pending_id, max_depth) -> list[Node]:
    nodes = {}
    for c in rows:
        shown = c.status == APPROVED or c.pk == pending_id
        nodes[c.pk] = Node(c if shown else None)
    roots = []
    for c in rows:
        node = nodes[c.pk]
        parent = nodes.get(c.parent_id) if c.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.replies.append(node)
    _set_depth(roots, 1, max_depth)
    return [node for node in roots if _visible(node)]


def _set_depth(nodes, depth, max_depth):
    for node in nodes:
        node.depth = depth
        node.can_reply = node.comment is not None and not node.awaiting_moderation and not node.comment.erased_at and depth < max_depth
        _set_depth(node.replies, depth + 1, max_depth)


def _visible(node) -> bool:
    """Drop removed comments with no visible reply below them (they leave no gap)."""
    node.replies = [child for child in node.replies if _visible(child)]
    return node.comment is not None or bool(node.replies)


def walk(nodes):
    for node in nodes:
        yield node
        yield from walk(node.replies)


def _page_number(request) -> int:
    raw = request.GET.get("cpage", "")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 100_000 else 1


def _order(request, policy) -> str:
    value = request.GET.get("corder", "")
    return value if value in ("oldest", "newest") else policy.default_order


def comment_context(article, request, form=None) -> dict:
    policy = current_policy()
    pending_id = requested_pending_id(request)
    thread = build_thread(article, _page_number(request), _order(request, policy), pending_id, policy)
    reply_to = None
    if form is None:
        reply_to_id = request.GET.get("replytocom", "")
        if reply_to_id.isdigit():
            reply_to = next((n.comment for n in walk(thread.nodes) if n.comment and n.comment.pk == int(reply_to_id) and n.can_reply), None)
            if reply_to is None:  # on another page of the thread
                reply_to = Comment.objects.filter(pk=int(reply_to_id), article=article, status=APPROVED, erased_at__isnull=True).only(*PUBLIC_FIELDS).first()
        form = CommentForm(article=article, initial={"article": article.pk, "parent": reply_to.pk if reply_to else None})
    else:
        reply_to = form.cleaned_data.get("parent") if hasattr(form, "cleaned_data") else None
    return {
        "thread": thread,
        "comment_nodes": thread.nodes,
        "comment_count": thread.count,
        "comment_form": form,
        "reply_to": reply_to,
        "awaiting_id": pending_id,
        "comments_open": comments_open(article, policy),
        "max_length": policy.max_length,
    }


def comment_page_url(comment, article_url: str, policy: CommentSettings | None = None) -> str:
    """Where a newly published comment is: the page of its thread in the default order."""
    policy = policy or current_policy()
    root_id = comment.root_id or comment.pk
    root_created = comment.created_at if comment.root_id is None else Comment.objects.values_list("created_at", flat=True).get(pk=root_id)
    # Approved top-level comments only (the index's order): a removed comment with replies
    # may shift the page by one, which the anchor then finds on the page next to it.
    roots = Comment.objects.filter(article_id=comment.article_id, parent__isnull=True, status=APPROVED)
    if policy.default_order == "newest":
        before = roots.filter(Q(created_at__gt=root_created) | Q(created_at=root_created, pk__gt=root_id)).count()
    else:
        before = roots.filter(Q(created_at__lt=root_created) | Q(created_at=root_created, pk__lt=root_id)).count()
    page = before // policy.comments_per_page + 1
    query = f"?cpage={page}" if page > 1 else ""
    return f"{article_url}{query}#comment-{comment.pk}"
