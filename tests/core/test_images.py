"""Hostile images through the Wagtail admin's image upload, single and
multiple: every bad file is a form error with a message (never a 500), nothing
is stored, and what is accepted can be rendered."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin
from wagtail.images import get_image_model

from tests.factories import make_reader
from tests.fixtures.hostile import ACCEPTED, REFUSED, images, params

pytestmark = pytest.mark.django_db
CASES = images.cases()


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


@pytest.mark.parametrize("case", params(CASES, pytest))
def test_single_upload(case, editor_client, settings):
    response = editor_client.post(
        "/admin/images/add/",
        {"title": "Hostile", "file": SimpleUploadedFile(case.filename, case.data)},
    )
    if case.expect == REFUSED:
        assert response.status_code == 200  # the form again, with its error
        assert case.why in response.content.decode()
        assert not get_image_model().objects.exists()
        assert stored_files(settings) == []
        return
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get()
    assert image.get_rendition("width-40").width == 40


@pytest.mark.parametrize("case", params(CASES, pytest))
def test_multiple_upload(case, editor_client, settings):
    response = editor_client.post(
        "/admin/images/multiple/add/",
        {"title": "Hostile", "files[]": SimpleUploadedFile(case.filename, case.data)},
    )
    assert response.status_code == 200
    answer = json.loads(response.content)
    if case.expect == REFUSED:
        assert answer["success"] is False
        assert case.why in answer["error_message"]
        assert not get_image_model().objects.exists()
        assert stored_files(settings) == []
        return
    assert answer["success"] is True, answer
    assert get_image_model().objects.get().get_rendition("width-40").width == 40


def test_pillow_limits_are_set_from_settings(settings):
    assert Image.MAX_IMAGE_PIXELS == settings.MASTHEAD_IMAGE_MAX_PIXELS
    assert PngImagePlugin.MAX_TEXT_CHUNK == settings.MASTHEAD_IMAGE_MAX_TEXT_CHUNK_BYTES
    assert PngImagePlugin.MAX_TEXT_MEMORY == settings.MASTHEAD_IMAGE_MAX_TEXT_MEMORY_BYTES
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == settings.MASTHEAD_IMAGE_MAX_PIXELS


def test_the_corpus_covers_refusals_and_acceptances():
    assert {case.expect for case in CASES} == {REFUSED, ACCEPTED}


def test_images_are_served_outside_the_demo_and_documents_are_not(editor_client, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    editor_client.post(
        "/admin/images/add/", {"title": "Harbour", "file": SimpleUploadedFile("h.png", images.png_then_html())}
    )
    rendition = get_image_model().objects.get().get_rendition("width-40")
    response = editor_client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    original = editor_client.get(get_image_model().objects.get().file.url)
    assert original["Content-Type"] == "image/png"  # a polyglot stays an image: nosniff, no scripts
    default_storage.save("documents/private.pdf", ContentFile(b"%PDF- private"))
    assert editor_client.get("/media/documents/private.pdf").status_code == 404
    assert editor_client.get("/media/images/../documents/private.pdf").status_code == 404
    assert editor_client.get("/media/images/missing.png").status_code == 404
