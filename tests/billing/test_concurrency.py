"""Two deliveries of the same event at the same moment grant one entitlement.

Needs PostgreSQL: SQLite serialises every write, so the race cannot happen there."""

import threading

import pytest
from django.db import connection, connections

from masthead.access.models import Entitlement
from masthead.billing.models import WebhookEvent
from masthead.billing.webhooks import receive_event
from tests.billing.helpers import open_order, subscription_event
from tests.billing.stripe_events import stripe_event

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL (MASTHEAD_TEST_DATABASE_URL): SQLite serialises writes, so there is no race to test",
    ),
]


def deliver_at_once(event, copies=4):
    barrier = threading.Barrier(copies)
    outcomes, errors = [], []

    def deliver():
        try:
            barrier.wait()
            outcomes.append(receive_event(event, provider="stripe").status)
        except Exception as error:  # the assertion below shows it
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, errors


def test_concurrent_copies_of_a_checkout_completion_grant_once(reader, plans):
    order = open_order(reader, plans["digital-monthly"])
    event = stripe_event("checkout_session_completed_subscription", client_reference_id=str(order.public_id))
    outcomes, errors = deliver_at_once(event)
    assert errors == []
    assert sorted(outcomes) == ["duplicate", "duplicate", "duplicate", "handled"]
    assert WebhookEvent.objects.filter(event_id=event["id"]).count() == 1
    assert Entitlement.objects.filter(reader=reader).count() == 1


def test_concurrent_copies_of_a_subscription_event_grant_once(reader, plans):
    event = subscription_event("customer_subscription_created", reader, plans["digital-epaper-monthly"])
    outcomes, errors = deliver_at_once(event)
    assert errors == []
    assert outcomes.count("handled") == 1
    assert sorted(Entitlement.objects.filter(reader=reader).values_list("kind", flat=True)) == ["digital", "epaper"]
