"""The billing rules as a table: one row per rule."""

import datetime

import pytest

from masthead.billing.rules import SubscriptionState, access_end, is_newer, month_starts, period_after

NOW = datetime.datetime(2026, 11, 29, 12, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
PERIOD_END = NOW + 20 * DAY


@pytest.mark.parametrize(
    ("state", "granted", "ends_at", "revoke_at"),
    [
        pytest.param(SubscriptionState("active", PERIOD_END), True, PERIOD_END, None, id="active runs to period end"),
        pytest.param(SubscriptionState("trialing", PERIOD_END), True, PERIOD_END, None, id="a trial runs to its end"),
        pytest.param(SubscriptionState("incomplete", PERIOD_END), False, None, None, id="never paid gives nothing"),
        pytest.param(
            SubscriptionState("incomplete_expired", PERIOD_END), False, None, None, id="expired first payment"
        ),
        pytest.param(
            SubscriptionState("canceled", PERIOD_END, ended_at=NOW), True, NOW, None, id="ended ends when it ended"
        ),
        pytest.param(
            SubscriptionState("past_due", PERIOD_END + 30 * DAY, payment_failed_at=NOW),
            True,
            NOW + 7 * DAY,
            None,
            id="failed renewal leaves the grace period",
        ),
        pytest.param(
            SubscriptionState("canceled", PERIOD_END, ended_at=NOW + 10 * DAY, payment_failed_at=NOW),
            True,
            NOW + 7 * DAY,
            None,
            id="ended after a failure ends no later than the grace",
        ),
        pytest.param(
            SubscriptionState("active", PERIOD_END, refunded_at=NOW),
            True,
            None,
            NOW,
            id="a refund ends it at once",
        ),
    ],
)
def test_access_end(state, granted, ends_at, revoke_at):
    access = access_end(state, grace_days=7)
    assert (access.granted, access.ends_at, access.revoke_at) == (granted, ends_at, revoke_at)


@pytest.mark.parametrize(
    ("event_created", "state_as_of", "expected"),
    [
        pytest.param(NOW, None, True, id="first event applies"),
        pytest.param(NOW, NOW - DAY, True, id="newer applies"),
        pytest.param(NOW, NOW, True, id="same second applies"),
        pytest.param(NOW - DAY, NOW, False, id="older is ignored"),
    ],
)
def test_is_newer(event_created, state_as_of, expected):
    assert is_newer(event_created, state_as_of) is expected


@pytest.mark.parametrize(
    ("start", "interval", "expected"),
    [
        (
            datetime.datetime(2026, 1, 31, tzinfo=datetime.UTC),
            "month",
            datetime.datetime(2026, 2, 28, tzinfo=datetime.UTC),
        ),
        (
            datetime.datetime(2026, 12, 5, tzinfo=datetime.UTC),
            "month",
            datetime.datetime(2027, 1, 5, tzinfo=datetime.UTC),
        ),
        (
            datetime.datetime(2028, 2, 29, tzinfo=datetime.UTC),
            "year",
            datetime.datetime(2029, 2, 28, tzinfo=datetime.UTC),
        ),
        (datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC), "once", None),
    ],
)
def test_period_after(start, interval, expected):
    assert period_after(start, interval) == expected


def test_month_starts_cross_the_year():
    starts = month_starts(datetime.date(2026, 2, 14), 3)
    assert starts == [datetime.date(2025, 12, 1), datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)]
