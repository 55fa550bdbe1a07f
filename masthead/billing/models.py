"""Plans, the readers' customer records at the payment provider, their
subscriptions, one-off orders and the payment events we have received.

Billing keeps its own record of what the provider told us; entitlements (in
`access`) are derived from it and written only through `access.actions`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def format_euro(cents):
    return f"€{cents // 100}.{cents % 100:02d}"


class PlanGrants(models.TextChoices):
    DIGITAL = "digital", _("Digital: every article")
    DIGITAL_EPAPER = "digital_epaper", _("Digital and e-paper")
    EPAPER = "epaper", _("E-paper: every edition")
    EPAPER_EDITION = "epaper_edition", _("One e-paper edition")


class PlanInterval(models.TextChoices):
    MONTH = "month", _("Monthly")
    YEAR = "year", _("Annual")
    ONCE = "once", _("One payment")


GRANTED_KINDS = {
    PlanGrants.DIGITAL: ("digital",),
    PlanGrants.DIGITAL_EPAPER: ("digital", "epaper"),
    PlanGrants.EPAPER: ("epaper",),
    PlanGrants.EPAPER_EDITION: ("epaper_edition",),
}


class PlanQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def subscriptions(self):
        return self.exclude(interval=PlanInterval.ONCE)


class Plan(models.Model):
    name = models.CharField(max_length=100)
    slug = models.SlugField(unique=True, help_text=_("Used in the subscribe link, e.g. /subscribe/digital-monthly/."))
    description = models.CharField(max_length=250, blank=True)
    grants = models.CharField(max_length=20, choices=PlanGrants.choices, default=PlanGrants.DIGITAL)
    interval = models.CharField(max_length=10, choices=PlanInterval.choices, default=PlanInterval.MONTH)
    price_cents = models.PositiveIntegerField(
        verbose_name=_("price in cent"), help_text=_("What the reader pays, in euro cent, VAT included: 999 = €9.99.")
    )
    stripe_price_id = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The Stripe price (price_…). Leave empty to let checkout describe the price itself."),
    )
    active = models.BooleanField(default=True, help_text=_("Only active plans are offered to readers."))
    sort_order = models.PositiveSmallIntegerField(default=0)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "price_cents"]

    def __str__(self):
        return self.name

    @property
    def is_recurring(self):
        return self.interval != PlanInterval.ONCE

    @property
    def entitlement_kinds(self):
        return GRANTED_KINDS[PlanGrants(self.grants)]

    @property
    def price_display(self):
        return format_euro(self.price_cents)

    @property
    def monthly_cents(self):
        """This plan's share of monthly recurring revenue."""
        if self.interval == PlanInterval.MONTH:
            return self.price_cents
        if self.interval == PlanInterval.YEAR:
            return round(self.price_cents / 12)
        return 0


class Customer(models.Model):
    """A reader as known to one payment provider (a Stripe customer)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="billing_customers"
    )
    provider = models.CharField(max_length=20)
    provider_customer_id = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "provider_customer_id"], name="one_customer_per_provider_id")
        ]

    def __str__(self):
        return f"{self.provider}:{self.provider_customer_id}"


class SubscriptionStatus(models.TextChoices):
    INCOMPLETE = "incomplete", _("Waiting for the first payment")
    INCOMPLETE_EXPIRED = "incomplete_expired", _("First payment never arrived")
    TRIALING = "trialing", _("Trial")
    ACTIVE = "active", _("Active")
    PAST_DUE = "past_due", _("Payment overdue")
    UNPAID = "unpaid", _("Unpaid")
    CANCELED = "canceled", _("Ended")
    PAUSED = "paused", _("Paused")


class Subscription(models.Model):
    """Our copy of a provider's subscription, kept in step by its events.

    `state_as_of` is the creation time of the subscription event last applied
    and `payment_state_as_of` that of the last invoice event: an older event
    arriving late never overwrites a newer state."""

    provider = models.CharField(max_length=20)
    provider_subscription_id = models.CharField(max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="subscriptions"
    )
    customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.PROTECT, related_name="subscriptions")
    status = models.CharField(max_length=20, choices=SubscriptionStatus.choices, default=SubscriptionStatus.INCOMPLETE)
    started_at = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    canceled_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    payment_failed_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(
        null=True, blank=True, help_text=_("A refund or dispute ended access at this moment.")
    )
    access_ends_at = models.DateTimeField(null=True, blank=True)
    state_as_of = models.DateTimeField(null=True, blank=True)
    payment_state_as_of = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_subscription_id"], name="one_subscription_per_provider_id"
            )
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.plan or '?'} – {self.provider_subscription_id}"

    @property
    def entitlement_source(self):
        return f"{self.provider}:{self.provider_subscription_id}"


class OrderStatus(models.TextChoices):
    CREATED = "created", _("Started")
    OPEN = "open", _("At checkout")
    COMPLETED = "completed", _("Paid")
    CANCELLED = "cancelled", _("Cancelled by the reader")
    EXPIRED = "expired", _("Expired")
    REFUNDED = "refunded", _("Refunded")


class Order(models.Model):
    """One checkout: a reader choosing a plan (or one edition) and paying for it.

    Kept for the accounts even when the reader's account is deleted (then
    anonymised)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="billing_orders"
    )
    email = models.EmailField(blank=True)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="orders")
    edition = models.ForeignKey(
        "epaper.Edition", null=True, blank=True, on_delete=models.SET_NULL, related_name="billing_orders"
    )
    amount_cents = models.PositiveIntegerField()
    currency = models.CharField(max_length=3, default="eur")
    provider = models.CharField(max_length=20)
    provider_session_id = models.CharField(max_length=200, blank=True, db_index=True)
    payment_intent_id = models.CharField(max_length=100, blank=True, db_index=True)
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.CREATED)
    next_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.plan} – {self.public_id}"

    @property
    def entitlement_source(self):
        return f"{self.provider}:{self.provider_session_id}"


class Payment(models.Model):
    """A paid invoice of a subscription, so that a later refund or dispute of
    its charge can be traced back to what it paid for."""

    provider = models.CharField(max_length=20)
    provider_invoice_id = models.CharField(max_length=100)
    payment_intent_id = models.CharField(max_length=100, blank=True, db_index=True)
    charge_id = models.CharField(max_length=100, blank=True, db_index=True)
    subscription = models.ForeignKey(
        Subscription, null=True, blank=True, on_delete=models.SET_NULL, related_name="payments"
    )
    amount_cents = models.IntegerField(default=0)
    currency = models.CharField(max_length=3, default="eur")
    paid_at = models.DateTimeField()
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "provider_invoice_id"], name="one_payment_per_invoice")
        ]

    def __str__(self):
        return f"{self.provider}:{self.provider_invoice_id}"


class WebhookEventStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    HANDLED = "handled", _("Handled")
    IGNORED = "ignored", _("Nothing to do")
    FAILED = "failed", _("Failed (will be retried)")


class WebhookEvent(models.Model):
    """Each payment event we have accepted, once: the unique event id is what
    makes a replayed or concurrent delivery harmless."""

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=100)
    type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=100, blank=True)
    created = models.DateTimeField(help_text=_("When the provider created the event."))
    received_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=WebhookEventStatus.choices, default=WebhookEventStatus.RECEIVED)
    detail = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], name="one_row_per_event")]

    def __str__(self):
        return f"{self.type} {self.event_id}"
