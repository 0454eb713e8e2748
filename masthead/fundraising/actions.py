"""Every change to the ledger, the goals, the rates and the Stripe events.

Each `do_*` runs in one durable transaction that writes its own rows (ledger entries, the
event row, the receipt row). When it returns, that transaction has committed, so the side
effects come after it: the goal bar and supporters list are forgotten (the next page view
shows the new figures), receipts are queued, and events that waited for a new gift are
handled again.

A Stripe webhook is verify (views) → dedupe → record → handle: the event row is inserted under
its unique event id in the same transaction as the ledger rows it causes, so a second
delivery hits the constraint (IntegrityError: a replay, answered 200) and can never count
twice. A handler that raises is rolled back to a savepoint: the event row stays, marked
failed with the error, and is retried with back-off (the background tasks at the end of
this module, and `retry_fundraising`).
"""

import logging
import traceback
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from masthead.fundraising import progress, stripe_events, supporters
from masthead.fundraising.models import ExchangeRate, LedgerEntry, MonthlyGoal, Receipt, StripeEvent

logger = logging.getLogger("masthead.fundraising")

# Minutes before retry n of a failed or waiting event (the last figure repeats).
RETRY_MINUTES = [1, 5, 15, 60, 180, 360]
# A refund or dispute still naming no recorded gift after this many tries (about two days)
# is not ours: it is marked ignored, with the reason, for staff to see.
WAIT_ATTEMPTS = 12
RETRYABLE = (StripeEvent.Status.FAILED, StripeEvent.Status.WAITING)


def do_record_entry(*, amount_minor: int, currency: str, kind=LedgerEntry.Kind.DONATION, occurred_at=None,
                    method=LedgerEntry.Method.OTHER, frequency=LedgerEntry.Frequency.ONE_TIME, donor_name="",
                    donor_email="", message="", show_publicly=False, note="", recorded_by=None, external_id=None,
                    send_receipt=False) -> LedgerEntry:
    """A gift (or refund) entered by staff: bank transfer, crypto, cash, cheque."""
    with transaction.atomic(durable=True):
        entry = LedgerEntry.objects.create(
            kind=kind,
            amount_minor=amount_minor,
            currency=currency,
            occurred_at=occurred_at or timezone.now(),
            method=method,
            frequency=frequency,
            donor_name=donor_name,
            donor_email=donor_email,
            message=message,
            show_publicly=show_publicly and bool(donor_name),
            note=note,
            recorded_by=recorded_by,
            external_id=external_id,
        )
    _after_new_entries([entry], receipts=send_receipt)
    return entry


class CorrectionRefused(Exception):
    """Why an entry cannot be corrected, in a sentence for staff."""


def check_correct_entry(entry_pk: int, *, reason: str, recorded_by, amount_minor: int | None = None,
                        currency: str | None = None, occurred_at=None) -> tuple[LedgerEntry, LedgerEntry | None]:
    """Correct a mistake in an entry staff made: a reversal (kind "correction", exactly minus
    the entry, dated in its month so that month's figures become right) naming the entry, and,
    when `amount_minor` is given, the right figures re-entered as a new entry of the same kind
    and donor naming the one it replaces. Returns (reversal, replacement or None).

    Refused (CorrectionRefused, LedgerEntry.why_not_correctable): an entry already corrected
    (the one-to-one `corrects` makes a second reversal impossible even in a race), a
    correction itself (re-enter instead), and entries from Stripe (refunded at Stripe).
    """
    reason = " ".join(reason.split())
    if not reason:
        raise CorrectionRefused("Say why the entry is corrected.")
    try:
        with transaction.atomic(durable=True):
            entry = LedgerEntry.objects.select_for_update().get(pk=entry_pk)
            if refusal := entry.why_not_correctable():
                raise CorrectionRefused(refusal)
            reversal = LedgerEntry.objects.create(
                kind=LedgerEntry.Kind.CORRECTION, corrects=entry, amount_minor=-entry.amount_minor,
                currency=entry.currency, occurred_at=entry.occurred_at, method=entry.method, frequency=entry.frequency,
                donor_name=entry.donor_name, note=reason[:500], recorded_by=recorded_by,
            )
            replacement = None
            if amount_minor is not None:
                sign = -1 if entry.amount_minor < 0 else 1
                replacement = LedgerEntry.objects.create(
                    kind=entry.kind, replaces=entry, amount_minor=sign * abs(amount_minor),
                    currency=currency or entry.currency, occurred_at=occurred_at or entry.occurred_at,
                    method=entry.method, frequency=entry.frequency, donor_name=entry.donor_name,
                    donor_email=entry.donor_email, message=entry.message, show_publicly=entry.show_publicly,
                    note=f"Re-entered for {entry.reference}: {reason}"[:500], recorded_by=recorded_by,
                )
    except IntegrityError:  # another correction of the same entry committed first
        raise CorrectionRefused("This entry has already been corrected.")
    _after_new_entries([entry, reversal, *([replacement] if replacement else [])], receipts=False)
    return reversal, replacement


def do_set_goal(*, month, amount_minor: int, currency: str) -> MonthlyGoal:
    with transaction.atomic(durable=True):
        goal, _ = MonthlyGoal.objects.update_or_create(
            month=month.replace(day=1), defaults={"amount_minor": amount_minor, "currency": currency.upper()}
        )
    # A goal also counts for later months without their own, so this month may change too.
    progress.forget(progress.this_month(), month)
    return goal


def do_set_rate(*, month, currency: str, rate, set_by=None) -> ExchangeRate:
    """What one unit of `currency` counts for in the site currency, from `month` on."""
    with transaction.atomic(durable=True):
        exchange_rate, _ = ExchangeRate.objects.update_or_create(
            month=month.replace(day=1), currency=currency.upper(), defaults={"rate": rate, "set_by": set_by}
        )
    progress.forget(progress.this_month(), month)
    return exchange_rate


def do_receive_stripe_event(event: dict) -> tuple[StripeEvent, bool]:
    """Store a verified event and handle it, once. Returns (row, False) for a replay."""
    try:
        with transaction.atomic(durable=True):
            row = StripeEvent.objects.create(
                event_id=event["id"],
                type=event["type"],
                api_version=event.get("api_version") or "",
                livemode=bool(event.get("livemode")),
                created_at=stripe_events.when(event["created"]),
                payload=event,
                status=StripeEvent.Status.FAILED,  # until the handler says otherwise
            )
            outcome = _handle(row)
    except IntegrityError:
        row = StripeEvent.objects.get(event_id=event["id"])
        if row.status in RETRYABLE:  # Stripe retried one we could not handle: try again now
            _enqueue_processing([row.pk])
        return row, False
    _after_handling(row, outcome)
    return row, True


def do_process_stripe_event(event_pk: int) -> StripeEvent:
    """Handle a stored event again (a retry). Handled events are left alone."""
    with transaction.atomic(durable=True):
        row = StripeEvent.objects.select_for_update().get(pk=event_pk)
        if row.status not in RETRYABLE:
            return row
        outcome = _handle(row)
    _after_handling(row, outcome)
    return row


def _handle(row: StripeEvent) -> stripe_events.Outcome:
    """Run the event's handler in a savepoint and keep its outcome on the row."""
    row.attempts += 1
    try:
        with transaction.atomic():
            outcome = stripe_events.handle(row)
    except Exception:
        logger.exception("Stripe event %s (%s) failed; it is kept and retried", row.event_id, row.type)
        outcome = stripe_events.Outcome(StripeEvent.Status.FAILED, "The handler failed; retried automatically.",
                                        error=traceback.format_exc())
    now = timezone.now()
    if outcome.status == StripeEvent.Status.WAITING and row.attempts >= WAIT_ATTEMPTS:
        outcome.status = StripeEvent.Status.IGNORED
        outcome.note = f"Gave up after {row.attempts} tries: {outcome.note}"
    row.status, row.note, row.error = outcome.status, outcome.note[:500], outcome.error
    row.waiting_for = f" {' '.join(outcome.waiting_for)} " if outcome.status == StripeEvent.Status.WAITING else ""
    if outcome.status in RETRYABLE:
        minutes = RETRY_MINUTES[min(row.attempts, len(RETRY_MINUTES)) - 1]
        row.next_attempt_at = now + timedelta(minutes=minutes)
    else:
        row.next_attempt_at, row.processed_at = None, now
    row.save(update_fields=["attempts", "status", "note", "error", "waiting_for", "next_attempt_at", "processed_at"])
    return outcome


def _after_handling(row: StripeEvent, outcome) -> None:
    if outcome.entries:
        _after_new_entries(outcome.entries, receipts=True)
    if outcome.linked:
        _wake_waiting(outcome.linked)
    if row.status in RETRYABLE:
        _enqueue_processing([row.pk], run_after=row.next_attempt_at)


def _after_new_entries(entries, receipts: bool) -> None:
    """The entries are committed: refresh the public figures, send receipts, and hand the
    events that waited for these gifts back to their handlers."""
    months = {timezone.localtime(entry.occurred_at).date().replace(day=1) for entry in entries}
    progress.forget(progress.this_month(), *months)
    supporters.forget()
    donations = [entry for entry in entries if entry.kind == LedgerEntry.Kind.DONATION]
    if receipts:
        for entry in donations:
            if entry.donor_email:
                _enqueue(send_receipt, entry.pk)
    _wake_waiting({ref for entry in entries for ref in (entry.payment_ref, entry.customer_ref, entry.subscription_ref) if ref})


def _wake_waiting(refs) -> None:
    """Hand the events that waited for one of these payment ids back to their handlers."""
    if refs:
        query = Q()
        for ref in refs:
            query |= Q(waiting_for__contains=f" {ref} ")
        waiting = StripeEvent.objects.filter(query, status=StripeEvent.Status.WAITING).order_by().values_list("pk", flat=True)
        _enqueue_processing(list(waiting))


def _enqueue_processing(pks, run_after=None) -> None:
    for pk in pks:
        _enqueue(process_stripe_event, pk, run_after=run_after)


def _enqueue(task, *args, run_after=None) -> None:
    """Queue a task. A queue that is down loses nothing: the row is committed and
    `retry_fundraising` picks it up; a backend that cannot defer leaves retries to it too."""
    from django_tasks import default_task_backend

    try:
        if run_after is not None:
            if not default_task_backend.supports_defer:
                return
            task = task.using(run_after=run_after)
        task.enqueue(*args)
    except Exception:
        logger.exception("Could not queue %s%r; `masthead retry_fundraising` will do it", task.name, args)


def do_send_receipt(entry_pk: int) -> Receipt | None:
    """Email the receipt for a donation, once. Sent before its row is written and outside the
    transaction (an SMTP server must not hold the database's write lock): if the row cannot be
    written the donor may get a second copy, never none."""
    from masthead.fundraising.receipts import receipt_message

    entry = LedgerEntry.objects.filter(pk=entry_pk, kind=LedgerEntry.Kind.DONATION).exclude(donor_email="").first()
    if entry is None or Receipt.objects.filter(entry=entry).exists():
        return None
    receipt_message(entry).send()
    with transaction.atomic(durable=True):
        receipt, _ = Receipt.objects.get_or_create(entry=entry, defaults={"sent_to": entry.donor_email})
    return receipt


def retry_due(now=None) -> dict:
    """Retry the events whose next attempt is due, and send receipts that never went out
    (card gifts of the last week with an email and no receipt). For cron or a timer."""
    now = now or timezone.now()
    due = StripeEvent.objects.filter(status__in=RETRYABLE, next_attempt_at__lte=now).order_by("pk")
    counts = {"events": 0, "receipts": 0}
    for pk in list(due.values_list("pk", flat=True)):
        do_process_stripe_event(pk)
        counts["events"] += 1
    unsent = LedgerEntry.objects.filter(
        kind=LedgerEntry.Kind.DONATION, stripe_event__isnull=False, receipt__isnull=True,
        created_at__gte=now - timedelta(days=7), created_at__lte=now - timedelta(minutes=10),
    ).exclude(donor_email="")
    for pk in list(unsent.values_list("pk", flat=True)):
        if do_send_receipt(pk):
            counts["receipts"] += 1
    return counts


# Background work (django-tasks): each task only calls its action. The database (or Redis)
# queue runs them in `masthead worker`; the tests run them at once (ImmediateBackend).


@task()
def process_stripe_event(event_pk: int) -> None:
    do_process_stripe_event(event_pk)


@task()
def send_receipt(entry_pk: int) -> None:
    do_send_receipt(entry_pk)
