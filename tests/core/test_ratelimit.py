"""Rate limits are shared by every process, keyed by the reader's real address, and
survive their store going away."""

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit_impl
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.test import RequestFactory

from masthead.core import cache_backends, ratelimit
from masthead.core.cache_backends import FailSafeCache

pytestmark = pytest.mark.django_db


def signup_request(remote_addr, forwarded_for=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for else {}
    request = RequestFactory().post("/newsletters/signup/", REMOTE_ADDR=remote_addr, **headers)
    request.user = None
    return request


def hits_allowed(make_request, attempts, rates="3/h/ip"):
    return [ratelimit.limit(make_request(), "test_action", rates) is None for _ in range(attempts)]


def test_allauths_limiter_counts_in_the_shared_store():
    """allauth keeps its counters through a module attribute; if it moves, our store is no longer used."""
    assert isinstance(allauth_ratelimit_impl.cache._connections, type(caches))
    assert allauth_ratelimit_impl.cache._alias == ratelimit.STORE_ALIAS
    assert hasattr(allauth_ratelimit_impl, "consume") and hasattr(allauth_ratelimit_impl, "cache_lock")


def test_two_processes_share_one_budget(settings):
    """Two caches built from the same settings stand in for two web processes: neither has counts of its own."""
    first, second = (
        FailSafeCache(settings.CACHES["ratelimit"]["LOCATION"], settings.CACHES["ratelimit"]) for _ in range(2)
    )
    first.set("budget", 7)

    assert second.get("budget") == 7
    assert first.store is not second.store


def test_a_refused_hit_says_when_to_try_again():
    allowed = hits_allowed(lambda: signup_request("198.51.100.1"), 4, rates="3/h/ip,10/m/ip")
    response = ratelimit.limit(signup_request("198.51.100.1"), "test_action", "3/h/ip,10/m/ip")

    assert allowed == [True, True, True, False]
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "private" in response["Cache-Control"]


def test_behind_a_trusted_proxy_strangers_do_not_share_one_budget(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = ["10.0.0.5"]
    strangers = [signup_request("10.0.0.5", f"198.51.100.{n}") for n in range(10)]

    assert all(ratelimit.limit(request, "test_action", "1/h/ip") is None for request in strangers)
    assert ratelimit.limit(signup_request("10.0.0.5", "198.51.100.3"), "test_action", "1/h/ip").status_code == 429


def test_a_forwarded_header_from_anyone_else_buys_no_extra_attempts(settings):
    settings.MASTHEAD_TRUSTED_PROXIES = ["10.0.0.5"]
    forged = [signup_request("203.0.113.9", f"198.51.100.{n}") for n in range(3)]

    assert [ratelimit.limit(request, "test_action", "2/h/ip") is None for request in forged] == [True, True, False]


class DeadStore(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)

    def _fail(self, *args, **kwargs):
        raise ConnectionError("store down")

    add = get = set = delete = incr = touch = has_key = clear = _fail


def test_a_store_outage_degrades_to_limits_kept_in_process_memory(monkeypatch):
    monkeypatch.setattr(cache_backends, "RETRY_SECONDS", 60)
    cache = FailSafeCache("dead", {"OPTIONS": {"STORE": f"{__name__}.DeadStore"}})
    monkeypatch.setattr(allauth_ratelimit_impl, "cache", cache)

    allowed = hits_allowed(lambda: signup_request("198.51.100.1"), 3, rates="2/h/ip")

    assert allowed == [True, True, False]
