"""E-paper editions: the digital replica of each printed edition of a title.

An edition is published as one *version*: a directory named by a random token
under the private e-paper root, holding the source PDF and every page's images,
plus one `EditionPage` row per page. A new upload is processed into a new
directory while the published version stays in place; publishing swaps the
token and the page rows in one transaction, and the old directory is removed
after the commit. Nothing half-processed is ever visible.
"""

from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Not published yet")
    PUBLISHED = "published", _("Published")


class JobState(models.TextChoices):
    NONE = "", _("No processing")
    QUEUED = "queued", _("Waiting to be processed")
    PROCESSING = "processing", _("Processing")
    FAILED = "failed", _("Failed")
    DONE = "done", _("Done")


class EditionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EditionStatus.PUBLISHED)


class Edition(models.Model):
    publication = models.ForeignKey("news.PublicationPage", on_delete=models.CASCADE, related_name="editions")
    date = models.DateField()

    # The published version (empty until the first upload has been processed).
    status = models.CharField(max_length=12, choices=EditionStatus.choices, default=EditionStatus.DRAFT)
    storage_token = models.CharField(max_length=32, blank=True, editable=False)
    source_pdf = models.CharField(
        max_length=200, blank=True, editable=False, help_text=_("Path of the PDF inside the private e-paper store.")
    )
    source_size = models.PositiveBigIntegerField(default=0, editable=False)
    page_count = models.PositiveIntegerField(default=0)
    published_at = models.DateTimeField(null=True, blank=True)

    # The latest upload's processing, which may be replacing the published version.
    job_token = models.CharField(max_length=32, blank=True, editable=False)
    job_state = models.CharField(max_length=12, choices=JobState.choices, blank=True, default=JobState.NONE)
    job_pages_done = models.PositiveIntegerField(default=0)
    job_pages_total = models.PositiveIntegerField(default=0)
    job_error = models.TextField(blank=True)
    job_file_name = models.CharField(
        max_length=120, blank=True, help_text=_("The uploaded file's name, for display only.")
    )
    job_started_at = models.DateTimeField(null=True, blank=True)
    job_finished_at = models.DateTimeField(null=True, blank=True)
    job_seconds = models.FloatField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["publication", "date"], name="one_edition_per_title_and_day")]
        indexes = [models.Index(fields=["status", "publication", "-date"])]
        verbose_name = _("e-paper edition")

    def __str__(self):
        return f"{self.publication.title} – {self.date:%d %b %Y}"

    def get_absolute_url(self):
        return self.base_url

    @cached_property
    def base_url(self):
        """`/epaper/<title>/<date>/`: every URL of the edition starts with it (built once per instance;
        the reader page has a few hundred)."""
        return reverse("epaper:edition", args=[self.publication.slug, self.date.isoformat()])

    @property
    def is_published(self):
        return self.status == EditionStatus.PUBLISHED

    @property
    def is_processing(self):
        return self.job_state in (JobState.QUEUED, JobState.PROCESSING)

    @property
    def job_percent(self):
        if not self.job_pages_total:
            return 0
        return round(100 * self.job_pages_done / self.job_pages_total)

    def reader_url(self, number=1):
        return f"{self.base_url}page/{int(number)}/"

    def cover_url(self):
        return f"{self.base_url}cover.webp?v={self.storage_token}"

    def pdf_url(self):
        return f"{self.base_url}download.pdf"


class EditionPage(models.Model):
    """One page of the published version: its text, and the sizes of its images
    (the files themselves live in the version's directory)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    width = models.PositiveIntegerField(help_text=_("Screen image width in pixels."))
    height = models.PositiveIntegerField()
    zoom_width = models.PositiveIntegerField()
    zoom_height = models.PositiveIntegerField()
    thumb_width = models.PositiveIntegerField()
    thumb_height = models.PositiveIntegerField()
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["edition", "number"]
        constraints = [models.UniqueConstraint(fields=["edition", "number"], name="one_page_per_number")]
        verbose_name = _("e-paper page")

    def __str__(self):
        return f"{self.edition} – page {self.number}"

    def _file_url(self, name):
        return f"{self.edition.reader_url(self.number)}{name}?v={self.edition.storage_token}"

    def image_url(self):
        return self._file_url("image.webp")

    def zoom_url(self):
        return self._file_url("zoom.webp")

    def thumb_url(self):
        return self._file_url("thumb.webp")

    def reader_url(self):
        return self.edition.reader_url(self.number)

    def text_url(self):
        return f"{self.edition.reader_url(self.number)}text/"
