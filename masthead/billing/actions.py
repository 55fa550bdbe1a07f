"""Billing's writes: orders, and our copy of what the payment provider tells us
about checkouts, subscriptions and payments, each followed by the matching
change to the reader's entitlements (through `access.actions`, nowhere else).

The `do_apply_*` / `do_record_*` functions take Stripe-shaped objects from a
verified event and the event's creation time; they never trust arrival order.
They run inside the savepoint `webhooks.receive_event` opens for each event
(hence `savepoint=False`): an error undoes the whole event, nothing less.
"""

import logging
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q

from masthead.access.actions import do_grant_entitlement, do_revoke_entitlement, do_revoke_entitlements_from_source
from masthead.access.models import Entitlement

from . import payloads, rules
from .models import Customer, Order, OrderStatus, Payment, Plan, Subscription, SubscriptionStatus

logger = logging.getLogger(__name__)


def grace_days():
    return getattr(settings, "MASTHEAD_BILLING_GRACE_DAYS", 7)


@transaction.atomic
def do_create_order(user, plan, *, provider_name, edition=None, next_url=""):
    """The price always comes from the plan on the server, never from the browser."""
    return Order.objects.create(
        user=user,
        email=user.email,
        plan=plan,
        edition=edition,
        amount_cents=plan.price_cents,
        currency="eur",
        provider=provider_name,
        next_url=next_url,
    )


def do_start_checkout(order, provider, *, success_url, cancel_url):
    """Open the provider's checkout for an order. The network call happens
    outside any transaction; `ProviderUnavailable` leaves the order as started."""
    customer = (
        Customer.objects.filter(user=order.user, provider=provider.name).order_by("-created_at").first()
        if order.user_id
        else None
    )
    start = provider.start_checkout(
        order,
        customer_id=customer.provider_customer_id if customer else "",
        success_url=success_url,
        cancel_url=cancel_url,
    )
    order.provider_session_id = start.session_id
    order.status = OrderStatus.OPEN
    order.save(update_fields=["provider_session_id", "status"])
    return start


@transaction.atomic
def do_mark_order_cancelled(order):
    """The reader came back from checkout without paying."""
    updated = Order.objects.filter(pk=order.pk, status__in=[OrderStatus.CREATED, OrderStatus.OPEN]).update(
        status=OrderStatus.CANCELLED
    )
    if updated:
        order.status = OrderStatus.CANCELLED
    return order


def _customer_for(provider, customer_id, *, user=None, email=""):
    if not customer_id:
        return None
    customer, _ = Customer.objects.get_or_create(
        provider=provider, provider_customer_id=customer_id, defaults={"user": user, "email": email}
    )
    if user is not None and customer.user_id is None:
        customer.user = user
        customer.save(update_fields=["user"])
    return customer


def _locked_subscription(provider, subscription_id):
    """Our row for a provider's subscription, created if new, locked until commit."""
    locked = Subscription.objects.select_for_update(of=("self",)).select_related("plan", "user", "customer")
    subscription = locked.filter(provider=provider, provider_subscription_id=subscription_id).first()
    if subscription is not None:
        return subscription
    try:
        with transaction.atomic():
            return Subscription.objects.create(provider=provider, provider_subscription_id=subscription_id)
    except IntegrityError:
        # Another delivery created it a moment ago: wait for its lock.
        return locked.get(provider=provider, provider_subscription_id=subscription_id)


def _plan_for(subscription_object, current=None):
    """The plan by the subscription's price, or by the plan we put in its metadata."""
    price_id = payloads.subscription_price_id(subscription_object)
    if current is not None and price_id and current.stripe_price_id == price_id:
        return current
    plan_pk = str(payloads.metadata(subscription_object).get("masthead_plan", ""))
    matches = Q(stripe_price_id=price_id) if price_id else Q(pk__in=[])
    if plan_pk.isdigit():
        matches |= Q(pk=int(plan_pk))
    candidates = list(Plan.objects.filter(matches))
    by_price = [plan for plan in candidates if price_id and plan.stripe_price_id == price_id]
    return (by_price or candidates or [None])[0]


def _user_from_metadata(obj):
    user_pk = str(payloads.metadata(obj).get("masthead_user", ""))
    return get_user_model().objects.filter(pk=int(user_pk)).first() if user_pk.isdigit() else None


def _link(subscription, provider, obj, *, user=None):
    """Fill in who and what a subscription is for, where we don't know yet."""
    customer_id = payloads.object_id(obj.get("customer"))
    known = subscription.customer if subscription.customer_id else None
    if known is not None and known.provider_customer_id == customer_id and (known.user_id or user is None):
        customer = known
    else:
        customer = _customer_for(provider, customer_id, user=user)
    if subscription.customer_id is None and customer is not None:
        subscription.customer = customer
    if subscription.user_id is None:
        subscription.user = user or _user_from_metadata(obj) or (customer.user if customer else None)


def _later(first, second):
    return max((moment for moment in (first, second) if moment is not None), default=None)


def sync_entitlements(subscription):
    """Make the reader's entitlements from this subscription match its state."""
    if subscription.user_id is None or subscription.plan_id is None:
        return
    state = rules.SubscriptionState(
        status=subscription.status,
        current_period_end=subscription.current_period_end,
        ended_at=subscription.ended_at,
        payment_failed_at=subscription.payment_failed_at,
        refunded_at=subscription.refunded_at,
        state_as_of=subscription.state_as_of,
    )
    access = rules.access_end(state, grace_days=grace_days())
    source = subscription.entitlement_source
    live = {
        entitlement.kind: entitlement
        for entitlement in Entitlement.objects.filter(
            reader_id=subscription.user_id, source=source, revoked_at__isnull=True
        )
    }
    if access.revoke_at is not None:
        do_revoke_entitlements_from_source(source, when=access.revoke_at)
        ends_at = access.revoke_at
    elif not access.granted:
        for entitlement in live.values():
            do_revoke_entitlement(entitlement)
        ends_at = None
    else:
        kinds = subscription.plan.entitlement_kinds
        for kind in kinds:
            current = live.get(kind)
            if current is not None and current.ends_at == access.ends_at:
                continue
            do_grant_entitlement(
                subscription.user,
                kind=kind,
                source=source,
                starts_at=subscription.started_at,
                ends_at=access.ends_at,
                note=str(subscription.plan),
            )
        for kind, entitlement in live.items():
            if kind not in kinds:
                do_revoke_entitlement(entitlement)
        ends_at = access.ends_at
    if subscription.access_ends_at != ends_at:
        subscription.access_ends_at = ends_at
        subscription.save(update_fields=["access_ends_at", "updated_at"])


@transaction.atomic(savepoint=False)
def do_apply_subscription(subscription_object, *, provider, event_created):
    """A subscription event: take the object's own state, unless we already hold a newer one."""
    subscription = _locked_subscription(provider, subscription_object["id"])
    _link(subscription, provider, subscription_object)
    if subscription.plan_id is None or rules.is_newer(event_created, subscription.state_as_of):
        subscription.plan = _plan_for(subscription_object, subscription.plan) or subscription.plan
    if not rules.is_newer(event_created, subscription.state_as_of):
        subscription.save()
        sync_entitlements(subscription)
        return "older than the state we hold: state kept"
    subscription.status = subscription_object.get("status") or subscription.status
    subscription.current_period_end = _later(
        subscription.current_period_end, payloads.subscription_period_end(subscription_object)
    )
    subscription.cancel_at_period_end = bool(subscription_object.get("cancel_at_period_end"))
    subscription.canceled_at = payloads.to_datetime(subscription_object.get("canceled_at"))
    subscription.ended_at = payloads.to_datetime(subscription_object.get("ended_at"))
    subscription.started_at = subscription.started_at or payloads.to_datetime(
        subscription_object.get("start_date") or subscription_object.get("created")
    )
    subscription.state_as_of = event_created
    subscription.save()
    sync_entitlements(subscription)
    return f"subscription {subscription.status}"


def _order_for_session(provider, session):
    reference = session.get("client_reference_id") or payloads.metadata(session).get("masthead_order") or ""
    orders = Order.objects.select_for_update(of=("self",)).select_related("plan", "edition", "user")
    order = None
    if reference:
        order = orders.filter(public_id__in=[reference] if _is_uuid(reference) else []).first()
    return order or orders.filter(provider=provider, provider_session_id=session["id"]).first()


def _is_uuid(value):
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@transaction.atomic(savepoint=False)
def do_complete_checkout(session, *, provider, event_created):
    order = _order_for_session(provider, session)
    if order is None:
        return "not a checkout of ours: ignored"
    if session.get("status") != "complete" or session.get("payment_status") not in ("paid", "no_payment_required"):
        return "checkout completed, payment still pending"
    customer = _customer_for(provider, payloads.object_id(session.get("customer")), user=order.user, email=order.email)
    if order.status == OrderStatus.COMPLETED:
        return "order already completed"
    order.status = OrderStatus.COMPLETED
    order.completed_at = event_created
    order.provider_session_id = session["id"]
    order.payment_intent_id = payloads.object_id(session.get("payment_intent"))
    if order.plan.is_recurring:
        order.subscription = _start_subscription_from_checkout(order, session, customer, provider, event_created)
    elif order.edition_id and order.user_id:
        do_grant_entitlement(
            order.user,
            kind="epaper_edition",
            source=order.entitlement_source,
            edition=order.edition,
            starts_at=event_created,
            note=str(order.edition),
        )
    order.save(update_fields=["status", "completed_at", "provider_session_id", "payment_intent_id", "subscription"])
    return "order completed"


def _start_subscription_from_checkout(order, session, customer, provider, event_created):
    subscription = _locked_subscription(provider, payloads.object_id(session.get("subscription")))
    subscription.user = subscription.user or order.user
    subscription.customer = subscription.customer or customer
    subscription.plan = subscription.plan or order.plan
    if subscription.state_as_of is None:
        # The subscription's own events have not arrived yet: the reader has
        # paid for one period, which its events will confirm or correct.
        subscription.status = SubscriptionStatus.ACTIVE
        subscription.started_at = subscription.started_at or event_created
        subscription.current_period_end = _later(
            subscription.current_period_end, rules.period_after(event_created, order.plan.interval)
        )
    subscription.save()
    sync_entitlements(subscription)
    return subscription


@transaction.atomic(savepoint=False)
def do_expire_checkout(session, *, provider, event_created):
    order = _order_for_session(provider, session)
    if order is None or order.status != OrderStatus.OPEN:
        return "nothing to expire"
    order.status = OrderStatus.EXPIRED
    order.save(update_fields=["status"])
    return "order expired"


@transaction.atomic(savepoint=False)
def do_record_invoice_paid(invoice, *, provider, event_created):
    subscription_id = payloads.invoice_subscription_id(invoice)
    if not subscription_id:
        return "not a subscription invoice: ignored"
    subscription = _locked_subscription(provider, subscription_id)
    _link(subscription, provider, invoice)
    subscription.current_period_end = _later(subscription.current_period_end, payloads.invoice_period_end(invoice))
    if rules.is_newer(event_created, subscription.payment_state_as_of):
        subscription.payment_failed_at = None
        subscription.payment_state_as_of = event_created
    if subscription.state_as_of is None and subscription.status == SubscriptionStatus.INCOMPLETE:
        subscription.status = SubscriptionStatus.ACTIVE
        subscription.started_at = subscription.started_at or event_created
    subscription.save()
    payment_intent_id, charge_id = payloads.invoice_payment_ids(invoice)
    if not Payment.objects.filter(provider=provider, provider_invoice_id=invoice["id"]).exists():
        Payment.objects.create(
            provider=provider,
            provider_invoice_id=invoice["id"],
            payment_intent_id=payment_intent_id,
            charge_id=charge_id,
            subscription=subscription,
            amount_cents=invoice.get("amount_paid") or 0,
            currency=invoice.get("currency") or "eur",
            paid_at=payloads.to_datetime((invoice.get("status_transitions") or {}).get("paid_at")) or event_created,
        )
    sync_entitlements(subscription)
    return "invoice paid"


@transaction.atomic(savepoint=False)
def do_record_payment_failed(invoice, *, provider, event_created):
    subscription_id = payloads.invoice_subscription_id(invoice)
    if not subscription_id:
        return "not a subscription invoice: ignored"
    subscription = _locked_subscription(provider, subscription_id)
    _link(subscription, provider, invoice)
    if not rules.is_newer(event_created, subscription.payment_state_as_of):
        subscription.save()
        return "older than the payment state we hold: kept"
    subscription.payment_failed_at = subscription.payment_failed_at or event_created
    subscription.payment_state_as_of = event_created
    subscription.save()
    sync_entitlements(subscription)
    return "payment failed: grace period"


@transaction.atomic(savepoint=False)
def do_end_access_for_payment(*, provider, payment_intent_id, charge_id, when, provider_lookup=None):
    """A refund or dispute: whatever the payment paid for ends at once."""
    order = (
        Order.objects.select_for_update().filter(provider=provider, payment_intent_id=payment_intent_id).first()
        if payment_intent_id
        else None
    )
    if order is not None and not order.plan.is_recurring:
        if order.refunded_at is None:
            order.status = OrderStatus.REFUNDED
            order.refunded_at = when
            order.save(update_fields=["status", "refunded_at"])
        do_revoke_entitlements_from_source(order.entitlement_source, when=when)
        return "order refunded: access ended"
    subscription = _subscription_for_payment(provider, payment_intent_id, charge_id, order, provider_lookup, when)
    if subscription is None:
        return "no payment of ours: ignored"
    subscription = (
        Subscription.objects.select_for_update(of=("self",)).select_related("plan", "user").get(pk=subscription.pk)
    )
    subscription.refunded_at = subscription.refunded_at or when
    subscription.save(update_fields=["refunded_at", "updated_at"])
    sync_entitlements(subscription)
    return "subscription refunded: access ended"


def _subscription_for_payment(provider, payment_intent_id, charge_id, order, provider_lookup, when):
    payments = Payment.objects.filter(provider=provider, subscription__isnull=False)
    payment = None
    if payment_intent_id:
        payment = payments.filter(payment_intent_id=payment_intent_id).first()
    if payment is None and charge_id:
        payment = payments.filter(charge_id=charge_id).first()
    if payment is not None:
        Payment.objects.filter(pk=payment.pk, refunded_at__isnull=True).update(refunded_at=when)
        return payment.subscription
    if order is not None and order.subscription_id:
        return order.subscription
    if provider_lookup is not None and payment_intent_id:
        subscription_id = provider_lookup(payment_intent_id)
        if subscription_id:
            return Subscription.objects.filter(provider=provider, provider_subscription_id=subscription_id).first()
    return None
