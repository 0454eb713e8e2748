from datetime import date

import pytest
from django.test import override_settings
from django.utils import timezone
from freezegun import freeze_time

from masthead.fundraising.actions import do_record_entry, do_set_goal
from masthead.fundraising.models import AppendOnlyError, LedgerEntry
from masthead.fundraising.money import format_money, to_minor
from masthead.fundraising.progress import current_progress
from masthead.testing import aware

pytestmark = pytest.mark.django_db


def bar(client):
    html = client.get("/").content.decode()
    start = html.index('<section class="goal-bar"')
    return html[start: html.index("</section>", start)]


@freeze_time("2021-06-15 12:00:00")
def test_goal_bar_shows_month_ticks_and_raised_amount_from_the_ledger(client, site):
    do_set_goal(month=date(2021, 6, 1), amount_minor=500000, currency="USD")
    for cents in (10000, 15000, 9000):
        do_record_entry(amount_minor=cents, currency="USD", occurred_at=aware(2021, 6, 2))
    html = bar(client)
    assert 'id="goal-bar-label" class="goal-month">JUNE 2021</span>' in html
    assert "<li>0 $</li><li>2,500 $</li><li>5,000 $</li>" in html
    assert '<strong class="goal-raised">340 $</strong>' in html
    assert 'role="progressbar"' in html
    assert 'aria-valuemin="0" aria-valuemax="5000" aria-valuenow="340"' in html
    assert 'style="width: 6.80%"' in html


@freeze_time("2021-06-15 12:00:00")
def test_a_new_donation_changes_the_bar_on_the_next_page_view(client, site):
    do_set_goal(month=date(2021, 6, 1), amount_minor=500000, currency="USD")
    do_record_entry(amount_minor=34000, currency="USD")
    assert 'aria-valuenow="340"' in bar(client)
    do_record_entry(amount_minor=1050, currency="USD")
    assert 'aria-valuenow="350.5"' in bar(client)
    assert '<strong class="goal-raised">350.50 $</strong>' in bar(client)


@freeze_time("2021-06-15 12:00:00")
def test_bar_counts_only_this_months_entries_in_the_site_currency_with_refunds_subtracted(site):
    do_set_goal(month=date(2021, 5, 1), amount_minor=300000, currency="USD")
    do_record_entry(amount_minor=5000, currency="USD", occurred_at=aware(2021, 5, 31, 23, 59))
    do_record_entry(amount_minor=7000, currency="USD", occurred_at=aware(2021, 6, 1, 0, 0))
    do_record_entry(amount_minor=-2000, currency="USD", kind=LedgerEntry.Kind.REFUND, occurred_at=aware(2021, 6, 3))
    do_record_entry(amount_minor=9999, currency="EUR", occurred_at=aware(2021, 6, 3))
    progress = current_progress()
    assert (progress.raised_minor, progress.supporters) == (5000, 1)
    # the May goal carries into June, which has none of its own
    assert progress.goal_minor == 300000


@freeze_time("2021-06-15 12:00:00")
def test_goal_bar_costs_no_query_once_cached(client, site, django_assert_num_queries):
    from django.template import Context, Template

    do_set_goal(month=date(2021, 6, 1), amount_minor=500000, currency="USD")
    template = Template("{% load fundraising_tags %}{% goal_bar %}")
    with django_assert_num_queries(3):  # goal, month totals, support page link
        template.render(Context())
    with django_assert_num_queries(0):
        template.render(Context())


def test_goal_bar_without_any_goal_shows_the_month_only(client, site):
    html = bar(client)
    assert timezone.localdate().strftime("%B %Y").upper() in html
    assert 'role="progressbar"' not in html


def test_ledger_entries_cannot_be_changed_or_deleted(site):
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
        (500000, "EUR", "amount_space_symbol", "5\u202f000\u00a0€"),
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
    [("12.345", "USD amounts have at most 2 decimal places."), ("ten", "“ten” is not an amount. Write it like 1250 or 1250.50."), ("NaN", "“NaN” is not an amount.")],
)
def test_impossible_amounts_are_refused_with_a_sentence(typed, message):
    with pytest.raises(ValueError) as error:
        to_minor(typed, "USD")
    assert str(error.value) == message


@override_settings(MONEY_FORMAT="symbol_amount")
@freeze_time("2021-06-15 12:00:00")
def test_bar_follows_the_money_format_setting(client, site):
    do_set_goal(month=date(2021, 6, 1), amount_minor=500000, currency="USD")
    assert "<li>$0</li><li>$2,500</li><li>$5,000</li>" in bar(client)
