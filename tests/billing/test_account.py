"""The subscription panel on /account/ (billing's include)."""

import datetime

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from masthead.billing.demo import subscribe_through_demo_provider
from masthead.billing.models import Subscription
from masthead.billing.providers import demo as demo_provider
from masthead.billing.webhooks import receive_event

pytestmark = pytest.mark.django_db


def render_panel(user):
    request = RequestFactory().get("/account/")
    request.user = user
    template = engines["django"].from_string('{% include "billing/includes/account_subscription.html" %}')
    return template.render({"request": request, "csrf_token": "token"}, request)


def test_a_reader_without_a_subscription_gets_a_subscribe_link(reader, plans):
    html = render_panel(reader)
    assert "You don&#x27;t have a subscription" in html or "You don't have a subscription" in html
    assert 'href="/subscribe/"' in html


def test_a_subscriber_sees_the_plan_the_renewal_date_and_the_portal_button(reader, plans):
    subscribe_through_demo_provider(reader, plans["digital-monthly"])
    subscription = Subscription.objects.get()
    html = render_panel(reader)
    assert "Digital monthly" in html
    assert "€9.99 a month" in html
    assert f"Renews on {timezone.localtime(subscription.current_period_end):%d %b %Y}" in html
    assert 'action="/billing/portal/"' in html
    assert 'method="post"' in html


def test_a_cancelled_subscription_says_when_it_ends(reader, plans):
    subscribe_through_demo_provider(reader, plans["digital-monthly"])
    subscription = Subscription.objects.get()
    for event in demo_provider.cancel_at_period_end_events(subscription):
        receive_event(event, provider="demo")
    html = render_panel(reader)
    assert f"Ends on {timezone.localtime(subscription.current_period_end):%d %b %Y}" in html
    assert "Renews" not in html


def test_a_failed_payment_shows_a_banner_with_the_end_of_the_grace_period(reader, plans):
    subscribe_through_demo_provider(reader, plans["digital-monthly"])
    subscription = Subscription.objects.get()
    for event in demo_provider.payment_failed_events(subscription):
        receive_event(event, provider="demo")
    subscription.refresh_from_db()
    html = render_panel(reader)
    grace_end = timezone.localtime(subscription.payment_failed_at + datetime.timedelta(days=7))
    assert "couldn&#x27;t take your last payment" in html or "couldn't take your last payment" in html
    assert f"{grace_end:%d %b %Y}" in html
    assert 'role="alert"' in html
