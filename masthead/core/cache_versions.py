"""Version counters in the cache: a cache key that includes a version is dropped
all at once by bumping it (publishing, moving a page, editing a Site)."""

from django.core.cache import cache


def current(key):
    return cache.get_or_set(key, 1, None)


def bump(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, None)
