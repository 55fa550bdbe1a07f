"""Stripe, through its official SDK. The only module that imports `stripe`.

Every call that creates something carries an idempotency key, so a retried
request (ours or the SDK's) never opens a second checkout or customer."""

import json
import logging
import time

import stripe
from django.core.exceptions import ImproperlyConfigured

from masthead.billing import rules

from .base import CheckoutStart, PaymentProvider, ProviderUnavailable

logger = logging.getLogger(__name__)


class InvalidEvent(Exception):
    """A webhook whose signature, timestamp or body we cannot accept."""


def construct_event(payload, signature_header, webhook_secret, *, tolerance=stripe.Webhook.DEFAULT_TOLERANCE):
    """Verify a webhook with the SDK and return the event as a plain dict."""
    try:
        stripe.Webhook.construct_event(payload, signature_header, webhook_secret, tolerance=tolerance)
    except stripe.SignatureVerificationError as error:
        raise InvalidEvent(f"signature: {error.user_message or error}") from error
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError) as error:
        raise InvalidEvent("the body is not a Stripe event") from error
    event = json.loads(payload)
    if not isinstance(event, dict) or not isinstance(event.get("data"), dict):
        raise InvalidEvent("the body is not a Stripe event")
    if not all(
        isinstance(event.get(key), expected) for key, expected in (("id", str), ("type", str), ("created", int))
    ):
        raise InvalidEvent("the event lacks its id, type or creation time")
    return event


def refuse_live_key_in_debug(secret_key, *, debug):
    if debug and secret_key.startswith(("sk_live_", "rk_live_")):
        raise ImproperlyConfigured(
            "A live Stripe key is set while DEBUG is on. Use a test key (sk_test_…) for development."
        )


class StripeProvider(PaymentProvider):
    name = "stripe"

    def __init__(self, secret_key, *, debug=False):
        refuse_live_key_in_debug(secret_key, debug=debug)
        self.client = stripe.StripeClient(secret_key, max_network_retries=2)

    def start_checkout(self, order, *, customer_id, success_url, cancel_url):
        plan = order.plan
        metadata = {
            "masthead_order": str(order.public_id),
            "masthead_plan": str(plan.pk),
            "masthead_user": str(order.user_id),
        }
        params = {
            "mode": "subscription" if plan.is_recurring else "payment",
            "line_items": [
                {"price": plan.stripe_price_id, "quantity": 1} if plan.stripe_price_id else self._price_data(order)
            ],
            "client_reference_id": str(order.public_id),
            "success_url": success_url,
            "cancel_url": cancel_url,
            "metadata": metadata,
            "locale": "en-GB",
        }
        if plan.is_recurring:
            params["subscription_data"] = {"metadata": metadata}
        else:
            params["payment_intent_data"] = {"metadata": metadata}
        if customer_id:
            params["customer"] = customer_id
        else:
            params["customer_email"] = order.email
            if not plan.is_recurring:
                params["customer_creation"] = "always"
        session = self._call(
            self.client.v1.checkout.sessions.create, params, idempotency_key=f"masthead-checkout-{order.public_id}"
        )
        return CheckoutStart(session_id=session.id, url=session.url)

    def portal_url(self, customer_id, *, return_url):
        minute = int(time.time() // 60)
        session = self._call(
            self.client.v1.billing_portal.sessions.create,
            {"customer": customer_id, "return_url": return_url},
            idempotency_key=f"masthead-portal-{customer_id}-{minute}",
        )
        return session.url

    def subscription_id_for_payment(self, payment_intent_id):
        payments = self._call(
            self.client.v1.invoice_payments.list,
            {"payment": {"type": "payment_intent", "payment_intent": payment_intent_id}, "expand": ["data.invoice"]},
        )
        for invoice_payment in payments.data:
            invoice = invoice_payment.invoice
            parent = getattr(invoice, "parent", None)
            details = getattr(parent, "subscription_details", None) if parent else None
            if details and details.subscription:
                return details.subscription if isinstance(details.subscription, str) else details.subscription.id
        return None

    def cancel_subscription(self, subscription):
        subscription_id = subscription.provider_subscription_id
        try:
            self.client.v1.subscriptions.cancel(
                subscription_id,
                params={
                    # No final invoice and no proration: the reader leaves, nothing more is charged.
                    "invoice_now": False,
                    "prorate": False,
                    "cancellation_details": {"comment": "The reader deleted their account."},
                },
                options={"idempotency_key": f"masthead-cancel-{subscription_id}"},
            )
        except stripe.InvalidRequestError as error:
            if error.code == "resource_missing":
                return  # Stripe no longer has it: nothing left to charge
            # Cancelling one that has already ended is refused: find out whether that is why.
            try:
                current = self.client.v1.subscriptions.retrieve(subscription_id)
            except stripe.StripeError:
                current = None
            if current is not None and current.status in rules.CLOSED_STATUSES:
                return
            logger.warning("Stripe refused to cancel %s: %s", subscription_id, error)
            raise ProviderUnavailable(str(error)) from error
        except stripe.StripeError as error:
            logger.warning("Stripe call failed: %s", error)
            raise ProviderUnavailable(str(error)) from error

    @staticmethod
    def _price_data(order):
        plan = order.plan
        price_data = {
            "currency": order.currency,
            "unit_amount": order.amount_cents,
            "tax_behavior": "inclusive",
            "product_data": {"name": plan.name if order.edition is None else f"{plan.name}: {order.edition}"},
        }
        if plan.is_recurring:
            price_data["recurring"] = {"interval": plan.interval}
        return {"price_data": price_data, "quantity": 1}

    @staticmethod
    def _call(method, params, *, idempotency_key=None):
        options = {"idempotency_key": idempotency_key} if idempotency_key else {}
        try:
            return method(params=params, options=options)
        except stripe.StripeError as error:
            logger.warning("Stripe call failed: %s", error)
            raise ProviderUnavailable(str(error)) from error
