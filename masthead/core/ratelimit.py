"""Rate limits shared by every process, keyed by the reader's real address.

The counting is django-allauth's (a sliding window of hit times per key); we
give it a store that every web process shares: the `ratelimit` cache, which is
Redis at scale and a database table on the embedded default, wrapped so that an
outage of the store degrades to per-process limits instead of errors
(`core/cache_backends.py`). allauth counts "per ip" with the adapter's
`get_client_ip`, which is `core.client_ip.client_ip`.

allauth reads the cache through a module attribute of its internal rate-limit
module; `share_allauth_store()` points it at ours, in this one place, and
`tests/core/test_ratelimit.py` fails if allauth ever moves it.
"""

from allauth.core.internal import ratelimit as allauth_ratelimit_impl
from django.core.cache import caches
from django.shortcuts import render
from django.utils.connection import ConnectionProxy

STORE_ALIAS = "ratelimit"
DEFAULT_RETRY_AFTER_SECONDS = 60


def share_allauth_store():
    allauth_ratelimit_impl.cache = ConnectionProxy(caches, STORE_ALIAS)


def retry_after_seconds(rates):
    """The longest window among `rates` ("10/h/ip,3/5m/key"): waiting that long clears every one of them."""
    parsed = allauth_ratelimit_impl.parse_rates(rates)
    return int(max((rate.duration for rate in parsed), default=DEFAULT_RETRY_AFTER_SECONDS))


def too_many_requests(request, retry_after=DEFAULT_RETRY_AFTER_SECONDS, template="429.html", context=None):
    response = render(request, template, {"retry_after": retry_after, **(context or {})}, status=429)
    response["Retry-After"] = str(int(retry_after))
    response["Cache-Control"] = "private, no-store"
    return response


def limit(request, action, rates, *, key=None, user=None, template="429.html"):
    """Count one hit of `action` ("10/h/ip,5/5m/key"); None when allowed, else a 429 with Retry-After.

    Unlike allauth's own limits, this counts GET requests too: call it only where a hit should count."""
    allowed = allauth_ratelimit_impl.consume(
        request, app="allauth.account", action=action, config={action: rates}, key=key, user=user, limit_get=True
    )
    if allowed:
        return None
    return too_many_requests(request, retry_after_seconds(rates), template=template)
