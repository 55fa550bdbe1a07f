"""Clock jobs run by `masthead worker` every 30 seconds: the printer's drop
folder, and processing that a stopped worker left unfinished.

Printers drop `TITLE-SLUG_YYYY-MM-DD.pdf` (or `TITLE-SLUG-YYYY-MM-DD.pdf`) into
`MASTHEAD_EPAPER_DROP_DIR`, on the rules of `masthead.core.dropfolder`: links
and anything that is not a plain file are refused, `NAME.part` (or a dotfile)
waits until it is renamed, any other file waits until it has not changed for
`MASTHEAD_EPAPER_DROP_SETTLE_SECONDS`; a file is claimed by an atomic rename
(so two workers never take the same file), copied into the protected store,
and moved to `done/` or, with a note saying why, to `rejected/`. The dropped
name is only parsed, never used to find anything but itself.
"""

import datetime
import logging
import re

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from masthead.core import dropfolder
from masthead.epaper.render import PdfRejected

logger = logging.getLogger(__name__)

DROP_NAME = re.compile(r"^(?P<title>[a-z0-9][a-z0-9-]*?)[_-](?P<date>\d{4}-\d{2}-\d{2})\.pdf$", re.IGNORECASE)


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
    folder = settings.MASTHEAD_EPAPER_DROP_DIR
    dropfolder.release_stale(folder, older_than_seconds=settings.MASTHEAD_EPAPER_STALLED_AFTER_SECONDS)
    claims, refusals = dropfolder.claim_settled(
        folder, settle_seconds=settings.MASTHEAD_EPAPER_DROP_SETTLE_SECONDS, now=now
    )
    report = [f"refused {refusal.name!r}: {refusal.reason}" for refusal in refusals]
    report.extend(_import_claim(claim) for claim in claims)
    return report


def _import_claim(claim):
    from masthead.epaper.actions import do_upload_edition
    from masthead.news.models import PublicationPage

    parsed = parse_drop_name(claim.name)
    if parsed is None:
        return _reject(claim, "The name should read TITLE-SLUG_YYYY-MM-DD.pdf.")
    slug, day = parsed
    publication = PublicationPage.objects.filter(slug=slug).order_by("path").first()
    if publication is None:
        return _reject(claim, f"No title has the slug {slug!r}.")
    try:
        with dropfolder.open_claim(claim) as handle:
            edition = do_upload_edition(publication=publication, date=day, source=handle, file_name=claim.name)
    except PdfRejected as rejection:
        return _reject(claim, rejection.message)
    except dropfolder.DropFolderError as error:
        return _reject(claim, str(error))
    dropfolder.finish(claim)
    return f"queued  {claim.name!r} as {edition} ({edition.job_pages_total} pages)"


def _reject(claim, reason):
    dropfolder.reject(claim, reason)
    return f"refused {claim.name!r}: {reason}"


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
