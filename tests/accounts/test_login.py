"""Logging in and out by password and by emailed code; sessions and redirects."""

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from masthead.accounts.paths import is_site_path
from tests.accounts.helpers import code_in, last_mail_to
from tests.factories import make_reader

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def log_in(client, email, password=PASSWORD, next_path=None):
    data = {"login": email, "password": password}
    if next_path is not None:
        data["next"] = next_path
    return client.post("/accounts/login/", data)


def test_password_login_goes_back_to_next(client, article):
    reader = make_reader()
    response = log_in(client, reader.email, next_path=article.url)
    assert response.status_code == 302
    assert response["Location"] == article.url
    assert client.get("/account/").status_code == 200


def test_wrong_password_is_refused_with_a_message(client, group):
    reader = make_reader()
    response = log_in(client, reader.email, password="not the password")
    assert response.status_code == 200
    assert b"not correct" in response.content
    assert client.get("/account/").status_code == 302


def test_login_by_emailed_code(client, article):
    reader = make_reader()
    response = client.post(f"/accounts/login/code/?next={article.url}", {"email": reader.email, "next": article.url})
    assert response.status_code == 302
    confirm_url = response["Location"]
    assert confirm_url.startswith("/accounts/login/code/confirm/")
    code = code_in(last_mail_to(reader.email))
    response = client.post(confirm_url, {"code": code, "next": article.url})
    assert response.status_code == 302
    assert response["Location"] == article.url
    assert client.get("/account/").status_code == 200


def test_login_code_fails_after_three_wrong_tries(client, group):
    reader = make_reader()
    confirm_url = client.post("/accounts/login/code/", {"email": reader.email})["Location"]
    code = code_in(last_mail_to(reader.email))
    for _ in range(3):
        client.post(confirm_url, {"code": "WRON-GCOD"})
    response = client.post(confirm_url, {"code": code})
    assert client.get("/account/").status_code == 302, "the right code after the limit must not log in"
    assert response.status_code in (200, 302)


def test_login_code_expires(client, group, time_machine):
    time_machine.move_to("2026-03-01 09:00 +0000", tick=False)
    reader = make_reader()
    confirm_url = client.post("/accounts/login/code/", {"email": reader.email})["Location"]
    code = code_in(last_mail_to(reader.email))
    time_machine.move_to("2026-03-01 09:11 +0000", tick=False)
    client.post(confirm_url, {"code": code})
    assert client.get("/account/").status_code == 302


def test_login_code_is_bound_to_the_session_that_asked(client, group):
    reader = make_reader()
    confirm_url = client.post("/accounts/login/code/", {"email": reader.email})["Location"]
    code = code_in(last_mail_to(reader.email))
    stranger = Client()
    stranger.post(confirm_url, {"code": code})
    assert stranger.get("/account/").status_code == 302


def test_session_key_rotates_at_login(client, group):
    reader = make_reader()
    store = SessionStore()
    store["probe"] = True
    store.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    log_in(client, reader.email)
    new_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert new_key != store.session_key
    assert not SessionStore().exists(store.session_key)


def test_session_cookie_flags(client, group):
    reader = make_reader()
    response = log_in(client, reader.email)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_logout_is_a_post_and_ends_the_server_session(client, group):
    reader = make_reader()
    log_in(client, reader.email)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    page = client.get("/accounts/logout/")
    assert page.status_code == 200
    assert client.get("/account/").status_code == 200, "a GET must not log out"
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not SessionStore().exists(key)
    assert client.get("/account/").status_code == 302


def test_forms_need_a_csrf_token(group):
    reader = make_reader()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/accounts/login/", {"login": reader.email, "password": PASSWORD}).status_code == 403
    assert strict.post("/accounts/signup/", {"email": "x@example.org", "password1": PASSWORD}).status_code == 403


@pytest.mark.parametrize(
    "evil",
    [
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "http://127.0.0.1:8000/elsewhere/",
        "javascript:alert(1)",
    ],
)
def test_open_redirects_through_next_are_refused(client, group, evil):
    reader = make_reader()
    response = log_in(client, reader.email, next_path=evil)
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("/northern-courier/news/story-1/", True),
        ("/search/?q=harbour&page=2", True),
        ("/", True),
        ("", False),
        (None, False),
        ("//evil.example", False),
        ("/\\evil.example", False),
        ("https://evil.example/", False),
        ("evil.example", False),
        ("/\tevil", False),
        ("/ok\r\nSet-Cookie: x", False),
    ],
)
def test_is_site_path(url, safe):
    assert is_site_path(url) is safe
