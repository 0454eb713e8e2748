"""The embedded cache: what `CACHES["default"]` is when REDIS_URL is not set.

Every `masthead serve` worker process must see the same entries (a new comment or gift
invalidates the goal bar and, with the page cache, whole pages in every worker at once) and
count the same rate-limit windows. Django's FileBasedCache shares entries but its `incr` is
a read then a write, so two workers can both read 4 and both write 5, and a flood split
across workers slips past a limit; it also lists its whole directory on every write to cull.

This is diskcache's Django backend (SQLite in WAL mode underneath, one database per shard
under $MASTHEAD_VAR_DIR/cache): `incr` and `add` are single SQLite transactions, so every
process's increments are counted, and a get is one indexed SELECT. What it adds:

- defaults chosen here rather than in each settings file: shards, size limit, the SQLite
  busy timeout, and values up to 256 KB (a whole page) kept inside SQLite instead of one
  file each;
- a busy or broken cache never raises into a request: an operation that cannot finish
  within DATABASE_TIMEOUT (or meets a damaged file) is logged and behaves like a miss —
  `get` returns the default, `set`/`add`/`delete` return False, and `incr` raises ValueError
  as for a missing key (Django's contract), so a rate limit fails open rather than the
  comment form failing;
- connections stay open across requests (Django calls `close()` after each one, and
  reopening eight SQLite databases costs more than the request's cache work).

The directory holds only a cache: deleting it while masthead is stopped loses nothing.
"""

import logging
import sqlite3

from diskcache import DjangoCache, Timeout
from django.core.cache.backends.base import DEFAULT_TIMEOUT

logger = logging.getLogger("masthead.cache")

SHARDS = 8  # one SQLite database each: writers to different shards never wait for each other
DATABASE_TIMEOUT = 0.5  # seconds a statement waits for a busy shard before it counts as a miss
OPTIONS = {
    "size_limit": 2**30,  # 1 GiB in all; the least recently stored entries go first
    "disk_min_file_size": 2**18,  # values under 256 KB stay in SQLite (one read, no file open)
    "eviction_policy": "least-recently-stored",  # a get writes nothing
}
FAILURES = (Timeout, sqlite3.Error, OSError)


class EmbeddedCache(DjangoCache):
    def __init__(self, directory, params):
        params = {**params, "SHARDS": params.get("SHARDS", SHARDS),
                  "DATABASE_TIMEOUT": params.get("DATABASE_TIMEOUT", DATABASE_TIMEOUT),
                  "OPTIONS": {**OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(directory, params)

    # retry=False everywhere: diskcache's own retry loops without bound on a busy shard;
    # SQLite's busy timeout (DATABASE_TIMEOUT) is the only wait.

    def get(self, key, default=None, version=None, **kwargs):
        try:
            return super().get(key, default, version, retry=False)
        except FAILURES as error:
            return _failed("get", key, error, default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        try:
            return bool(super().set(key, value, timeout, version, retry=False))
        except FAILURES as error:
            return _failed("set", key, error, False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        try:
            return bool(super().add(key, value, timeout, version, retry=False))
        except FAILURES as error:
            return _failed("add", key, error, False)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        try:
            return bool(super().touch(key, timeout, version, retry=False))
        except FAILURES as error:
            return _failed("touch", key, error, False)

    def delete(self, key, version=None, **kwargs):
        try:
            return bool(super().delete(key, version, retry=False))
        except FAILURES as error:
            return _failed("delete", key, error, False)

    def incr(self, key, delta=1, version=None, **kwargs):
        try:
            value = super().incr(key, delta, version, retry=False)
        except FAILURES as error:
            value = _failed("incr", key, error, None)
        if value is None:  # FanoutCache answers a timed-out shard with None
            raise ValueError(f"Key '{key}' could not be counted: the cache is unavailable")
        return value

    def decr(self, key, delta=1, version=None, **kwargs):
        return self.incr(key, -delta, version)

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except FAILURES as error:
            return _failed("has_key", key, error, False)

    def clear(self):
        try:
            return super().clear()
        except FAILURES as error:
            return _failed("clear", "*", error, False)

    def close(self, **kwargs):
        """Keep the connections: Django calls this after every request."""


def _failed(operation, key, error, answer):
    logger.warning("cache %s %r failed (%s: %s); treated as a miss", operation, key, type(error).__name__, error)
    return answer
