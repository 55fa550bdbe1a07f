"""The anonymous meter cookie and the registered meter in the database."""

import datetime

import pytest
import time_machine
from django.core import signing

from masthead.access.meter import _ANONYMOUS_ID, COOKIE_NAME, COOKIE_SALT, CookieMeter
from masthead.access.models import MeteredRead, ReaderMeter
from tests.factories import make_article, make_reader

NOW = datetime.datetime(2026, 11, 29, 9, 0, tzinfo=datetime.UTC)


def test_the_cookie_round_trips_its_views():
    meter = CookieMeter()
    meter.record(41, NOW)
    meter.record(1234567, NOW + datetime.timedelta(minutes=3))
    read_back = CookieMeter.from_cookie(meter.cookie_value())
    assert read_back.anonymous_id == meter.anonymous_id
    assert [(view.article_id, view.counted_at) for view in read_back.views] == [
        (41, NOW),
        (1234567, NOW + datetime.timedelta(minutes=3)),
    ]


def test_the_cookie_is_compact():
    meter = CookieMeter()
    for article_id in range(5000, 5010):
        meter.record(article_id, NOW)
    assert len(meter.cookie_value()) < 200


def test_recounting_an_article_keeps_one_entry():
    meter = CookieMeter()
    meter.record(7, NOW)
    meter.record(7, NOW + datetime.timedelta(days=40))
    assert [view.article_id for view in meter.views] == [7]


def test_the_cookie_is_signed_exactly_as_django_signs():
    """The meter's signer only derives its key once: a cookie signed by Django's own
    TimestampSigner reads back, and ours verifies with Django's."""
    meter = CookieMeter()
    meter.record(41, NOW)
    ours = meter.cookie_value()
    assert signing.TimestampSigner(salt=COOKIE_SALT).unsign(ours).startswith(meter.anonymous_id + "~")
    django_signed = signing.TimestampSigner(salt=COOKIE_SALT).sign("abcdefghijkl~15-2")
    assert [view.article_id for view in CookieMeter.from_cookie(django_signed).views] == [41]


def test_a_cookie_signed_before_a_key_rotation_still_counts(settings):
    settings.SECRET_KEY = "the-old-key-" + "x" * 40
    meter = CookieMeter()
    meter.record(41, NOW)
    signed_with_old_key = meter.cookie_value()
    settings.SECRET_KEY = "the-new-key-" + "y" * 40
    assert CookieMeter.from_cookie(signed_with_old_key).was_discarded
    settings.SECRET_KEY_FALLBACKS = ["the-old-key-" + "x" * 40]
    read_back = CookieMeter.from_cookie(signed_with_old_key)
    assert [view.article_id for view in read_back.views] == [41]
    assert not read_back.was_discarded


def _signed(payload):
    return signing.TimestampSigner(salt=COOKIE_SALT).sign(payload)


BROKEN_COOKIES = {
    "forged_signature": lambda good: good[:-4] + "abcd",
    "truncated": lambda good: good[: len(good) // 2],
    "garbage": lambda good: "not a meter at all",
    "empty_signature": lambda good: good.rsplit(":", 1)[0] + ":",
    "signed_with_another_salt": lambda good: signing.TimestampSigner(salt="other").sign("abcdefghijkl~1-2"),
    "signed_but_malformed": lambda good: _signed("abcdefghijkl~zz-!!.1"),
    "signed_bad_id": lambda good: _signed("x~1-2"),
    "signed_huge_number": lambda good: _signed("abcdefghijkl~1-" + "z" * 400),
}


@pytest.mark.parametrize("breaker", list(BROKEN_COOKIES.values()), ids=list(BROKEN_COOKIES))
def test_a_broken_cookie_reads_exactly_as_no_cookie(breaker):
    good = CookieMeter()
    good.record(1, NOW)
    meter = CookieMeter.from_cookie(breaker(good.cookie_value()))
    assert meter.views == ()
    assert meter.anonymous_id is None
    assert meter.was_discarded


def test_an_expired_cookie_reads_as_no_cookie():
    with time_machine.travel(NOW - datetime.timedelta(days=400), tick=False):
        meter = CookieMeter()
        meter.record(1, NOW - datetime.timedelta(days=400))
        old_value = meter.cookie_value()
    with time_machine.travel(NOW, tick=False):
        read_back = CookieMeter.from_cookie(old_value)
    assert read_back.views == () and read_back.was_discarded


def test_a_cookie_read_while_young_still_expires():
    """The process keeps the cookies it verified; their age is checked on every read."""
    with time_machine.travel(NOW - datetime.timedelta(days=360), tick=False):
        meter = CookieMeter()
        meter.record(1, NOW - datetime.timedelta(days=360))
        value = meter.cookie_value()
        assert [view.article_id for view in CookieMeter.from_cookie(value).views] == [1]
    with time_machine.travel(NOW + datetime.timedelta(days=10), tick=False):
        read_back = CookieMeter.from_cookie(value)
    assert read_back.views == () and read_back.was_discarded


@pytest.mark.django_db
@pytest.mark.parametrize("breaker", list(BROKEN_COOKIES.values()), ids=list(BROKEN_COOKIES))
def test_a_broken_cookie_never_breaks_the_page(client, group, breaker):
    article = make_article(group.section)
    full = CookieMeter()
    for article_id in (90001, 90002, 90003):
        full.record(article_id, NOW)
    client.cookies[COOKIE_NAME] = breaker(full.cookie_value())
    response = client.get(article.url)
    assert response.status_code == 200
    assert "2 free articles left this month" in response.content.decode()
    assert CookieMeter.from_cookie(response.cookies[COOKIE_NAME].value).views[0].article_id == article.pk


@pytest.mark.django_db
def test_a_meter_cookie_from_another_browser_counts_as_that_browser(client, group):
    """The cookie is the anonymous meter: copying a full one in gives its state, nothing more."""
    articles = [make_article(group.section) for _ in range(4)]
    for article in articles[:3]:
        client.get(article.url)
    response = client.get(articles[3].url)
    assert "paywalled-content" in response.content.decode()
    client.cookies.pop(COOKIE_NAME)
    assert "2 free articles left this month" in client.get(articles[3].url).content.decode()


@pytest.mark.django_db
def test_the_registered_meter_counts_each_article_once(client, group):
    reader = make_reader()
    client.force_login(reader)
    article = make_article(group.section)
    for _ in range(3):
        client.get(article.url)
    assert MeteredRead.objects.filter(reader=reader).count() == 1
    assert ReaderMeter.objects.get(reader=reader).views_counted == 1


@pytest.mark.parametrize("secure", [False, True])
def test_the_meter_cookie_is_sent_as_django_would_send_it(secure):
    """The meter builds its Set-Cookie with less work than `set_cookie`, and the same result."""
    from django.http import HttpResponse

    from masthead.access.meter import COOKIE_MAX_AGE
    from masthead.access.reader import meter_morsel

    value = CookieMeter(anonymous_id="abcdefghijkl", views=()).cookie_value()
    with time_machine.travel(NOW, tick=False):
        expected = HttpResponse()
        expected.set_cookie(COOKIE_NAME, value, max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax", secure=secure)
        ours = HttpResponse()
        ours.cookies[COOKIE_NAME] = meter_morsel(value, secure)
    assert ours.cookies[COOKIE_NAME].output() == expected.cookies[COOKIE_NAME].output()
    assert dict(ours.cookies[COOKIE_NAME]) == dict(expected.cookies[COOKIE_NAME])


def test_anonymous_ids_are_random_and_url_safe():
    from masthead.access.meter import new_anonymous_id

    ids = {new_anonymous_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(len(anonymous_id) == 12 and _ANONYMOUS_ID.match(anonymous_id) for anonymous_id in ids)


def test_a_forked_worker_never_hands_out_its_parents_next_id():
    """Random bytes are drawn ahead; a gunicorn worker forked from a process that had
    drawn some must not give its first reader the id the parent gives its next one."""
    import os

    from masthead.access.meter import new_anonymous_id

    new_anonymous_id()  # the parent now holds bytes drawn ahead
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        os.write(write_end, new_anonymous_id().encode())
        os._exit(0)
    os.waitpid(child, 0)
    os.close(write_end)
    child_id = os.read(read_end, 64).decode()
    os.close(read_end)
    assert len(child_id) == 12
    assert child_id != new_anonymous_id()
