"""Reading Stripe-shaped objects (from Stripe's webhooks or the demo provider).

Stripe moved some fields between API versions (a subscription's period end
now lives on its items, an invoice's subscription under `parent`); these
functions read the current place first and the older one after, so events
from an account pinned to an older version still work."""

import datetime


def to_datetime(timestamp):
    if timestamp in (None, ""):
        return None
    return datetime.datetime.fromtimestamp(int(timestamp), tz=datetime.UTC)


def object_id(value):
    """An expandable field: an id string, or the expanded object with its id."""
    if isinstance(value, dict):
        return value.get("id") or ""
    return value or ""


def _first_item(subscription):
    items = (subscription.get("items") or {}).get("data") or []
    return items[0] if items else {}


def subscription_period_end(subscription):
    item = _first_item(subscription)
    return to_datetime(item.get("current_period_end") or subscription.get("current_period_end"))


def subscription_price_id(subscription):
    return object_id(_first_item(subscription).get("price"))


def invoice_subscription_id(invoice):
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    return object_id(details.get("subscription") or invoice.get("subscription"))


def invoice_period_end(invoice):
    """The end of the period a subscription invoice pays for: its lines' latest end."""
    ends = [
        (line.get("period") or {}).get("end")
        for line in (invoice.get("lines") or {}).get("data") or []
        if (line.get("period") or {}).get("end")
    ]
    return to_datetime(max(ends)) if ends else None


def invoice_payment_ids(invoice):
    """(payment_intent id, charge id) of a paid invoice, where the payload carries them."""
    payment_intent = object_id(invoice.get("payment_intent"))
    for invoice_payment in (invoice.get("payments") or {}).get("data") or []:
        payment_intent = payment_intent or object_id((invoice_payment.get("payment") or {}).get("payment_intent"))
    return payment_intent, object_id(invoice.get("charge"))


def metadata(obj):
    return obj.get("metadata") or {}
