"""Properties of the ledger, checked on sequences hypothesis makes up: whatever entries are
recorded, the bar's totals equal a straightforward recomputation and the bar shows exactly
them; whatever order and however often Stripe delivers a gift's events, the ledger ends at
the same exact total."""

from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal

from django.core.cache import cache
from django.db.models import Sum
from django.template import Context, Template
from django.test import override_settings
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra.django import TestCase

from masthead.fundraising.actions import (check_correct_entry, do_process_stripe_event, do_receive_stripe_event, do_record_entry,
                                          do_set_goal, do_set_rate)
from masthead.fundraising.models import LedgerEntry, MonthlyDonor, StripeEvent
from masthead.fundraising.money import exponent, format_money, major_number
from masthead.fundraising.progress import current_progress, month_bounds
from masthead.fundraising.reports import monthly_reports
from masthead.fundraising.tests import stripe_payloads as stripe

Kind = LedgerEntry.Kind
MONTH = datetime(2026, 3, 1).date()
OUTGOING = {Kind.REFUND, Kind.DISPUTE}
STRIPE = {"default": {"BACKEND": "masthead.fundraising.payments.stripe.StripeBackend", "SECRET_KEY": "sk_test_x",
                      "WEBHOOK_SECRET": stripe.SECRET}}

entries = st.lists(
    st.fixed_dictionaries({
        "kind": st.sampled_from([kind for kind in Kind.values if kind != Kind.CORRECTION]),
        "amount": st.integers(min_value=1, max_value=10**9),
        "currency": st.sampled_from(["USD", "USD", "EUR", "JPY", "KWD"]),
        "hours": st.integers(min_value=-48, max_value=32 * 24),  # some fall outside the month
        "email": st.sampled_from(["", "", "a@example.org", "A@Example.org", "b@example.org"]),
        "frequency": st.sampled_from(["one_time", "monthly"]),
        # Corrected by staff afterwards: reversed only, or reversed and re-entered at this amount.
        "correction": st.sampled_from([None, None, "cancel", 1, 777]),
    }),
    max_size=12,
)
rates = st.dictionaries(st.sampled_from(["EUR", "JPY", "KWD"]),
                        st.decimals(min_value=Decimal("0.0001"), max_value=Decimal("5000"), places=4), max_size=3)


def expected_totals(rows, rate_by_currency):
    """The bar's figures, computed the long way from what was recorded."""
    start, end = month_bounds(MONTH)
    inside = [row for row in rows if start <= row["at"] < end]
    by_currency = {}
    for row in inside:
        by_currency[row["currency"]] = by_currency.get(row["currency"], 0) + row["net"]
    raised = by_currency.get("USD", 0)
    for currency, amount in by_currency.items():
        if currency != "USD" and currency in rate_by_currency:
            value = Decimal(amount) * rate_by_currency[currency] * Decimal(10) ** (exponent("USD") - exponent(currency))
            raised += int(value.to_integral_value(rounding=ROUND_DOWN))
    donors = {row["email"].lower() or f"#{i}" for i, row in enumerate(inside)
              if row["kind"] == Kind.DONATION and row["correction"] != "cancel"}
    return raised, len(donors)


examples = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class FreshExampleTestCase(TestCase):
    """Each example in its own rolled-back transaction, and with an empty cache (the bar's)."""

    def setup_example(self):
        super().setup_example()
        cache.clear()


@override_settings(SITE_CURRENCY="USD", MONEY_FORMAT="amount_symbol", TIME_ZONE="UTC")
class LedgerTotals(FreshExampleTestCase):
    @examples
    @given(rows=entries, rate_by_currency=rates, goal=st.integers(min_value=1, max_value=10**10))
    def test_bar_and_report_equal_a_recomputation_of_the_entries(self, rows, rate_by_currency, goal):
        start = month_bounds(MONTH)[0]
        with freeze_time("2026-03-20 12:00:00"):
            do_set_goal(month=MONTH, amount_minor=goal, currency="USD")
            for currency, rate in rate_by_currency.items():
                do_set_rate(month=MONTH, currency=currency, rate=rate)
            for row in rows:
                row["at"] = start + timedelta(hours=row["hours"])
                row["signed"] = -row["amount"] if row["kind"] in OUTGOING else row["amount"]
                entry = do_record_entry(amount_minor=row["signed"], currency=row["currency"], kind=row["kind"], occurred_at=row["at"],
                                        donor_email=row["email"], frequency=row["frequency"])
                row["net"] = row["signed"]
                if row["correction"] is not None:
                    again = None if row["correction"] == "cancel" else row["correction"]
                    check_correct_entry(entry.pk, reason="typo", recorded_by=None, amount_minor=again)
                    row["net"] = 0 if again is None else (-again if row["kind"] in OUTGOING else again)
            raised, supporters = expected_totals(rows, rate_by_currency)

            progress = current_progress()
            assert (progress.raised_minor, progress.supporters, progress.goal_minor) == (raised, supporters, goal)

            html = Template("{% load fundraising_tags %}{% goal_bar %}").render(Context({}))
            text = format_money(raised, "USD")
            assert f'<strong class="goal-raised">{text}</strong>' in html
            assert f'aria-valuetext="{text} raised of {format_money(goal, "USD")}"' in html
            assert f'aria-valuenow="{major_number(max(0, min(raised, goal)), "USD")}"' in html
            assert f"· {raised * 100 // goal}% ·" in html

            [report] = monthly_reports([MONTH])
            assert (report.raised_minor, report.supporters, report.goal_minor) == (raised, supporters, goal)
            parts = (report.one_time_minor + report.monthly_minor + report.refunds_minor + report.disputes_minor
                     + report.corrections_minor + report.converted_minor)
            assert parts == report.raised_minor


@st.composite
def gift_lives(draw):
    """Every event of a few gifts' lives, with the ledger total they must add up to."""
    events, expected = [], 0
    for n in range(draw(st.integers(min_value=1, max_value=2))):  # one-time gifts, maybe refunded or disputed
        amount = draw(st.integers(min_value=100, max_value=100_000))
        intent, charge = f"pi_p{n}", f"ch_p{n}"
        events.append(stripe.one_time_paid(intent, amount))
        refunds = sorted(draw(st.lists(st.integers(min_value=1, max_value=amount), max_size=3)))
        events += [stripe.refunded(charge, intent, amount, refunded_so_far=r) for r in refunds]
        expected += amount - (refunds[-1] if refunds else 0)
        outcome = draw(st.sampled_from([None, "won", "lost"]))
        if outcome:
            events.append(stripe.dispute("created", f"dp_{n}", charge, intent, amount))
            events.append(stripe.dispute("closed", f"dp_{n}", charge, intent, amount, status=outcome))
            expected -= amount if outcome == "lost" else 0
    monthly = draw(st.integers(min_value=100, max_value=10_000))
    renewals = draw(st.integers(min_value=0, max_value=2))
    events.append(stripe.monthly_started("sub_h", "in_h0", "cus_h", monthly))
    events.append(stripe.invoice_paid("in_h0", "sub_h", "cus_h", monthly, billing_reason="subscription_create", intent="pi_h0"))
    events += [stripe.invoice_paid(f"in_h{i}", "sub_h", "cus_h", monthly, billing_reason="subscription_cycle") for i in range(1, renewals + 1)]
    expected += monthly * (1 + renewals)
    if draw(st.booleans()):  # the donor is refunded their first payment (no metadata on invoice charges)
        events.append(stripe.refunded("ch_h0", "pi_h0", monthly, refunded_so_far=monthly, customer="cus_h", ours=False))
        expected -= monthly
    events.append(stripe.subscription_ended("sub_h", "cus_h"))
    order = draw(st.permutations(range(len(events))))
    replays = draw(st.lists(st.integers(min_value=0, max_value=len(events) - 1), max_size=len(events)))
    return [events[i] for i in order] + [events[i] for i in replays], expected


@override_settings(MASTHEAD_PAYMENTS=STRIPE)
class StripeDeliveries(FreshExampleTestCase):
    @examples
    @given(life=gift_lives())
    def test_any_order_and_any_replays_give_the_exact_total(self, life):
        deliveries, expected = life
        with freeze_time("2026-03-20 12:00:00"):
            for event in deliveries:
                do_receive_stripe_event(event)
            # What still waits is retried (as the queue would); nothing may stay waiting.
            for pk in StripeEvent.objects.filter(status=StripeEvent.Status.WAITING).values_list("pk", flat=True):
                do_process_stripe_event(pk)
        assert LedgerEntry.objects.aggregate(total=Sum("amount_minor"))["total"] == expected
        assert StripeEvent.objects.exclude(status__in=["processed", "ignored"]).count() == 0
        assert StripeEvent.objects.count() == len({event["id"] for event in deliveries})
        assert MonthlyDonor.objects.get().cancelled_at is not None
