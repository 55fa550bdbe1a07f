"""`masthead demo`'s billing part: the plans, made once."""

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


def test_the_demo_plans_are_registered_and_made_once_with_a_subscriber():
    assert "masthead.billing.demo.load_demo_plans" in settings.MASTHEAD_DEMO_EXTRAS
    subscriber = make_reader("subscriber@example.org")
    context = SimpleNamespace(readers={"subscriber": subscriber}, stdout=Output(), publications=[], rng=None)
    load_demo_plans(context)
    load_demo_plans(context)
    assert Plan.objects.count() == 5
    assert set(Plan.objects.values_list("interval", flat=True)) == {"month", "year", "once"}
    assert Plan.objects.get(slug="digital-monthly").price_cents == 999
    assert Subscription.objects.count() == 1
    assert active_kinds(subscriber) == {"digital", "epaper"}
