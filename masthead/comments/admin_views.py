"""The moderation queue in the Wagtail admin: comments by status, newest first, each with
its article, the reason it was held, and buttons that call the moderation actions."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from masthead.comments.actions import do_approve, do_mark_spam, do_reject
from masthead.comments.models import Comment

ACTIONS = {"approve": do_approve, "reject": do_reject, "spam": do_mark_spam}
TABS = [Comment.Status.PENDING, Comment.Status.APPROVED, Comment.Status.SPAM, Comment.Status.REJECTED]


@permission_required("comments.change_comment", raise_exception=True)
def queue(request):
    status = request.GET.get("status", Comment.Status.PENDING)
    if status not in Comment.Status.values:
        raise Http404("No such status.")
    counts = dict(Comment.objects.order_by().values_list("status").annotate(n=Count("pk")))
    comments = (
        Comment.objects.filter(status=status)
        .select_related("article", "parent")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(comments, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "comments/admin/queue.html",
        {
            "status": status,
            "tabs": [(s, Comment.Status(s).label, counts.get(s, 0)) for s in TABS],
            "page_obj": page,
            "header_title": "Comments",
        },
    )


@require_POST
@permission_required("comments.change_comment", raise_exception=True)
def moderate(request, pk, action):
    if action not in ACTIONS:
        raise Http404("No such moderation action.")
    comment = get_object_or_404(Comment, pk=pk)
    ACTIONS[action](comment, actor=request.user, reason=request.POST.get("reason", ""))
    messages.success(request, f"Comment by {comment.author_name}: {action} done.")
    return redirect(request.POST.get("next") or "comments_admin:queue")
