import pytest

from masthead.billing.demo import ensure_demo_plans
from tests.billing.stripe_events import WEBHOOK_SECRET
from tests.factories import make_reader


@pytest.fixture
def plans(db):
    plans = ensure_demo_plans()
    plans["digital-monthly"].stripe_price_id = "price_TestDigitalMonthly"
    plans["digital-monthly"].save()
    plans["digital-epaper-monthly"].stripe_price_id = "price_TestDigitalEpaperMonthly"
    plans["digital-epaper-monthly"].save()
    return plans


@pytest.fixture
def reader(db):
    return make_reader("reader@example.org")


@pytest.fixture(autouse=True)
def _billing_settings(settings):
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_SECRET_KEY = ""
    settings.MASTHEAD_BILLING_GRACE_DAYS = 7
