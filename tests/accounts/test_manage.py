"""Changing the password and the email address of a logged-in reader."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from tests.accounts.helpers import last_mail_to, links_in, path_of
from tests.factories import make_reader

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def logged_in(reader):
    client = Client()
    client.post("/accounts/login/", {"login": reader.email, "password": PASSWORD})
    return client


def test_password_change_keeps_this_session_ends_the_others_and_tells_the_reader(group):
    reader = make_reader()
    here, elsewhere = logged_in(reader), logged_in(reader)
    mail.outbox.clear()
    response = here.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "another long passphrase", "password2": "another long passphrase"},
    )
    assert response.status_code == 302
    assert here.get("/account/").status_code == 200
    assert elsewhere.get("/account/").status_code == 302
    assert any("password" in message.subject.lower() for message in mail.outbox)


def test_password_change_applies_the_nist_rules(group):
    reader = make_reader()
    client = logged_in(reader)
    response = client.post(
        "/accounts/password/change/", {"oldpassword": PASSWORD, "password1": "password1", "password2": "password1"}
    )
    assert response.status_code == 200
    assert b"too common" in response.content


def test_email_change_takes_effect_once_the_new_address_is_confirmed(group):
    reader = make_reader("old.address@example.org")
    client = logged_in(reader)
    response = client.post("/accounts/email/", {"email": "new.address@example.org", "action_add": ""})
    assert response.status_code == 302
    assert EmailAddress.objects.get_primary_email(reader) == "old.address@example.org"
    link = next(link for link in links_in(last_mail_to("new.address@example.org")) if "confirm-email" in link)
    client.post(path_of(link))
    reader.refresh_from_db()
    assert reader.email == "new.address@example.org"
    assert EmailAddress.objects.get_primary_email(reader) == "new.address@example.org"
