"""Figures for the moderators' dashboard over the last N days: comments per day by status,
the time from a comment being posted to a person's first decision on it, and which checks
fire most. A few aggregate queries; only the decision times are walked in Python."""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from masthead.comments.models import Comment, ModerationEvent

STATUSES = ["approved", "pending", "spam", "rejected"]
PERIODS = [7, 30, 90]


@dataclass
class Dashboard:
    days: list  # [(date, {status: n}, total)], oldest first
    max_per_day: int
    decisions: int
    median: str | None  # "12 min", "3.5 h", "2.1 days"
    p90: str | None
    checks: list  # [(code, n)] most frequent first
    totals: dict


def duration(minutes: float) -> str:
    if minutes < 120:
        return f"{minutes:.0f} min"
    if minutes < 48 * 60:
        return f"{minutes / 60:.1f} h"
    return f"{minutes / 1440:.1f} days"


def build(days=30, now=None) -> Dashboard:
    now = now or timezone.now()
    since = now - timedelta(days=days)
    per_day = {}
    rows = (
        Comment.objects.filter(created_at__gte=since)
        .annotate(day=TruncDate("created_at"))
        .order_by()
        .values("day", "status")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        per_day.setdefault(row["day"], {})[row["status"]] = row["n"]
    today = timezone.localdate(now)
    series = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        counts = per_day.get(day, {})
        series.append((day, counts, sum(counts.values())))
    first_decision = {}
    events = ModerationEvent.objects.filter(actor__isnull=False, created_at__gte=since, action__in=ModerationEvent.DECISIONS).values_list("comment_id", "comment__created_at", "created_at")
    for comment_id, posted, decided in events:
        delay = (decided - posted).total_seconds() / 60
        if comment_id not in first_decision or delay < first_decision[comment_id]:
            first_decision[comment_id] = delay
    delays = sorted(first_decision.values())
    checks = Counter()
    for codes in Comment.objects.filter(created_at__gte=since).exclude(verdict_codes="").values_list("verdict_codes", flat=True).iterator():
        checks.update(codes.split())
    totals = Counter()
    for _, counts, _ in series:
        totals.update(counts)
    return Dashboard(
        days=series,
        max_per_day=max([total for _, _, total in series] + [1]),
        decisions=len(delays),
        median=duration(median(delays)) if delays else None,
        p90=duration(delays[min(len(delays) - 1, int(len(delays) * 0.9))]) if delays else None,
        checks=checks.most_common(),
        totals=dict(totals),
    )
