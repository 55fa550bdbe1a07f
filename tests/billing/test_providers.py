"""The provider seam: one shared set of tests, run against each provider."""

from types import SimpleNamespace
from unittest import mock

import pytest

from masthead.billing.providers import CheckoutStart, PaymentProvider, get_provider
from masthead.billing.providers.demo import DemoProvider
from masthead.billing.providers.stripe import StripeProvider
from tests.billing.helpers import open_order

pytestmark = pytest.mark.django_db


def test_the_base_provider_leaves_every_method_to_its_implementations():
    provider = PaymentProvider()
    with pytest.raises(NotImplementedError):
        provider.start_checkout(None, customer_id="", success_url="", cancel_url="")
    with pytest.raises(NotImplementedError):
        provider.portal_url("cus_1", return_url="/account/")
    with pytest.raises(NotImplementedError):
        provider.subscription_id_for_payment("pi_1")
    with pytest.raises(NotImplementedError):
        provider.cancel_subscription(None)


def test_the_provider_follows_the_stripe_key(settings):
    settings.STRIPE_SECRET_KEY = ""
    assert isinstance(get_provider(), DemoProvider)
    settings.STRIPE_SECRET_KEY = "sk_test_masthead"
    assert isinstance(get_provider(), StripeProvider)


class ProviderContract:
    """What every provider must do; subclasses supply `provider` and any mocks."""

    @pytest.fixture
    def provider(self):
        raise NotImplementedError

    def test_start_checkout_returns_a_session_and_an_address(self, provider, reader, plans):
        order = open_order(reader, plans["digital-monthly"], provider=provider.name, session_id="")
        start = provider.start_checkout(
            order, customer_id="", success_url="http://testserver/done/", cancel_url="http://testserver/cancelled/"
        )
        assert isinstance(start, CheckoutStart)
        assert start.session_id
        assert start.url.startswith(("/", "https://"))

    def test_one_off_purchases_start_a_checkout_too(self, provider, reader, plans):
        order = open_order(reader, plans["single-edition"], provider=provider.name, session_id="")
        start = provider.start_checkout(order, customer_id="cus_1", success_url="http://t/d/", cancel_url="http://t/c/")
        assert start.session_id

    def test_portal_url_is_an_address(self, provider):
        assert provider.portal_url("cus_1", return_url="http://testserver/account/").startswith(("/", "https://"))

    def test_subscription_for_an_unknown_payment_is_none(self, provider):
        assert provider.subscription_id_for_payment("pi_unknown") is None


class TestDemoProvider(ProviderContract):
    @pytest.fixture
    def provider(self):
        return DemoProvider()


class TestStripeProvider(ProviderContract):
    @pytest.fixture
    def provider(self):
        session = SimpleNamespace(id="cs_test_1", url="https://checkout.stripe.com/c/pay/cs_test_1")
        portal = SimpleNamespace(url="https://billing.stripe.com/p/session/test_1")
        with (
            mock.patch("stripe.checkout._session_service.SessionService.create", return_value=session),
            mock.patch("stripe.billing_portal._session_service.SessionService.create", return_value=portal),
            mock.patch(
                "stripe._invoice_payment_service.InvoicePaymentService.list", return_value=SimpleNamespace(data=[])
            ),
        ):
            yield StripeProvider("sk_test_masthead")

    def test_one_off_purchases_describe_their_price_with_vat_included(self, provider, reader, plans):
        order = open_order(reader, plans["single-edition"], provider="stripe", session_id="")
        provider.start_checkout(order, customer_id="", success_url="http://t/d/", cancel_url="http://t/c/")
        from stripe.checkout._session_service import SessionService

        params = SessionService.create.call_args.kwargs["params"]
        assert params["mode"] == "payment"
        price_data = params["line_items"][0]["price_data"]
        assert (price_data["unit_amount"], price_data["currency"], price_data["tax_behavior"]) == (
            199,
            "eur",
            "inclusive",
        )
