"""The cache at scale (REDIS_URL): Django's Redis backend, made to degrade like the embedded
one (core/cache.py) when Redis cannot be reached.

Everything masthead keeps in the default cache is rebuilt from the database (the menu, the
comment policy, the goal bar) or is a counter that may fail open (rate limits, sign-in
throttling). So a Redis that is stopped, restarting or unreachable must not turn reads or
posts into 500s: an operation that fails is logged and answered as a miss — `get` returns
the default, writes return False, `incr` raises ValueError as for a missing key (Django's
contract; rate limits then let the request through). Settings give connection attempts and
commands 0.5 s (OPTIONS), so a hung Redis costs each cache operation at most that.

The page cache does not use this alias: it must know when a purge did not reach Redis, to
keep it and make it again (pagecache/store.py), so it reads the plain backend ("pages").
"""

import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("masthead.cache")



def _failed(operation, key, error, answer):
    logger.warning("cache %s %r failed (%s: %s); treated as a miss", operation, key, type(error).__name__, error)
    return answer


class FailSoftRedisCache(RedisCache):
    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            return _failed("get", key, error, default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            return _failed("get_many", keys, error, {})

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except RedisError as error:
            return _failed("set", key, error, False)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            return _failed("set_many", list(data), error, list(data))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            return _failed("add", key, error, False)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            return _failed("touch", key, error, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            return _failed("delete", key, error, False)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except RedisError as error:
            return _failed("delete_many", keys, error, None)

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            return _failed("has_key", key, error, False)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _failed("incr", key, error, None)
            raise ValueError(f"Key '{key}' could not be counted: the cache is unavailable") from error
