"""The two meters: a signed cookie for anonymous readers, the database for
registered ones.

The cookie holds an anonymous id and the metered articles counted in the
longest window any policy may set, compactly: `<id>~<article>-<minute>.<article>-<minute>`
(base 36, minutes since the epoch), signed with a timestamp. A cookie that is
forged, truncated, malformed or older than the longest window reads as no cookie
at all: the reader starts afresh, exactly like one who cleared their cookies.
"""

import base64
import binascii
import datetime
import functools
import hashlib
import hmac
import os
import re
import threading
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from masthead.access import sql
from masthead.access.models import MeteredRead, ReaderMeter
from masthead.access.policy import MeteredView, MeterState, decide

COOKIE_NAME = "mh_meter"
COOKIE_SALT = "masthead.access.meter"
# The longest window a policy may set (AccessPolicy.window_days) plus a day.
COOKIE_MAX_AGE = 366 * 24 * 3600
MAX_COOKIE_VIEWS = 150
# Cookies that verified, kept per process with what they say (at most ~1.5 KB each).
VERIFIED_COOKIES_KEPT = 2048
METER_CACHE_SECONDS = 3600
EPOCH = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
_COOKIE_LIFETIME = datetime.timedelta(seconds=COOKIE_MAX_AGE)
_ONE_MINUTE = datetime.timedelta(minutes=1)
_ANONYMOUS_ID = re.compile(r"^[A-Za-z0-9_-]{8,32}$")
_BASE36_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


@functools.lru_cache(maxsize=8192)
def _to_base36(number):
    """Article ids and minutes in base 36; the same few recur (the current minute, the
    articles being read), so each is worked out once."""
    if number <= 0:
        return "0"
    digits = []
    while number:
        number, remainder = divmod(number, 36)
        digits.append(_BASE36_DIGITS[remainder])
    return "".join(reversed(digits))


def _minute(moment):
    return (moment - EPOCH) // _ONE_MINUTE


def _moment(minute):
    return EPOCH + datetime.timedelta(minutes=minute)


class MeterSigner(signing.TimestampSigner):
    """Django's TimestampSigner for the meter cookie: the same format, keys and
    fallback keys, with each key's HMAC key derived once, when the signer is made,
    instead of on every signature (Django hashes the salt and the secret again each
    time). Every counted read signs a new cookie, and this takes two thirds off what
    that costs."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._derived = {key: _derived_key(self.salt + "signer", key) for key in (self.key, *self.fallback_keys)}

    def sign(self, value):
        value = f"{value}{self.sep}{_b62_second(int(time.time()))}"
        return f"{value}{self.sep}{self.signature(value)}"

    def signature(self, value, key=None):
        key = key or self.key
        derived = self._derived.get(key) or _derived_key(self.salt + "signer", key)
        digest = hmac.digest(derived, value.encode(), "sha256")
        # What base64.urlsafe_b64encode(digest).rstrip(b"=") gives, in one step less.
        return binascii.b2a_base64(digest, newline=False).translate(_URLSAFE).rstrip(b"=").decode()


_b62_second = functools.lru_cache(maxsize=4)(signing.b62_encode)
_URLSAFE = bytes.maketrans(b"+/", b"-_")


def _derived_key(key_salt, secret):
    """What `django.utils.crypto.salted_hmac` derives from a salt and a secret (SHA-256)."""
    return hashlib.sha256(key_salt.encode() + (secret if isinstance(secret, bytes) else secret.encode())).digest()


_current_signer = None


def meter_signer():
    """The signer for the current SECRET_KEY and SECRET_KEY_FALLBACKS (made again when they change)."""
    global _current_signer
    signer = _current_signer
    if signer is None or signer.key != settings.SECRET_KEY or signer.fallback_keys != settings.SECRET_KEY_FALLBACKS:
        signer = _current_signer = MeterSigner(
            key=settings.SECRET_KEY, fallback_keys=list(settings.SECRET_KEY_FALLBACKS), salt=COOKIE_SALT
        )
    return signer


@functools.lru_cache(maxsize=VERIFIED_COOKIES_KEPT)
def _verified_cookie(signer, raw_value):
    """(anonymous id, views, signed at) of a cookie whose signature holds, or an error.

    Kept per process for the cookies that verified (never for those that did not), so
    a reader who keeps meeting the gate, whose cookie stays the same, costs no HMAC
    and no parsing. The age is checked by the caller on every request."""
    payload = signer.unsign(raw_value)
    signed_at = signing.b62_decode(raw_value.rsplit(signer.sep, 2)[-2])
    anonymous_id, _, entries = payload.partition("~")
    if not _ANONYMOUS_ID.match(anonymous_id):
        raise ValueError("bad anonymous id")
    views = []
    for entry in entries.split(".") if entries else ():
        article, _, minute = entry.partition("-")
        views.append(MeteredView(article_id=int(article, 36), counted_at=_moment(int(minute, 36))))
    return anonymous_id, tuple(views), signed_at


class _RandomBytes:
    """Bytes from the operating system's random source, drawn 4 KB at a time: one
    system call per few hundred new readers rather than one each. Nothing drawn
    before a fork is used after it, so no two workers hand out the same id."""

    SIZE = 4096

    def __init__(self):
        self.lock = threading.Lock()
        self.forget()

    def forget(self):
        self.buffer = b""
        self.position = 0

    def take(self, count):
        with self.lock:
            if self.position + count > len(self.buffer):
                self.buffer = os.urandom(self.SIZE)
                self.position = 0
            start = self.position
            self.position += count
            return self.buffer[start : start + count]


_random_bytes = _RandomBytes()
os.register_at_fork(after_in_child=_random_bytes.forget)


def random_bytes(count):
    """`count` bytes from the operating system's random source (for ids and tokens, not keys)."""
    return _random_bytes.take(count)


def new_anonymous_id():
    """12 URL-safe characters (72 random bits), like `secrets.token_urlsafe(9)`."""
    return base64.urlsafe_b64encode(random_bytes(9)).decode()


class CookieMeter:
    """An anonymous reader's meter, read from and written back to one cookie."""

    def __init__(self, anonymous_id=None, views=(), was_discarded=False):
        self.anonymous_id = anonymous_id
        self.views = tuple(views)
        self.was_discarded = was_discarded
        self.changed = False

    @classmethod
    def from_cookie(cls, raw_value):
        if not raw_value:
            return cls()
        try:
            anonymous_id, views, signed_at = _verified_cookie(meter_signer(), raw_value)
        except (signing.BadSignature, ValueError, OverflowError):
            return cls(was_discarded=True)
        if time.time() - signed_at > COOKIE_MAX_AGE:
            return cls(was_discarded=True)
        return cls(anonymous_id=anonymous_id, views=views)

    def state(self):
        return MeterState(views=self.views)

    def ensure_anonymous_id(self):
        if self.anonymous_id is None:
            self.anonymous_id = new_anonymous_id()
            self.changed = True
        return self.anonymous_id

    def record(self, article_id, now):
        """Count `article_id` now, dropping what has fallen out of every window."""
        self.ensure_anonymous_id()
        oldest = now - _COOKIE_LIFETIME
        kept = [view for view in self.views if view.article_id != article_id and view.counted_at > oldest]
        kept.append(MeteredView(article_id=article_id, counted_at=now))
        self.views = tuple(kept[-MAX_COOKIE_VIEWS:])
        self.changed = True

    def cookie_value(self):
        entries = ".".join(
            f"{_to_base36(view.article_id)}-{_to_base36(_minute(view.counted_at))}" for view in self.views
        )
        return meter_signer().sign(f"{self.anonymous_id}~{entries}")


class DatabaseMeter:
    """A registered reader's meter: MeteredRead rows, serialised by their ReaderMeter row."""

    def __init__(self, user_id):
        self.user_id = user_id

    @property
    def cache_key(self):
        return f"access:meter:{self.user_id}"

    def state(self, since):
        """The counted reads since `since`, from the cache (kept until the next count) or the database."""
        views = cache.get(self.cache_key)
        if views is None:
            oldest = timezone.now() - datetime.timedelta(seconds=COOKIE_MAX_AGE)
            views = self._load(oldest)
            cache.set(self.cache_key, views, METER_CACHE_SECONDS)
        return MeterState(views=tuple(view for view in views if view.counted_at > since))

    def _load(self, since):
        rows = sql.metered_reads(self.user_id, since)
        return tuple(MeteredView(article_id=article, counted_at=when) for article, when in rows)

    def count(self, reader_facts, article_facts, policy, now):
        """Decide again under the reader's lock and count the read if the rule still says so.

        Two requests of one reader arriving together both wait on the same row, so
        the second sees the first's count: no article is counted twice and nobody
        reads past the allowance."""
        with transaction.atomic():
            self._lock()
            state = MeterState(views=self._load(policy.window_start(now)))
            decision = decide(reader_facts, article_facts, state, policy, now)
            if decision.counts:
                updated = MeteredRead.objects.filter(
                    reader_id=self.user_id, article_id=article_facts.article_id
                ).update(counted_at=now)
                if not updated:
                    MeteredRead.objects.create(
                        reader_id=self.user_id, article_id=article_facts.article_id, counted_at=now
                    )
                ReaderMeter.objects.filter(pk=self.user_id).update(views_counted=F("views_counted") + 1)
                key = self.cache_key
                cache.delete(key)
                transaction.on_commit(lambda: cache.delete(key))
            return decision

    def _lock(self):
        if self._select_for_update():
            return
        try:
            with transaction.atomic():
                ReaderMeter.objects.create(reader_id=self.user_id)
        except IntegrityError:
            # Another request created it first and has committed: wait our turn on it.
            self._select_for_update()

    def _select_for_update(self):
        return list(ReaderMeter.objects.select_for_update().filter(pk=self.user_id).values_list("pk", flat=True))
