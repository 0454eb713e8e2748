"""What the newsroom configured, as cached snapshots: the comment settings, the banned and
suspect terms and the blocklist. A page render or a submission reads them from the cache
(no query); saving or deleting any of them forgets the snapshot (apps.py connects that), so
every worker process sees a change on its next request.
"""

import ipaddress
from dataclasses import dataclass, fields

from django.core.cache import cache

SETTINGS_KEY = "masthead:comments:settings:v1"
TERMS_KEY = "masthead:comments:terms:v1"
BLOCKLIST_KEY = "masthead:comments:blocklist:v1"


@dataclass(frozen=True)
class Policy:
    thread_depth: int = 5
    comments_per_page: int = 50
    default_order: str = "oldest"
    close_after_days: int = 0
    max_length: int = 5000
    report_threshold: int = 3
    ip_retention_days: int = 30
    min_fill_seconds: int = 3
    rate_limit_count: int = 5
    rate_limit_minutes: int = 10
    duplicate_window_hours: int = 24
    max_links: int = 2
    trusted_after: int = 1
    spam_hold_score: float = 0.7
    spam_score: float = 0.95
    classifier_min_examples: int = 20
    moderator_notifications: str = "off"
    moderator_emails: tuple = ()


def _cached(key, build):
    return cache.get_or_set(key, build, timeout=None)


def _build_policy() -> Policy:
    from masthead.comments.models import CommentSettings

    row = CommentSettings.objects.first() or CommentSettings()
    values = {f.name: getattr(row, f.name) for f in fields(Policy) if f.name != "moderator_emails"}
    emails = tuple(line.strip().lower() for line in row.moderator_emails.splitlines() if line.strip())
    return Policy(**values, moderator_emails=emails)


def current_policy() -> Policy:
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

    listed = {kind: [] for kind in BlockedSender.Kind.values}
    for kind, value in BlockedSender.objects.values_list("kind", "value"):
        listed[kind].append(value)
    return listed


def blocklist() -> dict[str, list[str]]:
    """{"email": [...], "domain": [...], "ip": [...], "network": [...]}, canonical values."""
    return _cached(BLOCKLIST_KEY, _build_blocklist)


def blocked_reason(email: str, ip: str | None) -> str | None:
    """Why this sender is blocked ("email domain 'spam.example'"), or None."""
    listed = blocklist()
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
