"""The signed link a monthly donor uses to manage or cancel their gift.

The link names the donor's Stripe customer, signed with SECRET_KEY: only the receipt it was
emailed in carries it, and it cannot be forged or pointed at another donor. It does not
expire (donors keep receipts for years); what it opens, Stripe's customer portal, is a fresh
session that does.
"""

from django.core import signing
from django.urls import reverse

from masthead.core.site import absolute_url

SALT = "masthead.fundraising.manage-gift"


def token_for(customer_ref: str) -> str:
    return signing.dumps(customer_ref, salt=SALT)


def customer_from(token: str) -> str | None:
    try:
        return signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None


def manage_url(customer_ref: str) -> str:
    return absolute_url(reverse("fundraising:manage", args=[token_for(customer_ref)]))
