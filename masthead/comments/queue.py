"""What the moderation queue lists: comments by tab (Pending, Reported, Spam, Rejected,
Approved) with search and filters, and, for one page of them, each commenter's history and
each comment's open reports — in a fixed number of queries whatever the page size."""

from dataclasses import dataclass, field
from datetime import datetime, time

from django.db.models import Count, Min, Q
from django.utils import timezone

from masthead.comments.models import Comment, CommentReport

TABS = [
    ("pending", "Pending"),
    ("reported", "Reported"),
    ("spam", "Spam"),
    ("rejected", "Rejected"),
    ("approved", "Approved"),
]
PAGE_SIZE = 50


def tab_queryset(tab: str):
    if tab == "reported":
        return Comment.objects.filter(open_reports__gt=0)
    if tab == "all":
        return Comment.objects.all()
    return Comment.objects.filter(status=tab)


@dataclass(frozen=True)
class SharedAddress:
    """Other people seen on a comment's IP address: approved commenters with another email."""

    count: int
    names: tuple[str, ...]  # a few of them, for the moderator to recognise


def others_on_address(comment, shown: int = 5) -> SharedAddress:
    """Who else an IP ban of this comment's address would block: one query."""
    if not comment.ip_address:
        return SharedAddress(0, ())
    others = list(Comment.objects.filter(ip_address=comment.ip_address, status=Comment.Status.APPROVED)
                  .exclude(author_email=comment.author_email).order_by()
                  .values("author_email").annotate(name=Min("author_name")).values_list("name", flat=True))
    return SharedAddress(len(others), tuple(sorted(others, key=str.lower)[:shown]))


def tab_counts() -> dict[str, int]:
    by_status = dict(Comment.objects.order_by().values_list("status").annotate(n=Count("pk")))
    by_status["reported"] = Comment.objects.filter(open_reports__gt=0).count()
    return by_status


def _day(value: str, end=False):
    try:
        day = datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError:
        return None
    return timezone.make_aware(datetime.combine(day, time.max if end else time.min))


@dataclass
class Filters:
    tab: str = "pending"
    q: str = ""
    email: str = ""
    article: str = ""
    reason: str = ""
    since: str = ""
    until: str = ""
    errors: list = field(default_factory=list)

    @classmethod
    def from_query(cls, params) -> "Filters":
        tab = params.get("status", "pending")
        if tab not in dict(TABS) and tab != "all":
            tab = "pending"
        values = {name: params.get(name, "").strip()[:200] for name in ("q", "email", "article", "reason", "since", "until")}
        return cls(tab=tab, **values)

    def apply(self, queryset):
        if self.q:
            text = Q(body__icontains=self.q) | Q(author_name__icontains=self.q) | Q(author_email__icontains=self.q) | Q(article__title__icontains=self.q)
            if _is_ip(self.q):
                text |= Q(ip_address=self.q)
            queryset = queryset.filter(text)
        if self.email:
            queryset = queryset.filter(author_email=self.email.lower())
        if self.article.isdigit():
            queryset = queryset.filter(article_id=int(self.article))
        elif self.article:
            queryset = queryset.filter(article__title__icontains=self.article)
        if self.reason:
            queryset = queryset.filter(verdict_codes__contains=f" {self.reason} ")
        for value, lookup, end in ((self.since, "created_at__gte", False), (self.until, "created_at__lte", True)):
            if value:
                moment = _day(value, end)
                if moment is None:
                    self.errors.append(f"“{value}” is not a date like 2021-06-11; that filter was ignored.")
                else:
                    queryset = queryset.filter(**{lookup: moment})
        return queryset

    def query_string(self, **overrides) -> str:
        from urllib.parse import urlencode

        values = {"status": self.tab, "q": self.q, "email": self.email, "article": self.article, "reason": self.reason, "since": self.since, "until": self.until}
        values.update(overrides)
        return urlencode({k: v for k, v in values.items() if v})


def _is_ip(value: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(value)
        return True
    except ValueError:
        return False


@dataclass
class Row:
    comment: Comment
    history: dict  # status -> number of comments from the same email
    first_seen: object
    reports: dict  # reason label -> open reports


def rows_for(comments) -> list[Row]:
    comments = list(comments)
    emails = {c.author_email for c in comments if c.author_email}
    history, first_seen = {}, {}
    if emails:
        for row in Comment.objects.filter(author_email__in=emails).order_by().values("author_email", "status").annotate(n=Count("pk"), first=Min("created_at")):
            history.setdefault(row["author_email"], {})[row["status"]] = row["n"]
            seen = first_seen.get(row["author_email"])
            first_seen[row["author_email"]] = min(seen, row["first"]) if seen else row["first"]
    reports = {}
    reported = [c.pk for c in comments if c.open_reports]
    if reported:
        labels = dict(CommentReport.Reason.choices)
        for row in CommentReport.objects.filter(comment_id__in=reported, resolved_at__isnull=True).order_by().values("comment_id", "reason").annotate(n=Count("pk")):
            reports.setdefault(row["comment_id"], {})[labels.get(row["reason"], row["reason"])] = row["n"]
    return [Row(c, history.get(c.author_email, {}), first_seen.get(c.author_email), reports.get(c.pk, {})) for c in comments]
