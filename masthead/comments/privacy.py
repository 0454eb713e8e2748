"""A reader's own comments: ask by email for a signed link (signed_links.py), then download
them all as JSON or erase them. The request page never says whether an address has
comments, and every response about a reader's data is `private, no-store`.

The export is an allowlist (EXPORT_FIELDS): what the reader wrote and where, plus the
address it was posted with — it is their data, sent only to that address.
"""

import json

from django.http import Http404, HttpResponse
from django.shortcuts import render

from masthead.comments.actions import do_erase_comments_of
from masthead.comments.forms import PrivacyRequestForm
from masthead.comments.models import Comment
from masthead.core.ratelimit import hit, minutes
from masthead.comments.signed_links import privacy_email
from masthead.comments.tasks import send_privacy_link
from masthead.core.client import client_address
from masthead.core.private import private
from masthead.core.same_origin import same_origin_post

EXPORT_FIELDS = ("id", "article_title", "article_url", "parent_id", "author_name", "author_url", "body", "status", "created_at")
SENT = "If comments were posted with that address, we have just emailed it a link. It works for 24 hours."
EXPIRED = "This link has expired or is not valid. Ask for a new one below."


def _page(request, template, status=200, **context):
    context.setdefault("title", "Your comments and your data")
    return private(render(request, template, context, status=status))


@same_origin_post
def request_link(request):
    if request.method != "POST":
        return render(request, "comments/privacy_request.html", {"title": "Your comments and your data", "form": PrivacyRequestForm()})
    form = PrivacyRequestForm(request.POST)
    if request.cross_site_reason:
        form.is_valid()
        return _page(request, "comments/privacy_request.html", 403, form=form, message="Your request was not sent: it came from another site. Please send it again from this page.")
    if not form.is_valid():
        return _page(request, "comments/privacy_request.html", 400, form=form)
    email = form.cleaned_data["email"]
    for scope, identity in (("privacy-ip", client_address(request) or ""), ("privacy-email", email)):
        allowance = hit(scope, identity, 5, 3600)
        if allowance.exceeded:
            response = _page(request, "comments/privacy_request.html", 429, form=form, message=f"Too many requests. Please wait {minutes(allowance.retry_after)} and ask again.")
            response["Retry-After"] = str(allowance.retry_after)
            return response
    send_privacy_link.enqueue(email)
    return _page(request, "comments/privacy_request.html", form=form, done=SENT)


def _comments_of(token):
    email = privacy_email(token)
    if email is None:
        return None, None
    return email, Comment.objects.filter(author_email=email).select_related("article").order_by("created_at", "pk")


def manage(request, token):
    email, comments = _comments_of(token)
    if email is None:
        return _page(request, "comments/privacy_request.html", 400, form=PrivacyRequestForm(), message=EXPIRED)
    return _page(request, "comments/privacy_manage.html", comments=list(comments), token=token)


def export_record(comment) -> dict:
    values = {
        "id": comment.pk,
        "article_title": comment.article.title,
        "article_url": comment.article.get_url(),
        "parent_id": comment.parent_id,
        "author_name": comment.author_name,
        "author_url": comment.author_url,
        "body": comment.body,
        "status": comment.status,
        "created_at": comment.created_at.isoformat(),
    }
    return {name: values[name] for name in EXPORT_FIELDS}


def export(request, token):
    email, comments = _comments_of(token)
    if email is None:
        raise Http404("This link has expired or is not valid.")
    document = {"email": email, "comments": [export_record(c) for c in comments]}
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-comments.json"'
    return private(response)


@same_origin_post
def erase(request, token):
    if request.method != "POST":
        return manage(request, token)
    email, comments = _comments_of(token)
    if email is None:
        return _page(request, "comments/privacy_request.html", 400, form=PrivacyRequestForm(), message=EXPIRED)
    if request.cross_site_reason or request.POST.get("confirm") != "yes":
        message = "Nothing was erased: please tick the box to confirm." if not request.cross_site_reason else "Nothing was erased: the request came from another site."
        return _page(request, "comments/privacy_manage.html", 400 if not request.cross_site_reason else 403, comments=list(comments), token=token, message=message)
    erased = do_erase_comments_of(email)
    return _page(request, "comments/privacy_manage.html", comments=[], token=token, done=f"{erased} comment{'s' if erased != 1 else ''} erased. Replies to them stay, under “[deleted]”.")
