"""Uploading an edition in the Wagtail admin."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from masthead.epaper.models import Edition
from masthead.epaper.pdfgen import A4, build_edition_pdf
from tests.factories import make_reader

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 27)


@pytest.fixture
def editor(client):
    user = make_reader(is_staff=True)
    user.is_superuser = True
    user.save()
    client.force_login(user)
    return user


def upload(client, group, data, name="edition.pdf", url="/admin/epaper/upload/"):
    return client.post(
        url,
        {
            "publication": group.publications[0].pk,
            "date": DAY.isoformat(),
            "pdf": SimpleUploadedFile(name, data, content_type="application/pdf"),
        },
    )


def test_upload_processes_and_shows_progress(client, editor, group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, group, build_edition_pdf(pages=2, size=A4))
    edition = Edition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/epaper/{edition.pk}/"
    assert (edition.status, edition.page_count) == ("published", 2)
    detail = client.get(response["Location"]).content.decode()
    assert "Processed 2 pages" in detail
    assert "edition.pdf" in detail
    listing = client.get("/admin/epaper/").content.decode()
    assert "The Northern Courier" in listing and "<svg" in listing


def test_progress_while_processing_refreshes(client, editor, group):
    response = upload(client, group, build_edition_pdf(pages=2, size=A4))  # queued: no worker ran it
    detail = client.get(response["Location"]).content.decode()
    assert "Waiting to be processed: 0 of 2 pages" in detail
    assert '<progress max="2" value="0">' in detail
    assert 'http-equiv="refresh"' in detail


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"Hello, not a PDF at all" * 10, "This is not a PDF file (a PDF begins with %PDF-)."),
        (build_edition_pdf(pages=1, size=A4, encrypted=True), "encrypted or password-protected"),
        (build_edition_pdf(pages=0), "no pages"),
        (build_edition_pdf(pages=2, size=A4)[:5000], "incomplete"),
        (build_edition_pdf(pages=1, size=(6000, 6000), photos=False), "are refused"),
    ],
    ids=["empty", "not a pdf", "encrypted", "zero pages", "truncated", "huge page"],
)
def test_bad_uploads_are_refused_with_a_message(client, editor, group, data, message):
    response = upload(client, group, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Edition.objects.exists()


def test_upload_size_limit(client, editor, group, settings):
    settings.MASTHEAD_EPAPER_MAX_UPLOAD_BYTES = 1000
    response = upload(client, group, build_edition_pdf(pages=1, size=A4, photos=False) + b" " * 70_000)
    assert response.status_code == 413
    assert "larger than the limit" in response.content.decode()
    assert not Edition.objects.exists()


def test_replacing_keeps_the_published_version_when_the_new_pdf_is_refused(client, editor, group, publish_edition):
    edition = publish_edition(group.publications[0], DAY)
    response = client.post(
        f"/admin/epaper/{edition.pk}/", {"pdf": SimpleUploadedFile("late.pdf", b"%PDF-1.7 broken", "application/pdf")}
    )
    assert response.status_code == 400
    assert "incomplete" in response.content.decode()
    refreshed = Edition.objects.get(pk=edition.pk)
    assert (refreshed.storage_token, refreshed.page_count) == (edition.storage_token, edition.page_count)


def test_delete_is_refused_once_readers_bought_the_edition(client, editor, group, publish_edition):
    from masthead.access.actions import do_grant_entitlement

    edition = publish_edition(group.publications[0], DAY)
    do_grant_entitlement(make_reader(), kind="epaper_edition", edition=edition, source="test")
    client.post(f"/admin/epaper/{edition.pk}/delete/")
    assert Edition.objects.filter(pk=edition.pk).exists()


def test_readers_cannot_reach_the_admin_upload(client, group):
    client.force_login(make_reader())
    response = upload(client, group, build_edition_pdf(pages=1, size=A4))
    assert response.status_code in (302, 403)
    assert not Edition.objects.exists()
