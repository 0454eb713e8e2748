"""Signed links a reader follows from an email: confirm a reply subscription, unsubscribe
in one click, and reach their own comments to export or erase them. Each is an HMAC over a
small payload with its own salt, so one kind of link cannot be used as another, and none
carries an email address in clear in a URL a server log might keep (the privacy link signs
the address inside an opaque token)."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

CONFIRM_SALT = "masthead.comments.confirm"
UNSUBSCRIBE_SALT = "masthead.comments.unsubscribe"
PRIVACY_SALT = "masthead.comments.privacy"
CONFIRM_MAX_AGE = 7 * 24 * 3600
PRIVACY_MAX_AGE = 24 * 3600


def absolute(path: str) -> str:
    return f"{settings.BASE_URL}{path}"


def _token(value, salt) -> str:
    return signing.dumps(value, salt=salt, compress=True)


def _read(token, salt, max_age=None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None


def confirm_url(subscription) -> str:
    return absolute(reverse("comments:confirm", args=[_token(subscription.pk, CONFIRM_SALT)]))


def unsubscribe_url(subscription) -> str:
    return absolute(reverse("comments:unsubscribe", args=[_token(subscription.pk, UNSUBSCRIBE_SALT)]))


def privacy_url(email: str) -> str:
    return absolute(reverse("comments:privacy_manage", args=[_token(email.lower(), PRIVACY_SALT)]))


def confirmed_subscription_id(token) -> int | None:
    value = _read(token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    return value if isinstance(value, int) else None


def unsubscribe_subscription_id(token) -> int | None:
    value = _read(token, UNSUBSCRIBE_SALT)  # no expiry: an old message must still work
    return value if isinstance(value, int) else None


def privacy_email(token) -> str | None:
    value = _read(token, PRIVACY_SALT, PRIVACY_MAX_AGE)
    return value if isinstance(value, str) else None
