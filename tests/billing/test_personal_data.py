"""Billing's part of the account export and deletion."""

import pytest
from django.conf import settings

from masthead.billing import personal_data
from masthead.billing.demo import subscribe_through_demo_provider
from masthead.billing.models import Customer, Order, Payment, Subscription

pytestmark = pytest.mark.django_db


def test_billing_is_registered_for_export_and_deletion():
    assert "masthead.billing.personal_data" in settings.MASTHEAD_PERSONAL_DATA


def test_export_lists_the_readers_subscriptions_orders_and_payments(reader, plans):
    subscribe_through_demo_provider(reader, plans["digital-monthly"])
    exported = personal_data.export(reader)
    assert exported["subscriptions"][0]["plan"] == "Digital monthly"
    assert exported["subscriptions"][0]["payments"][0]["amount_cents"] == 999
    assert exported["orders"][0]["amount_cents"] == 999
    assert exported["customers"][0]["provider"] == "demo"


def test_erase_anonymises_but_keeps_the_accounting_records(reader, plans):
    subscribe_through_demo_provider(reader, plans["digital-monthly"])
    personal_data.erase(reader)
    order = Order.objects.get()
    assert (order.user, order.email, order.amount_cents) == (None, "", 999)
    assert Subscription.objects.get().user is None
    assert Customer.objects.get().user is None
    assert Payment.objects.count() == 1
    assert personal_data.export(reader) == {"customers": [], "subscriptions": [], "orders": []}
