"""The access funnel: one row per rule."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from masthead.access.actions import do_grant_entitlement, do_revoke_entitlement
from masthead.epaper.access import NotEntitled, edition_for_reader, may_read_edition
from masthead.epaper.models import Edition
from tests.factories import make_reader

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def editions(group):
    """Two published editions of the first title and one of the second (no files needed here)."""
    first, second = group.publications
    make = lambda publication, day: Edition.objects.create(  # noqa: E731
        publication=publication, date=datetime.date(2026, 11, day), status="published", page_count=2
    )
    return {"this": make(first, 27), "same_title_other_day": make(first, 26), "other_title": make(second, 27)}


def grant(editions, group, kind, scope, **period):
    reader = make_reader()
    if kind == "epaper_edition":
        do_grant_entitlement(reader, kind=kind, edition=editions[scope], source="test", **period)
    elif kind in ("epaper", "digital"):
        publication = {"this_title": group.publications[0], "other_title": group.publications[1], "all": None}[scope]
        do_grant_entitlement(reader, kind=kind, publication=publication, source="test", **period)
    return reader


@pytest.mark.parametrize(
    ("kind", "scope", "period", "may_read"),
    [
        pytest.param("epaper", "this_title", {}, True, id="e-paper subscription to the title"),
        pytest.param("epaper", "all", {}, True, id="e-paper subscription to all titles"),
        pytest.param("epaper", "other_title", {}, False, id="e-paper subscription to another title"),
        pytest.param("epaper_edition", "this", {}, True, id="bought this edition"),
        pytest.param("epaper_edition", "same_title_other_day", {}, False, id="bought another edition"),
        pytest.param("digital", "this_title", {}, False, id="digital-only subscriber"),
        pytest.param("digital", "all", {}, False, id="digital-only subscriber to all titles"),
        pytest.param("epaper", "this_title", {"ends_at": "past"}, False, id="expired subscription"),
        pytest.param("epaper", "this_title", {"starts_at": "future"}, False, id="subscription not started"),
    ],
)
def test_entitlement_rules(group, editions, kind, scope, period, may_read):
    now = timezone.now()
    period = {key: now - HOUR if value == "past" else now + HOUR for key, value in period.items()}
    reader = grant(editions, group, kind, scope, **period)
    assert may_read_edition(reader, editions["this"]) is may_read


def test_revoked_purchase_no_longer_reads(group, editions):
    reader = make_reader()
    grant_row = do_grant_entitlement(reader, kind="epaper_edition", edition=editions["this"], source="refunded")
    do_revoke_entitlement(grant_row)
    assert not may_read_edition(reader, editions["this"])


def test_anonymous_and_registered_readers_may_not(editions):
    from django.contrib.auth.models import AnonymousUser

    assert not may_read_edition(AnonymousUser(), editions["this"])
    assert not may_read_edition(make_reader(), editions["this"])


def test_staff_read_everything(editions):
    staff = make_reader(is_staff=True)
    assert edition_for_reader(staff, editions["other_title"].pk) == editions["other_title"]


def test_funnel_gives_the_edition_or_says_why_not(editions):
    reader = make_reader()
    do_grant_entitlement(reader, kind="epaper_edition", edition=editions["this"], source="test")
    assert edition_for_reader(reader, editions["this"].pk) == editions["this"]
    with pytest.raises(NotEntitled):
        edition_for_reader(reader, editions["other_title"].pk)


def test_unknown_and_unpublished_editions_look_the_same(editions):
    staff = make_reader(is_staff=True)
    Edition.objects.filter(pk=editions["this"].pk).update(status="draft")
    for edition_id in (editions["this"].pk, 999_999):
        with pytest.raises(Http404):
            edition_for_reader(staff, edition_id)
