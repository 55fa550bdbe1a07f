"""Figures for the staff dashboard: subscribers, subscriptions by plan, new and
cancelled this month, monthly recurring revenue and its last twelve months."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from . import rules
from .models import Subscription, WebhookEvent, WebhookEventStatus, format_euro

COUNTED_STATUSES = ("trialing", "active", "past_due", "unpaid", "canceled", "paused")


@dataclass(frozen=True)
class Bar:
    label: str
    value_cents: int
    x: float
    y: float
    height: float

    @property
    def value_label_y(self):
        return round(self.y - 3, 1)

    @property
    def value_display(self):
        return format_euro(self.value_cents)


def _live_at(row, moment):
    started_at, access_ends_at, refunded_at = row["started_at"], row["access_ends_at"], row["refunded_at"]
    return (
        started_at is not None
        and started_at <= moment
        and access_ends_at is not None
        and access_ends_at > moment
        and (refunded_at is None or refunded_at > moment)
    )


def summary(now=None):
    now = now or timezone.now()
    rows = list(
        Subscription.objects.filter(status__in=COUNTED_STATUSES, plan__isnull=False).values(
            "user_id",
            "plan__name",
            "plan__interval",
            "plan__price_cents",
            "started_at",
            "access_ends_at",
            "refunded_at",
            "canceled_at",
        )
    )
    for row in rows:
        row["monthly_cents"] = _monthly_cents(row)
    live = [row for row in rows if _live_at(row, now)]
    local_now = timezone.localtime(now)
    month_start = local_now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    by_plan = Counter(row["plan__name"] for row in live)
    return {
        "subscribers": len({row["user_id"] for row in live if row["user_id"]}),
        "active": len(live),
        "by_plan": sorted(by_plan.items(), key=lambda item: (-item[1], item[0])),
        "new_this_month": sum(1 for row in rows if row["started_at"] and row["started_at"] >= month_start),
        "cancelled_this_month": sum(1 for row in rows if row["canceled_at"] and row["canceled_at"] >= month_start),
        "mrr_cents": sum(row["monthly_cents"] for row in live),
        "mrr_display": format_euro(sum(row["monthly_cents"] for row in live)),
        "chart": mrr_chart(rows, local_now),
        "recent_events": list(WebhookEvent.objects.order_by("-received_at")[:15]),
        "failed_events": WebhookEvent.objects.filter(status=WebhookEventStatus.FAILED).count(),
    }


def _monthly_cents(row):
    if row["plan__interval"] == "month":
        return row["plan__price_cents"]
    if row["plan__interval"] == "year":
        return round(row["plan__price_cents"] / 12)
    return 0


def mrr_chart(rows, local_now, *, months=12, width=720, height=200):
    """MRR at the end of each of the last `months` months (now for this one), as bars."""
    starts = rules.month_starts(local_now.date(), months)
    moments = [
        timezone.make_aware(datetime.datetime(next_first.year, next_first.month, 1)) for next_first in starts[1:]
    ] + [local_now]
    values = [sum(row["monthly_cents"] for row in rows if _live_at(row, moment)) for moment in moments]
    top = max(values) or 1
    slot = width / months
    bars = []
    for first, value in zip(starts, values, strict=True):
        bar_height = round(value / top * (height - 30), 1)
        bars.append(
            Bar(
                label=first.strftime("%b %y"),
                value_cents=value,
                x=round(len(bars) * slot + slot * 0.15, 1),
                y=round(height - 20 - bar_height, 1),
                height=bar_height,
            )
        )
    return {"bars": bars, "width": width, "height": height, "bar_width": round(slot * 0.7, 1), "slot": slot}
