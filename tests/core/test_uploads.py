"""Oversized request bodies are refused as they arrive, with a 413 and a message,
before anything is written to disk."""

import socket
import time
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from masthead.epaper.models import Edition
from masthead.epaper.pdfgen import A4, build_edition_pdf
from tests.factories import make_reader

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture
def upload_temp_dir(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    (tmp_path / "uploads").mkdir()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "protected": {
            "BACKEND": "masthead.core.storage.ProtectedFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "protected"},
        },
    }
    return tmp_path / "uploads"


@pytest.fixture
def editor_client(client):
    user = make_reader(is_staff=True)
    user.is_superuser = True
    user.save()
    client.force_login(user)
    return client


def big_pdf(size):
    """A sound PDF of about `size` bytes: padded with an incremental update that
    repeats the trailer, so its end still reads `startxref ... %%EOF`."""
    data = build_edition_pdf(pages=1, size=A4, photos=False)
    tail = data[data.rindex(b"startxref") :]
    return data + b"%" + b" " * (size - len(data)) + b"\n" + tail


@pytest.mark.parametrize(
    ("url", "setting", "field"),
    [
        ("/admin/epaper/upload/", "MASTHEAD_EPAPER_MAX_UPLOAD_BYTES", "pdf"),
        ("/admin/images/add/", "MASTHEAD_IMAGE_MAX_UPLOAD_BYTES", "file"),
        ("/admin/images/multiple/add/", "MASTHEAD_IMAGE_MAX_UPLOAD_BYTES", "files[]"),
        ("/admin/documents/add/", "MASTHEAD_DOCUMENT_MAX_UPLOAD_BYTES", "file"),
        ("/admin/documents/multiple/add/", "MASTHEAD_DOCUMENT_MAX_UPLOAD_BYTES", "files[]"),
        ("/accounts/login/", "MASTHEAD_MAX_REQUEST_BYTES", "file"),
    ],
)
def test_each_upload_screen_refuses_a_body_over_its_limit(
    editor_client, group, settings, upload_temp_dir, url, setting, field
):
    setattr(settings, setting, MB)
    response = editor_client.post(url, {field: SimpleUploadedFile("edition.pdf", big_pdf(3 * MB)), "title": "x"})
    assert response.status_code == 413
    text = response.content.decode()
    # the shared refusal page, or the e-paper screen's own form with its message
    assert "That upload is too large" in text or "The file is larger than the limit of 1 MB." in text
    assert list(upload_temp_dir.iterdir()) == []
    assert not Edition.objects.exists()


def test_a_body_under_the_limit_is_taken(editor_client, group, settings, upload_temp_dir):
    settings.MASTHEAD_EPAPER_MAX_UPLOAD_BYTES = 4 * MB
    response = editor_client.post(
        "/admin/epaper/upload/",
        {
            "publication": group.publications[0].pk,
            "date": "2026-11-27",
            "pdf": SimpleUploadedFile("e.pdf", big_pdf(MB)),
        },
    )
    assert response.status_code == 302
    assert Edition.objects.count() == 1


def send_declared_body(address, path, declared, sent):
    """POST a multipart body that says it is `declared` bytes long, send `sent`
    of them, and read what the server answers (it must answer without the rest)."""
    boundary = "hostileboundary"
    head = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="pdf"; filename="edition.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    request = (
        f"POST {path} HTTP/1.1\r\nHost: {address[0]}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {declared}\r\nConnection: close\r\n"
        # with a CSRF cookie, the check reads the form: without one it refuses before reading
        f"Cookie: csrftoken={'a' * 32}\r\nX-CSRFToken: {'a' * 32}\r\n\r\n"
    ).encode()
    started = time.monotonic()
    with socket.create_connection(address, timeout=20) as connection:
        connection.sendall(request + head)
        chunk = b"%PDF-" + b" " * (64 * 1024)
        pushed = 0
        connection.settimeout(0.2)
        answer = b""
        while pushed < sent:
            try:
                connection.sendall(chunk)
                pushed += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break
            try:
                answer += connection.recv(65536)
                if answer:
                    break
            except TimeoutError:
                continue
        connection.settimeout(20)
        try:
            while data := connection.recv(65536):
                answer += data
        except (ConnectionResetError, TimeoutError):
            pass
    return answer, pushed, time.monotonic() - started


def test_a_gigabyte_upload_is_refused_before_it_is_read(live_server, settings, upload_temp_dir, group):
    """Through a real HTTP server and socket: the server answers 413 while the
    client is still sending, and writes nothing."""
    address = (urlsplit(live_server.url).hostname, urlsplit(live_server.url).port)
    answer, pushed, _seconds = send_declared_body(address, "/admin/epaper/upload/", declared=1024 * MB, sent=8 * MB)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert pushed < 8 * MB  # answered before the client had sent even 8 MB of the gigabyte
    assert list(upload_temp_dir.iterdir()) == []
