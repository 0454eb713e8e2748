"""Posting and reporting a comment: parse → same-origin check → rate limit → validate →
action → response.

Every refusal re-renders the article with the reader's text in the form and a message,
with a 4xx status, so nothing typed is lost; only a flood far past the limit gets a bare
429 (it costs no page render and no query). Success is a 303 to the signed URL of the
comment's page (pending.py), the same for a published and a held comment.
"""

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from masthead.comments.actions import do_report, do_submit_comment
from masthead.comments.display import comment_page_url, comments_open
from masthead.comments.forms import CommentForm, ReportForm
from masthead.comments.models import Comment
from masthead.comments.moderation import ModerationContext
from masthead.comments.pending import notice_url, remember_posted
from masthead.comments.policy import current_policy
from masthead.core.ratelimit import hit, minutes
from masthead.core.client import client_address, network_block
from masthead.core.private import page_for_one_reader, private
from masthead.core.same_origin import same_origin_post
from masthead.news.models import ArticlePage

CROSS_SITE_MESSAGE = (
    "Your comment was not posted: it was sent from another site, or your browser did not say "
    "where it came from. Your text is kept below; post it again from this page."
)
CLOSED_MESSAGE = "Comments are closed on this article. Your text is kept below."
TOO_BIG_MESSAGE = "Your comment was not posted: it is far longer than any comment we accept ({limit:,} characters). Please shorten it and post again."
FLOOD_MESSAGE = "Too many posts from your address. Please wait {wait} and try again."
RATE_MESSAGE = (
    "Your comment was not posted: {who} posted {limit} comments in the last {window} minutes, "
    "the most we accept. Please wait {wait} and post again; your text is kept below."
)
# Every POST from one address counts here, valid or not; past this many per window the
# answer is a bare 429 that costs nothing. The per-window comment limit is the policy's.
FLOOD_FACTOR = 4


NO_ARTICLE_MESSAGE = "This comment does not name a published article."
REPORTS_PER_HOUR = 30  # per network block (reporter_key)


def readable_article(request, article_id: str):
    """The article a comment names, if this reader may see it (ArticlePage.readable_by):
    a refused post re-renders the article, so it must never be one the reader cannot read."""
    if not (article_id.isascii() and article_id.isdigit()) or len(article_id) > 18:
        return None
    article = ArticlePage.objects.live().filter(pk=int(article_id)).first()
    return article if article is not None and article.readable_by(request) else None


def _refuse(request, article, form, status, message=None):
    return page_for_one_reader(request, article, status, comment_form=form, comment_form_message=message)


def _too_many(message, retry_after, request=None, article=None, form=None):
    if article is None:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    else:
        response = _refuse(request, article, form, 429, message)
    response["Retry-After"] = str(retry_after)
    return private(response)


@same_origin_post
def post_comment(request):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    policy = current_policy()
    window = policy.rate_limit_minutes * 60
    ip = client_address(request)
    flood = hit("comment-posts", ip or "", max(20, policy.rate_limit_count * FLOOD_FACTOR) if policy.rate_limit_count else 0, window)
    if flood.exceeded:
        return _too_many(FLOOD_MESSAGE.format(wait=minutes(flood.retry_after)), flood.retry_after)
    try:
        data = request.POST
    except RequestDataTooBig:
        return private(HttpResponse(TOO_BIG_MESSAGE.format(limit=policy.max_length), status=413, content_type="text/plain; charset=utf-8"))
    article = readable_article(request, data.get("article", ""))
    if article is None:
        return private(HttpResponseBadRequest(NO_ARTICLE_MESSAGE, content_type="text/plain"))

    form = CommentForm(data, article=article)
    if request.cross_site_reason:
        form.is_valid()  # fill cleaned_data so the form re-renders with the reader's text
        return _refuse(request, article, form, 403, CROSS_SITE_MESSAGE)
    if not comments_open(article, policy):
        form.is_valid()
        return _refuse(request, article, form, 403, CLOSED_MESSAGE)
    if not form.is_valid():
        return _refuse(request, article, form, 400)

    cleaned = form.cleaned_data
    for scope, identity, who in (("comment-ip", ip, "your address"), ("comment-email", cleaned["email"], "this email address")):
        allowance = hit(scope, identity or "", policy.rate_limit_count, window)
        if allowance.exceeded:
            message = RATE_MESSAGE.format(who=who, limit=policy.rate_limit_count, window=policy.rate_limit_minutes, wait=minutes(allowance.retry_after))
            return _too_many(message, allowance.retry_after, request, article, form)

    comment = do_submit_comment(
        article=article,
        parent=cleaned["parent"],
        author_name=cleaned["author"],
        author_email=cleaned["email"],
        author_url=cleaned["url"],
        body=cleaned["comment"],
        subscribe=cleaned["subscribe"],
        context=ModerationContext(
            ip_address=ip,
            user_agent=request.headers.get("User-Agent", ""),
            honeypot=cleaned.get("phone") or "",
            elapsed_seconds=cleaned.get("elapsed"),
        ),
    )
    # The same answer, published or held: the signed URL of the comment's page and the
    # cookie (pending.py), so a post does not tell whether a name and email are trusted.
    page_url = comment_page_url(comment, article.url, policy)  # relative, from the cached site root paths
    response = HttpResponseRedirect(notice_url(comment, page_url), status=303)
    remember_posted(request, response, comment)
    return response


def reporter_key(request) -> str:
    """Who reports, as far as an anonymous reader can be told apart: a keyed hash of their
    network block (client.network_block: the /24 of IPv4, the /64 of IPv6), so that one
    subscriber's many IPv6 addresses are one reporter. Readers sharing a block share one
    report per comment; that errs towards fewer holds, which moderators can still make."""
    return salted_hmac("masthead.comments.report", network_block(client_address(request)) or "unknown").hexdigest()


@same_origin_post
def report_comment(request, pk):
    comment = Comment.objects.select_related("article").filter(pk=pk, status=Comment.Status.APPROVED, erased_at__isnull=True).first()
    if comment is None or not comment.article.readable_by(request):
        raise Http404("No such published comment.")
    context = {"comment": comment, "article": comment.article, "form": ReportForm()}
    if request.method != "POST":
        return render(request, "comments/report.html", context)
    form = ReportForm(request.POST)
    context["form"] = form
    if request.cross_site_reason:
        context["message"] = "Your report was not sent: it came from another site, or your browser did not say where it came from. Please report again from this page."
        return private(render(request, "comments/report.html", context, status=403))
    allowance = hit("comment-reports", network_block(client_address(request)) or "", REPORTS_PER_HOUR, 3600)
    if allowance.exceeded:
        context["message"] = f"You have sent many reports in the last hour. Please wait {minutes(allowance.retry_after)}; moderators will look at what you reported."
        response = render(request, "comments/report.html", context, status=429)
        response["Retry-After"] = str(allowance.retry_after)
        return private(response)
    if not form.is_valid():
        return private(render(request, "comments/report.html", context, status=400))
    report = do_report(comment, reason=form.cleaned_data["reason"], reporter_key=reporter_key(request))
    context["done"] = "Thank you: moderators will look at this comment." if report else "You have already reported this comment; moderators will look at it."
    context["back_url"] = f"{comment.article.get_url(request)}#comment-{comment.pk}" if comment.status == Comment.Status.APPROVED else comment.article.get_url(request)
    return private(render(request, "comments/report.html", context))
