"""Monthly figures for the admin report and its CSV: raised against the goal, one-time and
monthly gifts, refunds, disputes, corrections, supporters and active monthly donors.

Computed from a handful of grouped queries however many months are shown. The columns add
up exactly: raised = one-time + monthly + refunds + disputes + corrections + converted other
currencies, all in the site currency (a corrected gift stays in its column and its reversal is
in Corrections, so the mistake and its correction both show); other currencies without a rate are listed, not added. The month
a report shows is the same figure the goal bar showed (progress.site_total does both).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from masthead.fundraising.models import ExchangeRate, LedgerEntry, MonthlyDonor, MonthlyGoal
from masthead.fundraising.money import format_money
from masthead.fundraising.progress import (CurrencyTotal, counted_gifts, donor_key, month_bounds, next_month, site_total,
                                           this_month)

Kind, Frequency = LedgerEntry.Kind, LedgerEntry.Frequency


@dataclass(frozen=True)
class MonthReport:
    month: date
    currency: str
    goal_minor: int
    raised_minor: int  # everything below, in the site currency
    one_time_minor: int  # site-currency one-time gifts
    monthly_minor: int  # site-currency monthly payments
    refunds_minor: int  # site-currency refunds (≤ 0)
    disputes_minor: int  # site-currency disputes net of disputes won (≤ 0)
    corrections_minor: int  # site-currency reversals of mistaken entries (either sign)
    converted_minor: int  # other currencies counted at a staff-entered rate
    others: tuple[CurrencyTotal, ...]
    gifts: int  # donations recorded and not corrected, every currency
    supporters: int  # distinct donors of those gifts, every currency
    monthly_donors: int  # monthly gifts running at the end of the month (today, for this month)

    @property
    def percent(self) -> int:
        return self.raised_minor * 100 // self.goal_minor if self.goal_minor > 0 else 0

    def text(self, minor: int) -> str:
        return format_money(minor, self.currency)

    @property
    def unconverted(self):
        return tuple(total for total in self.others if total.converted_minor is None and total.amount_minor)


def _month_of(value) -> date:
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.replace(day=1)


def _latest(by_month: list[tuple[date, object]], month: date, default=None):
    """The value of the latest (month, value) at or before `month`; the list is sorted."""
    found = default
    for start, value in by_month:
        if start > month:
            break
        found = value
    return found


def months_back(count: int, until: date | None = None) -> list[date]:
    """The `count` months up to and including `until` (default this month), oldest first."""
    month = until or this_month()
    months = [month]
    while len(months) < count:
        month = (month.replace(day=1) - timezone.timedelta(days=1)).replace(day=1)
        months.append(month)
    return months[::-1]


def monthly_reports(months: list[date]) -> list[MonthReport]:
    if not months:
        return []
    site = settings.SITE_CURRENCY
    tz = timezone.get_default_timezone()
    start, end = month_bounds(months[0])[0], month_bounds(months[-1])[1]
    entries = LedgerEntry.objects.filter(occurred_at__gte=start, occurred_at__lt=end).order_by()
    sums: dict[date, dict] = {m: {} for m in months}
    grouped = (entries.annotate(m=TruncMonth("occurred_at", tzinfo=tz))
               .values_list("m", "currency", "kind", "frequency").annotate(total=Sum("amount_minor")))
    for month, currency, kind, frequency, total in grouped:
        bucket = sums.setdefault(_month_of(month), {})
        bucket[(currency, kind, frequency)] = bucket.get((currency, kind, frequency), 0) + total
    gifts, supporters = {}, {}
    for month, n, donors in (counted_gifts(entries).annotate(m=TruncMonth("occurred_at", tzinfo=tz)).values_list("m")
                             .annotate(n=Count("pk"), donors=Count(donor_key(), distinct=True))):
        gifts[_month_of(month)], supporters[_month_of(month)] = n, donors
    goals = [(g.month, g.amount_minor) for g in MonthlyGoal.objects.filter(currency=site).order_by("month")]
    rates: dict[str, list] = {}
    for rate in ExchangeRate.objects.order_by("month"):
        rates.setdefault(rate.currency, []).append((rate.month, rate.rate))
    donors = list(MonthlyDonor.objects.values_list("started_at", "cancelled_at"))
    now = timezone.now()

    reports = []
    for month in months:
        bucket = sums.get(month, {})
        by_currency: dict[str, int] = {}
        for (currency, _, _), total in bucket.items():
            by_currency[currency] = by_currency.get(currency, 0) + total
        month_rates = {c: r for c in by_currency if (r := _latest(rates.get(c, []), month)) is not None}
        raised, others = site_total(by_currency, month_rates, site)

        def site_sum(kinds, frequency=None):
            return sum(total for (currency, kind, freq), total in bucket.items()
                       if currency == site and kind in kinds and (frequency is None or freq == frequency))

        moment = min(month_bounds(month)[1], now)
        reports.append(MonthReport(
            month=month, currency=site, goal_minor=_latest(goals, month, 0), raised_minor=raised,
            one_time_minor=site_sum({Kind.DONATION}, Frequency.ONE_TIME),
            monthly_minor=site_sum({Kind.DONATION}, Frequency.MONTHLY),
            refunds_minor=site_sum({Kind.REFUND}),
            disputes_minor=site_sum({Kind.DISPUTE, Kind.DISPUTE_WON}),
            corrections_minor=site_sum({Kind.CORRECTION}),
            converted_minor=sum(total.converted_minor or 0 for total in others),
            others=others, gifts=gifts.get(month, 0), supporters=supporters.get(month, 0),
            monthly_donors=sum(1 for started, cancelled in donors if started < moment and (cancelled is None or cancelled >= moment)),
        ))
    return reports


CSV_HEADINGS = ["Month", "Currency", "Goal", "Raised", "Percent of goal", "One-time gifts", "Monthly gifts",
                "Refunds", "Disputes", "Corrections", "Other currencies counted", "Other currencies not counted", "Gifts",
                "Supporters", "Active monthly donors"]


def csv_rows(reports: list[MonthReport]):
    """Exact decimal amounts in major units, as a spreadsheet wants them."""
    from masthead.fundraising.money import to_major

    def major(minor, currency):
        return f"{to_major(minor, currency):f}"

    for r in reports:
        yield [
            f"{r.month:%Y-%m}", r.currency, major(r.goal_minor, r.currency), major(r.raised_minor, r.currency), r.percent,
            major(r.one_time_minor, r.currency), major(r.monthly_minor, r.currency), major(r.refunds_minor, r.currency),
            major(r.disputes_minor, r.currency), major(r.corrections_minor, r.currency), major(r.converted_minor, r.currency),
            " ".join(f"{major(t.amount_minor, t.currency)} {t.currency}" for t in r.unconverted),
            r.gifts, r.supporters, r.monthly_donors,
        ]


def chart(reports: list[MonthReport], width=720, height=220) -> dict:
    """Bars (raised) and goal marks for an inline SVG, in whole SVG units."""
    top = max([max(r.raised_minor, r.goal_minor) for r in reports] + [1])
    plot_height, base = height - 40, height - 24
    slot = width / max(len(reports), 1)
    bars = []
    for i, r in enumerate(reports):
        raised_h = round(max(r.raised_minor, 0) * plot_height / top)
        goal_y = base - round(r.goal_minor * plot_height / top) if r.goal_minor else None
        x = round(i * slot + slot * 0.2)
        bars.append({
            "x": x, "width": max(round(slot * 0.6), 2), "y": base - raised_h, "height": raised_h, "goal_y": goal_y,
            "label_x": round(i * slot + slot / 2), "label": f"{r.month:%b %y}", "met": r.goal_minor and r.raised_minor >= r.goal_minor,
            "title": f"{r.month:%B %Y}: {r.text(r.raised_minor)} of {r.text(r.goal_minor)}",
        })
    return {"width": width, "height": height, "base": base, "bars": bars, "top_text": format_money(top, reports[0].currency) if reports else ""}


def first_month() -> date:
    first = LedgerEntry.objects.order_by("occurred_at").values_list("occurred_at", flat=True).first()
    return _month_of(first) if first else this_month()


def count_months(since: date, until: date) -> int:
    n, month = 1, since
    while month < until:
        month, n = next_month(month), n + 1
    return n
