"""A reader's billing data for the account export and deletion.

Orders and payments are accounting records the law makes us keep, so erasing a
reader anonymises them (no link to the account, no email) instead of deleting
them."""

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from masthead.accounts.registry import ErasureBlocked

from .models import Customer, Order, Subscription
from .providers import ProviderUnavailable, provider_named
from .rules import CLOSED_STATUSES

logger = logging.getLogger(__name__)


def _iso(moment):
    return moment.isoformat() if moment else None


def export(user):
    return {
        "customers": [
            {"provider": customer.provider, "customer_id": customer.provider_customer_id, "email": customer.email}
            for customer in Customer.objects.filter(user=user)
        ],
        "subscriptions": [
            {
                "plan": str(subscription.plan) if subscription.plan else None,
                "status": subscription.status,
                "started_at": _iso(subscription.started_at),
                "current_period_end": _iso(subscription.current_period_end),
                "cancel_at_period_end": subscription.cancel_at_period_end,
                "access_ends_at": _iso(subscription.access_ends_at),
                "payments": [
                    {
                        "amount_cents": payment.amount_cents,
                        "currency": payment.currency,
                        "paid_at": _iso(payment.paid_at),
                    }
                    for payment in subscription.payments.all()
                ],
            }
            for subscription in Subscription.objects.filter(user=user)
            .select_related("plan")
            .prefetch_related("payments")
        ],
        "orders": [
            {
                "plan": str(order.plan),
                "edition": str(order.edition) if order.edition else None,
                "amount_cents": order.amount_cents,
                "currency": order.currency,
                "status": order.status,
                "created_at": _iso(order.created_at),
                "completed_at": _iso(order.completed_at),
            }
            for order in Order.objects.filter(user=user).select_related("plan", "edition__publication")
        ],
    }


def prepare_erasure(user):
    """Cancel the reader's subscriptions with the payment provider before their account
    goes: otherwise it would go on charging a card that no account stands behind."""
    for subscription in (
        Subscription.objects.filter(user=user).exclude(status__in=CLOSED_STATUSES).select_related("plan", "customer")
    ):
        try:
            provider_named(subscription.provider).cancel_subscription(subscription)
        except ProviderUnavailable as error:
            logger.warning("Could not cancel subscription %s before deleting its account: %s", subscription.pk, error)
            raise ErasureBlocked(
                _(
                    "We could not cancel your subscription with our payment provider just now, so nothing has "
                    "been deleted and nothing has changed. Please try again in a few minutes."
                )
            ) from error


@transaction.atomic
def erase(user):
    Order.objects.filter(user=user).update(user=None, email="", next_url="")
    Subscription.objects.filter(user=user).update(user=None)
    Customer.objects.filter(user=user).update(user=None, email="")
