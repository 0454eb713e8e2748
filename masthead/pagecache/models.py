"""The journal of purges the cache did not take (pagecache/store.py): the database is the
one store every app server shares that is up while Redis is away."""

from django.db import models


class MissedPurge(models.Model):
    # Space-separated cache tags whose purge failed; a row exists until some process has
    # made the purge on a cache that answered.
    tags = models.TextField()
    at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S}: {self.tags}"
