"""Goals carried across months, money typed and written exactly, and admin forms that keep
what staff typed when it is refused."""

from datetime import date

import pytest
from freezegun import freeze_time

from masthead.fundraising.actions import do_record_entry, do_set_goal
from masthead.fundraising.models import AppendOnlyError, LedgerEntry, MonthlyGoal
from masthead.fundraising.money import format_money, to_minor
from masthead.fundraising.progress import current_progress
from masthead.testing.builders import aware, make_staff

pytestmark = pytest.mark.django_db


@freeze_time("2021-06-15 12:00:00")
def test_goal_of_an_earlier_month_carries_into_a_month_without_its_own(site):
    do_set_goal(month=date(2021, 5, 1), amount_minor=300000, currency="USD")
    do_record_entry(amount_minor=5000, currency="USD", occurred_at=aware(2021, 5, 31, 23, 59))
    do_record_entry(amount_minor=7000, currency="USD", occurred_at=aware(2021, 6, 1, 0, 0))
    progress = current_progress()
    assert progress.goal_minor == 300000
    assert progress.raised_minor == 7000


def test_ledger_entries_cannot_be_changed_or_deleted_even_in_code(site):
    entry = do_record_entry(amount_minor=100, currency="USD")
    entry.amount_minor = 1
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert LedgerEntry.objects.get().amount_minor == 100


@pytest.mark.parametrize(
    "minor, currency, style, text",
    [
        (500000, "USD", "amount_symbol", "5,000 $"),
        (250000, "USD", "symbol_amount", "$2,500"),
        (34050, "USD", "amount_symbol", "340.50 $"),
        (-1200, "USD", "amount_symbol", "-12 $"),
        (5000, "JPY", "symbol_amount", "¥5,000"),
    ],
)
def test_money_is_written_in_the_configured_style(minor, currency, style, text):
    assert format_money(minor, currency, style) == text


@pytest.mark.parametrize("typed, minor", [("1,250.50", 125050), ("1250", 125000), (" 0.01 ", 1)])
def test_typed_amounts_become_exact_minor_units(typed, minor):
    assert to_minor(typed, "USD") == minor


@pytest.mark.parametrize(
    "typed, message",
    [("12.345", "USD amounts have at most 2 decimal places."), ("ten", "“ten” is not an amount. Write it like 1250 or 1250.50."), ("NaN", "“NaN” is not an amount. Write it like 1250 or 1250.50.")],
)
def test_impossible_amounts_are_refused_with_a_sentence(typed, message):
    with pytest.raises(ValueError) as error:
        to_minor(typed, "USD")
    assert str(error.value) == message


@pytest.fixture
def treasurer(client, site):
    client.force_login(make_staff("treasurer"))
    return client


def test_bad_amount_in_the_admin_is_refused_with_everything_typed_kept(treasurer):
    response = treasurer.post(
        "/admin/ledger/new/",
        {"kind": "donation", "amount": "12.345", "currency": "USD", "occurred_at": "2021-06-01 10:00", "method": "cash",
         "frequency": "one_time", "donor_name": "Kept Name", "note": "kept note"},
    )
    html = response.content.decode()
    assert "USD amounts have at most 2 decimal places." in html
    assert "Kept Name" in html and "kept note" in html
    assert not LedgerEntry.objects.exists()


def test_goal_entered_in_the_admin_is_stored_on_the_first_of_its_month(treasurer):
    treasurer.post("/admin/goals/new/", {"month": "2021-06-17", "amount": "2,500.00", "currency": "usd"})
    goal = MonthlyGoal.objects.get()
    assert (goal.month, goal.amount_minor, goal.currency) == (date(2021, 6, 1), 250000, "USD")
    response = treasurer.post(f"/admin/goals/edit/{goal.pk}/", {"month": "2021-06-01", "amount": "3000", "currency": "USD"})
    assert response.status_code == 302
    assert MonthlyGoal.objects.get().amount_minor == 300000
