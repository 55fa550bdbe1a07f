"""The payment provider interface. A provider starts checkouts and portal
sessions; what happened afterwards reaches us as events (Stripe's shape) that
`masthead.billing.webhooks.receive_event` handles, whatever the provider."""

from dataclasses import dataclass


class ProviderUnavailable(Exception):
    """The provider could not be reached or refused the call: the reader is
    asked to try again, nothing has been charged."""


@dataclass(frozen=True)
class CheckoutStart:
    session_id: str
    url: str


class PaymentProvider:
    name = ""

    def start_checkout(self, order, *, customer_id, success_url, cancel_url):
        """Open a checkout for `order` (its plan, price and edition are set on
        the server) and return where to send the reader."""
        raise NotImplementedError

    def portal_url(self, customer_id, *, return_url):
        """Where the reader manages their subscription, card and invoices."""
        raise NotImplementedError

    def subscription_id_for_payment(self, payment_intent_id):
        """The subscription a payment paid for, when our own records don't say
        (a refund of an invoice paid before we kept its payment)."""
        raise NotImplementedError

    def cancel_subscription(self, subscription):
        """End `subscription` (our `Subscription` row) now: no further payment is taken.
        One that has already ended, or that the provider no longer knows, is fine.
        Our copy follows from the provider's event, as for any other change."""
        raise NotImplementedError
