"""Staff figures in the Wagtail admin, and plans managed there."""

import pytest

from masthead.billing.dashboard import summary
from masthead.billing.demo import subscribe_through_demo_provider
from masthead.billing.models import Subscription
from masthead.billing.providers import demo as demo_provider
from masthead.billing.webhooks import receive_event
from tests.factories import make_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(email="admin@example.org", password="x" * 12)
    client.force_login(admin)
    return client


def test_the_figures_count_subscribers_plans_and_monthly_revenue(plans):
    subscribe_through_demo_provider(make_reader(), plans["digital-monthly"])
    subscribe_through_demo_provider(make_reader(), plans["digital-annual"])
    leaving = make_reader()
    subscribe_through_demo_provider(leaving, plans["digital-monthly"])
    for event in demo_provider.cancel_at_period_end_events(Subscription.objects.get(user=leaving)):
        receive_event(event, provider="demo")
    figures = summary()
    assert figures["subscribers"] == 3
    assert dict(figures["by_plan"]) == {"Digital monthly": 2, "Digital annual": 1}
    assert figures["new_this_month"] == 3
    assert figures["cancelled_this_month"] == 1
    assert figures["mrr_cents"] == 999 + 999 + 825
    assert figures["mrr_display"] == "€28.23"
    assert len(figures["chart"]["bars"]) == 12
    assert figures["chart"]["bars"][-1].value_cents == 999 + 999 + 825


def test_the_dashboard_page_shows_the_figures_and_a_chart(admin_client, plans):
    subscribe_through_demo_provider(make_reader(), plans["digital-monthly"])
    response = admin_client.get("/admin/billing/dashboard/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Monthly recurring revenue" in page
    assert "€9.99" in page
    assert "<svg" in page
    assert page.count("<rect") == 12
    assert "checkout.session.completed" in page
    assert "order completed" in page


def test_the_dashboard_is_in_the_admin_menu_and_closed_to_readers(admin_client, client, plans):
    assert "/admin/billing/dashboard/" in admin_client.get("/admin/").content.decode()
    client.force_login(make_reader(is_staff=True))
    assert client.get("/admin/billing/dashboard/").status_code in (302, 403)


def test_plans_are_managed_as_snippets(admin_client, plans):
    response = admin_client.get("/admin/snippets/billing/plan/")
    assert response.status_code == 200
    assert "Digital + e-paper annual" in response.content.decode()
