"""Read helpers shared by views, the account panel and the dashboard."""

from django.db.models import Q
from django.utils import timezone

from masthead.access.models import Entitlement

from .models import Customer, Subscription

LIVE = ("trialing", "active", "past_due", "unpaid")


def current_subscription(user, *, now=None):
    """The reader's subscription that gives access now, or else the latest one."""
    now = now or timezone.now()
    subscriptions = Subscription.objects.filter(user=user).select_related("plan").order_by("-started_at", "-pk")
    live = subscriptions.filter(access_ends_at__gt=now, refunded_at__isnull=True).first()
    return live or subscriptions.first()


def has_live_subscription(user, *, now=None):
    now = now or timezone.now()
    return Subscription.objects.filter(
        user=user, status__in=LIVE, access_ends_at__gt=now, refunded_at__isnull=True
    ).exists()


def customer_for(user, provider_name):
    return Customer.objects.filter(user=user, provider=provider_name).order_by("-created_at").first()


def reader_has_edition(user, edition):
    """Whether an e-paper subscription or an earlier purchase already gives this edition."""
    return (
        Entitlement.objects.active()
        .filter(reader=user)
        .filter(
            Q(kind="epaper", publication__isnull=True)
            | Q(kind="epaper", publication_id=edition.publication_id)
            | Q(kind="epaper_edition", edition=edition)
        )
        .exists()
    )
