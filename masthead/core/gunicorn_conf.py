"""gunicorn hooks for `masthead serve`: keep the garbage collector out of the tail latency.

A worker holds about 200,000 long-lived objects once Django, Wagtail and the
page types are loaded. Python's oldest-generation collection walks all of them:
measured at 170-225 ms on our 2-core machines, one page view in a few thousand
waited that long. `gc.freeze()` moves the objects alive at that moment out of the
collector's sight (they are still freed by reference counting), so later
collections walk only what was made since. We freeze once the application is
loaded, and again after the worker's first requests have filled its template,
URL and page-type caches.
"""

import gc
import threading

WARM_AFTER_REQUESTS = 500
_warm = threading.Event()


def post_worker_init(worker):
    gc.freeze()


def post_request(worker, req, environ, resp):
    if worker.nr >= WARM_AFTER_REQUESTS and not _warm.is_set():
        _warm.set()
        gc.collect()
        gc.freeze()
