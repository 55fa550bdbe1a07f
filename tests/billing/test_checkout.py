"""The reader's way in: plans, login first, checkout through the provider seam,
the demo's own checkout page, the return page and the billing portal."""

import datetime
from unittest import mock

import pytest
import stripe

from masthead.access.models import Entitlement
from masthead.billing.models import Order, OrderStatus, Subscription
from tests.billing.helpers import active_kinds

pytestmark = pytest.mark.django_db

ARTICLE = "/northern-courier/news/story-1/"


def test_the_plans_page_shows_euro_prices_with_vat_and_keeps_the_way_back(client, plans):
    response = client.get("/subscribe/", {"next": ARTICLE})
    page = response.content.decode()
    assert response.status_code == 200
    for name, price in [
        ("Digital monthly", "€9.99"),
        ("Digital annual", "€99.00"),
        ("Digital + e-paper monthly", "€14.99"),
        ("Digital + e-paper annual", "€149.00"),
    ]:
        assert name in page
        assert price in page
    assert "VAT included" in page
    assert "/subscribe/digital-monthly/?next=/northern-courier/news/story-1/" in page


def test_inactive_plans_are_not_offered_or_sold(client, plans, reader):
    plans["digital-annual"].active = False
    plans["digital-annual"].save()
    assert "Digital annual" not in client.get("/subscribe/").content.decode()
    client.force_login(reader)
    assert client.post("/subscribe/digital-annual/").status_code == 404


def test_a_next_address_on_another_site_is_dropped(client, plans):
    page = client.get("/subscribe/", {"next": "https://evil.example/phish"}).content.decode()
    assert 'href="https://evil.example/phish"' not in page
    assert 'href="/subscribe/digital-monthly/"' in page


def test_choosing_a_plan_asks_the_reader_to_log_in_first(client, plans):
    response = client.get("/subscribe/digital-monthly/", {"next": ARTICLE})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert "digital-monthly" in response["Location"]
    assert not Order.objects.exists()


def test_checkout_uses_the_servers_price_and_plan_not_the_browsers(client, plans, reader):
    client.force_login(reader)
    response = client.post(
        "/subscribe/digital-monthly/", {"next": ARTICLE, "price": "1", "amount_cents": "1", "plan": "digital-annual"}
    )
    order = Order.objects.get()
    assert (order.plan, order.amount_cents, order.currency) == (plans["digital-monthly"], 999, "eur")
    assert order.next_url == ARTICLE
    assert response.status_code == 302
    assert response["Location"] == f"/billing/demo/checkout/{order.provider_session_id}/"


def test_the_whole_demo_journey_ends_with_access_and_a_way_back_to_the_article(client, plans, reader):
    client.force_login(reader)
    checkout_url = client.post("/subscribe/digital-monthly/", {"next": ARTICLE})["Location"]
    page = client.get(checkout_url).content.decode()
    assert "Demo checkout" in page
    assert "no card" in page
    assert "card number" not in page.lower()

    response = client.post(checkout_url, {"action": "complete"})
    order = Order.objects.get()
    assert response["Location"] == f"/subscribe/done/{order.public_id}/"
    done = client.get(response["Location"]).content.decode()
    assert "You&#x27;re subscribed" in done or "You're subscribed" in done
    assert f'href="{ARTICLE}"' in done
    assert active_kinds(reader) == {"digital"}
    subscription = Subscription.objects.get()
    assert Entitlement.objects.get(reader=reader).source == f"demo:{subscription.provider_subscription_id}"


def test_cancelling_the_demo_checkout_charges_nothing(client, plans, reader):
    client.force_login(reader)
    checkout_url = client.post("/subscribe/digital-monthly/")["Location"]
    response = client.post(checkout_url, {"action": "cancel"})
    assert "Nothing has been charged" in client.get(response["Location"]).content.decode()
    assert Order.objects.get().status in (OrderStatus.EXPIRED, OrderStatus.CANCELLED)
    assert not Entitlement.objects.exists()


def test_an_unknown_demo_action_is_a_bad_request(client, plans, reader):
    client.force_login(reader)
    checkout_url = client.post("/subscribe/digital-monthly/")["Location"]
    assert client.post(checkout_url, {"action": "free-please"}).status_code == 400
    assert not Entitlement.objects.exists()


def test_the_return_page_says_it_is_confirming_until_the_event_arrives(client, plans, reader):
    client.force_login(reader)
    client.post("/subscribe/digital-monthly/", {"next": ARTICLE})
    order = Order.objects.get()
    page = client.get(f"/subscribe/done/{order.public_id}/").content.decode()
    assert "confirming your payment" in page
    assert 'http-equiv="refresh"' not in page
    assert not Entitlement.objects.exists()


def test_another_readers_order_and_demo_checkout_are_not_found(client, plans, reader):
    from tests.factories import make_reader

    client.force_login(reader)
    checkout_url = client.post("/subscribe/digital-monthly/")["Location"]
    order = Order.objects.get()
    client.force_login(make_reader())
    assert client.get(f"/subscribe/done/{order.public_id}/").status_code == 404
    assert client.post(checkout_url, {"action": "complete"}).status_code == 404
    assert not Entitlement.objects.exists()


def test_a_subscriber_is_not_sold_a_second_subscription(client, plans, reader):
    from masthead.billing.demo import subscribe_through_demo_provider

    subscribe_through_demo_provider(reader, plans["digital-monthly"])
    client.force_login(reader)
    page = client.get("/subscribe/digital-epaper-monthly/").content.decode()
    assert "You already have a subscription" in page
    client.post("/subscribe/digital-epaper-monthly/")
    assert Order.objects.count() == 1


# Stripe: the SDK is mocked at its edge; no network.


class FakeSession:
    id = "cs_test_fake"
    url = "https://checkout.stripe.com/c/pay/cs_test_fake"


@pytest.fixture
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_masthead"


def test_stripe_checkout_carries_an_idempotency_key_and_our_reference(client, plans, reader, stripe_keys):
    client.force_login(reader)
    with mock.patch("stripe.checkout._session_service.SessionService.create", return_value=FakeSession()) as create:
        response = client.post("/subscribe/digital-monthly/", {"next": ARTICLE})
    order = Order.objects.get()
    assert response["Location"] == FakeSession.url
    params, options = create.call_args.kwargs["params"], create.call_args.kwargs["options"]
    assert options["idempotency_key"] == f"masthead-checkout-{order.public_id}"
    assert params["client_reference_id"] == str(order.public_id)
    assert params["line_items"] == [{"price": "price_TestDigitalMonthly", "quantity": 1}]
    assert params["mode"] == "subscription"
    assert order.provider_session_id == "cs_test_fake"


@pytest.mark.parametrize(
    "error",
    [
        stripe.APIConnectionError("Network error"),
        stripe.RateLimitError("Too many requests"),
        stripe.APIError("Stripe is having a moment"),
    ],
    ids=["network", "rate limit", "stripe error"],
)
def test_stripe_being_unreachable_asks_the_reader_to_try_again(client, plans, reader, stripe_keys, error):
    client.force_login(reader)
    with mock.patch("stripe.checkout._session_service.SessionService.create", side_effect=error):
        response = client.post("/subscribe/digital-monthly/", {"next": ARTICLE})
    assert response.status_code == 503
    page = response.content.decode()
    assert "couldn&#x27;t reach our payment provider" in page or "couldn't reach our payment provider" in page
    assert "Try again" in page
    assert Order.objects.get().status == OrderStatus.CREATED


def test_the_demo_pages_are_closed_when_stripe_is_in_use(client, plans, reader, stripe_keys):
    client.force_login(reader)
    assert client.get("/billing/demo/portal/").status_code == 404


def test_a_live_key_is_refused_while_debugging(settings):
    from django.core.exceptions import ImproperlyConfigured

    from masthead.billing.apps import check_stripe_keys
    from masthead.billing.providers import get_provider

    settings.DEBUG = True
    settings.STRIPE_SECRET_KEY = "sk_live_123"
    with pytest.raises(ImproperlyConfigured):
        get_provider()
    assert [error.id for error in check_stripe_keys()] == ["billing.E001"]
    settings.DEBUG = False
    assert get_provider().name == "stripe"
    assert check_stripe_keys() == []


# The billing portal.


def test_the_portal_button_goes_to_stripes_billing_portal(client, plans, reader, stripe_keys):
    from masthead.billing.models import Customer

    Customer.objects.create(user=reader, provider="stripe", provider_customer_id="cus_TestReader01")
    client.force_login(reader)
    portal = mock.Mock(url="https://billing.stripe.com/p/session/test_123")
    with mock.patch("stripe.billing_portal._session_service.SessionService.create", return_value=portal) as create:
        response = client.post("/billing/portal/")
    assert response["Location"] == portal.url
    assert create.call_args.kwargs["params"]["customer"] == "cus_TestReader01"
    assert create.call_args.kwargs["options"]["idempotency_key"].startswith("masthead-portal-cus_TestReader01-")


def test_the_portal_being_unreachable_is_a_clear_message(client, plans, reader, stripe_keys):
    from masthead.billing.models import Customer

    Customer.objects.create(user=reader, provider="stripe", provider_customer_id="cus_TestReader01")
    client.force_login(reader)
    with mock.patch(
        "stripe.billing_portal._session_service.SessionService.create",
        side_effect=stripe.APIConnectionError("Network error"),
    ):
        response = client.post("/billing/portal/")
    assert response.status_code == 503
    assert "try again" in response.content.decode()


def test_the_portal_needs_a_login_and_a_post(client, plans):
    assert client.post("/billing/portal/")["Location"].startswith("/accounts/login/")
    assert client.get("/billing/portal/").status_code == 405


def test_the_demo_portal_cancels_at_the_end_of_the_period(client, plans, reader):
    from masthead.billing.demo import subscribe_through_demo_provider

    subscribe_through_demo_provider(reader, plans["digital-monthly"])
    client.force_login(reader)
    assert client.post("/billing/portal/")["Location"] == "/billing/demo/portal/"
    subscription = Subscription.objects.get()
    client.post("/billing/demo/portal/", {"action": "cancel", "subscription": subscription.pk})
    subscription.refresh_from_db()
    assert subscription.cancel_at_period_end
    entitlement = Entitlement.objects.get(reader=reader)
    assert entitlement.ends_at == subscription.current_period_end
    assert active_kinds(reader) == {"digital"}
    assert active_kinds(reader, now=subscription.current_period_end + datetime.timedelta(seconds=1)) == set()


# Single e-paper editions.


@pytest.fixture
def edition(group):
    from masthead.epaper.models import Edition

    return Edition.objects.create(publication=group.publications[0], date=datetime.date(2026, 11, 27))


def test_buying_an_edition_asks_for_a_login_first(client, plans, edition):
    response = client.get(f"/subscribe/edition/{edition.pk}/", {"next": "/epaper/edition/"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert f"edition/{edition.pk}" in response["Location"]


def test_buying_an_edition_through_the_demo_opens_it(client, plans, reader, edition):
    client.force_login(reader)
    page = client.get(f"/subscribe/edition/{edition.pk}/", {"next": "/epaper/edition/"}).content.decode()
    assert "€1.99" in page
    checkout_url = client.post(f"/subscribe/edition/{edition.pk}/", {"next": "/epaper/edition/"})["Location"]
    done = client.get(client.post(checkout_url, {"action": "complete"})["Location"]).content.decode()
    assert 'href="/epaper/edition/"' in done
    entitlement = Entitlement.objects.get(reader=reader)
    assert (entitlement.kind, entitlement.edition, entitlement.ends_at) == ("epaper_edition", edition, None)
    assert client.get(f"/subscribe/edition/{edition.pk}/", {"next": "/epaper/edition/"})["Location"] == (
        "/epaper/edition/"
    )


def test_an_unknown_edition_is_not_found(client, plans, reader):
    client.force_login(reader)
    assert client.get("/subscribe/edition/999999/").status_code == 404


def test_without_an_edition_plan_single_editions_are_not_on_sale(client, plans, reader, edition):
    plans["single-edition"].active = False
    plans["single-edition"].save()
    client.force_login(reader)
    response = client.get(f"/subscribe/edition/{edition.pk}/")
    assert response.status_code == 404
    assert "not on sale" in response.content.decode()
