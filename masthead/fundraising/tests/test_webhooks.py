import json
import time

import pytest
from django.db.models import Sum

from masthead.fundraising.models import LedgerEntry, MonthlyDonor, StripeEvent
from masthead.fundraising.progress import current_progress
from masthead.fundraising.tests import stripe_payloads as stripe
from masthead.testing.builders import make_goal

pytestmark = pytest.mark.django_db

Kind = LedgerEntry.Kind


@pytest.fixture(autouse=True)
def _keys(stripe_keys, frozen):
    pass


def total() -> int:
    return LedgerEntry.objects.aggregate(total=Sum("amount_minor"))["total"] or 0


def entries():
    return list(LedgerEntry.objects.order_by("pk").values_list("kind", "amount_minor", "currency"))


# Each event type ---------------------------------------------------------------------------

def test_one_time_checkout_records_the_gift_from_the_event(client):
    event = stripe.one_time_paid("pi_1", 2500, donor_name="Amal H.", message="For the desert desk.", public="yes")
    response = stripe.deliver(client, event)
    assert response.status_code == 200
    assert response.content.decode() == "Processed: One-time gift: recorded 25 $"
    entry = LedgerEntry.objects.get()
    assert (entry.kind, entry.amount_minor, entry.currency, entry.frequency, entry.method) == (Kind.DONATION, 2500, "USD", "one_time", "card")
    assert (entry.donor_name, entry.donor_email, entry.message, entry.show_publicly) == ("Amal H.", "amal@example.org", "For the desert desk.", True)
    assert entry.external_id == "stripe:payment:pi_1" and entry.payment_ref == "pi_1"
    assert entry.stripe_event.event_id == event["id"]
    assert entry.source() == f"Stripe {event['id']}"
    assert StripeEvent.objects.get().status == StripeEvent.Status.PROCESSED


def test_gift_shows_in_the_bar_on_the_next_request(client, support_page):
    make_goal(500000)
    assert current_progress().raised_minor == 0  # cached now
    stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))
    assert current_progress().raised_minor == 2500
    assert 'aria-valuenow="25"' in client.get(support_page.url).content.decode()


def test_first_monthly_payment_is_recorded_once_from_checkout_and_invoice(client):
    stripe.deliver(client, stripe.monthly_started(invoice="in_first"))
    stripe.deliver(client, stripe.invoice_paid(invoice="in_first", billing_reason="subscription_create"))
    assert entries() == [(Kind.DONATION, 1000, "USD")]
    entry = LedgerEntry.objects.get()
    assert (entry.frequency, entry.external_id, entry.customer_ref, entry.subscription_ref) == ("monthly", "stripe:invoice:in_first", "cus_test_m", "sub_test_m")
    assert StripeEvent.objects.filter(note="Monthly payment: already recorded").count() == 1
    donor = MonthlyDonor.objects.get()
    assert (donor.customer_ref, donor.amount_minor, donor.donor_email, donor.cancelled_at) == ("cus_test_m", 1000, "jonas@example.net", None)


def test_first_monthly_payment_is_recorded_once_when_the_invoice_arrives_first(client):
    stripe.deliver(client, stripe.invoice_paid(invoice="in_first", billing_reason="subscription_create"))
    stripe.deliver(client, stripe.monthly_started(invoice="in_first"))
    assert entries() == [(Kind.DONATION, 1000, "USD")]


def test_each_renewal_is_recorded_from_invoice_paid(client):
    stripe.deliver(client, stripe.monthly_started(invoice="in_1"))
    stripe.deliver(client, stripe.invoice_paid(invoice="in_2", billing_reason="subscription_cycle"))
    stripe.deliver(client, stripe.invoice_paid(invoice="in_3", billing_reason="subscription_cycle"))
    assert entries() == [(Kind.DONATION, 1000, "USD")] * 3
    assert MonthlyDonor.objects.count() == 1


def test_renewal_names_its_payment_intent_when_the_invoice_lists_payments(client):
    event = stripe.invoice_paid(invoice="in_2", billing_reason="subscription_cycle")
    event["data"]["object"]["payments"] = {"object": "list", "data": [
        {"id": "inpay_1", "object": "invoice_payment", "payment": {"type": "payment_intent", "payment_intent": "pi_renewal"}}]}
    stripe.deliver(client, event)
    assert LedgerEntry.objects.get().payment_ref == "pi_renewal"


def test_partial_refunds_record_only_what_each_adds(client):
    stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))
    stripe.deliver(client, stripe.refunded("ch_1", "pi_1", 2500, refunded_so_far=1000))
    stripe.deliver(client, stripe.refunded("ch_1", "pi_1", 2500, refunded_so_far=1500))
    assert entries() == [(Kind.DONATION, 2500, "USD"), (Kind.REFUND, -1000, "USD"), (Kind.REFUND, -500, "USD")]
    assert total() == 1000


def test_full_refund_brings_the_gift_to_zero(client):
    stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))
    stripe.deliver(client, stripe.refunded("ch_1", "pi_1", 2500, refunded_so_far=2500))
    assert total() == 0
    assert LedgerEntry.objects.get(kind=Kind.REFUND).payment_ref == "ch_1"


def test_partial_refunds_arriving_out_of_order_count_the_larger_total_once(client):
    stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))
    stripe.deliver(client, stripe.refunded("ch_1", "pi_1", 2500, refunded_so_far=1500))
    late = stripe.deliver(client, stripe.refunded("ch_1", "pi_1", 2500, refunded_so_far=1000))
    assert late.content.decode() == "Processed: Refunds of ch_1 up to 10 $: already recorded"
    assert entries() == [(Kind.DONATION, 2500, "USD"), (Kind.REFUND, -1500, "USD")]


def test_refund_of_a_monthly_charge_waits_for_its_gift_then_is_recorded(client):
    refund = stripe.refunded("ch_m", "pi_m", 1000, refunded_so_far=1000, customer="cus_test_m", ours=False)
    stripe.deliver(client, refund)
    waiting = StripeEvent.objects.get(event_id=refund["id"])
    assert waiting.status == StripeEvent.Status.WAITING
    assert waiting.note == "No masthead gift with pi_m or ch_m is recorded yet."
    assert total() == 0

    # Checkout names the invoice only; the invoice names the PaymentIntent the charge names.
    stripe.deliver(client, stripe.monthly_started(customer="cus_test_m", invoice="in_first"))
    waiting.refresh_from_db()
    assert waiting.status == StripeEvent.Status.WAITING
    stripe.deliver(client, stripe.invoice_paid(invoice="in_first", intent="pi_m"))
    waiting.refresh_from_db()
    assert waiting.status == StripeEvent.Status.PROCESSED
    assert entries() == [(Kind.DONATION, 1000, "USD"), (Kind.REFUND, -1000, "USD")]


def test_refund_of_another_charge_of_a_donor_is_not_recorded(client):
    """Issue 9: a 20 $ gift, then a 90 $ refund of an unrelated charge of the same Stripe
    customer, recorded "Refund: -90 $" by matching on the customer."""
    stripe.deliver(client, stripe.monthly_started(customer="cus_donor", amount=2000))
    response = stripe.deliver(client, stripe.refunded("ch_other", "pi_other", 9000, refunded_so_far=9000, customer="cus_donor", ours=False))
    assert response.content.decode() == "Waiting: No masthead gift with pi_other or ch_other is recorded yet."
    assert total() == 2000


def test_refund_with_our_marker_but_no_recorded_payment_counts_nothing(client):
    response = stripe.deliver(client, stripe.refunded("ch_x", "pi_never_paid", 5000, refunded_so_far=5000, ours=True))
    assert response.content.decode() == "Waiting: No masthead gift with pi_never_paid or ch_x is recorded yet."
    assert total() == 0


def test_a_refund_never_takes_out_more_than_the_gift(client):
    stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))
    stripe.deliver(client, stripe.refunded("ch_1", "pi_1", 9000, refunded_so_far=9000))
    assert total() == 0


def test_dispute_of_a_refund_row_is_not_a_gift(client):
    stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))
    stripe.deliver(client, stripe.refunded("ch_1", "pi_1", 2500, refunded_so_far=2500))
    response = stripe.deliver(client, stripe.dispute(charge="ch_1", intent="", amount=2500))
    assert response.content.decode().startswith("Waiting:")
    assert total() == 0


def test_signed_event_from_the_far_future_is_refused_not_a_server_error(client):
    event = stripe.one_time_paid("pi_1", 2500)
    event["created"] = 10**12
    response = stripe.deliver(client, event)
    assert response.status_code == 400
    assert response.content.decode() == "The event's creation time 1000000000000 is not a date Stripe could have sent."
    assert StripeEvent.objects.count() == 0


def test_refund_of_a_charge_that_is_not_a_gift_is_never_recorded(client, frozen):
    from datetime import timedelta

    from masthead.fundraising.actions import WAIT_ATTEMPTS, retry_due

    refund = stripe.refunded("ch_shop", "pi_shop", 5000, refunded_so_far=5000, ours=False)
    stripe.deliver(client, refund)
    for _ in range(WAIT_ATTEMPTS):
        frozen.tick(timedelta(hours=7))
        retry_due()
    row = StripeEvent.objects.get(event_id=refund["id"])
    assert row.status == StripeEvent.Status.IGNORED
    assert row.note == f"Gave up after {WAIT_ATTEMPTS} tries: No masthead gift with pi_shop or ch_shop is recorded yet."
    assert total() == 0


def test_dispute_takes_the_money_out_and_winning_brings_it_back(client):
    stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))
    stripe.deliver(client, stripe.dispute("created", "dp_1", "ch_1", "pi_1", 2500))
    assert total() == 0
    stripe.deliver(client, stripe.dispute("closed", "dp_1", "ch_1", "pi_1", 2500, status="won"))
    assert entries() == [(Kind.DONATION, 2500, "USD"), (Kind.DISPUTE, -2500, "USD"), (Kind.DISPUTE_WON, 2500, "USD")]
    assert total() == 2500


def test_lost_dispute_keeps_the_money_out(client):
    stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))
    stripe.deliver(client, stripe.dispute("created", "dp_1", "ch_1", "pi_1", 2500))
    stripe.deliver(client, stripe.dispute("closed", "dp_1", "ch_1", "pi_1", 2500, status="lost"))
    assert total() == 0
    assert LedgerEntry.objects.filter(kind=Kind.DISPUTE).count() == 1


def test_dispute_closed_before_created_arrives_is_recorded_once(client):
    stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))
    stripe.deliver(client, stripe.dispute("closed", "dp_1", "ch_1", "pi_1", 2500, status="won"))
    stripe.deliver(client, stripe.dispute("created", "dp_1", "ch_1", "pi_1", 2500))
    assert entries() == [(Kind.DONATION, 2500, "USD"), (Kind.DISPUTE, -2500, "USD"), (Kind.DISPUTE_WON, 2500, "USD")]


def test_inquiry_withdraws_nothing_until_it_becomes_a_dispute(client):
    stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))
    response = stripe.deliver(client, stripe.dispute("created", "dp_1", "ch_1", "pi_1", 2500, status="warning_needs_response"))
    assert response.content.decode() == "Ignored: An inquiry: no money has been withdrawn."
    assert total() == 2500
    stripe.deliver(client, stripe.dispute("funds_withdrawn", "dp_1", "ch_1", "pi_1", 2500))
    assert total() == 0


def test_dispute_arriving_before_its_gift_waits_for_it(client):
    stripe.deliver(client, stripe.dispute("created", "dp_1", "ch_1", "pi_1", 2500))
    assert StripeEvent.objects.get().status == StripeEvent.Status.WAITING
    stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))
    assert total() == 0
    assert StripeEvent.objects.filter(status=StripeEvent.Status.WAITING).count() == 0


def test_cancelled_monthly_gift_ends_the_donor(client):
    stripe.deliver(client, stripe.monthly_started())
    stripe.deliver(client, stripe.subscription_ended())
    donor = MonthlyDonor.objects.get()
    assert donor.cancelled_at is not None
    assert total() == 1000  # the payments made stay in the ledger


def test_checkout_that_is_not_a_masthead_gift_is_ignored(client):
    event = stripe.one_time_paid("pi_shop")
    event["data"]["object"]["metadata"] = {"order": "T-shirt"}
    response = stripe.deliver(client, event)
    assert response.content.decode() == "Ignored: A Checkout session that is not a masthead gift."
    assert total() == 0


def test_delayed_payment_is_recorded_when_it_succeeds(client):
    pending = stripe.one_time_paid("pi_sepa")
    pending["data"]["object"]["payment_status"] = "unpaid"
    stripe.deliver(client, pending)
    assert total() == 0
    succeeded = stripe.one_time_paid("pi_sepa")
    succeeded["type"] = "checkout.session.async_payment_succeeded"
    stripe.deliver(client, succeeded)
    assert total() == 2500


def test_event_masthead_does_not_handle_is_kept_as_ignored(client):
    response = stripe.deliver(client, stripe.event("charge.refunded", type="charge.updated"))
    assert response.status_code == 200
    assert StripeEvent.objects.get().note == "masthead records nothing for charge.updated."


def test_gift_in_another_currency_keeps_its_currency(client):
    stripe.deliver(client, stripe.one_time_paid("pi_eur", 2000, currency="eur"))
    assert entries() == [(Kind.DONATION, 2000, "EUR")]


# Exactly once --------------------------------------------------------------------------

def test_replayed_event_is_answered_200_and_recorded_once(client):
    event = stripe.one_time_paid("pi_1", 2500)
    body = json.dumps(event)
    header = stripe.sign(body)
    first = stripe.deliver(client, body=body, header=header)
    again = stripe.deliver(client, body=body, header=header)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.content.decode() == "Already received (processed)."
    assert entries() == [(Kind.DONATION, 2500, "USD")]
    assert StripeEvent.objects.count() == 1


def test_stripe_retry_signed_later_is_recorded_once(client, frozen):
    from datetime import timedelta

    event = stripe.one_time_paid("pi_1", 2500)
    stripe.deliver(client, event)
    frozen.tick(timedelta(hours=1))
    assert stripe.deliver(client, event).status_code == 200  # a fresh signature, as Stripe's retries carry
    assert total() == 2500


def test_two_events_reporting_the_same_payment_count_it_once(client):
    stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))
    stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))  # another event id, same PaymentIntent
    assert total() == 2500
    assert StripeEvent.objects.count() == 2


# Refused deliveries record nothing ---------------------------------------------------------

def assert_refused(response, message):
    assert response.status_code == 400
    assert response.content.decode() == message
    assert StripeEvent.objects.count() == 0 and LedgerEntry.objects.count() == 0


BAD_SIGNATURE = "The Stripe-Signature header does not match this body and secret."


def test_bad_signature_is_refused(client):
    body = json.dumps(stripe.one_time_paid())
    t = int(time.time())
    assert_refused(stripe.deliver(client, body=body, header=f"t={t},v1={'0' * 64}"), BAD_SIGNATURE)


def test_wrong_secret_is_refused(client):
    assert_refused(stripe.deliver(client, stripe.one_time_paid(), secret="whsec_someone_else"), BAD_SIGNATURE)


def test_body_changed_after_signing_is_refused(client):
    body = json.dumps(stripe.one_time_paid("pi_1", 2500))
    header = stripe.sign(body)
    forged = body.replace('"amount_total": 2500', '"amount_total": 250000')
    assert forged != body
    assert_refused(stripe.deliver(client, body=forged, header=header), BAD_SIGNATURE)


def test_missing_signature_header_is_refused(client):
    response = client.post(stripe.WEBHOOK_URL, data=json.dumps(stripe.one_time_paid()), content_type="application/json")
    assert_refused(response, BAD_SIGNATURE)


def test_signature_older_than_five_minutes_is_refused(client):
    body = json.dumps(stripe.one_time_paid())
    assert_refused(stripe.deliver(client, body=body, header=stripe.sign(body, timestamp=int(time.time()) - 301)), BAD_SIGNATURE)


@pytest.mark.parametrize("body", [b"not json at all", b"[1, 2, 3]", b'{"id": "evt_1", "object": "event"}', b"\xff\xfe{}"],
                         ids=["not-json", "a-list", "not-an-event", "not-utf-8"])
def test_malformed_body_is_refused_even_when_signed(client, body):
    header = stripe.sign(body.decode("utf-8", "replace"))
    response = client.post(stripe.WEBHOOK_URL, data=body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
    assert_refused(response, "The body is not a Stripe event.")


def test_event_for_another_api_version_is_refused(client):
    from masthead.fundraising.payments.stripe import API_VERSION

    event = stripe.one_time_paid()
    event["api_version"] = "2024-06-20"
    assert_refused(stripe.deliver(client, event),
                   f"This event is rendered for Stripe API version 2024-06-20; register the endpoint with version {API_VERSION}.")


def test_webhook_refuses_everything_without_a_secret(client, settings):
    settings.MASTHEAD_PAYMENTS = {"default": {"BACKEND": "masthead.fundraising.payments.stripe.StripeBackend", "SECRET_KEY": "", "WEBHOOK_SECRET": ""}}
    assert_refused(stripe.deliver(client, stripe.one_time_paid()),
                   "Stripe webhooks are not configured here (STRIPE_WEBHOOK_SECRET is empty).")


def test_webhook_answers_only_post(client):
    assert client.get(stripe.WEBHOOK_URL).status_code == 405


# A failing handler loses nothing ---------------------------------------------------------

def test_event_whose_handling_fails_is_kept_and_retried_until_recorded(client, frozen, monkeypatch):
    from datetime import timedelta

    from masthead.fundraising import stripe_events
    from masthead.fundraising.actions import retry_due

    real = stripe_events.HANDLERS["checkout.session.completed"]

    def broken(row, session):
        LedgerEntry.objects.create(amount_minor=99, currency="USD")  # rolled back with the savepoint
        raise RuntimeError("database hiccup")

    monkeypatch.setitem(stripe_events.HANDLERS, "checkout.session.completed", broken)
    response = stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))
    assert response.status_code == 200
    row = StripeEvent.objects.get()
    assert (row.status, row.attempts, row.note) == (StripeEvent.Status.FAILED, 1, "The handler failed; retried automatically.")
    assert "RuntimeError: database hiccup" in row.error
    assert total() == 0

    monkeypatch.setitem(stripe_events.HANDLERS, "checkout.session.completed", real)
    assert retry_due() == {"events": 0, "receipts": 0}  # not due yet
    frozen.tick(timedelta(minutes=2))
    assert retry_due()["events"] == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.error) == (StripeEvent.Status.PROCESSED, 2, "")
    assert total() == 2500


def test_stripe_redelivering_a_failed_event_retries_it_at_once(client, monkeypatch):
    from masthead.fundraising import stripe_events

    event = stripe.one_time_paid("pi_1", 2500)
    monkeypatch.setitem(stripe_events.HANDLERS, "checkout.session.completed", lambda row, obj: 1 / 0)
    stripe.deliver(client, event)
    monkeypatch.undo()
    assert stripe.deliver(client, event).content.decode() == "Already received (failed)."
    assert StripeEvent.objects.get().status == StripeEvent.Status.PROCESSED
    assert total() == 2500


def test_failed_event_is_queued_for_later_on_a_queue_that_can_wait(client, settings, monkeypatch):
    from django_tasks import task_backends

    from masthead.fundraising import stripe_events

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    monkeypatch.setitem(stripe_events.HANDLERS, "checkout.session.completed", lambda row, obj: 1 / 0)
    stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))
    row = StripeEvent.objects.get()
    [queued] = [r for r in task_backends["default"].results if r.task.name == "process_stripe_event"]
    assert queued.args == [row.pk]
    assert queued.task.run_after == row.next_attempt_at


def test_retry_command_reports_what_it_did(client, frozen, monkeypatch):
    from datetime import timedelta
    from io import StringIO

    from django.core.management import call_command

    from masthead.fundraising import stripe_events

    monkeypatch.setitem(stripe_events.HANDLERS, "checkout.session.completed", lambda row, obj: 1 / 0)
    stripe.deliver(client, stripe.one_time_paid("pi_1", 2500))
    monkeypatch.undo()
    frozen.tick(timedelta(minutes=2))
    out = StringIO()
    call_command("retry_fundraising", stdout=out)
    assert out.getvalue() == "Retried 1 Stripe event(s); sent 0 missing receipt(s).\n"
    assert total() == 2500
