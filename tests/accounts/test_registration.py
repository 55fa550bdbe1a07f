"""Registering from an article's gate, verifying by email, landing back on the article."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail

from tests.accounts.helpers import code_in, last_mail_to, links_in, path_of

pytestmark = pytest.mark.django_db


def register(client, email, password="a long and unusual passphrase", next_path=None):
    url = "/accounts/signup/" + (f"?next={next_path}" if next_path else "")
    data = {"email": email, "password1": password}
    if next_path:
        data["next"] = next_path
    return client.post(url, data)


def confirmation_link(email):
    message = last_mail_to(email)
    links = [link for link in links_in(message) if "/accounts/confirm-email/" in link]
    assert links, message.body
    return links[0]


def test_register_from_gate_confirm_by_post_and_land_on_the_article(client, article):
    response = register(client, "new.reader@example.org", next_path=article.url)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert client.get("/account/").status_code == 302, "not logged in before the address is confirmed"
    link = confirmation_link("new.reader@example.org")
    assert link.startswith(settings.SITE_URL + "/accounts/confirm-email/")

    page = client.get(path_of(link))
    assert page.status_code == 200
    assert b"Confirm my address" in page.content
    assert not EmailAddress.objects.get(email="new.reader@example.org").verified, "GET must not use the link up"

    response = client.post(path_of(link), {"next": _hidden_next(page)})
    assert response.status_code == 302
    assert response["Location"] == article.url
    assert EmailAddress.objects.get(email="new.reader@example.org").verified
    assert client.get("/account/").status_code == 200


def test_confirmation_link_works_once(client, article):
    register(client, "once@example.org", next_path=article.url)
    link = path_of(confirmation_link("once@example.org"))
    client.post(link)
    other = client.__class__()
    page = other.get(link)
    assert page.status_code == 200
    assert b"expired or has already been used" in page.content
    again = other.post(link)
    assert again.status_code == 400
    assert b"expired or has already been used" in again.content
    assert other.get("/account/").status_code == 302


def test_forged_confirmation_key_gets_a_clear_page(client, group):
    page = client.get("/accounts/confirm-email/forged-key-123/")
    assert page.status_code == 200
    assert b"expired or has already been used" in page.content
    forged = client.post("/accounts/confirm-email/forged-key-123/")
    assert forged.status_code == 400
    assert b"expired or has already been used" in forged.content


def test_expired_confirmation_link_fails(client, article, time_machine):
    time_machine.move_to("2026-01-01 10:00 +0000", tick=False)
    register(client, "late@example.org", next_path=article.url)
    link = path_of(confirmation_link("late@example.org"))
    time_machine.move_to("2026-01-05 10:00 +0000", tick=False)
    page = client.get(link)
    assert b"expired or has already been used" in page.content
    client.post(link)
    assert not EmailAddress.objects.get(email="late@example.org").verified


def test_link_opened_in_another_browser_confirms_then_asks_to_log_in_and_keeps_next(client, article):
    register(client, "elsewhere@example.org", next_path=article.url)
    link = path_of(confirmation_link("elsewhere@example.org"))
    other = client.__class__()
    page = other.get(link)
    response = other.post(link, {"next": _hidden_next(page)})
    assert EmailAddress.objects.get(email="elsewhere@example.org").verified
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    login = other.post(
        response["Location"],
        {"login": "elsewhere@example.org", "password": "a long and unusual passphrase", "next": article.url},
    )
    assert login.status_code == 302
    assert login["Location"] == article.url


def _hidden_next(page):
    import re

    match = re.search(rb'name="next" value="([^"]*)"', page.content)
    return match.group(1).decode().replace("&amp;", "&")


def test_register_without_a_password_by_emailed_code(client, article):
    response = client.post(
        f"/accounts/signup/?next={article.url}", {"email": "nopass@example.org", "password1": "", "next": article.url}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/code/confirm/")
    user = get_user_model().objects.get(email="nopass@example.org")
    assert not user.has_usable_password()
    code = code_in(last_mail_to("nopass@example.org"))
    response = client.post(response["Location"], {"code": code})
    assert response.status_code == 302
    assert response["Location"] == article.url
    assert EmailAddress.objects.get(email="nopass@example.org").verified
    assert client.get("/account/").status_code == 200


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", b"too short"),
        ("password123", b"too common"),
        ("qwertyuiop", b"too common"),
    ],
)
def test_nist_password_rules_reject(client, group, password, message):
    response = register(client, "rules@example.org", password=password)
    assert response.status_code == 200
    assert message in response.content
    assert not get_user_model().objects.filter(email="rules@example.org").exists()


@pytest.mark.parametrize("password", ["lowercase only words", "ALLCAPSNODIGITS", "12345678901234567890x"])
def test_nist_no_composition_rules(client, group, password):
    response = register(client, "fine@example.org", password=password)
    assert response.status_code == 302
    assert get_user_model().objects.filter(email="fine@example.org").exists()


def test_passwords_are_hashed_with_argon2_first_outside_the_tests():
    from masthead import settings as production_settings

    assert production_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_signup_creates_profile_and_sends_only_one_mail(client, group):
    mail.outbox.clear()
    register(client, "profile@example.org")
    user = get_user_model().objects.get(email="profile@example.org")
    assert user.reader_profile is not None
    assert len(mail.outbox) == 1
