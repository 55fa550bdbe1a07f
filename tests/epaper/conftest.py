import datetime

import pytest

from masthead.epaper.pdfgen import A4, build_edition_pdf


@pytest.fixture(autouse=True)
def epaper_store(settings, tmp_path):
    """Each test gets its own private store and drop folder, and small images."""
    settings.STORAGES = {
        **settings.STORAGES,
        "protected": {
            "BACKEND": "masthead.core.storage.ProtectedFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "protected"},
        },
    }
    settings.MASTHEAD_EPAPER_DROP_DIR = tmp_path / "drop"
    settings.MASTHEAD_EPAPER_DROP_SETTLE_SECONDS = 0
    settings.MASTHEAD_EPAPER_PROCESSES = 1
    settings.MASTHEAD_EPAPER_RENDER = {"screen_width": 300, "zoom_width": 600, "thumb_width": 60, "cover_width": 120}
    return tmp_path / "protected" / "epaper"


@pytest.fixture
def write_pdf(tmp_path):
    """Write a generated edition PDF (small A4 pages by default) and return its path."""

    def write(name="edition.pdf", *, data=None, **options):
        options.setdefault("size", A4)
        options.setdefault("pages", 2)
        path = tmp_path / name
        path.write_bytes(data if data is not None else build_edition_pdf(**options))
        return path

    return write


@pytest.fixture
def publish_edition(write_pdf):
    """Upload and process an edition now, as the worker would; return it published."""
    from masthead.epaper.actions import do_upload_edition
    from masthead.epaper.processing import process_version

    def publish(publication, date=datetime.date(2026, 11, 27), **options):
        path = write_pdf(f"{publication.slug}-{date}.pdf", masthead=publication.title, date=date, **options)
        edition = do_upload_edition(publication=publication, date=date, source=path, file_name=path.name, enqueue=False)
        published = process_version(edition.pk, edition.job_token)
        assert published is not None, edition.job_error
        return published

    return publish
