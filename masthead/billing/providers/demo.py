"""The offline demo provider: our own checkout and portal pages, no card data,
no network. What the reader does there becomes the same events (in Stripe's
shape) that Stripe would send, handled by the same `receive_event`."""

import datetime
import time
import uuid

from django.urls import reverse
from django.utils import timezone

from masthead.billing import rules

from .base import CheckoutStart, PaymentProvider

NAME = "demo"


class DemoProvider(PaymentProvider):
    name = NAME

    def start_checkout(self, order, *, customer_id, success_url, cancel_url):
        session_id = f"cs_demo_{order.public_id.hex}"
        return CheckoutStart(session_id=session_id, url=reverse("billing:demo_checkout", args=[session_id]))

    def portal_url(self, customer_id, *, return_url):
        return reverse("billing:demo_portal")

    def subscription_id_for_payment(self, payment_intent_id):
        return None

    def cancel_subscription(self, subscription):
        """The demo has no other end: the event Stripe would send goes straight to our handler."""
        from masthead.billing.webhooks import receive_event

        if subscription.status in rules.CLOSED_STATUSES:
            return
        for event in cancel_now_events(subscription):
            receive_event(event, provider=NAME)


def _new_id(prefix):
    return f"{prefix}_demo_{uuid.uuid4().hex[:20]}"


def _timestamp(moment):
    return int(moment.timestamp()) if moment else None


def build_event(event_type, obj, *, created=None):
    return {
        "id": _new_id("evt"),
        "object": "event",
        "type": event_type,
        "created": created or int(time.time()),
        "livemode": False,
        "data": {"object": obj},
    }


def subscription_object(
    subscription_id,
    *,
    customer_id,
    plan,
    status,
    start,
    period_end,
    cancel_at_period_end=False,
    canceled_at=None,
    ended_at=None,
    metadata=None,
):
    return {
        "id": subscription_id,
        "object": "subscription",
        "customer": customer_id,
        "status": status,
        "start_date": _timestamp(start),
        "created": _timestamp(start),
        "cancel_at_period_end": cancel_at_period_end,
        "canceled_at": _timestamp(canceled_at),
        "ended_at": _timestamp(ended_at),
        "metadata": metadata or {},
        "items": {
            "object": "list",
            "data": [
                {
                    "id": _new_id("si"),
                    "object": "subscription_item",
                    "current_period_start": _timestamp(start),
                    "current_period_end": _timestamp(period_end),
                    "price": {"id": plan.stripe_price_id or f"price_demo_{plan.pk}", "unit_amount": plan.price_cents},
                }
            ],
        },
    }


def invoice_object(subscription_id, *, customer_id, amount_cents, period_start, period_end, paid):
    return {
        "id": _new_id("in"),
        "object": "invoice",
        "customer": customer_id,
        "currency": "eur",
        "amount_paid": amount_cents if paid else 0,
        "amount_due": amount_cents,
        "status": "paid" if paid else "open",
        "payment_intent": _new_id("pi"),
        "parent": {"type": "subscription_details", "subscription_details": {"subscription": subscription_id}},
        "lines": {
            "object": "list",
            "data": [{"period": {"start": _timestamp(period_start), "end": _timestamp(period_end)}}],
        },
    }


def _customer_id(user):
    from masthead.billing.models import Customer

    customer = Customer.objects.filter(user=user, provider=NAME).first()
    return customer.provider_customer_id if customer else f"cus_demo_{uuid.uuid4().hex[:14]}"


def checkout_completed_events(order, *, now=None):
    """What Stripe sends when a checkout is paid: for a subscription, the
    subscription, its first invoice and the completed session."""
    now = now or timezone.now()
    customer_id = _customer_id(order.user)
    metadata = {
        "masthead_order": str(order.public_id),
        "masthead_plan": str(order.plan_id),
        "masthead_user": str(order.user_id),
    }
    session = {
        "id": order.provider_session_id,
        "object": "checkout.session",
        "client_reference_id": str(order.public_id),
        "customer": customer_id,
        "status": "complete",
        "payment_status": "paid",
        "amount_total": order.amount_cents,
        "currency": order.currency,
        "metadata": metadata,
        "mode": "subscription" if order.plan.is_recurring else "payment",
        "subscription": None,
        "payment_intent": None,
    }
    created = int(now.timestamp())
    if not order.plan.is_recurring:
        session["payment_intent"] = _new_id("pi")
        return [build_event("checkout.session.completed", session, created=created)]
    subscription_id = _new_id("sub")
    session["subscription"] = subscription_id
    period_end = rules.period_after(now, order.plan.interval)
    subscription = subscription_object(
        subscription_id,
        customer_id=customer_id,
        plan=order.plan,
        status="active",
        start=now,
        period_end=period_end,
        metadata=metadata,
    )
    invoice = invoice_object(
        subscription_id,
        customer_id=customer_id,
        amount_cents=order.amount_cents,
        period_start=now,
        period_end=period_end,
        paid=True,
    )
    return [
        build_event("customer.subscription.created", subscription, created=created),
        build_event("invoice.paid", invoice, created=created),
        build_event("checkout.session.completed", session, created=created),
    ]


def checkout_expired_events(order):
    session = {
        "id": order.provider_session_id,
        "object": "checkout.session",
        "client_reference_id": str(order.public_id),
        "status": "expired",
        "payment_status": "unpaid",
    }
    return [build_event("checkout.session.expired", session)]


def current_subscription_object(subscription, **changes):
    values = {
        "customer_id": subscription.customer.provider_customer_id if subscription.customer else "",
        "plan": subscription.plan,
        "status": subscription.status,
        "start": subscription.started_at,
        "period_end": subscription.current_period_end,
        "cancel_at_period_end": subscription.cancel_at_period_end,
        "canceled_at": subscription.canceled_at,
        "ended_at": subscription.ended_at,
    }
    values.update(changes)
    return subscription_object(subscription.provider_subscription_id, **values)


def _next_second(subscription):
    """Events the demo sends in quick succession must not look older than the state they change."""
    floor = max(
        (moment for moment in (subscription.state_as_of, subscription.payment_state_as_of) if moment), default=None
    )
    now = int(time.time())
    return max(now, int(floor.timestamp()) + 1) if floor else now


def cancel_at_period_end_events(subscription, *, cancel=True):
    now = timezone.now()
    changed = current_subscription_object(
        subscription, cancel_at_period_end=cancel, canceled_at=now if cancel else None
    )
    return [build_event("customer.subscription.updated", changed, created=_next_second(subscription))]


def cancel_now_events(subscription):
    now = timezone.now()
    ended = current_subscription_object(
        subscription, status="canceled", cancel_at_period_end=False, canceled_at=now, ended_at=now
    )
    return [build_event("customer.subscription.deleted", ended, created=_next_second(subscription))]


def payment_failed_events(subscription):
    created = _next_second(subscription)
    start = subscription.current_period_end or timezone.now()
    invoice = invoice_object(
        subscription.provider_subscription_id,
        customer_id=subscription.customer.provider_customer_id if subscription.customer else "",
        amount_cents=subscription.plan.price_cents,
        period_start=start,
        period_end=rules.period_after(start, subscription.plan.interval) or start + datetime.timedelta(days=30),
        paid=False,
    )
    changed = current_subscription_object(subscription, status="past_due")
    return [
        build_event("invoice.payment_failed", invoice, created=created),
        build_event("customer.subscription.updated", changed, created=created),
    ]
