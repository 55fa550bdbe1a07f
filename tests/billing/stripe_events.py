"""Stripe events for tests: recorded payloads from tests/fixtures/stripe, moved
in time so that the fixture's base moment becomes `at`, and signed with the
scheme Stripe uses (and the SDK verifies): t=<unix time>,v1=HMAC-SHA256(secret, "<t>.<body>")."""

import copy
import hashlib
import hmac
import json
import time
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "stripe"
FIXTURE_BASE = 1764403200
TIMESTAMP_KEYS = {
    "created",
    "current_period_start",
    "current_period_end",
    "start_date",
    "billing_cycle_anchor",
    "canceled_at",
    "ended_at",
    "start",
    "end",
    "paid_at",
    "period_start",
    "period_end",
}
WEBHOOK_SECRET = "whsec_test_masthead_billing"
DAY = 86400


def _shift(value, delta):
    if isinstance(value, dict):
        return {
            key: (item + delta if key in TIMESTAMP_KEYS and isinstance(item, int) else _shift(item, delta))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_shift(item, delta) for item in value]
    return value


def stripe_event(name, *, at=None, event_id=None, **object_changes):
    """The fixture `name`, with its base moment at `at` (unix time, default now)
    and `object_changes` applied to data.object."""
    event = json.loads((FIXTURES / f"{name}.json").read_text())
    event = _shift(event, int(at if at is not None else time.time()) - FIXTURE_BASE)
    if event_id:
        event["id"] = event_id
    event["data"]["object"].update(copy.deepcopy(object_changes))
    return event


def sign(payload, secret=WEBHOOK_SECRET, timestamp=None):
    timestamp = int(timestamp if timestamp is not None else time.time())
    signature = hmac.new(secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={signature}"


def post_event(client, event, *, secret=WEBHOOK_SECRET, timestamp=None, signature=None):
    payload = event if isinstance(event, str) else json.dumps(event)
    headers = {}
    if signature is not False:
        headers["HTTP_STRIPE_SIGNATURE"] = signature or sign(payload, secret, timestamp)
    return client.post("/billing/webhooks/stripe/", data=payload, content_type="application/json", **headers)
