"""The public supporters list: donors who asked to be named, with their message.

Public output is an allowlist: each supporter is a dict of name, message and month — never an
amount, an email or a payment reference. Cached until the ledger changes (actions.py).
"""

from django.core.cache import cache
from django.utils import timezone

from masthead.fundraising import cache_tags
from masthead.fundraising.models.ledger import LedgerEntry
from masthead.fundraising.progress import counted_gifts

CACHE_KEY = "masthead:supporters:v1"
LIMIT = 50
PUBLIC_FIELDS = ("donor_name", "message", "occurred_at")


def _build() -> list[dict]:
    rows = (
        counted_gifts(LedgerEntry.objects.filter(show_publicly=True))
        .exclude(donor_name="")
        .order_by("-occurred_at", "-pk")
        .values(*PUBLIC_FIELDS)[:LIMIT]
    )
    return [
        {"name": row["donor_name"], "message": row["message"], "month": f"{timezone.localtime(row['occurred_at']):%B %Y}"}
        for row in rows
    ]


def public_supporters() -> list[dict]:
    return cache.get_or_set(CACHE_KEY, _build, timeout=24 * 3600)


def forget() -> None:
    cache.delete(CACHE_KEY)
    cache_tags.purge_supporters()
