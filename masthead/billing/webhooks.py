"""Payment events, handled in a fixed order once they are verified (the
Stripe view verifies the signature; the demo provider builds its events on the
server): answer events we don't handle without recording them, skip an event
already handled, record it, then handle it in a transaction, storing the
outcome. A handler error rolls back everything it wrote, stores the error and
reports failure so that Stripe delivers the event again."""

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from . import actions, payloads
from .models import WebhookEvent, WebhookEventStatus

logger = logging.getLogger(__name__)


def _checkout_completed(session, *, provider, created):
    return actions.do_complete_checkout(session, provider=provider, event_created=created)


def _checkout_expired(session, *, provider, created):
    return actions.do_expire_checkout(session, provider=provider, event_created=created)


def _subscription_changed(subscription, *, provider, created):
    return actions.do_apply_subscription(subscription, provider=provider, event_created=created)


def _invoice_paid(invoice, *, provider, created):
    return actions.do_record_invoice_paid(invoice, provider=provider, event_created=created)


def _invoice_payment_failed(invoice, *, provider, created):
    return actions.do_record_payment_failed(invoice, provider=provider, event_created=created)


def _charge_refunded(charge, *, provider, created):
    if not charge.get("refunded"):
        return "partial refund: access unchanged"
    return actions.do_end_access_for_payment(
        provider=provider,
        payment_intent_id=payloads.object_id(charge.get("payment_intent")),
        charge_id=charge.get("id", ""),
        when=created,
        provider_lookup=_provider_lookup(provider),
    )


def _dispute_created(dispute, *, provider, created):
    return actions.do_end_access_for_payment(
        provider=provider,
        payment_intent_id=payloads.object_id(dispute.get("payment_intent")),
        charge_id=payloads.object_id(dispute.get("charge")),
        when=created,
        provider_lookup=_provider_lookup(provider),
    )


def _provider_lookup(provider):
    from .providers import get_provider

    current = get_provider()
    return current.subscription_id_for_payment if current.name == provider else None


HANDLERS = {
    "checkout.session.completed": _checkout_completed,
    "checkout.session.expired": _checkout_expired,
    "customer.subscription.created": _subscription_changed,
    "customer.subscription.updated": _subscription_changed,
    "customer.subscription.deleted": _subscription_changed,
    "invoice.paid": _invoice_paid,
    "invoice.payment_failed": _invoice_payment_failed,
    "charge.refunded": _charge_refunded,
    "charge.dispute.created": _dispute_created,
}


def _record(event, *, provider, object_id, created):
    """The event's row, inserted now or (for a repeat) found and locked: the
    unique event id makes a concurrent copy wait here until the first commits."""
    try:
        with transaction.atomic():
            return WebhookEvent.objects.create(
                provider=provider, event_id=event["id"], type=event["type"], object_id=object_id, created=created
            )
    except IntegrityError:
        return WebhookEvent.objects.select_for_update().get(provider=provider, event_id=event["id"])


@dataclass(frozen=True)
class Outcome:
    status: str  # "handled", "unhandled_type", "duplicate" or "failed"
    detail: str = ""

    @property
    def failed(self):
        return self.status == "failed"


def receive_event(event, *, provider):
    """Handle one verified event (a dict in Stripe's shape) exactly once."""
    handler = HANDLERS.get(event["type"])
    if handler is None:
        return Outcome("unhandled_type")
    obj = event["data"]["object"]
    created = payloads.to_datetime(event["created"])
    with transaction.atomic():
        record = _record(event, provider=provider, object_id=str(obj.get("id", ""))[:100], created=created)
        if record.status in (WebhookEventStatus.HANDLED, WebhookEventStatus.IGNORED):
            return Outcome("duplicate")
        record.attempts += 1
        try:
            with transaction.atomic():
                detail = handler(obj, provider=provider, created=created)
        except Exception as error:
            logger.exception("Handling %s %s failed", event["type"], event["id"])
            record.status = WebhookEventStatus.FAILED
            record.detail = f"{type(error).__name__}: {error}"[:2000]
            record.save(update_fields=["status", "detail", "attempts"])
            return Outcome("failed", record.detail)
        record.status = WebhookEventStatus.IGNORED if detail.endswith("ignored") else WebhookEventStatus.HANDLED
        record.detail = detail
        record.handled_at = timezone.now()
        record.save(update_fields=["status", "detail", "attempts", "handled_at"])
    return Outcome("handled", detail)
