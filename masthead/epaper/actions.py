"""Writes for the e-paper: take in an upload, publish or fail a processed
version, delete an edition. Each is atomic; file removal and the search index
follow the commit, so a rolled-back change never loses files or text."""

import logging
import os
import re
import shutil

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from masthead.core.pdfsanitise import PdfRefused, check_pdf, sanitise_pdf
from masthead.epaper import storage
from masthead.epaper.models import Edition, EditionPage, EditionStatus, JobState
from masthead.epaper.render import Limits, PdfRejected, RenderSpec, inspect_pdf

logger = logging.getLogger(__name__)


def limits():
    return Limits(
        max_bytes=settings.MASTHEAD_EPAPER_MAX_UPLOAD_BYTES,
        max_pages=settings.MASTHEAD_EPAPER_MAX_PAGES,
        max_page_points=settings.MASTHEAD_EPAPER_MAX_PAGE_POINTS,
        max_pixels=settings.MASTHEAD_EPAPER_MAX_PIXELS,
    )


def render_spec():
    return RenderSpec(**getattr(settings, "MASTHEAD_EPAPER_RENDER", {}))


def display_file_name(name):
    """The uploaded file's own name, kept for editors to recognise; never used as a path."""
    base = re.split(r"[\\/]", str(name or ""))[-1]
    return "".join(char for char in base if char.isprintable())[:120]


def do_upload_edition(*, publication, date, source, file_name="", acting_user=None, enqueue=True):
    """Store a PDF as the next version of (publication, date), check it, and queue
    its processing. Raises PdfRejected with the reason; then nothing changes
    (the published version, if any, stays)."""
    token = storage.new_token()
    with storage.work_directory() as work:
        try:
            local = storage.spool_upload(source, work, max_bytes=limits().max_bytes)
        except storage.FileTooLarge:
            limit_mb = limits().max_bytes / (1024 * 1024)
            raise PdfRejected(f"The file is larger than the limit of {limit_mb:.1f} MB.") from None
        info = inspect_pdf(local, limits(), render_spec())
        try:
            check_pdf(local)
        except PdfRefused as refusal:
            raise PdfRejected(refusal.message) from None
        edition, created = Edition.objects.get_or_create(publication=publication, date=date)
        try:
            storage.store(local, storage.original_name(edition.pk, token))
        except Exception:
            storage.remove_version(edition.pk, token)
            if created:
                edition.delete()
            raise
    with transaction.atomic():
        edition = Edition.objects.select_for_update().select_related("publication").get(pk=edition.pk)
        superseded = edition.job_token if edition.job_token not in ("", edition.storage_token) else ""
        edition.job_token = token
        edition.job_state = JobState.QUEUED
        edition.job_pages_done = 0
        edition.job_pages_total = info.page_count
        edition.job_error = ""
        edition.job_file_name = display_file_name(file_name)
        edition.job_started_at = None
        edition.job_finished_at = None
        edition.job_seconds = None
        edition.save()
        if superseded:
            transaction.on_commit(lambda: storage.remove_version(edition.pk, superseded))
        if enqueue:
            from masthead.epaper.tasks import process_edition

            transaction.on_commit(lambda: process_edition.enqueue(edition.pk, token))
    logger.info("e-paper upload for %s queued (%s pages) by %s", edition, info.page_count, acting_user)
    return edition


@transaction.atomic
def do_start_processing(edition_id, token):
    """Claim a queued version for processing; None if it was replaced or already handled."""
    edition = Edition.objects.select_for_update().filter(pk=edition_id).first()
    if edition is None or edition.job_token != token or edition.job_state != JobState.QUEUED:
        return None
    edition.job_state = JobState.PROCESSING
    edition.job_pages_done = 0
    edition.job_error = ""
    edition.job_started_at = timezone.now()
    edition.save(update_fields=["job_state", "job_pages_done", "job_error", "job_started_at", "updated_at"])
    return edition


def record_progress(edition_id, token, pages_done):
    Edition.objects.filter(pk=edition_id, job_token=token).update(job_pages_done=pages_done)


@transaction.atomic
def do_publish_version(edition_id, token, pages, *, seconds=None):
    """Make a fully processed version the published one, in one transaction:
    page rows and the storage token change together. Returns the edition, or
    None (and removes the files) when a newer upload has replaced this one."""
    edition = Edition.objects.select_for_update().select_related("publication").get(pk=edition_id)
    if edition.job_token != token:
        transaction.on_commit(lambda: storage.remove_version(edition_id, token))
        return None
    old_token = edition.storage_token
    EditionPage.objects.filter(edition=edition).delete()
    EditionPage.objects.bulk_create(
        [EditionPage(edition=edition, **page) for page in sorted(pages, key=lambda page: page["number"])]
    )
    now = timezone.now()
    edition.status = EditionStatus.PUBLISHED
    edition.storage_token = token
    edition.source_pdf = storage.source_name(edition_id, token)
    edition.source_size = storage.size(storage.source_name(edition_id, token))
    edition.page_count = len(pages)
    edition.published_at = edition.published_at or now
    edition.job_state = JobState.DONE
    edition.job_pages_done = len(pages)
    edition.job_finished_at = now
    edition.job_seconds = seconds
    edition.save()
    if old_token and old_token != token:
        transaction.on_commit(lambda: storage.remove_version(edition_id, old_token))
    transaction.on_commit(lambda: update_search(edition_id, replaced=bool(old_token)))
    return edition


@transaction.atomic
def do_fail_version(edition_id, token, message):
    """Record why a version could not be processed; the published one stays."""
    edition = Edition.objects.select_for_update().filter(pk=edition_id).first()
    transaction.on_commit(lambda: storage.remove_version(edition_id, token))
    if edition is None or edition.job_token != token:
        return edition
    edition.job_state = JobState.FAILED
    edition.job_error = message
    edition.job_finished_at = timezone.now()
    edition.save(update_fields=["job_state", "job_error", "job_finished_at", "updated_at"])
    return edition


@transaction.atomic
def do_delete_edition(edition, *, acting_user=None):
    edition_id = edition.pk
    Edition.objects.filter(pk=edition_id).delete()
    transaction.on_commit(lambda: storage.remove_edition(edition_id))
    transaction.on_commit(lambda: remove_from_search(edition_id))
    logger.info("e-paper edition %s deleted by %s", edition_id, acting_user)


def do_sanitise_stored_pdf(edition):
    """For a version stored before downloads were sanitised (it has no
    `original.pdf`): keep its PDF as the original and write the sanitised copy
    readers download. Returns what was removed, or None when there was nothing to do."""
    token = edition.storage_token
    if not token or storage.exists(storage.original_name(edition.pk, token)):
        return None
    with storage.work_directory() as work:
        stored = storage.fetch(storage.source_name(edition.pk, token), work)
        original = os.path.join(work, "kept-original.pdf")
        shutil.copyfile(stored, original)
        cleaned = os.path.join(work, "cleaned.pdf")
        try:
            removed = sanitise_pdf(original, cleaned)
        except PdfRefused as refusal:
            raise PdfRejected(refusal.message) from None
        storage.store(original, storage.original_name(edition.pk, token))
        storage.store(cleaned, storage.source_name(edition.pk, token))
    Edition.objects.filter(pk=edition.pk, storage_token=token).update(
        source_size=storage.size(storage.source_name(edition.pk, token))
    )
    return removed


def update_search(edition_id, *, replaced=False):
    """Hand the published pages' text to the search index."""
    edition = Edition.objects.published().select_related("publication").filter(pk=edition_id).first()
    if edition is None:
        return
    try:
        from masthead.search import documents
    except ImportError:
        return
    pages = [(page.number, page.text, page.reader_url()) for page in edition.pages.all()]
    try:
        if replaced:
            documents.remove_epaper_edition(edition_id)
        documents.index_epaper_pages(
            edition_id=edition.pk,
            publication_id=edition.publication_id,
            publication_title=edition.publication.title,
            edition_date=edition.date,
            pages=pages,
        )
    except Exception:
        logger.exception("could not index e-paper edition %s for search", edition_id)


def remove_from_search(edition_id):
    try:
        from masthead.search import documents
    except ImportError:
        return
    try:
        documents.remove_epaper_edition(edition_id)
    except Exception:
        logger.exception("could not remove e-paper edition %s from search", edition_id)
