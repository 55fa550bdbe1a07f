"""Newsletters: lists, the people on them, the issues we send and a row per
message handed to the mail server.

A `Delivery` row is written *before* a message is handed over (status
`attempting`) and turned into `sent` as soon as the server accepts it, so a
crash leaves at most one message per connection whose fate we do not know;
the next run marks it `uncertain` and does not send it again. See CONTEXT.md.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from masthead.newsletters.schedule import Schedule


def new_subscriber_key():
    return secrets.token_urlsafe(16)


def email_hash(email):
    """Suppressions survive a reader's erasure as a hash of the address."""
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


class Cadence(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Once a week")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class NewsletterList(models.Model):
    """A list readers join: a daily digest per title, one for the group, or an editors' list."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)
    publications = models.ManyToManyField(
        "news.PublicationPage",
        blank=True,
        related_name="newsletter_lists",
        help_text=_("Titles whose stories it carries. Leave empty for every title of the group."),
    )
    section_slug = models.SlugField(
        max_length=80, blank=True, help_text=_("Only stories from sections with this slug, e.g. sport.")
    )
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.DAILY)
    weekday = models.PositiveSmallIntegerField(
        choices=Weekday.choices, null=True, blank=True, help_text=_("For weekly lists: the day it goes out.")
    )
    send_time = models.TimeField(default=datetime.time(17, 0))
    time_zone = models.CharField(max_length=64, default="Europe/Dublin")
    max_stories = models.PositiveSmallIntegerField(default=8)
    is_active = models.BooleanField(default=True, help_text=_("Inactive lists take no sign-ups and send nothing."))
    offered_by_default = models.BooleanField(
        default=False, help_text=_("The list offered by the footer and the article gate.")
    )
    sort_order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("newsletter")

    def __str__(self):
        return self.name

    @property
    def window(self):
        return datetime.timedelta(days=7 if self.cadence == Cadence.WEEKLY else 1)

    def schedule(self):
        weekday = self.weekday if self.cadence == Cadence.WEEKLY else None
        return Schedule(send_time=self.send_time, time_zone=self.time_zone, weekday=weekday)


class Subscriber(models.Model):
    """An email address that asked for newsletters. No account needed."""

    email = models.EmailField(unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    key = models.CharField(max_length=40, unique=True, default=new_subscriber_key, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    suppressed_at = models.DateTimeField(null=True, blank=True)
    suppression_reason = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    ACTIVE = "active", _("Subscribed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class Subscription(models.Model):
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="subscriptions")
    newsletter_list = models.ForeignKey(NewsletterList, on_delete=models.CASCADE, related_name="subscriptions")
    status = models.CharField(max_length=20, choices=SubscriptionStatus.choices, default=SubscriptionStatus.PENDING)
    source = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "newsletter_list"], name="newsletters_one_subscription")
        ]
        indexes = [models.Index(fields=["newsletter_list", "status", "subscriber"])]

    def __str__(self):
        return f"{self.subscriber} on {self.newsletter_list} ({self.status})"


class IssueStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    MISSED = "missed", _("Not sent (too late)")
    CANCELLED = "cancelled", _("Not sent (no stories)")


class Issue(models.Model):
    """One edition of a list, for one local date. Unique per (list, date): the
    clock may look for it many times, it goes out once."""

    newsletter_list = models.ForeignKey(NewsletterList, on_delete=models.CASCADE, related_name="issues")
    local_date = models.DateField()
    send_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=20, choices=IssueStatus.choices, default=IssueStatus.SCHEDULED)
    intro = models.TextField(blank=True)
    subject = models.CharField(max_length=200, blank=True)
    story_ids = models.JSONField(default=list, blank=True, help_text=_("The stories as sent, frozen at send time."))
    edited_at = models.DateTimeField(null=True, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claim_token = models.CharField(max_length=40, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    sent_count = models.PositiveIntegerField(default=0)
    uncertain_count = models.PositiveIntegerField(default=0)
    failed_count = models.PositiveIntegerField(default=0)
    send_log = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-send_at"]
        constraints = [
            models.UniqueConstraint(fields=["newsletter_list", "local_date"], name="newsletters_one_issue_per_date")
        ]

    def __str__(self):
        return f"{self.newsletter_list} – {self.local_date:%d %b %Y}"

    def get_admin_url(self):
        return reverse("newsletters_admin_issue", args=[self.pk])


class IssueItem(models.Model):
    """An editor's decision about one story in an issue: pinned (at a position) or removed."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    pinned = models.BooleanField(default=False)
    removed = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["issue", "article"], name="newsletters_one_item_per_story")]

    def __str__(self):
        return f"{self.article_id} in {self.issue_id}"


class DeliveryStatus(models.TextChoices):
    ATTEMPTING = "attempting", _("Being handed to the mail server")
    SENT = "sent", _("Accepted by the mail server")
    UNCERTAIN = "uncertain", _("Uncertain (interrupted while handing over; not resent)")
    FAILED = "failed", _("Refused by the mail server")


class Delivery(models.Model):
    """One message of one issue to one subscriber. The unique constraint is the
    last line of defence against sending anyone the same issue twice."""

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.ATTEMPTING)
    created_at = models.DateTimeField(default=timezone.now)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["issue", "subscriber"], name="newsletters_one_delivery_per_reader")
        ]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self):
        return f"{self.issue_id} → {self.subscriber_id}: {self.status}"


class SuppressionReason(models.TextChoices):
    BOUNCE = "bounce", _("Hard bounce")
    COMPLAINT = "complaint", _("Spam complaint")
    MANUAL = "manual", _("Added by staff")


class Suppression(models.Model):
    """An address we must not write to. Kept as a hash after the reader's data is erased."""

    email_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(blank=True)
    reason = models.CharField(max_length=20, choices=SuppressionReason.choices)
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email or self.email_hash[:12]} ({self.reason})"
