"""Entitlements: the one table that answers "may this reader have X now".

Billing writes it (and staff, by hand, through the admin); the paywall and the
e-paper only read it. Every grant keeps its source so it can be traced and
revoked.
"""

from django.conf import settings
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
