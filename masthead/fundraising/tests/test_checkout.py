"""Checkout Sessions and the customer portal, created with the official library against a
local fake of Stripe's API (payments/fake_stripe.py): what masthead asks Stripe for, exactly."""

import pytest
from django.core import mail

from masthead.fundraising import donor_links
from masthead.fundraising.models import Receipt
from masthead.fundraising.payments.stripe import API_VERSION
from masthead.fundraising.tests import stripe_payloads as stripe
from masthead.fundraising.tests.conftest import STRIPE_KEY

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
SESSIONS = "/v1/checkout/sessions"


def donate(client, **fields):
    data = {"amount": "2500", "other_amount": "", "frequency": "one_time", "donor_name": "", "message": ""}
    data.update(fields)
    return client.post("/fundraising/donate/", data, **ORIGIN)


def test_one_time_gift_creates_a_payment_session_with_the_server_validated_amount(client, support_page, stripe_keys):
    response = donate(client, amount="5000", donor_name="Amal", message="For the desk.", public="on")
    [request] = stripe_keys.requests
    assert request["path"] == SESSIONS
    assert request["headers"]["Authorization"] == f"Bearer {STRIPE_KEY}"
    assert request["headers"]["Stripe-Version"] == API_VERSION
    assert request["params"] == {
        "line_items[0][quantity]": "1",
        "line_items[0][price_data][currency]": "usd",
        "line_items[0][price_data][unit_amount]": "5000",
        "line_items[0][price_data][product_data][name]": "Gift to The Test Dispatch",
        "success_url": "http://testserver/fundraising/thanks/?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": f"http://testserver{support_page.url}",
        "metadata[masthead]": "donation",
        "metadata[frequency]": "one_time",
        "metadata[donor_name]": "Amal",
        "metadata[message]": "For the desk.",
        "metadata[public]": "yes",
        "mode": "payment",
        "submit_type": "donate",
        "payment_intent_data[metadata][masthead]": "donation",
        "payment_intent_data[metadata][frequency]": "one_time",
        "payment_intent_data[metadata][donor_name]": "Amal",
        "payment_intent_data[metadata][message]": "For the desk.",
        "payment_intent_data[metadata][public]": "yes",
        "payment_intent_data[description]": "Gift to The Test Dispatch",
    }
    assert response.status_code == 303
    assert response["Location"] == f"{stripe_keys.url}/c/pay/cs_test_fake0001"


def test_monthly_gift_creates_a_subscription_session_carrying_the_marker(client, support_page, stripe_keys):
    donate(client, other_amount="12", frequency="monthly")
    params = stripe_keys.calls(SESSIONS)[0]
    assert params["mode"] == "subscription"
    assert params["line_items[0][price_data][unit_amount]"] == "1200"
    assert params["line_items[0][price_data][recurring][interval]"] == "month"
    assert params["subscription_data[metadata][masthead]"] == "donation"
    assert params["subscription_data[metadata][frequency]"] == "monthly"
    assert "submit_type" not in params and "payment_intent_data[metadata][masthead]" not in params


def test_refused_amount_never_reaches_stripe(client, support_page, stripe_keys):
    assert donate(client, other_amount="0.50").status_code == 400
    assert stripe_keys.requests == []


@pytest.mark.parametrize("status", [400, 500])
def test_stripe_refusing_the_session_tells_the_reader_nothing_was_charged(client, support_page, stripe_keys, status):
    stripe_keys.fail_with = (status, "Something went wrong")
    response = donate(client, donor_name="Kept Name")
    html = response.content.decode()
    assert response.status_code == 502
    assert "We could not reach our card processor, and nothing was charged." in html
    assert 'value="Kept Name"' in html


def test_card_option_shows_once_both_keys_are_set(client, support_page, stripe_keys):
    assert "Give by card" in client.get(support_page.url).content.decode()


# Receipts and the manage link --------------------------------------------------------------

def test_one_time_gift_gets_one_receipt_with_amount_date_reference_and_organisation(client, site, stripe_keys, frozen):
    from masthead.fundraising.models import LedgerEntry
    from masthead.testing.builders import make_support_page

    make_support_page(site["home"], receipt_details="The Test Dispatch Ltd\n1 Example Street\nCharity no. 123")
    event = stripe.one_time_paid("pi_1", 2500)
    stripe.deliver(client, event)
    stripe.deliver(client, event)  # a replay sends nothing
    [message] = mail.outbox
    entry = LedgerEntry.objects.get()
    assert message.to == ["amal@example.org"]
    assert message.subject == "Your receipt from The Test Dispatch: 25 $"
    assert "Amount:     25 $ (one-time)" in message.body
    assert "Date:       14 May 2026" in message.body
    assert f"Reference:  2026-{entry.pk:06d}" in message.body
    assert "The Test Dispatch Ltd\n1 Example Street\nCharity no. 123" in message.body
    assert "/fundraising/manage/" not in message.body
    assert Receipt.objects.get().entry == entry


def test_monthly_receipt_carries_a_signed_link_to_manage_the_gift(client, support_page, stripe_keys):
    stripe.deliver(client, stripe.monthly_started(customer="cus_42"))
    [message] = mail.outbox
    assert "Amount:     10 $ (monthly)" in message.body
    assert donor_links.manage_url("cus_42") in message.body


def test_manage_link_opens_the_stripe_customer_portal(client, support_page, stripe_keys):
    path = donor_links.manage_url("cus_42").replace("http://testserver", "")
    page = client.get(path)
    assert page.status_code == 200 and "Manage my monthly gift" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    assert stripe_keys.requests == []  # opening the link (or a mail scanner doing so) does nothing
    response = client.post(path, **ORIGIN)
    assert response.status_code == 303
    assert response["Location"] == f"{stripe_keys.url}/p/session/cus_42"
    assert stripe_keys.calls("/v1/billing_portal/sessions") == [{"customer": "cus_42", "return_url": f"http://testserver{support_page.url}"}]


def test_forged_manage_link_shows_nothing(client, support_page, stripe_keys):
    forged = donor_links.token_for("cus_42")[:-2] + "xx"
    response = client.get(f"/fundraising/manage/{forged}/")
    assert response.status_code == 404
    assert "This link is not valid." in response.content.decode()
    assert client.post(f"/fundraising/manage/{forged}/", **ORIGIN).status_code == 404
    assert stripe_keys.requests == []


def test_manage_post_from_another_site_is_refused(client, support_page, stripe_keys):
    path = f"/fundraising/manage/{donor_links.token_for('cus_42')}/"
    response = client.post(path, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert stripe_keys.requests == []


def test_one_address_cannot_make_stripe_sessions_without_end(client, support_page, stripe_keys):
    """Issue 9: 30 posts from one address each called Stripe."""
    for _ in range(10):
        assert donate(client).status_code == 303
    refused = donate(client)
    assert refused.status_code == 429
    assert "You have started 10 gifts in the last 10 minutes, the most we accept from one address. Nothing was charged." in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    assert refused["Cache-Control"] == "private, no-store"
    assert len(stripe_keys.requests) == 10
    from django.test import Client

    assert Client(REMOTE_ADDR="198.51.100.8").post("/fundraising/donate/", {"amount": "2500", "frequency": "one_time"}, **ORIGIN).status_code == 303
