from decimal import Decimal

import pytest
from django.template import Context, Template

from masthead.fundraising.actions import do_set_rate
from masthead.fundraising.money import convert, format_money
from masthead.fundraising.progress import current_progress, progress_for, this_month
from masthead.testing.builders import make_gift, make_goal
from masthead.testing.builders import aware

pytestmark = pytest.mark.django_db


def render_bar() -> str:
    return Template("{% load fundraising_tags %}{% goal_bar %}").render(Context({}))


def test_goal_bar_shows_month_ticks_raised_percent_and_supporters(frozen, support_page):
    make_goal(500000)
    make_gift(34000, donor_email="a@example.org")
    html = render_bar()
    assert '<span id="goal-bar-label" class="goal-month">MAY 2026</span>' in html
    assert '<strong class="goal-raised">340 $</strong> raised of 5,000 $ · 6% · <span class="goal-supporters">1 supporter</span>' in html
    assert "<li>0 $</li><li>2,500 $</li><li>5,000 $</li>" in html
    assert 'href="/support/">Donate</a>' in html


def test_goal_bar_is_an_accessible_progressbar(frozen):
    make_goal(500000)
    make_gift(34050)
    html = render_bar()
    assert ('role="progressbar" aria-labelledby="goal-bar-label" aria-valuemin="0" aria-valuemax="5000" '
            'aria-valuenow="340.5" aria-valuetext="340.50 $ raised of 5,000 $"') in html
    assert 'style="width: 6.81%"' in html


def test_bar_above_the_goal_is_full_and_keeps_aria_values_in_range(frozen):
    make_goal(10000)
    make_gift(25000)
    html = render_bar()
    assert 'aria-valuemax="100" aria-valuenow="100" aria-valuetext="250 $ raised of 100 $"' in html
    assert "· 250%" in html and 'style="width: 100.00%"' in html


def test_month_without_a_goal_still_shows_what_was_raised(frozen):
    make_gift(1200)
    html = render_bar()
    assert "<strong class=\"goal-raised\">12 $</strong> raised · " in html
    assert 'role="progressbar"' not in html


@pytest.mark.parametrize(
    "style, currency, goal, raised",
    [
        ("amount_symbol", "USD", "5,000 $", "340 $"),
        ("symbol_amount", "USD", "$5,000", "$340"),
        ("amount_space_symbol", "EUR", "5\u202f000\u00a0€", "340\u00a0€"),
    ],
)
def test_goal_bar_writes_money_in_the_site_format(frozen, settings, style, currency, goal, raised):
    settings.MONEY_FORMAT, settings.SITE_CURRENCY = style, currency
    make_goal(500000, currency)
    make_gift(34000, currency)
    html = render_bar()
    assert f'<strong class="goal-raised">{raised}</strong> raised of {goal}' in html
    assert f"<li>{goal}</li>" in html


def test_supporters_are_distinct_donors_this_month(frozen):
    make_gift(1000, donor_email="same@example.org")
    make_gift(1000, donor_email="SAME@example.org")
    make_gift(1000, donor_email="other@example.org")
    make_gift(1000)  # no email: counts alone
    make_gift(1000)
    make_gift(-500, kind="refund")
    make_gift(1000, donor_email="last-month@example.org", occurred_at=aware(2026, 4, 30, 12))
    assert current_progress().supporters == 4


def test_new_gift_moves_the_bar_on_the_next_request(client, frozen, support_page):
    make_goal(500000)
    client.get(support_page.url)
    make_gift(2500)
    assert 'aria-valuenow="25"' in client.get(support_page.url).content.decode()


def test_cached_goal_bar_costs_no_query(frozen, django_assert_num_queries):
    make_goal(500000)
    make_gift(2500)
    with django_assert_num_queries(4):  # sums per currency, supporters, goal; the support page's address
        render_bar()
    with django_assert_num_queries(0):
        render_bar()


def test_gift_in_another_currency_without_a_rate_is_listed_not_counted(frozen):
    make_goal(500000)
    make_gift(34000)
    make_gift(12000, "EUR")
    progress = current_progress()
    assert progress.raised_minor == 34000
    assert "· <span class=\"goal-other\">also 120 €</span>" in render_bar()
    assert progress.as_json()["other_currencies"] == [{"currency": "EUR", "amount_minor": 12000, "amount": "120 €", "counted_as_minor": None}]


def test_gift_in_another_currency_counts_at_the_rate_staff_entered(frozen, django_assert_num_queries):
    make_goal(500000)
    make_gift(34000)
    make_gift(12001, "EUR")
    do_set_rate(month=this_month(), currency="EUR", rate=Decimal("1.0825"))
    with django_assert_num_queries(4):  # and the rates
        progress = current_progress()
    assert progress.raised_minor == 34000 + 12991  # 120.01 € × 1.0825 = 129.910825 $, never rounded up
    assert "also" not in render_bar()


def test_rate_of_an_earlier_month_applies_until_a_newer_one(frozen):
    make_gift(10000, "EUR")
    do_set_rate(month=aware(2026, 1, 1).date(), currency="EUR", rate=Decimal("1.10"))
    assert current_progress().raised_minor == 11000
    do_set_rate(month=aware(2026, 5, 1).date(), currency="EUR", rate=Decimal("1.05"))
    assert current_progress().raised_minor == 10500


def test_gifts_are_counted_in_the_month_of_the_newsroom_time_zone(settings, frozen):
    from datetime import date, datetime, timezone

    settings.TIME_ZONE = "Asia/Beirut"  # UTC+3 in May
    make_gift(1000, occurred_at=datetime(2026, 4, 30, 23, 30, tzinfo=timezone.utc))  # 1 May, 02:30 in Beirut
    assert progress_for(date(2026, 5, 1)).raised_minor == 1000
    assert progress_for(date(2026, 4, 1)).raised_minor == 0


def test_conversion_truncates_toward_zero_in_the_target_minor_unit():
    assert convert(12001, "EUR", Decimal("1.0825"), "USD") == 12991
    assert convert(-12001, "EUR", Decimal("1.0825"), "USD") == -12991
    assert convert(1000, "JPY", Decimal("0.0067"), "USD") == 670  # ¥1,000 → $6.70
    assert convert(1000, "USD", Decimal("149.5"), "JPY") == 1495  # $10 → ¥1,495
    assert format_money(1495, "JPY", "symbol_amount") == "¥1,495"
