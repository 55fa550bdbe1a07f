"""Enumeration, rate limits, reset tokens, links built from SITE_URL, sessions after a reset."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from tests.accounts.helpers import last_mail_to, links_in, path_of
from tests.factories import make_reader

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')


def normalised(response, *emails):
    content = CSRF.sub(b"", response.content)
    for email in emails:
        content = content.replace(email.encode(), b"EMAIL")
    return response.status_code, response.get("Location"), content


def followed(client, response, *emails):
    """The response and the page it leads to, with tokens and addresses masked."""
    result = [normalised(response, *emails)]
    if response.status_code == 302:
        result.append(normalised(client.get(response["Location"]), *emails))
    return result


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("/accounts/signup/", {"email": "{email}", "password1": "a long and unusual passphrase"}),
        ("/accounts/signup/", {"email": "{email}", "password1": ""}),
        ("/accounts/login/", {"login": "{email}", "password": "wrong password here"}),
        ("/accounts/login/code/", {"email": "{email}"}),
        ("/accounts/password/reset/", {"email": "{email}"}),
    ],
    ids=["signup", "signup-by-code", "login", "login-code", "reset"],
)
def test_known_and_unknown_emails_get_identical_responses(group, url, data):
    known = make_reader("known@example.org").email
    unknown = "unknown@example.org"
    answers = []
    for email in (known, unknown):
        client = Client()
        filled = {key: value.format(email=email) for key, value in data.items()}
        answers.append(followed(client, client.post(url, filled), email))
    assert answers[0] == answers[1]


def test_both_known_and_unknown_addresses_get_a_mail_at_reset(group):
    make_reader("known@example.org")
    mail.outbox.clear()
    Client().post("/accounts/password/reset/", {"email": "known@example.org"})
    Client().post("/accounts/password/reset/", {"email": "unknown@example.org"})
    assert {message.to[0] for message in mail.outbox} == {"known@example.org", "unknown@example.org"}


def test_too_many_failed_logins_get_a_429_page(client, group):
    reader = make_reader()
    statuses = [
        client.post("/accounts/login/", {"login": reader.email, "password": f"wrong {n}"}).status_code for n in range(6)
    ]
    assert statuses[:5] == [200] * 5
    response = client.post("/accounts/login/", {"login": reader.email, "password": PASSWORD})
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert client.get("/account/").status_code == 302


def test_failed_login_limit_per_account_ignores_the_host_header(group):
    reader = make_reader()
    for n in range(5):
        Client(REMOTE_ADDR=f"10.0.0.{n}").post(
            "/accounts/login/", {"login": reader.email, "password": "wrong"}, HTTP_HOST=f"host{n}.example"
        )
    response = Client(REMOTE_ADDR="10.0.1.1").post(
        "/accounts/login/", {"login": reader.email, "password": PASSWORD}, HTTP_HOST="other.example"
    )
    assert response.status_code == 429


def test_too_many_failed_logins_from_one_address_across_accounts(client, group):
    statuses = [
        client.post("/accounts/login/", {"login": f"guess{n}@example.org", "password": "wrong"}).status_code
        for n in range(12)
    ]
    assert 429 in statuses
    assert 500 not in statuses


def test_too_many_reset_requests_get_a_429_page(client, group):
    reader = make_reader()
    statuses = [client.post("/accounts/password/reset/", {"email": reader.email}).status_code for _ in range(4)]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3] == 429


def test_too_many_code_requests_get_a_429_page(client, group):
    reader = make_reader()
    statuses = [Client().post("/accounts/login/code/", {"email": reader.email}).status_code for _ in range(4)]
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3] == 429


def test_too_many_signups_from_one_address(client, group):
    statuses = [
        client.post("/accounts/signup/", {"email": f"bulk{n}@example.org", "password1": ""}).status_code
        for n in range(21)
    ]
    assert statuses[-1] == 429


def test_verification_mail_is_not_resent_on_every_login(group):
    reader = make_reader(verified=False)
    mail.outbox.clear()
    for _ in range(3):
        Client().post("/accounts/login/", {"login": reader.email, "password": PASSWORD})
    assert len([message for message in mail.outbox if reader.email in message.to]) == 1


def request_reset(email, **extra):
    Client().post("/accounts/password/reset/", {"email": email}, **extra)
    message = last_mail_to(email)
    return next(link for link in links_in(message) if "/accounts/password/reset/key/" in link)


def set_new_password(client, link, password="a brand new passphrase"):
    page = client.get(path_of(link))
    assert page.status_code == 302, "the key is moved out of the URL before the form shows"
    form_url = page["Location"]
    form = client.get(form_url)
    return form, client.post(form_url, {"password1": password, "password2": password})


def test_reset_link_is_built_from_site_url_not_the_host_header(group):
    reader = make_reader()
    link = request_reset(reader.email, HTTP_HOST="evil.example")
    assert link.startswith(settings.SITE_URL + "/accounts/password/reset/key/")
    assert "evil.example" not in last_mail_to(reader.email).body


def test_reset_sets_the_password_once_and_never_leaks_the_link(group):
    reader = make_reader()
    link = request_reset(reader.email)
    client = Client()
    first = client.get(path_of(link))
    assert first["Referrer-Policy"] == "no-referrer"
    form, done = set_new_password(client, link)
    assert form["Referrer-Policy"] == "same-origin", "a form page must keep its Origin for the CSRF check"
    assert done.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password("a brand new passphrase")

    again = Client()
    page = again.get(path_of(link))
    if page.status_code == 302:
        page = again.get(page["Location"])
    assert b"invalid" in page.content.lower() or b"already been used" in page.content.lower()


def test_opening_the_reset_link_does_not_use_it_up(group):
    reader = make_reader()
    link = request_reset(reader.email)
    scanner = Client()
    scanner.get(path_of(link), follow=True)
    _form, done = set_new_password(Client(), link)
    assert done.status_code == 302
    reader.refresh_from_db()
    assert reader.check_password("a brand new passphrase")


def test_forged_reset_key_gets_a_clear_page(client, group):
    reader = make_reader()
    page = client.get("/accounts/password/reset/key/1-forged-token/", follow=True)
    assert page.status_code == 200
    assert b"new password reset" in page.content.lower() or b"invalid" in page.content.lower()
    reader.refresh_from_db()
    assert reader.check_password(PASSWORD)


def test_reset_link_expires(group, time_machine):
    time_machine.move_to("2026-02-01 09:00 +0000", tick=False)
    reader = make_reader()
    link = request_reset(reader.email)
    time_machine.move_to("2026-02-05 09:00 +0000", tick=False)
    client = Client()
    page = client.get(path_of(link), follow=True)
    assert b"invalid" in page.content.lower()


def test_reset_link_is_bound_to_its_account(group):
    first = make_reader()
    second = make_reader()
    link = request_reset(first.email)
    uid_and_key = path_of(link).split("/key/")[1]
    key = uid_and_key.split("-", 1)[1]
    from django.utils.http import int_to_base36

    forged = f"/accounts/password/reset/key/{int_to_base36(second.pk)}-{key}"
    client = Client()
    page = client.get(forged, follow=True)
    assert b"invalid" in page.content.lower()
    second.refresh_from_db()
    assert second.check_password(PASSWORD)


def test_reset_ends_other_sessions_and_tells_the_reader(group):
    reader = make_reader()
    elsewhere = Client()
    elsewhere.post("/accounts/login/", {"login": reader.email, "password": PASSWORD})
    assert elsewhere.get("/account/").status_code == 200
    link = request_reset(reader.email)
    mail.outbox.clear()
    set_new_password(Client(), link)
    assert elsewhere.get("/account/").status_code == 302
    assert any("password" in message.subject.lower() for message in mail.outbox if reader.email in message.to)
