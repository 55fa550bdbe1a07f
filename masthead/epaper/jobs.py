"""Clock jobs run by `masthead worker` every 30 seconds: the printer's drop
folder, and processing that a stopped worker left unfinished.

Printers drop `TITLE-SLUG_YYYY-MM-DD.pdf` (or `TITLE-SLUG-YYYY-MM-DD.pdf`) into
`MASTHEAD_EPAPER_DROP_DIR`. A file is taken once it has not changed for
`MASTHEAD_EPAPER_DROP_SETTLE_SECONDS` (so a half-copied file waits), claimed by
an atomic rename (so two workers never take the same file), imported, and
moved to `done/` or, with a note saying why, to `failed/`. The names we write
are our own; the dropped name is only parsed, never joined into a path.
"""

import datetime
import os
import re
import time
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from masthead.epaper import storage
from masthead.epaper.render import PdfRejected

DROP_NAME = re.compile(r"^(?P<title>[a-z0-9][a-z0-9-]*?)[_-](?P<date>\d{4}-\d{2}-\d{2})\.pdf$", re.IGNORECASE)
SUBFOLDERS = ("processing", "done", "failed")


def parse_drop_name(name):
    """(title slug, date) from a dropped file's name, or None."""
    match = DROP_NAME.match(name)
    if not match:
        return None
    try:
        day = datetime.date.fromisoformat(match["date"])
    except ValueError:
        return None
    return match["title"].lower(), day


def import_drop_folder(now=None):
    """Import every settled PDF in the drop folder; return one line per file."""
    drop = Path(settings.MASTHEAD_EPAPER_DROP_DIR)
    if not drop.is_dir():
        return []
    for name in SUBFOLDERS:
        (drop / name).mkdir(exist_ok=True)
    now = now if now is not None else time.time()
    settled_before = now - settings.MASTHEAD_EPAPER_DROP_SETTLE_SECONDS
    report = []
    for entry in sorted(drop.iterdir()):
        if not entry.is_file() or entry.name.startswith("."):
            continue
        try:
            if entry.stat().st_mtime > settled_before:
                continue
        except FileNotFoundError:
            continue
        token = storage.new_token()
        claimed = drop / "processing" / f"{token}.pdf"
        try:
            os.rename(entry, claimed)
        except FileNotFoundError:
            continue  # another worker took it
        report.append(_import_claimed(drop, claimed, entry.name, token))
    return report


def _import_claimed(drop, claimed, dropped_name, token):
    from masthead.epaper.actions import do_upload_edition
    from masthead.news.models import PublicationPage

    parsed = parse_drop_name(dropped_name)
    if parsed is None:
        return _fail(drop, claimed, dropped_name, token, "The name should read TITLE-SLUG_YYYY-MM-DD.pdf.")
    slug, day = parsed
    publication = PublicationPage.objects.filter(slug=slug).order_by("path").first()
    if publication is None:
        return _fail(drop, claimed, dropped_name, token, f"No title has the slug {slug!r}.")
    try:
        edition = do_upload_edition(publication=publication, date=day, source=claimed, file_name=dropped_name)
    except PdfRejected as rejection:
        return _fail(drop, claimed, dropped_name, token, rejection.message)
    os.replace(claimed, drop / "done" / f"{slug}_{day.isoformat()}_{token}.pdf")
    return f"queued  {dropped_name!r} as {edition} ({edition.job_pages_total} pages)"


def _fail(drop, claimed, dropped_name, token, reason):
    os.replace(claimed, drop / "failed" / f"{token}.pdf")
    (drop / "failed" / f"{token}.txt").write_text(f"{dropped_name}\n{reason}\n")
    return f"failed  {dropped_name!r}: {reason}"


def requeue_stalled_processing(now=None):
    """Queue again a version whose processing started long ago and never
    finished (its worker was stopped); the new run claims it afresh."""
    from masthead.epaper.models import Edition, JobState
    from masthead.epaper.tasks import process_edition

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.MASTHEAD_EPAPER_STALLED_AFTER_SECONDS)
    requeued = []
    for edition_id, token in Edition.objects.filter(
        job_state=JobState.PROCESSING, job_started_at__lt=cutoff
    ).values_list("pk", "job_token"):
        with transaction.atomic():
            claimed = Edition.objects.filter(pk=edition_id, job_token=token, job_state=JobState.PROCESSING).update(
                job_state=JobState.QUEUED, job_pages_done=0
            )
            if claimed:
                transaction.on_commit(
                    lambda edition_id=edition_id, token=token: process_edition.enqueue(edition_id, token)
                )
                requeued.append(edition_id)
    return requeued
