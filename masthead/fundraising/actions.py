"""Every change to the ledger and the goals. Each runs in one durable transaction and then
refreshes the goal bar, so the next page view shows the new figures."""

from django.db import transaction
from django.utils import timezone

from masthead.fundraising import progress
from masthead.fundraising.models import LedgerEntry, MonthlyGoal


def do_record_entry(*, amount_minor: int, currency: str, kind=LedgerEntry.Kind.DONATION, occurred_at=None,
                    method=LedgerEntry.Method.OTHER, donor_name="", donor_email="", note="",
                    recorded_by=None, external_id=None) -> LedgerEntry:
    occurred_at = occurred_at or timezone.now()
    with transaction.atomic(durable=True):
        entry = LedgerEntry.objects.create(
            kind=kind,
            amount_minor=amount_minor,
            currency=currency,
            occurred_at=occurred_at,
            method=method,
            donor_name=donor_name,
            donor_email=donor_email,
            note=note,
            recorded_by=recorded_by,
            external_id=external_id,
        )
    # The durable block has committed: every process sees the entry, so drop the cache now.
    progress.forget(progress.this_month(), timezone.localtime(occurred_at).date())
    return entry


def do_set_goal(*, month, amount_minor: int, currency: str) -> MonthlyGoal:
    with transaction.atomic(durable=True):
        goal, _ = MonthlyGoal.objects.update_or_create(
            month=month.replace(day=1), defaults={"amount_minor": amount_minor, "currency": currency.upper()}
        )
    # A goal also counts for later months without their own, so this month may change too.
    progress.forget(progress.this_month(), month)
    return goal
