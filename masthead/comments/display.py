"""The comment thread under an article, built in one query: approved comments (and, for the
reader who wrote it, their own held comment) arranged as a tree, top-level ones numbered 1, 2,
… as on the page in MISSION.md. Only public fields are loaded: the email address never
reaches a template."""

from dataclasses import dataclass, field

from django.db.models import Q

from masthead.comments.forms import CommentForm
from masthead.comments.models import Comment
from masthead.comments.pending import requested_pending_id

PUBLIC_FIELDS = ("id", "article_id", "parent_id", "author_name", "author_url", "body", "created_at", "status")


@dataclass
class Node:
    comment: Comment | None  # None: a removed comment that still has visible replies
    number: int | None = None
    replies: list = field(default_factory=list)

    @property
    def awaiting_moderation(self) -> bool:
        return self.comment is not None and self.comment.status == Comment.Status.PENDING


def build_thread(article, pending_id=None) -> tuple[list[Node], int]:
    """(top-level nodes, number of approved comments)."""
    if article.pk is None:  # the editor's preview of a page not saved yet
        return [], 0
    visible = Q(status=Comment.Status.APPROVED)
    if pending_id:
        visible |= Q(pk=pending_id)
    comments = list(Comment.objects.filter(visible, article=article).only(*PUBLIC_FIELDS).order_by("created_at", "pk"))
    nodes = {c.pk: Node(c) for c in comments}
    roots = []
    for c in comments:
        node = nodes[c.pk]
        if c.parent_id is None:
            roots.append(node)
            continue
        parent = nodes.get(c.parent_id)
        if parent is None:  # parent removed or not approved: keep the reply, show a gap
            parent = nodes[c.parent_id] = Node(None)
            roots.append(parent)
        parent.replies.append(node)
    number = 0
    for node in roots:
        if node.comment is not None and not node.awaiting_moderation:
            number += 1
            node.number = number
    approved = sum(1 for c in comments if c.status == Comment.Status.APPROVED)
    return roots, approved


def comment_context(article, request, form=None) -> dict:
    pending_id = requested_pending_id(request)
    nodes, count = build_thread(article, pending_id)
    reply_to = None
    if form is None:
        reply_to_id = request.GET.get("replytocom", "")
        if reply_to_id.isdigit():
            reply_to = next((n.comment for n in _walk(nodes) if n.comment and n.comment.pk == int(reply_to_id) and not n.awaiting_moderation), None)
        form = CommentForm(article=article, initial={"article": article.pk, "parent": reply_to.pk if reply_to else None})
    else:
        reply_to = form.cleaned_data.get("parent") if hasattr(form, "cleaned_data") else None
    return {
        "comment_nodes": nodes,
        "comment_count": count,
        "comment_form": form,
        "reply_to": reply_to,
        "awaiting_id": pending_id,
    }


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.replies)
