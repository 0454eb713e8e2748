"""System checks (`masthead check`, and at every start): payments configured by halves."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def stripe_keys_come_in_pairs(app_configs, **kwargs):
    config = settings.MASTHEAD_PAYMENTS.get("default") or {}
    if not config.get("BACKEND", "").endswith("payments.stripe.StripeBackend"):
        return []
    secret, webhook = bool(config.get("SECRET_KEY")), bool(config.get("WEBHOOK_SECRET"))
    if secret == webhook:
        return []
    missing = "STRIPE_WEBHOOK_SECRET" if secret else "STRIPE_SECRET_KEY"
    return [Warning(
        f"Card gifts are off: {missing} is not set.",
        hint="Both Stripe keys are needed; without the webhook secret no payment could be recorded. See docs/operations.md.",
        id="fundraising.W001",
    )]
