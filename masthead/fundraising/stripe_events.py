"""What each Stripe event means for the ledger: one handler per event type.

Handlers read the verified event alone (never Stripe's API) and run inside the transaction
that stores the event (actions.do_receive_stripe_event). Every movement of money gets a key
(`external_id`, unique), so it is recorded once however many events report it:

    stripe:payment:<PaymentIntent>     a one-time gift (checkout.session.completed)
    stripe:invoice:<invoice>           a monthly payment: the first one is reported by both
                                       checkout.session.completed and invoice.paid
    stripe:refund:<charge>:<before>    refunds of a charge beyond the <before> already recorded:
                                       `amount_refunded` is cumulative, so late or repeated
                                       partial refunds add only what is new
    stripe:dispute:<dispute>           money withdrawn by a dispute
    stripe:dispute_won:<dispute>       and given back when the dispute is won

Amounts in events are in Stripe's minor units; `from_stripe` turns each into the ledger's
(payments/stripe_currencies.py: ISK is ×100 at Stripe, for example).

Only gifts made through masthead count: a session, subscription or charge must carry our
metadata marker, or a refund or dispute must name a payment already in the ledger. One that
names a payment not recorded yet (events arrive in any order) waits, and is handled again
as soon as that payment is recorded.
"""

from dataclasses import dataclass, field
from datetime import datetime, timezone as dt_timezone

from django.db.models import Q, Sum

from masthead.fundraising.models import LedgerEntry, MonthlyDonor, StripeEvent
from masthead.fundraising.money import format_money
from masthead.fundraising.payments.base import MARKER, MONTHLY, ONE_TIME
from masthead.fundraising.payments.stripe_currencies import from_stripe

Status = StripeEvent.Status


@dataclass
class Outcome:
    status: str
    note: str = ""
    entries: list = field(default_factory=list)  # ledger entries this event added
    waiting_for: tuple = ()  # Stripe ids of the payment it needs first
    error: str = ""


def ignored(note: str) -> Outcome:
    return Outcome(Status.IGNORED, note)


def waiting(*refs) -> Outcome:
    refs = tuple(ref for ref in refs if ref)
    return Outcome(Status.WAITING, f"No masthead gift with {' or '.join(refs)} is recorded yet.", waiting_for=refs)


def when(timestamp: int) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=dt_timezone.utc)


def _id(value) -> str:
    """A Stripe reference, whether the event gives the id or the expanded object."""
    if isinstance(value, dict):
        return value.get("id") or ""
    return value or ""


def _ours(metadata) -> bool:
    return all((metadata or {}).get(key) == value for key, value in MARKER.items())


def _gift_fields(metadata: dict, email: str) -> dict:
    name = (metadata.get("donor_name") or "").strip()[:200]
    return {
        "donor_name": name,
        "donor_email": (email or "")[:254],
        "message": (metadata.get("message") or "").strip()[:500],
        "show_publicly": metadata.get("public") == "yes" and bool(name),
    }


def append(row: StripeEvent, *, key: str, kind: str, amount_minor: int, currency: str, **fields) -> LedgerEntry | None:
    """Add the entry unless `key` is already in the ledger. The lookup saves a failed insert;
    the unique constraint is what guarantees it (a concurrent twin fails and is retried)."""
    if LedgerEntry.objects.filter(external_id=key).exists():
        return None
    return LedgerEntry.objects.create(
        external_id=key, kind=kind, amount_minor=amount_minor, currency=currency.upper(), stripe_event=row,
        occurred_at=row.created_at, method=LedgerEntry.Method.CARD, **fields,
    )


def _recorded(entries, what: str) -> Outcome:
    entries = [entry for entry in entries if entry is not None]
    if not entries:
        return Outcome(Status.PROCESSED, f"{what}: already recorded")
    money = ", ".join(format_money(entry.amount_minor, entry.currency) for entry in entries)
    return Outcome(Status.PROCESSED, f"{what}: recorded {money}", entries=entries)


def _remember_monthly_donor(subscription, customer, amount_minor, currency, gift, started_at):
    donor, created = MonthlyDonor.objects.get_or_create(
        subscription_ref=subscription,
        defaults={"customer_ref": customer, "donor_name": gift["donor_name"], "donor_email": gift["donor_email"],
                  "amount_minor": amount_minor, "currency": currency, "started_at": started_at},
    )
    if not created and started_at < donor.started_at:  # the renewal arrived before the first payment
        donor.started_at = started_at
        donor.save(update_fields=["started_at"])


def checkout_completed(row, session) -> Outcome:
    """A Checkout session paid: a one-time gift, or the first payment of a monthly one."""
    metadata = session.get("metadata") or {}
    if not _ours(metadata):
        return ignored("A Checkout session that is not a masthead gift.")
    if session.get("payment_status") != "paid":
        return ignored(f"Payment status is {session.get('payment_status')}: the gift is recorded when it is paid.")
    currency = (session.get("currency") or "").upper()
    amount = from_stripe(session.get("amount_total") or 0, currency)
    if amount <= 0:
        return ignored("Nothing was paid.")
    details = session.get("customer_details") or {}
    gift = _gift_fields(metadata, details.get("email") or session.get("customer_email") or "")
    customer = _id(session.get("customer"))
    if session.get("mode") == "subscription":
        subscription, invoice = _id(session.get("subscription")), _id(session.get("invoice"))
        _remember_monthly_donor(subscription, customer, amount, currency, gift, row.created_at)
        entry = append(
            row, key=f"stripe:invoice:{invoice}", kind=LedgerEntry.Kind.DONATION, amount_minor=amount, currency=currency,
            frequency=MONTHLY, payment_ref=invoice, customer_ref=customer, subscription_ref=subscription, **gift,
        )
        return _recorded([entry], "First monthly payment")
    payment = _id(session.get("payment_intent")) or session["id"]
    entry = append(
        row, key=f"stripe:payment:{payment}", kind=LedgerEntry.Kind.DONATION, amount_minor=amount, currency=currency,
        frequency=ONE_TIME, payment_ref=payment, customer_ref=customer, **gift,
    )
    return _recorded([entry], "One-time gift")


def invoice_paid(row, invoice) -> Outcome:
    """A monthly gift's payment: every renewal, and the first payment again (same key)."""
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    metadata = details.get("metadata") or {}
    if not _ours(metadata):
        return ignored("An invoice that is not for a masthead monthly gift.")
    currency = (invoice.get("currency") or "").upper()
    amount = from_stripe(invoice.get("amount_paid") or 0, currency)
    if amount <= 0:
        return ignored("Nothing was paid.")
    subscription, customer = _id(details.get("subscription")), _id(invoice.get("customer"))
    gift = _gift_fields(metadata, invoice.get("customer_email") or "")
    _remember_monthly_donor(subscription, customer, amount, currency, gift, row.created_at)
    payments = ((invoice.get("payments") or {}).get("data")) or []
    intents = [_id((p.get("payment") or {}).get("payment_intent")) for p in payments]
    entry = append(
        row, key=f"stripe:invoice:{invoice['id']}", kind=LedgerEntry.Kind.DONATION, amount_minor=amount,
        currency=currency, frequency=MONTHLY, payment_ref=next((i for i in intents if i), invoice["id"]),
        customer_ref=customer, subscription_ref=subscription, **gift,
    )
    return _recorded([entry], "Monthly payment")


def _gift_for(refs, customer="") -> LedgerEntry | None:
    """The earliest ledger entry naming one of these payments (or this donor's customer)."""
    query = Q(payment_ref__in=[ref for ref in refs if ref])
    if customer:
        query |= Q(customer_ref=customer)
    return LedgerEntry.objects.filter(query).order_by("pk").first()


def charge_refunded(row, charge) -> Outcome:
    """Some or all of a charge refunded. `amount_refunded` is the total so far: record what
    it adds to the refunds already in the ledger for this charge, if anything."""
    charge_id, intent, customer = charge["id"], _id(charge.get("payment_intent")), _id(charge.get("customer"))
    gift = _gift_for([intent, charge_id], customer)
    if gift is None and not _ours(charge.get("metadata")):
        return waiting(intent, customer, charge_id)
    refunded = from_stripe(charge.get("amount_refunded") or 0, charge["currency"])
    before = -(LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REFUND, payment_ref=charge_id)
               .aggregate(total=Sum("amount_minor"))["total"] or 0)
    if refunded <= before:
        return Outcome(Status.PROCESSED, f"Refunds of {charge_id} up to {format_money(refunded, charge['currency'].upper())}: already recorded")
    entry = append(
        row, key=f"stripe:refund:{charge_id}:{before}", kind=LedgerEntry.Kind.REFUND, amount_minor=-(refunded - before),
        currency=charge["currency"], payment_ref=charge_id, customer_ref=customer,
        frequency=gift.frequency if gift else (charge.get("metadata") or {}).get("frequency", ONE_TIME),
        donor_name=gift.donor_name if gift else "",
    )
    return _recorded([entry], "Refund")


def _dispute_entries(row, dispute, won: bool):
    charge, intent = _id(dispute.get("charge")), _id(dispute.get("payment_intent"))
    gift = _gift_for([intent, charge])
    if gift is None:
        return None
    common = {"currency": dispute["currency"], "payment_ref": charge, "frequency": gift.frequency, "donor_name": gift.donor_name}
    amount = from_stripe(dispute["amount"], dispute["currency"])
    entries = [append(row, key=f"stripe:dispute:{dispute['id']}", kind=LedgerEntry.Kind.DISPUTE,
                      amount_minor=-amount, **common)]
    if won:
        entries.append(append(row, key=f"stripe:dispute_won:{dispute['id']}", kind=LedgerEntry.Kind.DISPUTE_WON,
                              amount_minor=amount, **common))
    return entries


def dispute_opened(row, dispute) -> Outcome:
    """A cardholder disputed a charge: the amount leaves the account now. An inquiry
    (status warning_*) withdraws nothing; if it turns into a dispute, funds_withdrawn follows."""
    if row.type == "charge.dispute.created" and (dispute.get("status") or "").startswith("warning_"):
        return ignored("An inquiry: no money has been withdrawn.")
    entries = _dispute_entries(row, dispute, won=False)
    if entries is None:
        return waiting(_id(dispute.get("payment_intent")), _id(dispute.get("charge")))
    return _recorded(entries, "Dispute")


def dispute_closed(row, dispute) -> Outcome:
    """Won: the amount comes back. Lost: it stays out. Either way the withdrawal is recorded
    here if the dispute's first event has not arrived yet (it then adds nothing)."""
    status = dispute.get("status") or ""
    if row.type == "charge.dispute.closed" and status not in ("won", "lost"):
        return ignored(f"Closed as {status}: no money moved.")
    won = row.type == "charge.dispute.funds_reinstated" or status == "won"
    entries = _dispute_entries(row, dispute, won=won)
    if entries is None:
        return waiting(_id(dispute.get("payment_intent")), _id(dispute.get("charge")))
    return _recorded(entries, "Dispute won" if won else "Dispute lost")


def subscription_deleted(row, subscription) -> Outcome:
    """A monthly gift ended (cancelled by the donor, or after failed payments)."""
    if not _ours(subscription.get("metadata")):
        return ignored("A subscription that is not a masthead monthly gift.")
    donor = MonthlyDonor.objects.filter(subscription_ref=subscription["id"]).first()
    if donor is None:
        return waiting(subscription["id"])
    if donor.cancelled_at is None:
        ended = subscription.get("ended_at") or subscription.get("canceled_at")
        donor.cancelled_at = when(ended) if ended else row.created_at
        donor.save(update_fields=["cancelled_at"])
    return Outcome(Status.PROCESSED, "Monthly gift ended.")


HANDLERS = {
    "checkout.session.completed": checkout_completed,
    "checkout.session.async_payment_succeeded": checkout_completed,
    "invoice.paid": invoice_paid,
    "charge.refunded": charge_refunded,
    "charge.dispute.created": dispute_opened,
    "charge.dispute.funds_withdrawn": dispute_opened,
    "charge.dispute.closed": dispute_closed,
    "charge.dispute.funds_reinstated": dispute_closed,
    "customer.subscription.deleted": subscription_deleted,
}


def handle(row: StripeEvent) -> Outcome:
    handler = HANDLERS.get(row.type)
    if handler is None:
        return ignored(f"masthead records nothing for {row.type}.")
    return handler(row, row.payload["data"]["object"])
