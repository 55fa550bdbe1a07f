"""Media and protected files on S3-compatible object storage, against moto's
standalone S3 server (a real HTTP server in another process, on a free port).
The e-paper is uploaded, processed (by a retried task, with no local copy left
behind) and served from the bucket; protected objects are private, have no
public URL, and a reader without the entitlement never gets a signed one."""

import datetime
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from masthead.access.actions import do_grant_entitlement
from masthead.core import storage as core_storage
from masthead.core.pdfsanitise import find_active_content
from masthead.epaper.actions import do_delete_edition, do_start_processing, do_upload_edition
from masthead.epaper.jobs import requeue_stalled_processing
from masthead.epaper.models import Edition
from tests.factories import make_reader
from tests.fixtures.hostile import pdfs

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 27)
MEDIA_BUCKET, PROTECTED_BUCKET = "masthead-media", "masthead-protected"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    """moto's S3 server in its own process, with the two buckets."""
    import boto3

    port = free_port()
    server_program = shutil.which("moto_server", path=os.path.dirname(sys.executable))
    log = (tmp_path_factory.mktemp("moto") / "moto.log").open("w")
    process = subprocess.Popen(
        [server_program, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)  # noqa: S310 (loopback)
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **_boto_credentials())
        client.create_bucket(Bucket=MEDIA_BUCKET)
        client.create_bucket(Bucket=PROTECTED_BUCKET)
        yield endpoint
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def _boto_credentials():
    return {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


@pytest.fixture
def s3(s3_endpoint, settings, tmp_path):
    """The storages as `MASTHEAD_STORAGE=s3` configures them, on moto; e-paper settings small."""
    import boto3

    common = {
        "endpoint_url": s3_endpoint,
        "region_name": "us-east-1",
        "access_key": "testing",
        "secret_key": "testing",
        "addressing_style": "path",
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "masthead.core.storage.MediaStorage",
            "OPTIONS": {
                **common,
                "bucket_name": MEDIA_BUCKET,
                "default_acl": "public-read",
                "querystring_auth": False,
                "file_overwrite": False,
            },
        },
        "protected": {
            "BACKEND": "masthead.core.storage.ProtectedS3Storage",
            "OPTIONS": {**common, "bucket_name": PROTECTED_BUCKET},
        },
    }
    settings.MASTHEAD_PROTECTED_URL_SECONDS = 60
    settings.MASTHEAD_EPAPER_PROCESSES = 1
    settings.MASTHEAD_EPAPER_RENDER = {"screen_width": 300, "zoom_width": 600, "thumb_width": 60, "cover_width": 120}
    settings.MEDIA_ROOT = tmp_path / "local-media"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **_boto_credentials())
    for bucket in (MEDIA_BUCKET, PROTECTED_BUCKET):
        for item in client.list_objects_v2(Bucket=bucket).get("Contents", []):
            client.delete_object(Bucket=bucket, Key=item["Key"])
    client.endpoint = s3_endpoint
    return client


def keys(client, bucket, prefix=""):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", []))


def is_public(client, bucket, key):
    grants = client.get_object_acl(Bucket=bucket, Key=key)["Grants"]
    return any(grant["Grantee"].get("URI", "").endswith(("AllUsers", "AuthenticatedUsers")) for grant in grants)


@pytest.fixture
def edition_on_s3(s3, group, tmp_path, django_capture_on_commit_callbacks, monkeypatch):
    """An edition with active content uploaded, claimed by a worker that then
    stopped, and processed by the retry: nothing of it lives on local disk.
    Temporary files go to a folder of this test's own, so what is left there is ours."""
    own_tmp = tmp_path / "tmp"
    own_tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(own_tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(own_tmp))
    pdf = tmp_path / "edition.pdf"
    pdf.write_bytes(pdfs._edit(pdfs.everything, pages=2))
    edition = do_upload_edition(publication=group.publications[0], date=DAY, source=pdf, enqueue=False)
    assert do_start_processing(edition.pk, edition.job_token) is not None  # ...and that worker died
    with django_capture_on_commit_callbacks(execute=True):
        assert requeue_stalled_processing(now=timezone.now() + datetime.timedelta(hours=1)) == [edition.pk]
    edition.refresh_from_db()
    assert edition.status == "published", edition.job_error
    return edition


def test_an_edition_is_processed_from_the_bucket_by_a_retried_task(s3, edition_on_s3, settings):
    prefix = f"epaper/{edition_on_s3.pk}/{edition_on_s3.storage_token}/"
    assert keys(s3, PROTECTED_BUCKET) == [
        prefix + name
        for name in sorted(
            ["cover.webp", "original.pdf", "source.pdf"]
            + [f"p000{n}{suffix}.webp" for n in (1, 2) for suffix in ("", "-thumb", "-zoom")]
        )
    ]
    token = edition_on_s3.storage_token
    local_leftovers = [
        path
        for root in (settings.MASTHEAD_PROTECTED_ROOT, tempfile.gettempdir())
        for path in Path(root).rglob(f"*{token}*")
    ]
    assert local_leftovers == []
    assert not [path for path in Path(tempfile.gettempdir()).glob("masthead-epaper-*")]
    assert keys(s3, MEDIA_BUCKET) == []


def test_protected_objects_are_private_and_have_no_public_url(s3, edition_on_s3):
    for key in keys(s3, PROTECTED_BUCKET):
        assert not is_public(s3, PROTECTED_BUCKET, key), key
    url = core_storage.protected().url(f"epaper/{edition_on_s3.pk}/{edition_on_s3.storage_token}/source.pdf")
    query = parse_qs(urlsplit(url).query)
    assert "X-Amz-Signature" in query and int(query["X-Amz-Expires"][0]) <= 60
    longer = core_storage.protected().url("epaper/x", expire=86400)
    assert int(parse_qs(urlsplit(longer).query)["X-Amz-Expires"][0]) <= 60


def test_entitled_reader_streams_from_the_bucket_and_others_get_nothing(client, s3, edition_on_s3):
    image_url = edition_on_s3.pages.get(number=1).image_url()
    response = client.get(image_url)
    assert response.status_code == 403
    assert s3.endpoint.encode() not in response.content and "Location" not in response
    reader = make_reader()
    do_grant_entitlement(reader, kind="epaper_edition", edition=edition_on_s3, source="test")
    client.force_login(reader)
    response = client.get(image_url)
    assert response.status_code == 200 and response["Cache-Control"].startswith("private")
    key = f"epaper/{edition_on_s3.pk}/{edition_on_s3.storage_token}/p0001.webp"
    assert b"".join(response.streaming_content) == s3.get_object(Bucket=PROTECTED_BUCKET, Key=key)["Body"].read()
    pdf = b"".join(client.get(edition_on_s3.pdf_url()).streaming_content)
    assert pdf.startswith(b"%PDF-")
    assert not find_active_content(io.BytesIO(pdf))


def test_signed_delivery_gives_a_short_lived_url_only_after_the_entitlement_check(client, s3, edition_on_s3, settings):
    settings.MASTHEAD_PROTECTED_DELIVERY = "signed"
    zoom_url = edition_on_s3.pages.get(number=2).zoom_url()
    denied = client.get(zoom_url)
    assert denied.status_code == 403 and "Location" not in denied
    reader_page = client.get(edition_on_s3.reader_url(1), follow=True)
    assert s3.endpoint.encode() not in reader_page.content
    reader = make_reader()
    do_grant_entitlement(reader, kind="epaper_edition", edition=edition_on_s3, source="test")
    client.force_login(reader)
    response = client.get(zoom_url)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    location = response["Location"]
    assert location.startswith(s3.endpoint) and int(parse_qs(urlsplit(location).query)["X-Amz-Expires"][0]) <= 60
    with urllib.request.urlopen(location, timeout=10) as answer:  # noqa: S310 (loopback)
        assert answer.headers["Content-Type"] == "image/webp"
        assert answer.read().startswith(b"RIFF")
    download = client.get(edition_on_s3.pdf_url())
    assert "attachment" in parse_qs(urlsplit(download["Location"]).query)["response-content-disposition"][0]
    cover = client.get(edition_on_s3.cover_url())
    assert cover.status_code == 200 and "public" in cover["Cache-Control"]  # streamed, never a signed redirect


def test_a_deleted_edition_leaves_nothing_in_the_bucket(s3, edition_on_s3, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        do_delete_edition(edition_on_s3)
    assert keys(s3, PROTECTED_BUCKET) == []
    assert not Edition.objects.exists()


@pytest.fixture
def editor(client):
    user = make_reader(is_staff=True)
    user.is_superuser = True
    user.save()
    client.force_login(user)
    return user


def test_images_are_public_and_documents_private_in_the_media_bucket(client, editor, s3, group):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from tests.fixtures.hostile.images import photo

    response = client.post("/admin/images/add/", {"title": "Harbour", "file": SimpleUploadedFile("h.png", photo())})
    assert response.status_code == 302
    image = get_image_model().objects.get()
    rendition = image.get_rendition("width-40")
    assert rendition.url.startswith(f"{s3.endpoint}/{MEDIA_BUCKET}/images/")
    for key in keys(s3, MEDIA_BUCKET, "original_images/") + keys(s3, MEDIA_BUCKET, "images/"):
        assert is_public(s3, MEDIA_BUCKET, key), key
    with urllib.request.urlopen(rendition.url, timeout=10) as answer:  # noqa: S310 (loopback)
        assert answer.read().startswith(b"\x89PNG")

    response = client.post(
        "/admin/documents/add/", {"title": "Report", "file": SimpleUploadedFile("report.pdf", pdfs.plain_pdf())}
    )
    assert response.status_code == 302
    document = get_document_model().objects.get()
    [key] = keys(s3, MEDIA_BUCKET, "documents/")
    assert not is_public(s3, MEDIA_BUCKET, key)
    served = client.get(document.url)
    assert served.status_code == 200 and served["Content-Disposition"].startswith("attachment")
    assert b"".join(served.streaming_content).startswith(b"%PDF-")


def test_the_local_protected_storage_has_no_url(tmp_path):
    storage = core_storage.ProtectedFileSystemStorage(location=tmp_path)
    with pytest.raises(NotImplementedError):
        storage.url("epaper/1/abc/source.pdf")


def test_protected_files_settings_refuse_an_unknown_storage(tmp_path):
    from tests.core.test_settings import run_python

    result = run_python("import masthead.settings", tmp_path, MASTHEAD_DEMO="1", MASTHEAD_STORAGE="nfs")
    assert result.returncode != 0 and "MASTHEAD_STORAGE must be 'local' or 's3'" in result.stderr
    result = run_python("import masthead.settings", tmp_path, MASTHEAD_DEMO="1", MASTHEAD_STORAGE="s3")
    assert result.returncode != 0 and "MASTHEAD_S3_PROTECTED_BUCKET" in result.stderr
