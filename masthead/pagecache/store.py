"""Entries, tag versions, purges and render locks, through Django's cache API only.

Invalidation is by versioned tags (the scheme of Symfony's TagAwareAdapter): every tag has a
version in the cache; a stored page keeps the versions its tags had when it was rendered, and
it is fresh while they are unchanged. `purge(tags)` gives each tag a new version taken from
one generation counter, after the transaction that changed the data has committed. A render
notes the generation before it reads the database; if any of its tags moved past that while it
rendered, the page is not stored (it may show data from before the purge). Because versions
live in the shared cache, a purge made on one app server is seen by all of them on their
next read (Redis at scale, the file cache embedded); there is no message to lose between
servers. A version missing from the cache (evicted, or Redis restarted empty) makes every page
that declared the tag a miss, never a stale hit.

If the cache cannot be reached while a purge is made, the purge is written to a journal in
the database (`MissedPurge`), the one store every app server shares that is up while Redis is
away, and `catch_up()` makes it on the next request of any process that saw the cache away
(Redis outages are counted by core/redis_breaker.py) or journaled a purge, as soon as the
cache answers, before that request reads a page; the process that journaled it also retries
from a thread every second until Redis takes it. A server that saw nothing of the outage
(no request during it) may serve a page that missed the purge until one that did gets a
request; if the database could not take the journal either, the purge is kept in this
process only (`_pending`). Either way PAGE_CACHE_MAX_AGE, every entry's hard expiry, bounds
how long a missed purge can last.
"""

import logging
import threading
import time
from collections import deque

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from masthead.core.redis_breaker import BREAKER
from masthead.pagecache import frontend

log = logging.getLogger("masthead.pagecache")

GENERATION = "pagecache:gen"
_pending: set[str] = set()  # purges neither the cache nor the journal took
_journaled = False  # this process journaled a purge not made since
_outages_seen = 0  # BREAKER.outages when this process last caught up


def cache():
    return caches[settings.MASTHEAD_PAGE_CACHE["CACHE"]]


def tag_key(tag: str) -> str:
    return f"pagecache:tag:{tag}"


def page_key(digest: str) -> str:
    return f"pagecache:page:{digest}"


def lock_key(key: str) -> str:
    return f"{key}:lock"


def peek_generation():
    """The counter as it is, None if absent (one small read per hit: wsgi.py)."""
    return cache().get(GENERATION)


def generation() -> int:
    """The purge counter. Started from the clock in microseconds, so that a counter lost with
    its cache starts again above any value it had before (one purge per µs would be needed to
    overtake it)."""
    value = cache().get(GENERATION)
    if value is None:
        cache().add(GENERATION, time.time_ns() // 1000, timeout=None)
        value = cache().get(GENERATION)
    return value


def _next_generation() -> int:
    try:
        return cache().incr(GENERATION)
    except ValueError:  # no counter yet (or evicted)
        generation()
        return cache().incr(GENERATION)


def versions(tags) -> dict[str, int | None]:
    found = cache().get_many([tag_key(t) for t in tags])
    return {t: found.get(tag_key(t)) for t in tags}


def versions_for_store(tags, started: int) -> dict[str, int] | None:
    """The versions to keep with a page rendered since generation `started`, or None when
    one of its tags was purged during the render. A tag never purged gets `started`."""
    current = versions(tags)
    missing = {tag_key(t): started for t, v in current.items() if v is None}
    if missing:
        for key, value in missing.items():
            cache().add(key, value, timeout=None)
        current = versions(tags)
    if any(v is None or v > started for v in current.values()):
        return None
    return current


def purge(*tags: str) -> None:
    """Invalidate every page and fragment that declared any of `tags`, at once and again once
    the current transaction commits: a render that ran between the two read the old data, and
    the second purge drops what it stored."""
    tags = {t for t in tags if t}
    if not tags:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        purge_now(tags)
    transaction.on_commit(lambda: purge_now(tags), robust=True)


def purge_now(tags) -> None:
    tags = set(tags) | _pending
    try:
        _apply(tags)
    except Exception:  # the cache is away: journal the purge for whoever sees it return
        log.exception("page cache purge of %s failed; journaled", sorted(tags))
        _journal(tags)
        return
    _pending.clear()
    _purged(tags)


def _apply(tags) -> None:
    number = _next_generation()
    cache().set_many({tag_key(t): number for t in tags}, timeout=None)
    # Moved again once the versions are written: a process that read the counter
    # before this point revalidates its in-memory copies (wsgi.py) on its next request.
    _next_generation()


def _purged(tags) -> None:
    PURGED.extend(sorted(tags))
    frontend.purge(cache(), tags)


def _journal(tags) -> None:
    global _journaled
    from masthead.pagecache.models import MissedPurge

    try:
        MissedPurge.objects.create(tags=" ".join(sorted(tags)))
    except Exception:  # the database is away too: this process keeps it
        log.exception("page cache purge of %s not journaled; kept in this process", sorted(tags))
        _pending.update(tags)
        return
    _journaled = True
    if BREAKER.outages:  # Redis is what failed: retry here too, not only on this process's next request
        _retry_later()


_retry_timer: threading.Timer | None = None


def _retry_later() -> None:
    """Make the journaled purges from a thread of this process as soon as the breaker lets a
    command through, and again after each back-off until Redis takes them: a server that
    missed a purge (its breaker still open when Redis came back) makes it at most one
    back-off (1 s) after Redis answers, even if it gets no request meanwhile and the other
    servers already caught up."""
    global _retry_timer
    if _retry_timer is not None:
        return
    _retry_timer = threading.Timer(BREAKER.probe_in() + 0.05, _retry)
    _retry_timer.daemon = True
    _retry_timer.start()


def _retry() -> None:
    global _retry_timer
    from django.db import connection

    try:
        catch_up()
    except Exception as error:
        log.warning("page cache purges still not made (%s: %s); retrying", type(error).__name__, error)
    finally:
        connection.close()  # this thread's own connection
        _retry_timer = None
    if _journaled or _pending:
        _retry_later()


def catch_up() -> bool:
    """Make the purges any process journaled while the cache was away, if this process may
    have missed some (it saw Redis go away, or journaled one itself) and the cache answers.
    True when it purged something (the caller rereads the purge counter). Raises if the
    cache is still away: the journal stays for the next request."""
    global _journaled, _outages_seen
    from masthead.pagecache.models import MissedPurge

    outages = BREAKER.outages
    if not (_pending or _journaled or outages != _outages_seen) or BREAKER.is_open:
        return False
    rows = list(MissedPurge.objects.values_list("pk", "tags"))
    tags = set(_pending) | {t for _, joined in rows for t in joined.split()}
    if tags:
        _apply(tags)
        MissedPurge.objects.filter(pk__in=[pk for pk, _ in rows]).delete()
        _pending.clear()
        log.warning("page cache purges missed while the cache was away made: %s", sorted(tags))
        _purged(tags)
    _journaled, _outages_seen = False, outages
    return bool(tags)


# The last tags purged by this process, in order: read by tests.
PURGED: deque[str] = deque(maxlen=1000)


def get(key: str):
    return cache().get(key)


def put(key: str, entry: dict, timeout: int) -> None:
    cache().set(key, entry, timeout=timeout)


def forget(key: str) -> None:
    cache().delete(key)


def lock(key: str, seconds: int) -> bool:
    """One render of a page at a time, whichever app server it is on."""
    return cache().add(lock_key(key), 1, timeout=seconds)


def unlock(key: str) -> None:
    cache().delete(lock_key(key))
