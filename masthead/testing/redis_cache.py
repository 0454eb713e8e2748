"""Django's Redis cache, except that clear() removes only the keys under this cache's
KEY_PREFIX instead of flushing the whole Redis database (FLUSHDB), which would also wipe
whatever else shares that Redis: another site, or another checkout's test run."""

from django.core.cache.backends.redis import RedisCache

from masthead.core.redis_cache import FailSoftRedisCache


class PrefixedRedisCache(RedisCache):
    def clear(self):
        client = self._cache.get_client(None, write=True)
        pattern = self.make_key("*").replace("[", "[[]")
        removed = 0
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                removed += client.delete(*batch)
                batch = []
        if batch:
            removed += client.delete(*batch)
        return True


class PrefixedFailSoftRedisCache(PrefixedRedisCache, FailSoftRedisCache):
    """The test run's "default" alias: fail-soft like production's (core/redis_cache.py)."""
