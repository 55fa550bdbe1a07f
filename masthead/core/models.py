from django.db import models


class CacheVersion(models.Model):
    """A version counter shared by every process when the cache is not (see core/cache_versions.py)."""

    key = models.CharField(max_length=100, primary_key=True)
    value = models.BigIntegerField(default=1)

    def __str__(self):
        return f"{self.key} = {self.value}"


class RateLimitEntry(models.Model):
    """The embedded default's shared store for rate-limit counters: the table
    Django's database cache reads and writes (settings: CACHES["ratelimit"])."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "masthead_ratelimit"

    def __str__(self):
        return self.cache_key
