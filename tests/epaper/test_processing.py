"""Upload, process, publish, replace: what an editor and a reader would see."""

import datetime
import sys
import types

import pytest
from django.conf import settings

from masthead.epaper.actions import do_delete_edition, do_upload_edition
from masthead.epaper.models import Edition, EditionStatus, JobState
from masthead.epaper.processing import process_version
from masthead.epaper.render import PdfRejected

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 27)


def version_files(store, edition):
    return sorted(path.name for path in (store / str(edition.pk) / edition.storage_token).iterdir())


def test_processing_publishes_every_page_with_images_and_text(group, publish_edition, epaper_store):
    edition = publish_edition(group.publications[0], pages=3)
    assert edition.status == EditionStatus.PUBLISHED
    assert edition.page_count == 3
    assert edition.job_state == JobState.DONE
    assert edition.job_pages_done == 3
    assert [page.number for page in edition.pages.all()] == [1, 2, 3]
    assert "The Northern Courier" in edition.pages.get(number=1).text
    assert "Page 2" in edition.pages.get(number=2).text
    assert version_files(epaper_store, edition) == [
        "cover.webp",
        "original.pdf",
        "p0001-thumb.webp",
        "p0001-zoom.webp",
        "p0001.webp",
        "p0002-thumb.webp",
        "p0002-zoom.webp",
        "p0002.webp",
        "p0003-thumb.webp",
        "p0003-zoom.webp",
        "p0003.webp",
        "source.pdf",
    ]
    page = edition.pages.get(number=1)
    assert (page.width, page.zoom_width, page.thumb_width) == (300, 600, 60)


def test_files_are_kept_outside_public_media(group, publish_edition, epaper_store):
    publish_edition(group.publications[0])
    media = settings.MEDIA_ROOT.resolve()
    assert media not in epaper_store.resolve().parents
    assert not list(media.rglob("*.webp")) if media.exists() else True


def test_processing_in_a_pool_of_processes(group, publish_edition, settings):
    settings.MASTHEAD_EPAPER_PROCESSES = 2
    edition = publish_edition(group.publications[0], pages=4)
    assert [page.number for page in edition.pages.all()] == [1, 2, 3, 4]
    assert all(page.text for page in edition.pages.all())


def test_progress_is_reported_page_by_page(group, write_pdf):
    path = write_pdf(pages=3)
    edition = do_upload_edition(publication=group.publications[0], date=DAY, source=path, enqueue=False)
    seen = []

    def on_progress(done, total):
        seen.append((done, total, Edition.objects.get(pk=edition.pk).job_pages_done))

    process_version(edition.pk, edition.job_token, on_progress=on_progress)
    assert seen == [(1, 3, 1), (2, 3, 2), (3, 3, 3)]


def test_nothing_is_visible_until_every_page_is_ready(group, write_pdf, client):
    edition = do_upload_edition(publication=group.publications[0], date=DAY, source=write_pdf(), enqueue=False)
    assert edition.status == EditionStatus.DRAFT
    assert edition.job_state == JobState.QUEUED
    assert not edition.pages.exists()
    assert client.get(f"/epaper/northern-courier/{DAY}/").status_code == 404


def test_upload_queues_processing_in_the_background(group, write_pdf, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        edition = do_upload_edition(publication=group.publications[0], date=DAY, source=write_pdf(pages=2))
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PUBLISHED
    assert edition.page_count == 2


def test_replacing_swaps_the_whole_version_and_removes_the_old_files(
    group, publish_edition, write_pdf, epaper_store, django_capture_on_commit_callbacks
):
    first = publish_edition(group.publications[0], pages=2)
    old_dir = epaper_store / str(first.pk) / first.storage_token
    replacement = write_pdf("replacement.pdf", pages=3, masthead="Late Final")
    with django_capture_on_commit_callbacks(execute=True):
        edition = do_upload_edition(publication=first.publication, date=DAY, source=replacement, enqueue=False)
    # While the new version is processed, readers keep the old one.
    edition.refresh_from_db()
    assert (edition.storage_token, edition.page_count) == (first.storage_token, 2)
    assert old_dir.is_dir()
    with django_capture_on_commit_callbacks(execute=True):
        replaced = process_version(edition.pk, edition.job_token)
    assert replaced.page_count == 3
    assert replaced.storage_token != first.storage_token
    assert "Late Final" in replaced.pages.get(number=1).text
    assert not old_dir.exists()
    assert Edition.objects.filter(publication=first.publication, date=DAY).count() == 1


def test_a_refused_replacement_leaves_the_published_version(group, publish_edition, write_pdf, epaper_store):
    first = publish_edition(group.publications[0], pages=2)
    broken = write_pdf("broken.pdf", data=b"%PDF-1.4\nnot really\n")
    with pytest.raises(PdfRejected):
        do_upload_edition(publication=first.publication, date=DAY, source=broken, enqueue=False)
    edition = Edition.objects.get(pk=first.pk)
    assert (edition.storage_token, edition.page_count, edition.status) == (first.storage_token, 2, "published")
    assert sorted(path.name for path in (epaper_store / str(first.pk)).iterdir()) == [first.storage_token]


def test_a_version_failing_while_processing_leaves_the_published_one(
    group, publish_edition, write_pdf, epaper_store, django_capture_on_commit_callbacks
):
    first = publish_edition(group.publications[0], pages=2)
    edition = do_upload_edition(publication=first.publication, date=DAY, source=write_pdf(pages=2), enqueue=False)
    new_source = epaper_store / str(edition.pk) / edition.job_token / "original.pdf"
    new_source.write_bytes(new_source.read_bytes()[:3000])  # damaged after the upload check
    with django_capture_on_commit_callbacks(execute=True):
        assert process_version(edition.pk, edition.job_token) is None
    edition.refresh_from_db()
    assert edition.job_state == JobState.FAILED
    assert "incomplete" in edition.job_error
    assert (edition.storage_token, edition.page_count) == (first.storage_token, 2)
    assert edition.pages.count() == 2
    assert not new_source.parent.exists()


def test_an_upload_superseded_by_a_newer_one_is_discarded(
    group, write_pdf, epaper_store, django_capture_on_commit_callbacks
):
    publication = group.publications[0]
    older = do_upload_edition(publication=publication, date=DAY, source=write_pdf(pages=2), enqueue=False)
    older_token = older.job_token
    with django_capture_on_commit_callbacks(execute=True):
        newer = do_upload_edition(publication=publication, date=DAY, source=write_pdf(pages=3), enqueue=False)
    assert process_version(older.pk, older_token) is None
    published = process_version(newer.pk, newer.job_token)
    assert published.page_count == 3
    assert not (epaper_store / str(older.pk) / older_token).exists()


def test_a_refused_first_upload_leaves_no_edition(group, write_pdf):
    with pytest.raises(PdfRejected, match="empty"):
        do_upload_edition(publication=group.publications[0], date=DAY, source=write_pdf(data=b""), enqueue=False)
    assert not Edition.objects.exists()


def test_outside_file_names_never_become_paths(group, write_pdf, epaper_store):
    hostile = "../../../../tmp/evil\x00name.pdf"
    edition = do_upload_edition(
        publication=group.publications[0], date=DAY, source=write_pdf(), file_name=hostile, enqueue=False
    )
    stored = [path.relative_to(epaper_store).as_posix() for path in epaper_store.rglob("*") if path.is_file()]
    assert stored == [f"{edition.pk}/{edition.job_token}/original.pdf"]
    assert edition.job_file_name == "evilname.pdf"


@pytest.fixture
def search_calls(monkeypatch):
    """A stand-in for the search module, recording what the e-paper hands it."""
    calls = []
    fake = types.ModuleType("masthead.search.documents")
    fake.index_epaper_pages = lambda **kwargs: calls.append(("index", kwargs))
    fake.remove_epaper_edition = lambda edition_id: calls.append(("remove", edition_id))
    monkeypatch.setitem(sys.modules, "masthead.search.documents", fake)
    import masthead.search

    monkeypatch.setattr(masthead.search, "documents", fake, raising=False)
    return calls


def test_published_text_goes_to_search_and_leaves_on_delete(
    group, publish_edition, search_calls, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        edition = publish_edition(group.publications[0], pages=2)
    kind, indexed = search_calls[-1]
    assert kind == "index"
    assert indexed["edition_id"] == edition.pk
    assert indexed["publication_title"] == "The Northern Courier"
    assert indexed["edition_date"] == DAY
    assert [(number, url) for number, _text, url in indexed["pages"]] == [
        (1, "/epaper/northern-courier/2026-11-27/page/1/"),
        (2, "/epaper/northern-courier/2026-11-27/page/2/"),
    ]
    assert "Page 2" in indexed["pages"][1][1]
    with django_capture_on_commit_callbacks(execute=True):
        do_delete_edition(edition)
    assert search_calls[-1] == ("remove", edition.pk)
    assert not Edition.objects.exists()
