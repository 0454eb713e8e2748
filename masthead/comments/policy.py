"""What the newsroom configured, as cached snapshots: the comment settings (the setting's own
row, models/policy.py), the banned and suspect terms and the blocklist. A page render or a
submission reads them from the cache (no query); saving or deleting any of them forgets the
snapshot (apps.py connects that), so every worker process sees a change on its next request.
"""

import ipaddress
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

SETTINGS_KEY = "masthead:comments:settings:v2"
TERMS_KEY = "masthead:comments:terms:v1"
BLOCKLIST_KEY = "masthead:comments:blocklist:v1"


def _cached(key, build):
    return cache.get_or_set(key, build, timeout=None)


def _build_policy():
    from masthead.comments.models import CommentSettings

    return CommentSettings.objects.first() or CommentSettings()


def current_policy():
    """The CommentSettings row (defaults when never saved), from the cache."""
    return _cached(SETTINGS_KEY, _build_policy)


@dataclass(frozen=True)
class TermRule:
    term: str  # as the moderator typed it, for the reason shown in the queue
    kind: str  # "banned" or "suspect"
    words: tuple  # text.words(term): what is matched


def _build_terms() -> list:
    from masthead.comments.models import ModerationTerm
    from masthead.comments.text import words

    return [TermRule(t.term, t.kind, tuple(words(t.term))) for t in ModerationTerm.objects.all()]


def term_rules() -> list[TermRule]:
    return _cached(TERMS_KEY, _build_terms)


def _build_blocklist() -> dict:
    from masthead.comments.models import BlockedSender

    listed = {kind: {} for kind in BlockedSender.Kind.values}
    for kind, value, expires_at in BlockedSender.objects.values_list("kind", "value", "expires_at"):
        listed[kind][value] = expires_at
    return listed


def blocklist() -> dict[str, dict]:
    """{"email": {value: expires_at or None}, "domain": …, "ip": …, "network": …}, canonical
    values, expired ones included (the snapshot outlives an expiry; `active_blocklist` drops them)."""
    return _cached(BLOCKLIST_KEY, _build_blocklist)


def active_blocklist(now=None) -> dict[str, list[str]]:
    """The values that block now: an entry past its `expires_at` no longer does."""
    now = now or timezone.now()
    return {kind: [value for value, expires_at in values.items() if expires_at is None or expires_at > now]
            for kind, values in blocklist().items()}


def blocked_reason(email: str, ip: str | None) -> str | None:
    """Why this sender is blocked ("email domain 'spam.example'"), or None."""
    listed = active_blocklist()
    email = (email or "").lower()
    if email and email in listed["email"]:
        return f"email address '{email}'"
    domain = email.rpartition("@")[2]
    for blocked in listed["domain"]:
        if domain == blocked or domain.endswith("." + blocked):
            return f"email domain '{blocked}'"
    if ip:
        if ip in listed["ip"]:
            return f"IP address {ip}"
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return None
        for network in listed["network"]:
            net = ipaddress.ip_network(network)
            if address.version == net.version and address in net:
                return f"IP range {network}"
    return None


def forget(*keys) -> None:
    cache.delete_many(list(keys) or [SETTINGS_KEY, TERMS_KEY, BLOCKLIST_KEY])
