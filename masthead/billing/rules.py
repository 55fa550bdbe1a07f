"""Billing rules as plain functions: no database, no HTTP, no provider.

`access_end` turns what we know about a subscription into the moment the
reader's entitlement ends; `is_newer` decides whether an event may overwrite
the state we hold.
"""

import datetime
from dataclasses import dataclass

NO_ACCESS_STATUSES = frozenset({"incomplete", "incomplete_expired"})
ENDED_STATUSES = frozenset({"canceled", "paused"})
LIVE_STATUSES = frozenset({"trialing", "active", "past_due", "unpaid"})
# The provider will never charge these again (a paused one may resume, so it is not here).
CLOSED_STATUSES = frozenset({"canceled", "incomplete_expired"})


@dataclass(frozen=True)
class SubscriptionState:
    status: str
    current_period_end: datetime.datetime | None
    ended_at: datetime.datetime | None = None
    payment_failed_at: datetime.datetime | None = None
    refunded_at: datetime.datetime | None = None
    state_as_of: datetime.datetime | None = None


@dataclass(frozen=True)
class Access:
    """`granted` False: the reader never had access from this subscription.
    `revoke_at`: a refund or dispute took it away at that moment."""

    granted: bool
    ends_at: datetime.datetime | None = None
    revoke_at: datetime.datetime | None = None


def access_end(state, *, grace_days):
    """When access from a subscription ends, in order of precedence:
    a refund or dispute ends it at once; a subscription never paid gives
    none; an ended one ends when it ended; a failed renewal leaves the grace
    period from the failure; otherwise access runs to the end of the paid period."""
    if state.refunded_at is not None:
        return Access(granted=True, revoke_at=state.refunded_at)
    if state.status in NO_ACCESS_STATUSES:
        return Access(granted=False)
    grace_end = (
        state.payment_failed_at + datetime.timedelta(days=grace_days) if state.payment_failed_at is not None else None
    )
    if state.status in ENDED_STATUSES:
        ends_at = state.ended_at or state.state_as_of or state.current_period_end
        if grace_end is not None and ends_at is not None:
            ends_at = min(ends_at, grace_end)
    else:
        # A renewal that failed: the paid period is over (Stripe may already
        # show the next, unpaid one); the grace period runs from the failure.
        ends_at = grace_end or state.current_period_end
    return Access(granted=True, ends_at=ends_at)


def is_newer(event_created, state_as_of):
    """An event may set the state when it is not older than the state we hold.
    Equal timestamps apply (Stripe's clock has one-second steps), so two events
    of the same second apply in arrival order."""
    return state_as_of is None or event_created >= state_as_of


def period_after(start, interval):
    """The end of one billing period from `start` (calendar months, clamped)."""
    months = {"month": 1, "year": 12}.get(interval, 0)
    if not months:
        return None
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    for day in (start.day, 30, 29, 28):
        try:
            return start.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return None


def month_starts(today, count):
    """The first day of each of the last `count` months, oldest first, ending with today's month."""
    firsts = []
    year, month = today.year, today.month
    for _ in range(count):
        firsts.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(firsts))
