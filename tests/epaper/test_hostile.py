"""Hostile PDFs through every way an edition comes in: `masthead epaper import`,
the admin upload, the printer's drop folder. Whatever comes in, a refusal says
why and stores nothing, and the PDF readers download has no active content
(checked by parsing it and by searching its bytes) and is never the original."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from masthead.core.pdfsanitise import find_active_content
from masthead.epaper.jobs import import_drop_folder
from masthead.epaper.models import Edition
from tests.factories import make_reader
from tests.fixtures.hostile import ACCEPTED, CLEANED, REFUSED, params, pdfs

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 27)
CASES = pdfs.cases()


@pytest.fixture
def staff_client(client):
    user = make_reader(is_staff=True)
    user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def served_pdf(client, edition):
    response = client.get(edition.pdf_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    return b"".join(response.streaming_content)


def assert_served_safely(client, case):
    edition = Edition.objects.get()
    assert edition.status == "published", edition.job_error
    served = served_pdf(client, edition)
    assert served.startswith(b"%PDF-")
    assert not find_active_content(io.BytesIO(served)), find_active_content(io.BytesIO(served)).lines()
    assert pdfs.ACTIVE_NAMES.findall(served) == []
    assert b"<script" not in served and b"<html" not in served
    if case.expect == CLEANED:
        assert served != case.data


def assert_nothing_stored(epaper_store):
    assert not Edition.objects.exists()
    assert not epaper_store.exists() or not [path for path in epaper_store.rglob("*") if path.is_file()]


@pytest.mark.parametrize("case", params(CASES, pytest))
def test_import_command(case, group, staff_client, tmp_path, epaper_store):
    path = tmp_path / case.filename
    path.write_bytes(case.data)
    if case.expect == REFUSED:
        with pytest.raises(CommandError, match=case.why):
            call_command("epaper", "import", "northern-courier", DAY.isoformat(), str(path))
        assert_nothing_stored(epaper_store)
        return
    call_command("epaper", "import", "northern-courier", DAY.isoformat(), str(path))
    assert_served_safely(staff_client, case)


@pytest.mark.parametrize("case", params(CASES, pytest))
def test_admin_upload(case, group, staff_client, epaper_store, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            "/admin/epaper/upload/",
            {
                "publication": group.publications[0].pk,
                "date": DAY.isoformat(),
                "pdf": SimpleUploadedFile(case.filename, case.data, content_type="application/pdf"),
            },
        )
    if case.expect == REFUSED:
        assert response.status_code == 400
        assert case.why in response.content.decode()
        assert_nothing_stored(epaper_store)
        return
    assert response.status_code == 302
    assert_served_safely(staff_client, case)


@pytest.mark.parametrize("case", params(CASES, pytest))
def test_drop_folder(case, group, staff_client, settings, epaper_store, django_capture_on_commit_callbacks):
    folder = settings.MASTHEAD_EPAPER_DROP_DIR
    folder.mkdir()
    (folder / f"northern-courier_{DAY.isoformat()}.pdf").write_bytes(case.data)
    with django_capture_on_commit_callbacks(execute=True):
        [line] = import_drop_folder()
    assert list((folder / "processing").iterdir()) == []
    if case.expect == REFUSED:
        assert line.startswith("refused") and case.why in line
        [note] = (folder / "rejected").glob("*.txt")
        assert case.why in note.read_text()
        assert_nothing_stored(epaper_store)
        return
    assert line.startswith("queued")
    assert len(list((folder / "done").iterdir())) == 1
    assert_served_safely(staff_client, case)


def test_the_corpus_covers_every_outcome():
    assert {case.expect for case in CASES} == {REFUSED, CLEANED, ACCEPTED}
    for case in CASES:
        if case.expect == CLEANED:
            assert find_active_content(io.BytesIO(case.data)) or b"<script" in case.data, case.name


def test_editions_stored_before_sanitising_get_a_sanitised_download(
    group, staff_client, publish_edition, epaper_store, capsys
):
    """An install upgraded from when the upload itself was served: `masthead epaper
    sanitise` keeps that PDF as the original and writes the clean copy, once."""
    edition = publish_edition(group.publications[0])
    version = epaper_store / str(edition.pk) / edition.storage_token
    hostile = [case for case in CASES if case.name == "pdf-everything"][0].data
    (version / "original.pdf").unlink()
    (version / "source.pdf").write_bytes(hostile)  # as an older version stored it
    assert find_active_content(io.BytesIO(served_pdf(staff_client, edition)))
    call_command("epaper", "sanitise")
    assert "sanitised The Northern Courier – 27 Nov 2026: removed" in capsys.readouterr().out
    assert (version / "original.pdf").read_bytes() == hostile
    served = served_pdf(staff_client, edition)
    assert not find_active_content(io.BytesIO(served)) and pdfs.ACTIVE_NAMES.findall(served) == []
    call_command("epaper", "sanitise")
    assert "unchanged The Northern Courier" in capsys.readouterr().out
