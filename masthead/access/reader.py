"""Who is reading and what they hold: the object behind `request.reader`.

Built by `access.middleware.ReaderMiddleware` from the session and the meter
cookie. Everything is looked up lazily, so a request that never asks about the
paywall costs nothing, and at most once per request.
"""

import functools
import time
from http.cookies import Morsel

from django.conf import settings
from django.core.cache import cache
from django.utils.functional import cached_property
from django.utils.http import http_date

from masthead.access import lookups
from masthead.access.meter import COOKIE_MAX_AGE, COOKIE_NAME, CookieMeter, DatabaseMeter
from masthead.access.policy import FREE, ReaderFacts, decide

EDITOR_CACHE_SECONDS = 300


class Reader:
    def __init__(self, user, meter_cookie=None):
        self.user = user
        self._meter_cookie = meter_cookie

    def __repr__(self):
        return f"<Reader {self.user_id or 'anonymous'}>"

    @cached_property
    def is_authenticated(self):
        return bool(self.user is not None and self.user.is_authenticated)

    @property
    def user_id(self):
        return self.user.pk if self.is_authenticated else None

    @cached_property
    def is_staff(self):
        """Staff and editors (anyone who may open the Wagtail admin) read everything."""
        if not self.is_authenticated or not self.user.is_active:
            return False
        if self.user.is_staff or self.user.is_superuser:
            return True
        key = f"access:editor:{self.user.pk}"
        is_editor = cache.get(key)
        if is_editor is None:
            is_editor = self.user.has_perm("wagtailadmin.access_admin")
            cache.set(key, is_editor, EDITOR_CACHE_SECONDS)
        return is_editor

    @cached_property
    def cookie_meter(self):
        return CookieMeter.from_cookie(self._meter_cookie)

    @cached_property
    def _entitlements(self):
        if not self.is_authenticated:
            return frozenset(), False
        return lookups.digital_entitlements(self.user.pk)

    def facts(self):
        publication_ids, all_titles = self._entitlements
        return ReaderFacts(
            is_registered=self.is_authenticated,
            is_staff=self.is_staff,
            entitled_publication_ids=publication_ids,
            entitled_to_all_titles=all_titles,
        )

    def decide(self, article_facts, now):
        """Decide, and count the read on this reader's meter when the rule says it counts."""
        policy = lookups.policy_for(article_facts.publication_id)
        facts = self.facts()
        if facts.is_staff or article_facts.access_level == FREE:
            return decide(facts, article_facts, _NO_METER, policy, now), policy
        if self.is_authenticated:
            meter = DatabaseMeter(self.user.pk)
            decision = decide(facts, article_facts, meter.state(policy.window_start(now)), policy, now)
            if decision.counts:
                decision = meter.count(facts, article_facts, policy, now)
            return decision, policy
        decision = decide(facts, article_facts, self.cookie_meter.state(), policy, now)
        if decision.counts:
            self.cookie_meter.record(article_facts.article_id, now)
        return decision, policy

    def write_cookies(self, response):
        """Send the meter back when it changed; drop a broken one."""
        if "cookie_meter" not in self.__dict__:
            return
        meter = self.cookie_meter
        if meter.changed:
            response.cookies[COOKIE_NAME] = meter_morsel(meter.cookie_value(), settings.SESSION_COOKIE_SECURE)
        elif meter.was_discarded:
            response.delete_cookie(COOKIE_NAME, samesite="Lax")


_NO_METER = CookieMeter().state()


def meter_morsel(value, secure):
    """The meter's Set-Cookie, as `response.set_cookie(COOKIE_NAME, value, max_age=COOKIE_MAX_AGE,
    httponly=True, samesite="Lax", secure=secure)` makes it, built with less work: every
    counted read sends one. A signed value holds only characters a cookie may carry."""
    attributes, line_after_value = _meter_cookie_attributes(int(time.time()), secure)
    morsel = _MeterMorsel()
    morsel.set(COOKIE_NAME, value, value)
    dict.update(morsel, attributes)
    morsel.line = f"{COOKIE_NAME}={value}{line_after_value}"
    return morsel


class _MeterMorsel(Morsel):
    """A Morsel whose Set-Cookie line was written when it was made (nothing changes it afterwards)."""

    line = None

    def OutputString(self, attrs=None):
        return self.line if attrs is None and self.line is not None else super().OutputString(attrs)


@functools.lru_cache(maxsize=4)
def _meter_cookie_attributes(second, secure):
    """The cookie's attributes in this second, and its Set-Cookie line after the value,
    as the standard library writes it."""
    attributes = {
        "expires": http_date(second + COOKIE_MAX_AGE),
        "max-age": COOKIE_MAX_AGE,
        "path": "/",
        "secure": True if secure else "",
        "httponly": True,
        "samesite": "Lax",
    }
    probe = Morsel()
    probe.set(COOKIE_NAME, "", "")
    dict.update(probe, attributes)
    return attributes, probe.OutputString()[len(COOKIE_NAME) + 1 :]


def reader_for_request(request):
    return Reader(getattr(request, "user", None), request.COOKIES.get(COOKIE_NAME))
