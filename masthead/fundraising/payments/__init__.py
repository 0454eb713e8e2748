"""Card payments, pluggable: `settings.MASTHEAD_PAYMENTS` is a dict of backends, each
`{"BACKEND": "dotted.path", ...options}`. `default` takes the card gifts; masthead ships the
Stripe Checkout backend (stripe.py) and a dummy that records its calls for tests (dummy.py).
A backend without its keys is disabled: the support page hides the card option and the
webhook refuses every delivery.
"""

from masthead.core.backends import get_backend
from masthead.fundraising.payments.base import Donation, InvalidWebhook, PaymentBackend, PaymentUnavailable

__all__ = ["Donation", "InvalidWebhook", "PaymentBackend", "PaymentUnavailable", "backend", "card_enabled"]


def backend(alias: str = "default") -> PaymentBackend:
    return get_backend("MASTHEAD_PAYMENTS", alias, fallback="masthead.fundraising.payments.base.DisabledBackend")


def card_enabled() -> bool:
    return backend().enabled
