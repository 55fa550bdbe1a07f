"""Hostile documents through the Wagtail admin (single and multiple upload):
refusals are form errors, nothing is stored; what is accepted is served as an
attachment with nosniff and no active content."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model

from masthead.core.pdfsanitise import find_active_content
from tests.factories import make_reader
from tests.fixtures.hostile import ACCEPTED, CLEANED, REFUSED, documents, params, pdfs

pytestmark = pytest.mark.django_db
CASES = documents.cases()


@pytest.fixture
def editor_client(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    user = make_reader(is_staff=True)
    user.is_superuser = True
    user.save()
    client.force_login(user)
    client.raise_request_exception = True
    return client


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def assert_served_safely(client, case):
    document = get_document_model().objects.get()
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    served = b"".join(response.streaming_content)
    if case.filename.endswith(".pdf"):
        assert not find_active_content(io.BytesIO(served))
        assert pdfs.ACTIVE_NAMES.findall(served) == []
        if case.expect == CLEANED:
            assert served != case.data
    else:
        assert served == case.data


@pytest.mark.parametrize("case", params(CASES, pytest))
def test_single_upload(case, editor_client, settings):
    response = editor_client.post(
        "/admin/documents/add/", {"title": "Hostile", "file": SimpleUploadedFile(case.filename, case.data)}
    )
    if case.expect == REFUSED:
        assert response.status_code == 200
        assert case.why in response.content.decode()
        assert not get_document_model().objects.exists()
        assert stored_files(settings) == []
        return
    assert response.status_code == 302
    assert_served_safely(editor_client, case)


@pytest.mark.parametrize("case", params(CASES, pytest))
def test_multiple_upload(case, editor_client, settings):
    response = editor_client.post(
        "/admin/documents/multiple/add/", {"title": "Hostile", "files[]": SimpleUploadedFile(case.filename, case.data)}
    )
    assert response.status_code == 200
    answer = json.loads(response.content)
    if case.expect == REFUSED:
        assert answer["success"] is False
        assert case.why in answer["error_message"]
        assert not get_document_model().objects.exists()
        assert stored_files(settings) == []
        return
    assert answer["success"] is True, answer
    assert_served_safely(editor_client, case)


def test_the_corpus_covers_every_outcome():
    assert {case.expect for case in CASES} == {REFUSED, CLEANED, ACCEPTED}
