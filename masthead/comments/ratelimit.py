"""Cache-based rate limits: fixed-window counters in Django's cache, shared by every worker
process (the embedded SQLite cache on one server, Redis when REDIS_URL is set, shared by every
app server; both add and incr atomically, so a flood split across workers is counted
whole: masthead/tests/test_embedded_cache.py). If the cache cannot count (busy past its
timeout, damaged), incr answers as for a missing key and the limit fails open. Counting
costs one cache round trip, and a refused request never touches the database, so a flood is
turned away while the site keeps serving readers.

Identities (IP and email addresses) are hashed before they become cache keys.
"""

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Allowance:
    count: int  # requests in this window, this one included
    limit: int
    retry_after: int  # seconds until the window ends

    @property
    def exceeded(self) -> bool:
        return self.limit > 0 and self.count > self.limit


def hit(scope: str, identity: str, limit: int, window_seconds: int) -> Allowance:
    """Count one request by `identity` in `scope`; `limit` 0 means unlimited (still cheap)."""
    if not limit or not identity:
        return Allowance(0, 0, 0)
    now = time.time()
    window = int(now // window_seconds)
    digest = hashlib.sha256(identity.lower().encode()).hexdigest()[:20]
    key = f"masthead:rate:{scope}:{digest}:{window}"
    cache.add(key, 0, timeout=window_seconds + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds + 1)
        count = 1
    return Allowance(count, limit, max(1, int((window + 1) * window_seconds - now)))


def minutes(seconds: int) -> str:
    value = max(1, round(seconds / 60))
    return f"{value} minute{'s' if value != 1 else ''}"
