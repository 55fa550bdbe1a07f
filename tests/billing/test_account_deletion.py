"""Deleting an account ends the reader's subscriptions with the payment provider
first: no card goes on being charged for an account that no longer exists."""

from types import SimpleNamespace
from unittest import mock

import pytest
import stripe
from django.contrib.auth import get_user_model

from masthead.billing.demo import subscribe_through_demo_provider
from masthead.billing.models import Customer, Subscription, SubscriptionStatus
from masthead.billing.providers.stripe import StripeProvider

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
CANCEL = "stripe._subscription_service.SubscriptionService.cancel"
RETRIEVE = "stripe._subscription_service.SubscriptionService.retrieve"


def delete_account(client):
    return client.post("/account/delete/", {"password": PASSWORD, "confirm": "on", "action": "delete"})


def stripe_subscription(reader, plan, *, status=SubscriptionStatus.ACTIVE, number=1):
    customer, _ = Customer.objects.get_or_create(
        provider="stripe", provider_customer_id="cus_TestDeleting", defaults={"user": reader, "email": reader.email}
    )
    return Subscription.objects.create(
        provider="stripe",
        provider_subscription_id=f"sub_TestDeleting{number}",
        user=reader,
        customer=customer,
        plan=plan,
        status=status,
    )


def test_deleting_an_account_ends_its_demo_subscription(reader_client, plans):
    reader = reader_client.reader
    subscribe_through_demo_provider(reader, plans["digital-monthly"])
    assert Subscription.objects.get().status == SubscriptionStatus.ACTIVE

    response = delete_account(reader_client)

    assert b"has been deleted" in response.content
    subscription = Subscription.objects.get()
    assert subscription.status == SubscriptionStatus.CANCELED and subscription.ended_at is not None
    assert subscription.user is None  # the accounting record stays, without the reader


def test_deleting_an_account_cancels_its_stripe_subscriptions_once_and_without_proration(
    reader_client, plans, settings
):
    settings.STRIPE_SECRET_KEY = "sk_test_masthead"
    reader = reader_client.reader
    stripe_subscription(reader, plans["digital-monthly"], number=1)
    stripe_subscription(reader, plans["digital-monthly"], status=SubscriptionStatus.CANCELED, number=2)
    with mock.patch(CANCEL, return_value=SimpleNamespace(status="canceled")) as cancel:
        response = delete_account(reader_client)
    assert b"has been deleted" in response.content
    assert not get_user_model().objects.filter(pk=reader.pk).exists()
    # Only the live one, and only once although both the page and the deletion prepare it.
    cancel.assert_called_once()
    args, kwargs = cancel.call_args
    assert args[0] == "sub_TestDeleting1"
    assert kwargs["params"]["prorate"] is False and kwargs["params"]["invoice_now"] is False
    assert kwargs["options"]["idempotency_key"] == "masthead-cancel-sub_TestDeleting1"


def test_when_the_provider_cannot_cancel_nothing_is_deleted(reader_client, plans, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_masthead"
    reader = reader_client.reader
    stripe_subscription(reader, plans["digital-monthly"])
    with mock.patch(CANCEL, side_effect=stripe.APIConnectionError("Stripe is unreachable")):
        response = delete_account(reader_client)

    assert response.status_code == 503
    assert "could not cancel your subscription" in response.content.decode()
    assert get_user_model().objects.filter(pk=reader.pk).exists()
    assert Subscription.objects.get().user == reader
    assert reader_client.get("/account/").status_code == 200  # still logged in

    with mock.patch(CANCEL, return_value=SimpleNamespace(status="canceled")):
        retried = delete_account(reader_client)
    assert b"has been deleted" in retried.content
    assert not get_user_model().objects.filter(pk=reader.pk).exists()


def test_an_account_whose_stripe_subscription_cannot_be_reached_without_a_key_is_kept(reader_client, plans):
    """A Stripe subscription on an install that has since lost its key: we cannot stop the
    charges, so we do not delete the account that would let the reader find out."""
    reader = reader_client.reader
    stripe_subscription(reader, plans["digital-monthly"])
    response = delete_account(reader_client)
    assert response.status_code == 503
    assert get_user_model().objects.filter(pk=reader.pk).exists()


def invalid_request(code):
    return stripe.InvalidRequestError("refused", param="", code=code)


def test_stripe_cancel_treats_an_ended_or_unknown_subscription_as_done(reader, plans):
    provider = StripeProvider("sk_test_masthead")
    subscription = stripe_subscription(reader, plans["digital-monthly"])
    with mock.patch(CANCEL, side_effect=invalid_request("resource_missing")):
        provider.cancel_subscription(subscription)
    with (
        mock.patch(CANCEL, side_effect=invalid_request(None)),
        mock.patch(RETRIEVE, return_value=SimpleNamespace(status="canceled")),
    ):
        provider.cancel_subscription(subscription)


def test_stripe_cancel_refused_for_a_live_subscription_is_an_error(reader, plans):
    from masthead.billing.providers import ProviderUnavailable

    provider = StripeProvider("sk_test_masthead")
    subscription = stripe_subscription(reader, plans["digital-monthly"])
    with (
        mock.patch(CANCEL, side_effect=invalid_request(None)),
        mock.patch(RETRIEVE, return_value=SimpleNamespace(status="active")),
        pytest.raises(ProviderUnavailable),
    ):
        provider.cancel_subscription(subscription)
