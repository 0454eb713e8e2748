"""Stripe webhook deliveries for tests: the payloads in fixtures/stripe/*.json (real events,
ids and amounts changed per test), signed exactly as Stripe signs them, with the official
library's own `WebhookSignature.generate_signature_header`."""

import copy
import itertools
import json
import time
from pathlib import Path

import stripe

FIXTURES = Path(__file__).parent / "fixtures" / "stripe"
SECRET = "whsec_test_masthead"
WEBHOOK_URL = "/fundraising/stripe/webhook/"
_ids = itertools.count(1)


def _merge(target: dict, changes: dict) -> dict:
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge(target[key], value)
        else:
            target[key] = value
    return target


def event(fixture: str, obj: dict | None = None, **fields) -> dict:
    """The fixture event with a fresh id, created now, and `obj` merged into data.object."""
    payload = json.loads((FIXTURES / f"{fixture}.json").read_text())
    payload["id"] = f"evt_test_{next(_ids):06d}"
    payload["created"] = int(time.time())
    _merge(payload["data"]["object"], copy.deepcopy(obj or {}))
    payload.update(fields)
    return payload


def sign(body: str, secret: str = SECRET, timestamp: int | None = None) -> str:
    return stripe.WebhookSignature.generate_signature_header(body, secret, timestamp)


def deliver(client, payload: dict | None = None, *, body: str | None = None, secret: str = SECRET, header: str | None = None,
            url: str = WEBHOOK_URL):
    body = json.dumps(payload) if body is None else body
    header = sign(body, secret) if header is None else header
    return client.post(url, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)


# Events of one gift's life, as Stripe would send them -----------------------------------

def one_time_paid(intent="pi_test_one", amount=2500, currency="usd", **metadata) -> dict:
    meta = {"masthead": "donation", "frequency": "one_time", "donor_name": "Amal H.", "message": "", "public": "no"}
    meta.update(metadata)
    return event("checkout.session.completed.payment", {
        "id": f"cs_test_{intent}", "payment_intent": intent, "amount_total": amount, "amount_subtotal": amount,
        "currency": currency, "metadata": meta,
    })


def monthly_started(subscription="sub_test_m", invoice="in_test_first", customer="cus_test_m", amount=1000, currency="usd") -> dict:
    return event("checkout.session.completed.subscription", {
        "id": f"cs_test_{subscription}", "subscription": subscription, "invoice": invoice, "customer": customer,
        "amount_total": amount, "amount_subtotal": amount, "currency": currency,
    })


def invoice_paid(invoice="in_test_first", subscription="sub_test_m", customer="cus_test_m", amount=1000, currency="usd",
                 billing_reason="subscription_create", intent=None) -> dict:
    """`intent`: the PaymentIntent that paid it, listed in the invoice's payments (the id a
    refund or dispute of its charge names)."""
    payload = event("invoice.paid", {
        "id": invoice, "amount_paid": amount, "amount_due": amount, "total": amount, "subtotal": amount, "currency": currency,
        "customer": customer, "billing_reason": billing_reason,
        "parent": {"subscription_details": {"subscription": subscription}},
    })
    if intent:
        payload["data"]["object"]["payments"] = {"object": "list", "data": [
            {"id": f"inpay_{intent}", "object": "invoice_payment", "payment": {"type": "payment_intent", "payment_intent": intent}}]}
    return payload


def refunded(charge="ch_test_one", intent="pi_test_one", amount=2500, refunded_so_far=2500, customer=None, ours=True,
             currency="usd") -> dict:
    obj = {"id": charge, "payment_intent": intent, "amount": amount, "amount_captured": amount, "amount_refunded": refunded_so_far,
           "refunded": refunded_so_far >= amount, "customer": customer, "currency": currency}
    payload = event("charge.refunded", obj)
    if not ours:
        payload["data"]["object"]["metadata"] = {}
    return payload


def dispute(kind="created", dispute_id="dp_test_1", charge="ch_test_one", intent="pi_test_one", amount=2500, status=None,
            currency="usd") -> dict:
    fixture = "charge.dispute.closed" if kind in ("closed", "funds_reinstated") else "charge.dispute.created"
    default_status = {"created": "needs_response", "funds_withdrawn": "needs_response", "closed": "won", "funds_reinstated": "won"}[kind]
    payload = event(fixture, {"id": dispute_id, "charge": charge, "payment_intent": intent, "amount": amount, "currency": currency,
                              "status": status or default_status})
    payload["type"] = f"charge.dispute.{kind}"
    return payload


def subscription_ended(subscription="sub_test_m", customer="cus_test_m") -> dict:
    return event("customer.subscription.deleted", {"id": subscription, "customer": customer})
