"""Posting a comment: parse → same-origin check → validate → action → redirect.

Every refusal re-renders the article with the reader's text in the form and a message,
with a 4xx status, so nothing typed is lost. Success is a 303 to the comment's anchor; a
held comment goes to the signed "awaiting moderation" URL (pending.py).
"""

from django.http import HttpResponseBadRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse

from masthead.comments.actions import do_submit_comment
from masthead.comments.forms import CommentForm
from masthead.comments.models import Comment
from masthead.comments.moderation import ModerationContext
from masthead.comments.pending import notice_url, remember_posted
from masthead.news.models import ArticlePage
from masthead.same_origin import same_origin_post

CROSS_SITE_MESSAGE = (
    "Your comment was not posted: it was sent from another site, or your browser did not say "
    "where it came from. Your text is kept below; post it again from this page."
)
CLOSED_MESSAGE = "Comments are closed on this article. Your text is kept below."


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: behind a proxy, the proxy sets it (docs/operations.md shows how).
    return request.META.get("REMOTE_ADDR") or None


def _refuse(request, article, form, status, message=None):
    context = article.get_context(request)
    context.update(comment_form=form, comment_form_message=message)
    response = TemplateResponse(request, article.get_template(request), context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@same_origin_post
def post_comment(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    article_id = request.POST.get("article", "")
    article = ArticlePage.objects.live().filter(pk=article_id).first() if article_id.isdigit() else None
    if article is None:
        return HttpResponseBadRequest("This comment does not name a published article.", content_type="text/plain")

    form = CommentForm(request.POST, article=article)
    if request.cross_site_reason:
        form.is_valid()  # fill cleaned_data so the form re-renders with the reader's text
        return _refuse(request, article, form, 403, CROSS_SITE_MESSAGE)
    if not article.comments_open:
        form.is_valid()
        return _refuse(request, article, form, 403, CLOSED_MESSAGE)
    if not form.is_valid():
        return _refuse(request, article, form, 400)

    data = form.cleaned_data
    comment = do_submit_comment(
        article=article,
        parent=data["parent"],
        author_name=data["author"],
        author_email=data["email"],
        author_url=data["url"],
        body=data["comment"],
        context=ModerationContext(ip_address=client_ip(request), user_agent=request.headers.get("User-Agent", "")),
    )
    article_url = article.get_url(request)
    if comment.status == Comment.Status.APPROVED:
        return HttpResponseRedirect(f"{article_url}#comment-{comment.pk}", status=303)
    response = HttpResponseRedirect(notice_url(comment, article_url), status=303)
    remember_posted(request, response, comment)
    return response
