"""The Stripe webhook endpoint: verification, exactly-once handling, and the
state each event leaves behind, whatever order the events arrive in."""

import datetime
import json
import time
from unittest import mock

import pytest

from masthead.access.models import Entitlement
from masthead.billing.models import Order, OrderStatus, Subscription, WebhookEvent
from tests.billing.helpers import (
    SUBSCRIPTION_ID,
    active_kinds,
    checkout_events,
    open_order,
    subscription_event,
)
from tests.billing.stripe_events import DAY, post_event, sign, stripe_event

pytestmark = pytest.mark.django_db


def moment(timestamp):
    return datetime.datetime.fromtimestamp(timestamp, tz=datetime.UTC)


def deliver(client, *events):
    for event in events:
        response = post_event(client, event)
        assert response.status_code == 200, response.content


@pytest.fixture
def subscribed(client, reader, plans):
    """A reader who has just subscribed to Digital monthly through Stripe Checkout."""
    now = int(time.time())
    order = open_order(reader, plans["digital-monthly"], next_url="/news/story/")
    deliver(client, *checkout_events(reader, plans["digital-monthly"], order, at=now))
    return now


# Verification: nothing changes unless Stripe signed the event.


def test_a_signed_checkout_completion_grants_the_plan(client, reader, plans, subscribed):
    order = Order.objects.get(user=reader)
    assert order.status == OrderStatus.COMPLETED
    assert active_kinds(reader) == {"digital"}
    entitlement = Entitlement.objects.get(reader=reader)
    assert entitlement.source == f"stripe:{SUBSCRIPTION_ID}"
    assert entitlement.ends_at == moment(subscribed + 30 * DAY)


@pytest.mark.parametrize(
    "signature",
    [
        pytest.param(lambda payload: sign(payload, secret="whsec_someone_else"), id="wrong secret"),
        pytest.param(lambda payload: sign(payload, timestamp=time.time() - 600), id="stale timestamp"),
        pytest.param(lambda payload: sign(payload).replace("v1=", "v0="), id="no v1 signature"),
        pytest.param(lambda payload: "garbage", id="unparsable header"),
        pytest.param(lambda payload: sign(payload + " "), id="signature of another body"),
    ],
)
def test_bad_signatures_are_refused_and_change_nothing(client, reader, plans, signature):
    order = open_order(reader, plans["digital-monthly"])
    event = stripe_event("checkout_session_completed_subscription", client_reference_id=str(order.public_id))
    payload = json.dumps(event)
    response = post_event(client, payload, signature=signature(payload))
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()
    assert Order.objects.get().status == OrderStatus.OPEN
    assert not Entitlement.objects.exists()


def test_a_missing_signature_is_refused(client, plans):
    response = post_event(client, stripe_event("invoice_paid"), signature=False)
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


def test_without_a_webhook_secret_nothing_is_accepted(client, plans, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    response = post_event(client, stripe_event("invoice_paid"), secret="")
    assert response.status_code == 400


@pytest.mark.parametrize("body", ["{not json", "[1, 2]", '{"id": "evt_1", "type": "invoice.paid"}', '"text"'])
def test_a_malformed_payload_is_a_bad_request(client, body):
    assert post_event(client, body).status_code == 400
    assert not WebhookEvent.objects.exists()


def test_only_post_is_accepted(client):
    assert client.get("/billing/webhooks/stripe/").status_code == 405


def test_unknown_event_types_are_acknowledged_and_not_recorded(client):
    response = post_event(client, stripe_event("customer_created"))
    assert response.status_code == 200
    assert response.json() == {"status": "unhandled_type"}
    assert not WebhookEvent.objects.exists()


# Exactly once.


def test_a_replayed_event_is_acknowledged_and_ignored(client, reader, plans, subscribed):
    replay = stripe_event("invoice_paid", at=subscribed)
    response = post_event(client, replay)
    assert response.status_code == 200
    assert response.json() == {"status": "duplicate"}
    assert WebhookEvent.objects.get(event_id=replay["id"]).attempts == 1
    assert Entitlement.objects.filter(reader=reader).count() == 1


def test_a_handler_error_returns_500_leaves_nothing_half_written_and_the_retry_succeeds(client, reader, plans):
    order = open_order(reader, plans["digital-monthly"])
    event = stripe_event("checkout_session_completed_subscription", client_reference_id=str(order.public_id))
    with mock.patch("masthead.billing.actions.do_grant_entitlement", side_effect=RuntimeError("database hiccup")):
        response = post_event(client, event)
    assert response.status_code == 500
    record = WebhookEvent.objects.get(event_id=event["id"])
    assert record.status == "failed"
    assert "database hiccup" in record.detail
    assert Order.objects.get().status == OrderStatus.OPEN
    assert not Subscription.objects.exists()
    assert not Entitlement.objects.exists()

    retry = post_event(client, event)
    assert retry.status_code == 200
    assert retry.json() == {"status": "handled"}
    assert Order.objects.get().status == OrderStatus.COMPLETED
    assert active_kinds(reader) == {"digital"}


def test_a_checkout_that_is_not_ours_is_acknowledged(client, plans):
    response = post_event(client, stripe_event("checkout_session_completed_subscription", id="cs_elsewhere"))
    assert response.status_code == 200
    assert WebhookEvent.objects.get().status == "ignored"
    assert not Entitlement.objects.exists()


# What each event does.


def test_digital_and_epaper_plans_grant_both(client, reader, plans):
    plan = plans["digital-epaper-monthly"]
    order = open_order(reader, plan)
    deliver(client, *checkout_events(reader, plan, order))
    assert active_kinds(reader) == {"digital", "epaper"}


def test_cancelling_keeps_access_to_the_end_of_the_paid_period(client, reader, plans, subscribed):
    plan = plans["digital-monthly"]
    deliver(client, subscription_event("customer_subscription_updated", reader, plan, at=subscribed))
    period_end = moment(subscribed + 30 * DAY)
    assert Subscription.objects.get().cancel_at_period_end
    assert active_kinds(reader) == {"digital"}
    assert active_kinds(reader, now=period_end - datetime.timedelta(hours=1)) == {"digital"}
    deliver(client, subscription_event("customer_subscription_deleted", reader, plan, at=subscribed))
    assert active_kinds(reader, now=period_end - datetime.timedelta(hours=1)) == {"digital"}
    assert active_kinds(reader, now=period_end + datetime.timedelta(seconds=1)) == set()


def test_a_failed_payment_gives_a_grace_period_then_access_ends(client, reader, plans, subscribed):
    failed = stripe_event("invoice_payment_failed", at=subscribed)
    deliver(client, failed)
    failed_at = moment(failed["created"])
    assert Entitlement.objects.get(reader=reader).ends_at == failed_at + datetime.timedelta(days=7)
    assert active_kinds(reader, now=failed_at + datetime.timedelta(days=6)) == {"digital"}
    assert active_kinds(reader, now=failed_at + datetime.timedelta(days=8)) == set()


def test_the_grace_period_follows_the_setting(client, reader, plans, subscribed, settings):
    settings.MASTHEAD_BILLING_GRACE_DAYS = 3
    failed = stripe_event("invoice_payment_failed", at=subscribed)
    deliver(client, failed)
    assert Entitlement.objects.get(reader=reader).ends_at == moment(failed["created"]) + datetime.timedelta(days=3)


def test_paying_after_a_failure_restores_the_full_period(client, reader, plans, subscribed):
    deliver(client, stripe_event("invoice_payment_failed", at=subscribed))
    renewal = stripe_event("invoice_paid", at=subscribed + 30 * DAY, event_id="evt_renewal", id="in_renewal")
    deliver(client, renewal)
    subscription = Subscription.objects.get()
    assert subscription.payment_failed_at is None
    assert Entitlement.objects.get(reader=reader).ends_at == moment(subscribed + 60 * DAY)


def test_a_full_refund_ends_access_at_once(client, reader, plans, subscribed):
    deliver(client, stripe_event("charge_refunded", at=subscribed))
    assert active_kinds(reader) == set()
    assert Subscription.objects.get().refunded_at is not None


def test_a_partial_refund_keeps_access(client, reader, plans, subscribed):
    deliver(client, stripe_event("charge_refunded", at=subscribed, refunded=False, amount_refunded=300))
    assert active_kinds(reader) == {"digital"}


def test_a_dispute_ends_access_at_once(client, reader, plans, subscribed):
    deliver(client, stripe_event("charge_dispute_created", at=subscribed))
    assert active_kinds(reader) == set()


def test_a_refund_of_a_payment_we_have_not_recorded_is_traced_through_stripe(client, reader, plans, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_masthead"
    plan = plans["digital-monthly"]
    order = open_order(reader, plan)
    created, _paid, completed = checkout_events(reader, plan, order)
    deliver(client, created, completed)
    refund = stripe_event("charge_refunded", payment_intent="pi_unknown_to_us")
    with mock.patch(
        "masthead.billing.providers.stripe.StripeProvider.subscription_id_for_payment", return_value=SUBSCRIPTION_ID
    ) as lookup:
        deliver(client, refund)
    lookup.assert_called_once_with("pi_unknown_to_us")
    assert active_kinds(reader) == set()


def test_changing_plan_in_the_portal_changes_what_is_granted(client, reader, plans, subscribed):
    upgrade = subscription_event(
        "customer_subscription_updated",
        reader,
        plans["digital-epaper-monthly"],
        at=subscribed,
        cancel_at_period_end=False,
        canceled_at=None,
    )
    deliver(client, upgrade)
    assert active_kinds(reader) == {"digital", "epaper"}
    downgrade = subscription_event(
        "customer_subscription_updated",
        reader,
        plans["digital-monthly"],
        at=subscribed + DAY,
        event_id="evt_downgrade",
        cancel_at_period_end=False,
        canceled_at=None,
    )
    deliver(client, downgrade)
    assert active_kinds(reader) == {"digital"}


# Out of order: the object's own state and time decide.


def test_an_older_update_arriving_late_does_not_undo_a_cancellation(client, reader, plans, subscribed):
    plan = plans["digital-monthly"]
    cancelled = subscription_event("customer_subscription_updated", reader, plan, at=subscribed, event_id="evt_b")
    older = subscription_event(
        "customer_subscription_updated",
        reader,
        plan,
        at=subscribed - 2 * DAY,
        event_id="evt_a",
        cancel_at_period_end=False,
        canceled_at=None,
    )
    deliver(client, cancelled, older)
    assert Subscription.objects.get().cancel_at_period_end is True


def test_an_update_arriving_after_the_deletion_does_not_revive_the_subscription(client, reader, plans):
    plan = plans["digital-monthly"]
    now = int(time.time())
    order = open_order(reader, plan)
    created, paid, completed = checkout_events(reader, plan, order, at=now - 40 * DAY)
    deleted = subscription_event("customer_subscription_deleted", reader, plan, at=now - 40 * DAY)
    late_update = subscription_event("customer_subscription_updated", reader, plan, at=now - 40 * DAY)
    deliver(client, deleted, completed, paid, late_update, created)
    subscription = Subscription.objects.get()
    assert subscription.status == "canceled"
    assert active_kinds(reader) == set()


def test_completion_before_the_subscription_events_grants_at_once_and_is_then_corrected(client, reader, plans):
    plan = plans["digital-monthly"]
    now = int(time.time())
    order = open_order(reader, plan)
    created, paid, completed = checkout_events(reader, plan, order, at=now)
    deliver(client, completed)
    assert active_kinds(reader) == {"digital"}
    deliver(client, paid, created)
    subscription = Subscription.objects.get()
    assert subscription.state_as_of == moment(created["created"])
    assert subscription.current_period_end >= moment(now + 30 * DAY)
    assert Order.objects.get().subscription == subscription


def test_a_first_payment_that_never_arrives_takes_back_what_the_checkout_gave(client, reader, plans):
    plan = plans["digital-monthly"]
    order = open_order(reader, plan)
    _created, _paid, completed = checkout_events(reader, plan, order)
    deliver(client, completed)
    assert active_kinds(reader) == {"digital"}
    expired = subscription_event("customer_subscription_updated", reader, plan, status="incomplete_expired")
    deliver(client, expired)
    assert active_kinds(reader) == set()


# Single editions.


@pytest.fixture
def edition(group):
    from masthead.epaper.models import Edition

    return Edition.objects.create(publication=group.publications[0], date=datetime.date(2026, 11, 27))


def test_buying_an_edition_grants_that_edition_for_good_and_a_refund_takes_it_back(client, reader, plans, edition):
    order = open_order(reader, plans["single-edition"], session_id="cs_test_a1EditionSession", edition=edition)
    deliver(client, stripe_event("checkout_session_completed_payment", client_reference_id=str(order.public_id)))
    entitlement = Entitlement.objects.get(reader=reader)
    assert (entitlement.kind, entitlement.edition, entitlement.ends_at) == ("epaper_edition", edition, None)
    assert entitlement.source == "stripe:cs_test_a1EditionSession"

    refund = stripe_event("charge_refunded", at=time.time() - 2 * DAY, payment_intent="pi_3TestEditionPayment")
    deliver(client, refund)
    assert not Entitlement.objects.active().filter(reader=reader).exists()
    assert Order.objects.get().status == OrderStatus.REFUNDED
    assert Order.objects.get().refunded_at == moment(refund["created"])
