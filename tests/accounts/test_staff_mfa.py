"""Staff log in through allauth, where a TOTP authenticator is asked for before the admin opens."""

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import override_settings

from tests.factories import make_reader

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def test_anonymous_admin_visitors_log_in_through_the_account_pages(client, group):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")


@override_settings(MASTHEAD_STAFF_REQUIRE_MFA=True)
def test_staff_login_with_totp_asks_for_the_code_then_opens_the_admin(client, group):
    editor = make_reader(is_staff=True)
    editor.is_superuser = True
    editor.save()
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    response = client.post("/accounts/login/", {"login": editor.email, "password": PASSWORD, "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/admin/").status_code == 302, "no admin before the second factor"
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
