"""`masthead demo`'s billing part: the plans, made once."""

import random
from types import SimpleNamespace

import pytest
from django.conf import settings

from masthead.billing.demo import load_demo_plans
from masthead.billing.models import Plan, Subscription
from tests.billing.helpers import active_kinds
from tests.factories import make_reader

pytestmark = pytest.mark.django_db


class Output:
    def __init__(self):
        self.lines = []

    def write(self, line):
        self.lines.append(line)


def test_the_demo_plans_are_registered_and_made_once_with_a_subscriber(monkeypatch):
    monkeypatch.setattr("masthead.billing.demo.HISTORY_READERS", 4)
    assert "masthead.billing.demo.load_demo_plans" in settings.MASTHEAD_DEMO_EXTRAS
    subscriber = make_reader("subscriber@example.org")
    context = SimpleNamespace(
        readers={"subscriber": subscriber}, stdout=Output(), publications=[], rng=random.Random("test")
    )
    load_demo_plans(context)
    load_demo_plans(context)
    assert Plan.objects.count() == 5
    assert set(Plan.objects.values_list("interval", flat=True)) == {"month", "year", "once"}
    assert Plan.objects.get(slug="digital-monthly").price_cents == 999
    assert Subscription.objects.filter(user=subscriber).count() == 1
    assert active_kinds(subscriber) == {"digital", "epaper"}
    assert Subscription.objects.count() == 1 + 4
    assert "4 synthetic subscribers" in context.stdout.lines[0]
    assert "0 synthetic subscribers" in context.stdout.lines[1]


def test_the_synthetic_history_gives_the_dashboard_a_year_to_chart():
    from masthead.billing.dashboard import summary
    from masthead.billing.demo import ensure_demo_plans, load_subscription_history

    plans = ensure_demo_plans()
    load_subscription_history(plans, random.Random("history"), count=12)
    subscriptions = Subscription.objects.all()
    assert subscriptions.count() == 12
    assert subscriptions.filter(status="canceled").exists()
    assert subscriptions.filter(status="active", payments__isnull=False).distinct().count() >= 1
    bars = summary()["chart"]["bars"]
    assert sum(1 for bar in bars if bar.value_cents) >= 4
