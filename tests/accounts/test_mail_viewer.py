"""The demo's sent-mail viewer: staff only, demo only, safe with hostile HTML."""

import pytest
from django.core.mail import EmailMultiAlternatives, get_connection

from tests.factories import make_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_folder(tmp_path, settings):
    settings.EMAIL_FILE_PATH = str(tmp_path)
    connection = get_connection("django.core.mail.backends.filebased.EmailBackend", file_path=str(tmp_path))
    message = EmailMultiAlternatives(
        "Confirm your address",
        "Open https://example.org/accounts/confirm-email/abc/ to confirm.",
        "newsroom@masthead.example",
        ["reader@example.org"],
        connection=connection,
    )
    message.attach_alternative(
        '<p>Hi</p><script>alert("x")</script><a href="https://example.org/x">link</a>', "text/html"
    )
    message.send()
    return tmp_path


@pytest.fixture
def staff_client(client, group):
    client.force_login(make_reader(is_staff=True))
    return client


def message_url(staff_client):
    page = staff_client.get("/account/mail/")
    import re

    return re.search(rb'href="(/account/mail/[^"]+/)"', page.content).group(1).decode()


def test_staff_see_the_list_and_the_message(staff_client, mail_folder):
    page = staff_client.get("/account/mail/")
    assert page.status_code == 200
    assert b"Confirm your address" in page.content
    url = message_url(staff_client)
    message = staff_client.get(url)
    assert message.status_code == 200
    assert b'<a href="https://example.org/accounts/confirm-email/abc/"' in message.content
    assert b"<iframe" in message.content and b"sandbox=" in message.content
    assert b"<script>" not in message.content


def test_html_part_is_served_sandboxed_with_a_strict_policy(staff_client, mail_folder):
    url = message_url(staff_client)
    html = staff_client.get(url + "html/")
    assert html.status_code == 200
    policy = html["Content-Security-Policy"]
    assert "sandbox" in policy
    assert "default-src 'none'" in policy
    assert "script-src" not in policy
    assert html["X-Frame-Options"] == "SAMEORIGIN"


def test_readers_get_404(client, group, mail_folder):
    client.force_login(make_reader())
    assert client.get("/account/mail/").status_code == 404


def test_anonymous_visitors_are_asked_to_log_in(client, group, mail_folder):
    response = client.get("/account/mail/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_not_there_outside_the_demo(staff_client, mail_folder, settings):
    settings.DEMO = False
    assert staff_client.get("/account/mail/").status_code == 404


@pytest.mark.parametrize("bad_id", ["..%2F..%2Fetc%2Fpasswd:0", "nothing.log:0", "x:abc", "secret_key:0"])
def test_crafted_message_names_get_404(staff_client, mail_folder, bad_id):
    assert staff_client.get(f"/account/mail/{bad_id}/").status_code == 404
