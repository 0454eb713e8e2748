"""Card gifts through Stripe Checkout, with the official `stripe` library.

Options (settings.MASTHEAD_PAYMENTS["default"]): SECRET_KEY (sk_…), WEBHOOK_SECRET (whsec_…,
the signing secret of the webhook endpoint), API_BASE (another address for Stripe's API,
e.g. a local fake in tests; empty: `stripe.api_base`). Both keys are needed: taking card
payments without a webhook to record them would lose gifts, so the backend is disabled
until both are set.

The webhook endpoint must be registered with the API version this library speaks
(`API_VERSION`, shown in docs/operations.md); an event rendered for another version is
refused, since its fields may not mean what the handlers expect.
"""

import json
import logging
import time

import stripe

from masthead.fundraising.payments.base import (
    MARKER, MONTHLY, ONE_TIME, CheckoutGift, Donation, InvalidWebhook, PaymentBackend, PaymentUnavailable,
)
from masthead.fundraising.payments.stripe_currencies import refusal, to_stripe

logger = logging.getLogger("masthead.fundraising")

API_VERSION = stripe.api_version  # the version the pinned library was generated for
EARLIEST_EVENT = 1262304000  # 2010-01-01, before Stripe's first event: older is no real event


class StripeBackend(PaymentBackend):
    label = "Card"

    def __init__(self, alias, options):
        super().__init__(alias, options)
        self.secret_key = options.get("SECRET_KEY") or ""
        self.webhook_secret = options.get("WEBHOOK_SECRET") or ""
        self.api_version = options.get("API_VERSION") or API_VERSION
        self._client = None

    @property
    def enabled(self) -> bool:
        return bool(self.secret_key and self.webhook_secret)

    @property
    def test_mode(self) -> bool:
        return self.secret_key.startswith(("sk_test_", "rk_test_"))

    @property
    def client(self) -> stripe.StripeClient:
        if self._client is None:
            self._client = stripe.StripeClient(
                self.secret_key,
                base_addresses={"api": self.options.get("API_BASE") or stripe.api_base},
                stripe_version=self.api_version,
                max_network_retries=self.options.get("MAX_NETWORK_RETRIES", 2),
            )
        return self._client

    def checkout_params(self, donation: Donation, *, success_url: str, cancel_url: str, description: str) -> dict:
        metadata = donation.metadata()
        unit_amount = to_stripe(donation.amount_minor, donation.currency)  # Stripe's minor unit, exact
        price = {"currency": donation.currency.lower(), "unit_amount": unit_amount, "product_data": {"name": description}}
        params = {
            "line_items": [{"quantity": 1, "price_data": price}],
            "success_url": f"{success_url}?session_id={{CHECKOUT_SESSION_ID}}",
            "cancel_url": cancel_url,
            "metadata": metadata,
        }
        if donation.frequency == MONTHLY:
            price["recurring"] = {"interval": "month"}
            params["mode"] = "subscription"
            # Renewals are recorded from invoice.paid, which carries the subscription's metadata.
            params["subscription_data"] = {"metadata": metadata, "description": description}
        else:
            params["mode"] = "payment"
            params["submit_type"] = "donate"
            # Copied by Stripe onto the charge, so its refunds and disputes are known as ours.
            params["payment_intent_data"] = {"metadata": metadata, "description": description}
        return params

    def amount_refusal(self, amount_minor: int, currency: str) -> str:
        return refusal(amount_minor, currency)

    def start_checkout(self, donation, *, success_url, cancel_url, description):
        params = self.checkout_params(donation, success_url=success_url, cancel_url=cancel_url, description=description)
        return self._session_url(self.client.v1.checkout.sessions, params, "a Checkout Session")

    def manage_url(self, customer_ref, *, return_url):
        params = {"customer": customer_ref, "return_url": return_url}
        return self._session_url(self.client.v1.billing_portal.sessions, params, "a customer portal session")

    def checkout_gift(self, session_ref):
        if not (self.enabled and session_ref.startswith("cs_") and len(session_ref) < 300):
            return None
        try:
            session = self.client.v1.checkout.sessions.retrieve(session_ref).to_dict()
        except stripe.StripeError as error:
            logger.warning("Could not read Checkout Session %s: %s", session_ref, error)
            return None
        metadata = session.get("metadata") or {}
        if metadata.get("masthead") != MARKER["masthead"]:
            return None  # another sale on the same Stripe account
        return CheckoutGift(
            amount_minor=session.get("amount_total") or 0,
            currency=(session.get("currency") or "").upper(),
            frequency=MONTHLY if session.get("mode") == "subscription" else ONE_TIME,
            paid=session.get("payment_status") in ("paid", "no_payment_required"),
        )

    def _session_url(self, service, params: dict, what: str) -> str:
        """Create a hosted session; any refusal or network failure is PaymentUnavailable."""
        try:
            return service.create(params).url
        except stripe.StripeError as error:
            logger.error("Stripe refused %s: %s", what, error)
            raise PaymentUnavailable(str(error)) from error

    def verify_webhook(self, body: bytes, signature: str | None) -> dict:
        if not self.webhook_secret:
            raise InvalidWebhook("Stripe webhooks are not configured here (STRIPE_WEBHOOK_SECRET is empty).")
        try:
            stripe.Webhook.construct_event(body, signature, self.webhook_secret)
        except stripe.SignatureVerificationError:
            raise InvalidWebhook("The Stripe-Signature header does not match this body and secret.")
        except Exception:  # undecodable bytes, not JSON, not an object: nothing to verify further
            raise InvalidWebhook("The body is not a Stripe event.")
        data = json.loads(body)  # plain dicts: what is stored and handled
        if not (isinstance(data.get("id"), str) and isinstance(data.get("type"), str)
                and isinstance(data.get("created"), int) and isinstance((data.get("data") or {}).get("object"), dict)):
            raise InvalidWebhook("The body is not a Stripe event.")
        if not EARLIEST_EVENT <= data["created"] <= time.time() + 86400:
            # A signed event from the far future (created=10**12) is no date Python can hold.
            raise InvalidWebhook(f"The event's creation time {data['created']} is not a date Stripe could have sent.")
        if data.get("api_version") != self.api_version:
            raise InvalidWebhook(
                f"This event is rendered for Stripe API version {data.get('api_version')}; "
                f"register the endpoint with version {self.api_version}."
            )
        return data
