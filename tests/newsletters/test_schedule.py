"""Send times in the list's own zone, across the clock changes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from masthead.newsletters.models import Issue, IssueStatus, NewsletterList
from masthead.newsletters.schedule import Schedule, due_date, next_date, send_moment
from masthead.newsletters.sending import send_due

UTC = datetime.UTC
FIVE_PM = Schedule(send_time=datetime.time(17, 0), time_zone="Europe/Dublin")
HOUR = datetime.timedelta(hours=1)


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("rule", "schedule", "local_date", "expected"),
    [
        ("winter: 17:00 Dublin is 17:00 UTC", FIVE_PM, datetime.date(2026, 1, 15), utc(2026, 1, 15, 17)),
        ("summer: 17:00 Dublin is 16:00 UTC", FIVE_PM, datetime.date(2026, 7, 15), utc(2026, 7, 15, 16)),
        ("the day the clocks go forward", FIVE_PM, datetime.date(2026, 3, 29), utc(2026, 3, 29, 16)),
        ("the day the clocks go back", FIVE_PM, datetime.date(2026, 10, 25), utc(2026, 10, 25, 17)),
        (
            "a time inside the spring gap moves past it",
            Schedule(datetime.time(1, 30), "Europe/Dublin"),
            datetime.date(2026, 3, 29),
            utc(2026, 3, 29, 1, 30),
        ),
        (
            "a time that happens twice is taken the first time",
            Schedule(datetime.time(1, 30), "Europe/Dublin"),
            datetime.date(2026, 10, 25),
            utc(2026, 10, 25, 0, 30),
        ),
        (
            "another zone",
            Schedule(datetime.time(7, 0), "America/New_York"),
            datetime.date(2026, 7, 1),
            utc(2026, 7, 1, 11),
        ),
    ],
)
def test_send_moment(rule, schedule, local_date, expected):
    assert send_moment(schedule, local_date) == expected


@pytest.mark.parametrize(
    ("rule", "schedule", "now", "expected"),
    [
        ("before the moment: nothing due", FIVE_PM, utc(2026, 7, 15, 15, 59), None),
        ("at the moment: today's", FIVE_PM, utc(2026, 7, 15, 16, 0), datetime.date(2026, 7, 15)),
        ("a little late: still today's", FIVE_PM, utc(2026, 7, 15, 18, 0), datetime.date(2026, 7, 15)),
        ("too late: nothing", FIVE_PM, utc(2026, 7, 15, 20, 0), None),
        (
            "weekly: not on other days",
            Schedule(datetime.time(9, 0), "Europe/Dublin", weekday=5),
            utc(2026, 7, 16, 9, 0),
            None,
        ),
        (
            "weekly: on its day",
            Schedule(datetime.time(9, 0), "Europe/Dublin", weekday=5),
            utc(2026, 7, 18, 8, 30),
            datetime.date(2026, 7, 18),
        ),
    ],
)
def test_due_date(rule, schedule, now, expected):
    assert due_date(schedule, now, late_limit=3 * HOUR) == expected


def test_next_date_is_tomorrow_once_today_has_gone():
    assert next_date(FIVE_PM, utc(2026, 7, 15, 15, 0)) == datetime.date(2026, 7, 15)
    assert next_date(FIVE_PM, utc(2026, 7, 15, 16, 0)) == datetime.date(2026, 7, 16)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "saturday"),
    [("clocks go forward", datetime.date(2026, 3, 28)), ("clocks go back", datetime.date(2026, 10, 24))],
)
def test_the_digest_goes_at_five_local_once_a_day_across_the_change(change, saturday):
    """The worker's clock ticks every 30 minutes from Saturday noon to Monday noon (Dublin)."""
    newsletter_list = NewsletterList.objects.create(name="Daily", slug="daily")
    dublin = ZoneInfo("Europe/Dublin")
    moment = datetime.datetime.combine(saturday, datetime.time(12, 0), tzinfo=dublin).astimezone(UTC)
    end = moment + datetime.timedelta(hours=48)
    started = {}
    with time_machine.travel(moment, tick=False) as traveller:
        while timezone.now() <= end:
            send_due()
            for issue in Issue.objects.filter(newsletter_list=newsletter_list, started_at__isnull=False):
                started.setdefault(issue.local_date, issue.started_at)
            traveller.shift(datetime.timedelta(minutes=30))

    sunday = saturday + datetime.timedelta(days=1)
    assert sorted(started) == [saturday, sunday]
    for local_date, sent_at in started.items():
        local = sent_at.astimezone(dublin)
        assert (local.date(), local.time()) == (local_date, datetime.time(17, 0)), f"{change}: {local_date}"
    # No stories in this test, so each issue is closed as empty rather than sent: still once, at five.
    assert Issue.objects.filter(newsletter_list=newsletter_list, status=IssueStatus.CANCELLED).count() == 2
