"""Demo plans for `masthead demo`, and a subscription for the demo subscriber
made through the demo provider's own events."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import rules
from .models import Order, Plan, PlanGrants, PlanInterval

DEMO_PLANS = [
    (
        "digital-monthly",
        "Digital monthly",
        PlanGrants.DIGITAL,
        PlanInterval.MONTH,
        999,
        "Every article on every title.",
    ),
    (
        "digital-annual",
        "Digital annual",
        PlanGrants.DIGITAL,
        PlanInterval.YEAR,
        9900,
        "Two months free against monthly.",
    ),
    (
        "digital-epaper-monthly",
        "Digital + e-paper monthly",
        PlanGrants.DIGITAL_EPAPER,
        PlanInterval.MONTH,
        1499,
        "Every article, and every printed edition page by page.",
    ),
    (
        "digital-epaper-annual",
        "Digital + e-paper annual",
        PlanGrants.DIGITAL_EPAPER,
        PlanInterval.YEAR,
        14900,
        "Every article and every edition, two months free.",
    ),
    (
        "single-edition",
        "Single e-paper edition",
        PlanGrants.EPAPER_EDITION,
        PlanInterval.ONCE,
        199,
        "One printed edition.",
    ),
]


def ensure_demo_plans():
    plans = {}
    for sort_order, (slug, name, grants, interval, price_cents, description) in enumerate(DEMO_PLANS):
        plans[slug], _ = Plan.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "grants": grants,
                "interval": interval,
                "price_cents": price_cents,
                "description": description,
                "sort_order": sort_order,
            },
        )
    return plans


HISTORY_READERS = 36
HISTORY_EMAIL = "subscriber{number:02d}@readers.masthead.example"


def load_demo_plans(context):
    """The plans; a live subscription for the demo subscriber; and a year of
    synthetic subscribers, so that the staff dashboard has a history to chart."""
    plans = ensure_demo_plans()
    subscriber = (getattr(context, "readers", None) or {}).get("subscriber")
    if subscriber is not None and not Order.objects.filter(user=subscriber).exists():
        subscribe_through_demo_provider(subscriber, plans["digital-epaper-monthly"])
    made = load_subscription_history(plans, getattr(context, "rng", None) or random.Random("billing"))
    stdout = getattr(context, "stdout", None)
    if stdout is not None:
        stdout.write(f"Billing: {len(plans)} plans, {made} synthetic subscribers added.")


def load_subscription_history(plans, rng, *, now=None, count=None):
    """Subscribers who joined over the last year, some of whom left, all made
    through the demo provider's events. Idempotent: existing ones are kept."""
    now = now or timezone.now()
    recurring = [plan for plan in plans.values() if plan.is_recurring]
    made = 0
    for number in range(1, (count or HISTORY_READERS) + 1):
        email = HISTORY_EMAIL.format(number=number)
        user_model = get_user_model()
        plan = rng.choice(recurring)
        start = now - datetime.timedelta(days=rng.randint(1, 360), hours=rng.randint(0, 23))
        cancel_after = rng.choice([None, None, None, 1, 2, 4])
        if user_model.objects.filter(email=email).exists():
            continue
        user = user_model.objects.create_user(email=email, password=None)
        _replay_history(user, plan, start, cancel_after, now)
        made += 1
    return made


def _replay_history(user, plan, start, cancel_after, now):
    from .providers import demo as demo_provider
    from .webhooks import receive_event

    order = subscribe_through_demo_provider(user, plan, now=start)
    subscription = order.subscription
    period_start, periods = start, 0
    while (period_end := rules.period_after(period_start, plan.interval)) <= now:
        periods += 1
        created = int(period_end.timestamp())
        if cancel_after is not None and periods >= cancel_after:
            ended = demo_provider.current_subscription_object(
                subscription, status="canceled", canceled_at=period_end, ended_at=period_end
            )
            events = [demo_provider.build_event("customer.subscription.deleted", ended, created=created)]
        else:
            next_end = rules.period_after(period_end, plan.interval)
            invoice = demo_provider.invoice_object(
                subscription.provider_subscription_id,
                customer_id=subscription.customer.provider_customer_id,
                amount_cents=plan.price_cents,
                period_start=period_end,
                period_end=next_end,
                paid=True,
            )
            renewed = demo_provider.current_subscription_object(subscription, period_end=next_end)
            events = [
                demo_provider.build_event("invoice.paid", invoice, created=created),
                demo_provider.build_event("customer.subscription.updated", renewed, created=created),
            ]
        for event in events:
            receive_event(event, provider=demo_provider.NAME)
        subscription.refresh_from_db()
        if subscription.status == "canceled":
            break
        period_start = period_end


def subscribe_through_demo_provider(user, plan, *, now=None):
    """Checkout and payment as a reader would do them on the demo checkout page."""
    from .actions import do_create_order
    from .providers import demo as demo_provider
    from .webhooks import receive_event

    order = do_create_order(user, plan, provider_name=demo_provider.NAME)
    order.provider_session_id = f"cs_demo_{order.public_id.hex}"
    order.status = "open"
    order.save(update_fields=["provider_session_id", "status"])
    for event in demo_provider.checkout_completed_events(order, now=now or timezone.now()):
        receive_event(event, provider=demo_provider.NAME)
    order.refresh_from_db()
    return order
