"""The goal bar's figures: this month's goal and what the ledger says was raised.

`current_progress()` is cached until the ledger or a goal changes (actions.py and the goal
admin call `forget()`), so every page can show the bar without a query, and a new donation
shows on the next page view.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils import timezone

from masthead.fundraising.models import LedgerEntry, MonthlyGoal
from masthead.fundraising.money import format_money, major_number

CACHE_KEY = "masthead:progress:v1:{month:%Y-%m}"


@dataclass(frozen=True)
class Progress:
    month: date  # first day of the month
    goal_minor: int  # 0 when no goal has ever been set
    raised_minor: int
    currency: str
    supporters: int  # donations recorded this month

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


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """[start, end) of `month` in the newsroom's time zone."""
    tz = timezone.get_default_timezone()
    start = datetime.combine(month, time.min, tzinfo=tz)
    next_month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return start, datetime.combine(next_month, time.min, tzinfo=tz)


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def goal_for(month: date, currency: str) -> int:
    goal = MonthlyGoal.objects.filter(month__lte=month, currency=currency).order_by("-month").first()
    return goal.amount_minor if goal else 0


def progress_for(month: date) -> Progress:
    """Two queries: the goal, and the sums of the month's entries in the site currency."""
    currency = settings.SITE_CURRENCY
    start, end = month_bounds(month)
    totals = LedgerEntry.objects.filter(currency=currency, occurred_at__gte=start, occurred_at__lt=end).aggregate(
        raised=Sum("amount_minor"), supporters=Count("pk", filter=Q(kind=LedgerEntry.Kind.DONATION))
    )
    return Progress(
        month=month,
        goal_minor=goal_for(month, currency),
        raised_minor=totals["raised"] or 0,
        currency=currency,
        supporters=totals["supporters"],
    )


def current_progress() -> Progress:
    month = this_month()
    key = CACHE_KEY.format(month=month)
    progress = cache.get(key)
    if progress is None:
        progress = progress_for(month)
        cache.set(key, progress, timeout=24 * 3600)
    return progress


def forget(*months: date) -> None:
    """Drop cached figures for these months (default: this month)."""
    cache.delete_many([CACHE_KEY.format(month=m.replace(day=1)) for m in (months or (this_month(),))])
