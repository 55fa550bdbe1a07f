"""Builders for billing tests: orders as our checkout view leaves them, and the
event sequences Stripe sends for them."""

import time

from masthead.access.models import Entitlement
from masthead.billing.actions import do_create_order
from masthead.billing.models import OrderStatus
from tests.billing.stripe_events import stripe_event

SUBSCRIPTION_SESSION = "cs_test_a1SubscriptionSession"
SUBSCRIPTION_ID = "sub_1TestSubscription"


def open_order(reader, plan, *, provider="stripe", session_id=SUBSCRIPTION_SESSION, edition=None, next_url=""):
    order = do_create_order(reader, plan, provider_name=provider, edition=edition, next_url=next_url)
    order.provider_session_id = session_id
    order.status = OrderStatus.OPEN
    order.save(update_fields=["provider_session_id", "status"])
    return order


def subscription_event(name, reader, plan, *, at=None, event_id=None, price_id=None, **changes):
    event = stripe_event(name, at=at, event_id=event_id, **changes)
    subscription = event["data"]["object"]
    subscription["metadata"] = {"masthead_user": str(reader.pk), "masthead_plan": str(plan.pk)}
    subscription["items"]["data"][0]["price"]["id"] = price_id or plan.stripe_price_id or "price_unknown"
    return event


def checkout_events(reader, plan, order, *, at=None):
    """What Stripe sends for a subscription checkout, in its usual order."""
    at = int(at if at is not None else time.time())
    return [
        subscription_event("customer_subscription_created", reader, plan, at=at),
        stripe_event("invoice_paid", at=at),
        stripe_event("checkout_session_completed_subscription", at=at, client_reference_id=str(order.public_id)),
    ]


def active_kinds(reader, now=None):
    return set(Entitlement.objects.active(now=now).filter(reader=reader).values_list("kind", flat=True))
