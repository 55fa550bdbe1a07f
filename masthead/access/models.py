"""Entitlements: the one table that answers "may this reader have X now".

Billing writes it (and staff, by hand, through the admin); the paywall and the
e-paper only read it. Every grant keeps its source so it can be traced and
revoked.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EntitlementKind(models.TextChoices):
    DIGITAL = "digital", _("Digital: every article")
    EPAPER = "epaper", _("E-paper: every edition")
    EPAPER_EDITION = "epaper_edition", _("One e-paper edition")


class EntitlementQuerySet(models.QuerySet):
    def active(self, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, starts_at__lte=now).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now)
        )

    def for_publication(self, publication_id):
        """Grants covering one title: those naming it and those for all titles."""
        return self.filter(Q(publication_id=publication_id) | Q(publication__isnull=True))


class Entitlement(models.Model):
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entitlements")
    kind = models.CharField(max_length=20, choices=EntitlementKind.choices)
    publication = models.ForeignKey(
        "news.PublicationPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty for every title of the group."),
    )
    edition = models.ForeignKey(
        "epaper.Edition", null=True, blank=True, on_delete=models.CASCADE, related_name="entitlements"
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True, help_text=_("Leave empty for no end."))
    source = models.CharField(
        max_length=200, help_text=_("Where the grant came from, e.g. a subscription id, or 'manual'.")
    )
    note = models.CharField(max_length=250, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EntitlementQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["reader", "kind", "ends_at"]), models.Index(fields=["source"])]

    def __str__(self):
        scope = self.edition or self.publication or _("all titles")
        return f"{self.get_kind_display()} – {scope} – {self.reader}"


class AccessPolicy(models.Model):
    """The paywall's numbers for one title, or for the whole group (no title).

    A title without its own policy follows the group's; with no policy at all
    the defaults below apply."""

    publication = models.OneToOneField(
        "news.PublicationPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("title"),
        help_text=_("Leave empty for the group default, which applies to every title without its own policy."),
    )
    free_views = models.PositiveSmallIntegerField(
        _("free articles for anonymous readers"),
        default=3,
        # The meter cookie keeps at most 150 articles (access/meter.py).
        validators=[MaxValueValidator(100)],
        help_text=_("Distinct metered articles a reader who is not logged in may read in the window."),
    )
    window_days = models.PositiveSmallIntegerField(
        _("window (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("The rolling period the allowances count over."),
    )
    registered_views = models.PositiveSmallIntegerField(
        _("free articles for registered readers"),
        default=10,
        validators=[MaxValueValidator(1000)],
        help_text=_("Distinct metered articles a logged-in reader without a subscription may read in the window."),
    )
    registered_unlimited = models.BooleanField(
        _("registered readers read metered articles without limit"), default=False
    )
    archive_days = models.PositiveIntegerField(
        _("archive age (days)"),
        default=365,
        validators=[MinValueValidator(1)],
        help_text=_("Articles older than this are for subscribers only."),
    )
    teaser_paragraphs = models.PositiveSmallIntegerField(
        _("teaser paragraphs"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("Paragraphs shown above the gate to readers who may not read the whole article."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("access policy")
        verbose_name_plural = _("access policies")

    def __str__(self):
        if self.publication_id is None:
            return str(_("Group default"))
        return str(self.publication)

    def clean(self):
        others = AccessPolicy.objects.exclude(pk=self.pk)
        if self.publication_id is None and others.filter(publication__isnull=True).exists():
            raise ValidationError({"publication": _("There is already a group default; choose a title.")})


class ReaderMeter(models.Model):
    """One row per registered reader: the lock that serialises their metered reads,
    so two tabs opened at once never count one article twice or pass the limit."""

    reader = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    views_counted = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"meter of {self.reader_id}"


class MeteredRead(models.Model):
    """A metered article counted against a registered reader's allowance."""

    reader = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey("news.ArticlePage", on_delete=models.CASCADE, related_name="+")
    counted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["reader", "article"], name="access_metered_read_once")]
        indexes = [models.Index(fields=["reader", "counted_at"])]

    def __str__(self):
        return f"{self.reader_id} read {self.article_id} at {self.counted_at:%Y-%m-%d %H:%M}"


class GateKind(models.TextChoices):
    REGISTER = "register", _("Register or log in")
    SUBSCRIBE = "subscribe", _("Subscribe")


class GateImpression(models.Model):
    """One gate shown to one reader on one article: the top of the funnel.

    Written in batches (see access/funnel.py); a later registration is traced to
    the latest gate shown to the browser's `anonymous_id`, and keeps its `token`."""

    # Gates are shown more than anything else is written: only the indexes a query
    # needs (a uuid4 token is unique without one, and nothing looks a row up by it).
    token = models.CharField(max_length=32, null=True)
    article = models.ForeignKey("news.ArticlePage", null=True, on_delete=models.SET_NULL, related_name="+")
    publication = models.ForeignKey(
        "news.PublicationPage", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    gate = models.CharField(max_length=20, choices=GateKind.choices)
    reason = models.CharField(max_length=30)
    reader = models.ForeignKey(  # indexed by (reader, shown_at) below
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    anonymous_id = models.CharField(max_length=32, blank=True)
    shown_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["reader", "shown_at"]), models.Index(fields=["anonymous_id", "shown_at"])]

    def __str__(self):
        return f"{self.get_gate_display()} gate on {self.article_id} at {self.shown_at:%Y-%m-%d %H:%M}"


class FunnelStep(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    SUBSCRIBED = "subscribed", _("Subscribed")


class FunnelConversion(models.Model):
    """A registration or a subscription that followed a gate (named by its token;
    the gate's article, title and kind are copied so reports need no join)."""

    gate_token = models.CharField(max_length=32, db_index=True, default="")
    article = models.ForeignKey("news.ArticlePage", null=True, on_delete=models.SET_NULL, related_name="+")
    publication = models.ForeignKey("news.PublicationPage", null=True, on_delete=models.SET_NULL, related_name="+")
    gate = models.CharField(max_length=20, choices=GateKind.choices, default=GateKind.REGISTER)
    step = models.CharField(max_length=20, choices=FunnelStep.choices)
    reader = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    entitlement = models.ForeignKey(Entitlement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    happened_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gate_token", "step", "reader"], name="access_conversion_once_per_gate")
        ]

    def __str__(self):
        return f"{self.get_step_display()} after gate {self.gate_token}"
