"""E-paper editions: the digital replica of each printed edition of a title."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Edition(models.Model):
    publication = models.ForeignKey("news.PublicationPage", on_delete=models.CASCADE, related_name="editions")
    date = models.DateField()

    class Meta:
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["publication", "date"], name="one_edition_per_title_and_day")]
        verbose_name = _("e-paper edition")

    def __str__(self):
        return f"{self.publication.title} – {self.date:%d %b %Y}"
