"""When a list's issue is due: pure date arithmetic in the list's own time zone.

An issue is named by its local date. Its moment is that date at the list's send
time in the list's zone, so 17:00 Europe/Dublin is 17:00 UTC in winter and
16:00 UTC in summer. A send time that does not exist on the day the clocks go
forward is moved forward by the gap; one that happens twice when they go back
is taken the first time. Either way the issue is one row per date, so it goes
out once.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Schedule:
    send_time: datetime.time
    time_zone: str = "Europe/Dublin"
    weekday: int | None = None  # None: every day; 0 = Monday


def send_moment(schedule, local_date):
    """The aware UTC moment the issue for `local_date` goes out."""
    zone = ZoneInfo(schedule.time_zone)
    wall = datetime.datetime.combine(local_date, schedule.send_time).replace(tzinfo=zone, fold=0)
    # In the spring-forward gap `fold=0` reads the wall time with the offset from
    # before the change, which lands just after the gap; when the clocks go back
    # it picks the first of the two moments.
    return wall.astimezone(datetime.UTC)


def sends_on(schedule, local_date):
    return schedule.weekday is None or local_date.weekday() == schedule.weekday


def due_date(schedule, now, late_limit):
    """The local date whose issue should be going out at `now`, or None.

    Due means its moment has passed and is no older than `late_limit` (a worker
    that was down all evening does not send yesterday's digest at breakfast).
    """
    zone = ZoneInfo(schedule.time_zone)
    today = now.astimezone(zone).date()
    for local_date in (today, today - datetime.timedelta(days=1)):
        if not sends_on(schedule, local_date):
            continue
        moment = send_moment(schedule, local_date)
        if moment <= now < moment + late_limit:
            return local_date
    return None


def next_date(schedule, now):
    """The local date of the next issue whose moment is still to come (for the editors' preview)."""
    zone = ZoneInfo(schedule.time_zone)
    local_date = now.astimezone(zone).date()
    for _ in range(9):
        if sends_on(schedule, local_date) and send_moment(schedule, local_date) > now:
            return local_date
        local_date += datetime.timedelta(days=1)
    return None
