"""Card payments, pluggable: `settings.MASTHEAD_PAYMENTS` is a dict of backends, each
`{"BACKEND": "dotted.path", ...options}`. `default` takes the card gifts; masthead ships the
Stripe Checkout backend (stripe.py) and a dummy that records its calls for tests (dummy.py).
A backend without its keys is disabled: the support page hides the card option and the
webhook refuses every delivery.
"""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from masthead.fundraising.payments.base import Donation, InvalidWebhook, PaymentBackend, PaymentUnavailable

__all__ = ["Donation", "InvalidWebhook", "PaymentBackend", "PaymentUnavailable", "backend", "card_enabled"]

_backends: dict[str, PaymentBackend] = {}


def backend(alias: str = "default") -> PaymentBackend:
    if alias not in _backends:
        config = dict(settings.MASTHEAD_PAYMENTS.get(alias) or {"BACKEND": "masthead.fundraising.payments.base.DisabledBackend"})
        _backends[alias] = import_string(config.pop("BACKEND"))(alias, config)
    return _backends[alias]


def card_enabled() -> bool:
    return backend().enabled


@receiver(setting_changed)
def _forget_backends(setting, **kwargs):
    if setting == "MASTHEAD_PAYMENTS":
        _backends.clear()
