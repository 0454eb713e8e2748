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

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

from masthead.core.cache import _failed


def _soft(method, answer):
    """`method` of RedisCache, answering `answer(key, *args, **kwargs)` (and logging) when
    Redis fails."""

    def soft(self, key, *args, **kwargs):
        try:
            return method(self, key, *args, **kwargs)
        except RedisError as error:
            return _failed(method.__name__, key, error, answer(key, *args, **kwargs))

    soft.__name__ = method.__name__
    return soft


def _false(*args, **kwargs):
    return False


class FailSoftRedisCache(RedisCache):
    get = _soft(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _soft(RedisCache.get_many, lambda keys, version=None: {})
    set = _soft(RedisCache.set, _false)
    set_many = _soft(RedisCache.set_many, lambda data, *args, **kwargs: list(data))  # the keys not set
    add = _soft(RedisCache.add, _false)
    touch = _soft(RedisCache.touch, _false)
    delete = _soft(RedisCache.delete, _false)
    delete_many = _soft(RedisCache.delete_many, lambda keys, version=None: None)
    has_key = _soft(RedisCache.has_key, _false)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            _failed("incr", key, error, None)
            raise ValueError(f"Key '{key}' could not be counted: the cache is unavailable") from error
