"""The links in reply-notification mail: confirm a subscription (double opt-in) and
unsubscribe in one click. Unsubscribing answers GET (a click) and POST (RFC 8058's
List-Unsubscribe-Post, sent by mail providers from their own servers, hence exempt from the
same-origin check: the signed token is the authority)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from masthead.comments.actions import do_confirm_subscription, do_unsubscribe
from masthead.comments.models import ReplySubscription
from masthead.comments.signed_links import confirmed_subscription_id, unsubscribe_subscription_id
from masthead.core.private import private


def _subscription(subscription_id):
    subscription = ReplySubscription.objects.select_related("comment__article").filter(pk=subscription_id).first() if subscription_id else None
    if subscription is None:
        raise Http404("This link is not valid (or the comment was erased).")
    return subscription


def _page(request, subscription, title, done):
    article = subscription.comment.article
    context = {"title": title, "done": done, "back_url": f"{article.get_url(request)}#comment-{subscription.comment_id}"}
    return private(render(request, "comments/page.html", context))


def confirm(request, token):
    subscription = do_confirm_subscription(_subscription(confirmed_subscription_id(token)))
    done = "You will get an email when someone replies to your comment. Every message has a link to stop them."
    if subscription.unsubscribed_at:
        done = "You had unsubscribed from replies to this comment; nothing changed."
    return _page(request, subscription, "Subscription confirmed", done)


@csrf_exempt
def unsubscribe(request, token):
    subscription = do_unsubscribe(_subscription(unsubscribe_subscription_id(token)))
    return _page(request, subscription, "Unsubscribed", "You will get no more email about replies to this comment.")
