from django.db import models


class CacheVersion(models.Model):
    """A version counter shared by every process when the cache is not (see core/cache_versions.py)."""

    key = models.CharField(max_length=100, primary_key=True)
    value = models.BigIntegerField(default=1)

    def __str__(self):
        return f"{self.key} = {self.value}"
