"""Demo editions: a few generated PDFs per title, imported and processed like
a printer's upload. Idempotent: an edition already published is left alone."""

import datetime
import tempfile
from pathlib import Path

from django.utils import timezone

from masthead.epaper.actions import do_upload_edition
from masthead.epaper.models import Edition, EditionStatus
from masthead.epaper.pdfgen import build_edition_pdf
from masthead.epaper.processing import process_version

DEMO_EDITIONS_PER_TITLE = 3
DEMO_PAGES = 6


def _publications(context):
    publications = getattr(context, "publications", None) or []
    if isinstance(publications, dict):
        publications = list(publications.values())
    return list(publications)


def load_demo_editions(context):
    today = timezone.localdate()
    created = 0
    with tempfile.TemporaryDirectory(prefix="masthead-epaper-demo-") as workdir:
        for publication in _publications(context):
            for days_back in range(DEMO_EDITIONS_PER_TITLE):
                day = today - datetime.timedelta(days=days_back)
                published = Edition.objects.filter(
                    publication=publication, date=day, status=EditionStatus.PUBLISHED
                ).exists()
                if published:
                    continue
                path = Path(workdir) / f"edition-{publication.pk}-{day.isoformat()}.pdf"
                path.write_bytes(
                    build_edition_pdf(
                        masthead=publication.title, date=day, pages=DEMO_PAGES, seed=context.rng.randint(1, 10**9)
                    )
                )
                edition = do_upload_edition(publication=publication, date=day, source=path, enqueue=False)
                if process_version(edition.pk, edition.job_token) is not None:
                    created += 1
    context.stdout.write(f"E-paper: {created} demo edition{'s' if created != 1 else ''} published.\n")
