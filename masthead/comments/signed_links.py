"""Signed links a reader follows from an email: confirm a reply subscription, unsubscribe
in one click, and reach their own comments to export or erase them. Each is an HMAC over a
small payload with its own salt, so one kind of link cannot be used as another. None
carries an email address, even encoded, in a URL a server log might keep: the privacy link
names one of the reader's comments and a keyed hash of the address, and the address is
read back from that comment."""

from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from masthead.core.site import absolute_url

CONFIRM_SALT = "masthead.comments.confirm"
UNSUBSCRIBE_SALT = "masthead.comments.unsubscribe"
PRIVACY_SALT = "masthead.comments.privacy"
CONFIRM_MAX_AGE = 7 * 24 * 3600
PRIVACY_MAX_AGE = 24 * 3600


def _token(value, salt) -> str:
    return signing.dumps(value, salt=salt, compress=True)


def _read(token, salt, max_age=None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None


def confirm_url(subscription) -> str:
    return absolute_url(reverse("comments:confirm", args=[_token(subscription.pk, CONFIRM_SALT)]))


def unsubscribe_url(subscription) -> str:
    return absolute_url(reverse("comments:unsubscribe", args=[_token(subscription.pk, UNSUBSCRIBE_SALT)]))


def _address_hash(email: str) -> str:
    return salted_hmac(PRIVACY_SALT, email.lower()).hexdigest()[:24]


def privacy_url(email: str) -> str | None:
    """None when no comment has this address (there is nothing to link to)."""
    from masthead.comments.models import Comment

    comment_id = Comment.objects.filter(author_email=email.lower()).order_by("pk").values_list("pk", flat=True).first()
    if comment_id is None:
        return None
    token = _token({"c": comment_id, "h": _address_hash(email)}, PRIVACY_SALT)
    return absolute_url(reverse("comments:privacy_manage", args=[token]))


def confirmed_subscription_id(token) -> int | None:
    value = _read(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    return value if isinstance(value, int) else None


def unsubscribe_subscription_id(token) -> int | None:
    value = _read(token, UNSUBSCRIBE_SALT)  # no expiry: an old message must still work
    return value if isinstance(value, int) else None


def privacy_email(token) -> str | None:
    from masthead.comments.models import Comment

    value = _read(token, PRIVACY_SALT, PRIVACY_MAX_AGE)
    if not isinstance(value, dict) or not isinstance(value.get("c"), int) or not isinstance(value.get("h"), str):
        return None
    email = Comment.objects.filter(pk=value["c"]).values_list("author_email", flat=True).first()
    if not email or not constant_time_compare(_address_hash(email), value["h"]):
        return None  # the comment was erased, or its address changed
    return email
