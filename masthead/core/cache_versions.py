"""Version counters: a cache key that includes a version is dropped all at once by
bumping it (publishing, moving a page, editing a Site, a policy or an entitlement).

With a shared cache (Redis) the counters live in it. With the local-memory
default every process (each gunicorn worker, the task worker) has a cache of its
own, so a bump made in one process, an editor publishing or a webhook granting
a subscription, must reach the others: the counters then live in the database
(`core.CacheVersion`), written in the same transaction as the change they
announce, and each process reads them all with one query at most once every
`MASTHEAD_SHARED_VERSIONS_REFRESH_SECONDS` (1 s). Another process thus sees a
change within a second of its commit; the process that made it sees it at once.
"""

import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F


def current(key):
    if _uses_cache():
        return cache.get_or_set(key, 1, None)
    return _table.values().get(key, 1)


def bump(key):
    """Move the counter on, now and, inside a transaction, once more when it commits:
    until then the change it announces is not visible to other connections, and a
    request rendering meanwhile would keep the old content under the new version."""
    move = _incr if _uses_cache() else _table.bump
    move(key)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: move(key))


def _incr(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, None)


def forget_local():
    """Read the counters afresh on next use (tests, after their database is rolled back)."""
    _table.loaded_at = None


def _uses_cache():
    from django.core.cache import caches

    return not isinstance(caches["default"], LocMemCache)


class _Table:
    def __init__(self):
        self.lock = threading.Lock()
        self.loaded = {}
        self.loaded_at = None

    def values(self):
        now = time.monotonic()
        if self.loaded_at is None or now - self.loaded_at >= settings.MASTHEAD_SHARED_VERSIONS_REFRESH_SECONDS:
            self.reload(now)
        return self.loaded

    def reload(self, now=None):
        from masthead.core.models import CacheVersion

        try:
            if connection.in_atomic_block:
                with transaction.atomic():
                    values = dict(CacheVersion.objects.values_list("key", "value"))
            else:
                values = dict(CacheVersion.objects.values_list("key", "value"))
        except DatabaseError:
            if _table_exists():
                raise
            values = {}  # before the first migration: no table, and nothing cached yet
        with self.lock:
            self.loaded = values
            self.loaded_at = time.monotonic() if now is None else now

    def bump(self, key):
        from masthead.core.models import CacheVersion

        try:
            with transaction.atomic():
                if not CacheVersion.objects.filter(key=key).update(value=F("value") + 1):
                    _create_or_increment(key)
        except DatabaseError:
            if _table_exists():
                raise
            return  # migrating: no table yet, and nothing cached to drop
        self.reload()


def _create_or_increment(key):
    from masthead.core.models import CacheVersion

    try:
        with transaction.atomic():
            CacheVersion.objects.create(key=key, value=2)
    except IntegrityError:
        # Another process created it first.
        CacheVersion.objects.filter(key=key).update(value=F("value") + 1)


def _table_exists():
    from masthead.core.models import CacheVersion

    return CacheVersion._meta.db_table in connection.introspection.table_names()


_table = _Table()
