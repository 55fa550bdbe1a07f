"""`masthead epaper import` and the printer's drop folder."""

import datetime
import os
import time

import pytest
from django.core.management import CommandError, call_command

from masthead.epaper.jobs import import_drop_folder
from masthead.epaper.models import Edition
from masthead.epaper.pdfgen import A4, build_edition_pdf

pytestmark = pytest.mark.django_db


def test_import_publishes_the_edition(group, write_pdf, capsys):
    call_command("epaper", "import", "northern-courier", "2026-11-27", str(write_pdf(pages=2)))
    edition = Edition.objects.get()
    assert (edition.status, edition.page_count, edition.date) == ("published", 2, datetime.date(2026, 11, 27))
    assert "Published The Northern Courier – 27 Nov 2026: 2 pages" in capsys.readouterr().out


def test_import_finds_the_title_by_name(group, write_pdf):
    call_command("epaper", "import", "The Harbour Herald", "2026-11-27", str(write_pdf()))
    assert Edition.objects.get().publication == group.publications[1]


@pytest.mark.parametrize(
    ("title", "date", "data", "message"),
    [
        ("no-such-title", "2026-11-27", None, "No title called 'no-such-title'"),
        ("northern-courier", "27/11/2026", None, "is not a date"),
        ("northern-courier", "2026-11-27", b"", "The file is empty."),
        ("northern-courier", "2026-11-27", b"PK\x03\x04 a zip file", "This is not a PDF file."),
        ("northern-courier", "2026-11-27", build_edition_pdf(pages=1, size=A4, encrypted=True), "encrypted"),
        ("northern-courier", "2026-11-27", build_edition_pdf(pages=0), "no pages"),
        ("northern-courier", "2026-11-27", build_edition_pdf(pages=2, size=A4)[:-4000], "incomplete"),
    ],
    ids=["unknown title", "bad date", "empty", "not a pdf", "encrypted", "zero pages", "truncated"],
)
def test_import_refusals_are_command_errors(group, write_pdf, title, date, data, message):
    path = write_pdf(data=data) if data is not None else write_pdf()
    with pytest.raises(CommandError, match=message):
        call_command("epaper", "import", title, date, str(path))
    assert not Edition.objects.exists()


def test_import_of_a_missing_file(group):
    with pytest.raises(CommandError, match="No such file"):
        call_command("epaper", "import", "northern-courier", "2026-11-27", "/nonexistent/edition.pdf")


def drop(folder, name, data):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def test_drop_folder_imports_settled_files_once(group, settings, django_capture_on_commit_callbacks):
    folder = settings.MASTHEAD_EPAPER_DROP_DIR
    drop(folder, "northern-courier_2026-11-27.pdf", build_edition_pdf(pages=2, size=A4))
    drop(folder, "harbour-herald-2026-11-26.pdf", build_edition_pdf(pages=1, size=A4))
    with django_capture_on_commit_callbacks(execute=True):
        report = import_drop_folder()
    assert len(report) == 2 and all(line.startswith("queued") for line in report)
    editions = {
        (edition.publication.slug, edition.date.isoformat(), edition.page_count) for edition in Edition.objects.all()
    }
    assert editions == {("northern-courier", "2026-11-27", 2), ("harbour-herald", "2026-11-26", 1)}
    assert Edition.objects.filter(status="published").count() == 2
    assert len(list((folder / "done").iterdir())) == 2
    assert import_drop_folder() == []


def test_drop_folder_sets_aside_what_it_cannot_take(group, settings):
    folder = settings.MASTHEAD_EPAPER_DROP_DIR
    drop(folder, "front-page-final.pdf", build_edition_pdf(pages=1, size=A4))
    drop(folder, "no-such-title_2026-11-27.pdf", build_edition_pdf(pages=1, size=A4))
    drop(folder, "northern-courier_2026-11-27.pdf", b"")
    report = import_drop_folder()
    assert len(report) == 3 and all(line.startswith("refused") for line in report)
    notes = sorted(path.read_text() for path in (folder / "rejected").glob("*.txt"))
    assert any("TITLE-SLUG_YYYY-MM-DD.pdf" in note for note in notes)
    assert any("No title has the slug 'no-such-title'" in note for note in notes)
    assert any("The file is empty." in note for note in notes)
    assert not Edition.objects.exists()


def test_drop_folder_waits_for_a_file_still_being_written(group, settings):
    settings.MASTHEAD_EPAPER_DROP_SETTLE_SECONDS = 60
    path = drop(settings.MASTHEAD_EPAPER_DROP_DIR, "northern-courier_2026-11-27.pdf", build_edition_pdf(pages=1))
    assert import_drop_folder() == []
    assert path.exists()
    old = time.time() - 120
    os.utime(path, (old, old))  # a copying tool may set the modification time back; it is not trusted
    assert import_drop_folder() == []
    assert len(import_drop_folder(now=time.time() + 120)) == 1


def test_drop_folder_refuses_a_link_to_a_pdf_outside_it(group, settings, tmp_path, django_capture_on_commit_callbacks):
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(build_edition_pdf(pages=1, size=A4))
    folder = settings.MASTHEAD_EPAPER_DROP_DIR
    folder.mkdir()
    (folder / "northern-courier_2026-11-27.pdf").symlink_to(outside)
    with django_capture_on_commit_callbacks(execute=True):
        report = import_drop_folder()
    assert report == [
        "refused 'northern-courier_2026-11-27.pdf': It is a symbolic link; only files copied into the folder are taken."
    ]
    assert not Edition.objects.exists()
    assert outside.exists()


def test_drop_folder_takes_a_part_file_only_once_renamed(group, settings, django_capture_on_commit_callbacks):
    folder = settings.MASTHEAD_EPAPER_DROP_DIR
    data = build_edition_pdf(pages=1, size=A4)
    part = drop(folder, "northern-courier_2026-11-27.pdf.part", data[: len(data) // 2])
    assert import_drop_folder() == []
    part.write_bytes(data)
    part.rename(folder / "northern-courier_2026-11-27.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        [line] = import_drop_folder()
    assert line.startswith("queued")
    assert Edition.objects.get().status == "published"


def test_drop_command_runs_the_folder_now(group, settings, capsys):
    drop(settings.MASTHEAD_EPAPER_DROP_DIR, "northern-courier_2026-11-27.pdf", build_edition_pdf(pages=1, size=A4))
    call_command("epaper", "drop")
    assert "queued  'northern-courier_2026-11-27.pdf'" in capsys.readouterr().out


def test_processing_left_by_a_stopped_worker_is_queued_again(group, write_pdf, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from masthead.epaper.actions import do_start_processing, do_upload_edition
    from masthead.epaper.jobs import requeue_stalled_processing

    edition = do_upload_edition(
        publication=group.publications[0], date=datetime.date(2026, 11, 27), source=write_pdf(), enqueue=False
    )
    do_start_processing(edition.pk, edition.job_token)  # ...and the worker died here
    assert requeue_stalled_processing() == []
    later = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_processing(now=later) == [edition.pk]
    edition.refresh_from_db()
    assert (edition.status, edition.job_state, edition.page_count) == ("published", "done", 2)
