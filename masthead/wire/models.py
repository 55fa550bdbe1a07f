"""Agency copy received, one row per story, so a re-sent or corrected version
updates the same draft instead of making a second article."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WireItemStatus(models.TextChoices):
    CREATED = "created", _("New draft created")
    UPDATED = "updated", _("Draft updated from a newer version")
    SKIPPED = "skipped", _("Already had this version")


class ReceivedWireItem(models.Model):
    guid = models.CharField(max_length=250, unique=True)
    version = models.PositiveIntegerField(default=1)
    agency = models.CharField(max_length=100)
    format_name = models.CharField(max_length=20)
    article = models.ForeignKey("news.ArticlePage", null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=WireItemStatus.choices)
    received_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("wire item")

    def __str__(self):
        return f"{self.agency}: {self.guid} v{self.version}"
