"""The moderators' pages in the Wagtail admin: the queue (tabs, search, filters, one-click
and bulk decisions, keyboard shortcuts), a comment's full record, editing its text, and
the dashboard. Each view is parse → permission → action (actions.py) → redirect; the
actions write the audit rows."""

from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from masthead.comments import dashboard, queue, tasks
from masthead.comments.actions import DECISIONS, do_ban_commenter, do_bulk_decide, do_edit_comment
from masthead.comments.classifier import get_classifier
from masthead.comments.models import Comment
from masthead.comments.moderation import reason_labels

can_moderate = permission_required("comments.change_comment", raise_exception=True)
DONE = {"approve": "approved", "reject": "rejected", "spam": "marked as spam", "ban": "banned"}


def _next(request) -> str:
    """Where to go back to: the queue page the moderator came from, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return ""


def _back(request, message: str, pks=()):
    """After a decision: the queue page again (a full-page POST), or, for the queue's script
    (Accept: application/json), what changed on it: each comment's row re-rendered if it still
    belongs on that page, else nothing (the row goes), the tabs' counts and the message."""
    if "application/json" not in request.headers.get("Accept", ""):
        messages.success(request, message)
        return redirect(_next(request) or "comments_admin:queue")
    queue_url = _next(request) or reverse("comments_admin:queue")
    filters = queue.Filters.from_query(QueryDict(urlsplit(queue_url).query))
    still = filters.apply(queue.tab_queryset(filters.tab)).filter(pk__in=list(pks)).select_related("article", "parent")
    rows = {str(pk): "" for pk in pks}
    for row in queue.rows_for(list(still)):
        rows[str(row.comment.pk)] = render_to_string("comments/admin/queue_row.html", {"row": row, "queue_url": queue_url}, request)
    return JsonResponse({"message": message, "rows": rows, "counts": queue.tab_counts()})


@can_moderate
def queue_view(request):
    filters = queue.Filters.from_query(request.GET)
    comments = filters.apply(queue.tab_queryset(filters.tab)).select_related("article", "parent").order_by("-created_at", "-pk")
    page = Paginator(comments, queue.PAGE_SIZE).get_page(request.GET.get("p"))
    counts = queue.tab_counts()
    return TemplateResponse(
        request,
        "comments/admin/queue.html",
        {
            "filters": filters,
            "status": filters.tab,
            "tabs": [(value, label, counts.get(value, 0), "?" + filters.query_string(status=value, p="")) for value, label in queue.TABS],
            "page_obj": page,
            "rows": queue.rows_for(page.object_list),
            "queue_url": request.get_full_path(),
            "reason_codes": reason_labels(),
            "header_title": "Comments",
        },
    )


@require_POST
@can_moderate
def moderate(request, pk, action):
    comment = get_object_or_404(Comment, pk=pk)
    reason = request.POST.get("reason", "")[:300]
    if action not in DECISIONS:  # a ban asks first: see `ban`
        raise Http404("No such moderation action.")
    DECISIONS[action](comment, actor=request.user, reason=reason)
    return _back(request, f"Comment #{comment.pk} by {comment.author_name}: {DONE[action]}.", [comment.pk])


class BanForm(forms.Form):
    """What a ban blocks, chosen by the moderator: an IP address may be shared by others."""

    block = forms.ChoiceField(label="Block", widget=forms.RadioSelect, choices=[
        ("email", "Email address only"), ("ip", "IP address only"), ("both", "Email and IP address")])
    ip_days = forms.IntegerField(label="IP ban lasts (days)", min_value=0, max_value=3650,
                                 help_text="0: until removed under Comments › Blocked senders.")
    email_days = forms.IntegerField(label="Email ban lasts (days)", min_value=1, max_value=3650, required=False,
                                    help_text="Empty: until removed under Comments › Blocked senders.")
    reason = forms.CharField(max_length=300, required=False, help_text="Kept in the comments' history.")

    def __init__(self, *args, shared=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ip_days"].initial = settings.MASTHEAD_IP_BAN_DAYS
        self.fields["block"].initial = "email" if shared else "both"

    def ban(self, comment, actor) -> list[int]:
        data = self.cleaned_data
        return do_ban_commenter(comment, actor=actor, ban_email=data["block"] in ("email", "both"),
                                ban_ip=data["block"] in ("ip", "both"), email_days=data["email_days"],
                                ip_days=data["ip_days"], reason=data["reason"])


def _ban_targets(comments) -> list:
    """Each comment with who else used its IP address (one query each), read once per request."""
    return [(comment, queue.others_on_address(comment)) for comment in comments]


def _ban_form(data, targets):
    # Suggest the email alone when others use an address; the moderator decides.
    return BanForm(data, shared=any(others.count for _, others in targets))


def _ban_page(request, targets, form, **context):
    return TemplateResponse(request, "comments/admin/ban.html", {
        "targets": targets, "form": form, "next": _next(request), "back_url": _next(request) or reverse("comments_admin:queue"),
        "header_title": "Ban commenter" if len(targets) == 1 else f"Ban {len(targets)} commenters", **context,
    })


@can_moderate
def ban(request, pk):
    """Ban asks first: what to block (email, IP, both), how long, and who else used the IP."""
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    targets = _ban_targets([comment])
    form = _ban_form(request.POST or None, targets)
    if request.method == "POST" and form.is_valid():
        changed = form.ban(comment, request.user)
        blocked = dict(form.fields["block"].choices)[form.cleaned_data["block"]].lower()
        return _back(request, f"Comment #{comment.pk} by {comment.author_name}: banned ({blocked}).", [comment.pk, *changed])
    return _ban_page(request, targets, form, action_url=request.path)


@require_POST
@can_moderate
def bulk(request):
    action = request.POST.get("action", "")
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
    if not ids:
        messages.warning(request, "Select at least one comment first.")
        return redirect(_next(request) or "comments_admin:queue")
    if action == "ban":
        comments = list(Comment.objects.filter(pk__in=ids).order_by("pk"))
        targets = _ban_targets(comments)
        form = _ban_form(request.POST if "block" in request.POST else None, targets)
        if not form.is_valid():  # first the choice, as for one ban
            return _ban_page(request, targets, form, action_url=request.path, ids=ids)
        changed = [pk for comment in comments for pk in form.ban(comment, request.user)]
        return _back(request, f"{len(comments)} commenter(s) banned; their pending comments marked as spam.", [*ids, *changed])
    if action not in DECISIONS:
        raise Http404("No such moderation action.")
    changed = do_bulk_decide(ids, action, actor=request.user)
    return _back(request, f"{changed} comment{'s' if changed != 1 else ''} {DONE[action]}.", ids)


@can_moderate
def detail(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("article", "parent"), pk=pk)
    return TemplateResponse(
        request,
        "comments/admin/detail.html",
        {
            "comment": comment,
            "row": queue.rows_for([comment])[0],
            "events": comment.events.select_related("actor"),
            "edits": comment.edits.select_related("editor"),
            "reports": comment.reports.all(),
            "header_title": f"Comment #{comment.pk}",
        },
    )


class EditForm(forms.Form):
    author_name = forms.CharField(label="Name", max_length=100)
    body = forms.CharField(label="Text", widget=forms.Textarea(attrs={"rows": 12}))


@can_moderate
def edit(request, pk):
    comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
    form = EditForm(request.POST or None, initial={"author_name": comment.author_name, "body": comment.body})
    if request.method == "POST" and form.is_valid():
        do_edit_comment(comment, form.cleaned_data["body"], actor=request.user, author_name=form.cleaned_data["author_name"])
        messages.success(request, f"Comment #{comment.pk} edited; the earlier text is kept in its history.")
        return redirect("comments_admin:detail", pk=comment.pk)
    return TemplateResponse(request, "comments/admin/edit.html", {"comment": comment, "form": form, "header_title": f"Edit comment #{comment.pk}"})


@can_moderate
def dashboard_view(request):
    days = int(request.GET["days"]) if request.GET.get("days") in {str(n) for n in dashboard.PERIODS} else 30
    board = dashboard.build(days)
    return TemplateResponse(
        request,
        "comments/admin/dashboard.html",
        {
            "board": board,
            "legend": [(status, board.totals.get(status, 0)) for status in dashboard.STATUSES],
            "periods": dashboard.PERIODS,
            "classifier": get_classifier().stats(),
            "header_title": "Comments dashboard",
        },
    )


@require_POST
@can_moderate
def retrain(request):
    tasks.retrain_classifier.enqueue()
    messages.success(request, "The spam classifier is being retrained from every decision moderators made.")
    return redirect("comments_admin:dashboard")
