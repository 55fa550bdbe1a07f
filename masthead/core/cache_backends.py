"""A cache that keeps working when its store does not.

`FailSafeCache` wraps another cache backend (Redis at scale, the database on
the embedded default). When the store raises a connection or database error,
the call is answered from a process-local memory cache instead, and the store
is left alone for `RETRY_SECONDS` so that a dead Redis does not cost every
request a connection timeout. What it holds (rate-limit counters) is then kept
per process until the store is back: limits still hold, only less tightly.
"""

import logging
import time

from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


def _store_errors():
    errors = [DatabaseError, OSError]
    try:
        from redis.exceptions import RedisError

        errors.append(RedisError)
    except ImportError:
        pass
    try:
        from django_redis.exceptions import ConnectionInterrupted

        errors.append(ConnectionInterrupted)
    except ImportError:
        pass
    return tuple(errors)


STORE_ERRORS = _store_errors()


class FailSafeCache(BaseCache):
    """OPTIONS: `STORE` (the wrapped backend's dotted path) and `STORE_OPTIONS` (its OPTIONS)."""

    def __init__(self, location, params):
        options = dict(params.get("OPTIONS") or {})
        store_backend = options.pop("STORE")
        store_params = {**params, "OPTIONS": options.pop("STORE_OPTIONS", {})}
        super().__init__({**params, "OPTIONS": {}})
        self._store = import_string(store_backend)(location, store_params)
        self._fallback = LocMemCache(f"masthead-failsafe-{location}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._skip_store_until = 0.0

    @property
    def store(self):
        return self._store

    def _call(self, method, *args, **kwargs):
        if time.monotonic() >= self._skip_store_until:
            try:
                return getattr(self._store, method)(*args, **kwargs)
            except STORE_ERRORS as error:
                self._skip_store_until = time.monotonic() + RETRY_SECONDS
                logger.warning(
                    "cache store unavailable (%s); using this process's memory for %.0f s", error, RETRY_SECONDS
                )
        return getattr(self._fallback, method)(*args, **kwargs)

    def add(self, key, value, timeout=300, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=300, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=300, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")

    def close(self, **kwargs):
        self._store.close(**kwargs)
