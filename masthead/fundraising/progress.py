"""The goal bar's figures: this month's goal and what the ledger says was raised.

Raised = the month's entries in the site currency, plus entries in other currencies converted
at a staff-entered rate (ExchangeRate). A currency without a rate is listed beside the bar,
not added to it. `current_progress()` is cached until the ledger, a goal or a rate changes
(actions.py calls `forget()`), so every page shows the bar without a query, and a new
donation shows on the next page view.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, CharField, Count, Sum, Value, When
from django.db.models.functions import Cast, Concat, Lower
from django.utils import timezone

from masthead.fundraising import cache_tags
from masthead.fundraising.models.goals import ExchangeRate, MonthlyGoal
from masthead.fundraising.models.ledger import LedgerEntry
from masthead.fundraising.money import convert, format_money, major_number

CACHE_KEY = "masthead:progress:v2:{month:%Y-%m}"


@dataclass(frozen=True)
class CurrencyTotal:
    """A month's net entries in one currency other than the site currency."""

    currency: str
    amount_minor: int
    rate: Decimal | None = None  # site-currency units per unit; None: no rate set
    converted_minor: int | None = None  # in the site currency; None without a rate

    @property
    def text(self) -> str:
        return format_money(self.amount_minor, self.currency)


@dataclass(frozen=True)
class Progress:
    month: date  # first day of the month
    goal_minor: int  # 0 when no goal has ever been set
    raised_minor: int  # site currency, other currencies converted at their rate
    currency: str
    supporters: int  # distinct donors this month (by email; a gift without one counts alone; corrected gifts do not count)
    others: tuple[CurrencyTotal, ...] = ()

    @property
    def month_label(self) -> str:
        return f"{self.month:%B %Y}".upper()

    @property
    def percent(self) -> int:
        return int(self.raised_minor * 100 // self.goal_minor) if self.goal_minor > 0 else 0

    @property
    def fill_percent(self) -> str:
        """Width of the bar, 0–100, as CSS wants it."""
        if self.goal_minor <= 0:
            return "0"
        share = max(0, min(self.raised_minor, self.goal_minor)) * 10000 // self.goal_minor
        return f"{share // 100}.{share % 100:02d}"

    @property
    def unconverted(self) -> tuple[CurrencyTotal, ...]:
        """Other currencies without a rate: shown beside the bar, not in it."""
        return tuple(total for total in self.others if total.converted_minor is None and total.amount_minor)

    @property
    def converted(self) -> tuple[CurrencyTotal, ...]:
        return tuple(total for total in self.others if total.converted_minor is not None)

    def formatted(self, minor: int) -> str:
        return format_money(minor, self.currency)

    @property
    def goal_text(self):
        return self.formatted(self.goal_minor)

    @property
    def half_text(self):
        return self.formatted(self.goal_minor // 2)

    @property
    def zero_text(self):
        return self.formatted(0)

    @property
    def raised_text(self):
        return self.formatted(self.raised_minor)

    @property
    def goal_number(self):
        return major_number(self.goal_minor, self.currency)

    @property
    def raised_number(self):
        return major_number(self.raised_minor, self.currency)

    @property
    def now_number(self):
        """aria-valuenow: the raised amount kept within [0, goal], as ARIA requires; the
        exact figure is in aria-valuetext."""
        return major_number(max(0, min(self.raised_minor, self.goal_minor)), self.currency)

    def as_json(self) -> dict:
        """The public figures, by explicit fields (no donor data exists here to leak)."""
        return {
            "month": f"{self.month:%Y-%m}",
            "month_label": self.month_label,
            "currency": self.currency,
            "goal_minor": self.goal_minor,
            "raised_minor": self.raised_minor,
            "goal": self.goal_text,
            "raised": self.raised_text,
            "percent": self.percent,
            "supporters": self.supporters,
            "other_currencies": [
                {
                    "currency": total.currency,
                    "amount_minor": total.amount_minor,
                    "amount": total.text,
                    "counted_as_minor": total.converted_minor,
                }
                for total in self.others
            ],
        }


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[start, end) of `month` in the newsroom's time zone."""
    tz = timezone.get_default_timezone()
    start = datetime.combine(month, time.min, tzinfo=tz)
    return start, datetime.combine(next_month(month), time.min, tzinfo=tz)


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def goal_for(month: date, currency: str) -> int:
    goal = MonthlyGoal.objects.filter(month__lte=month, currency=currency).order_by("-month").first()
    return goal.amount_minor if goal else 0


def rates_for(month: date, currencies) -> dict[str, Decimal]:
    """The rate in force in `month` for each of `currencies` that has one."""
    rates = {}
    for rate in ExchangeRate.objects.filter(month__lte=month, currency__in=list(currencies)).order_by("month"):
        rates[rate.currency] = rate.rate  # later months overwrite earlier ones
    return rates


def site_total(by_currency: dict[str, int], rates: dict[str, Decimal], site: str) -> tuple[int, tuple[CurrencyTotal, ...]]:
    """(raised in the site currency, the other currencies) from per-currency sums. Each other
    currency's month total is converted once, at its rate, truncated toward zero."""
    raised = by_currency.get(site, 0)
    others = []
    for currency in sorted(c for c in by_currency if c != site):
        amount, rate = by_currency[currency], rates.get(currency)
        converted = convert(amount, currency, rate, site) if rate is not None else None
        raised += converted or 0
        others.append(CurrencyTotal(currency, amount, rate, converted))
    return raised, tuple(others)


def donor_key():
    """Who gave: the lower-cased email, or the entry itself when there is no email."""
    return Case(
        When(donor_email="", then=Concat(Value("#"), Cast("pk", CharField()))),
        default=Lower("donor_email"),
        output_field=CharField(),
    )


def counted_gifts(entries):
    """The donations among `entries` that count as gifts: a corrected one (a mistake, reversed)
    no longer counts its donor, unless the right figures were re-entered."""
    return entries.filter(kind=LedgerEntry.Kind.DONATION, correction__isnull=True)


def progress_for(month: date) -> Progress:
    """Three queries (sums per currency, supporters, goal), a fourth for rates when the month
    has entries in other currencies."""
    site = settings.SITE_CURRENCY
    start, end = month_bounds(month)
    entries = LedgerEntry.objects.filter(occurred_at__gte=start, occurred_at__lt=end).order_by()
    by_currency = dict(entries.values_list("currency").annotate(total=Sum("amount_minor")))
    supporters = counted_gifts(entries).aggregate(n=Count(donor_key(), distinct=True))["n"]
    others = [c for c in by_currency if c != site]
    raised, other_totals = site_total(by_currency, rates_for(month, others) if others else {}, site)
    return Progress(
        month=month,
        goal_minor=goal_for(month, site),
        raised_minor=raised,
        currency=site,
        supporters=supporters,
        others=other_totals,
    )


def current_progress() -> Progress:
    month = this_month()
    return cache.get_or_set(CACHE_KEY.format(month=month), lambda: progress_for(month), timeout=24 * 3600)


def forget(*months: date) -> None:
    """Drop cached figures for these months (default: this month), now and again once the
    transaction commits (a page rendered meanwhile may have cached the old figures), and
    purge the goal bar from the page cache."""
    keys = [CACHE_KEY.format(month=m.replace(day=1)) for m in (months or (this_month(),))]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys), robust=True)
    cache_tags.purge_goal()


def seconds_left_in_month() -> int:
    """How long this month's figures may be kept (at most a day)."""
    end = datetime.combine(next_month(this_month()), time.min, tzinfo=timezone.get_default_timezone())
    return max(1, min(24 * 3600, int((end - timezone.now()).total_seconds())))
