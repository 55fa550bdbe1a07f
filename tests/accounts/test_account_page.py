"""/account/: preferences, data download, deletion; the home page's "For you" block."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from masthead.accounts.models import ReaderProfile
from tests.accounts.helpers import code_in, last_mail_to
from tests.factories import days_ago, make_article, make_reader, make_topic

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def test_account_page_needs_login(client, group):
    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/account/")


def test_account_page_shows_and_saves_preferences(reader_client, group):
    topic = make_topic("Harbour")
    page = reader_client.get("/account/")
    assert page.status_code == 200
    assert reader_client.reader.email.encode() in page.content
    assert b"Download my data" in page.content
    response = reader_client.post(
        "/account/",
        {
            "name": "Aoife Byrne",
            "preferred_publications": [group.publications[1].pk],
            "preferred_topics": [topic.pk],
        },
    )
    assert response.status_code == 302
    profile = ReaderProfile.objects.get(user=reader_client.reader)
    assert profile.name == "Aoife Byrne"
    assert list(profile.preferred_publications.values_list("pk", flat=True)) == [group.publications[1].pk]
    assert list(profile.preferred_topics.all()) == [topic]


def test_account_page_rejects_unknown_choices(reader_client, group):
    response = reader_client.post("/account/", {"name": "X", "preferred_topics": ["999999"]})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content


def test_export_contains_this_readers_data_and_nobody_elses(reader_client, group):
    topic = make_topic("Sailing")
    other = make_reader("someone.else@example.org")
    other_profile = ReaderProfile.objects.create(user=other, name="Other Person")
    other_profile.preferred_topics.set([topic])
    reader_client.post("/account/", {"name": "Aoife Byrne", "preferred_topics": [topic.pk]})
    response = reader_client.get("/account/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    mine = data["data"]["masthead.accounts.personal_data"]
    assert mine["email"] == reader_client.reader.email
    assert mine["profile"]["name"] == "Aoife Byrne"
    assert mine["profile"]["preferred_topics"] == ["Sailing"]
    assert b"someone.else@example.org" not in response.content
    assert b"Other Person" not in response.content


def test_export_covers_every_registered_module(reader_client, settings):
    response = reader_client.get("/account/download/")
    assert set(json.loads(response.content)["data"]) == set(settings.MASTHEAD_PERSONAL_DATA)


def test_delete_with_password_removes_the_account_and_its_data(reader_client, group):
    reader = reader_client.reader
    ReaderProfile.objects.create(user=reader, name="Going Away")
    page = reader_client.get("/account/delete/")
    assert page.status_code == 200
    refused = reader_client.post("/account/delete/", {"password": "wrong one", "confirm": "on", "action": "delete"})
    assert refused.status_code == 200
    assert get_user_model().objects.filter(pk=reader.pk).exists()
    response = reader_client.post("/account/delete/", {"password": PASSWORD, "confirm": "on", "action": "delete"})
    assert response.status_code == 200
    assert b"has been deleted" in response.content
    assert not get_user_model().objects.filter(pk=reader.pk).exists()
    assert not ReaderProfile.objects.filter(name="Going Away").exists()
    assert not EmailAddress.objects.filter(email=reader.email).exists()
    assert reader_client.get("/account/").status_code == 302


def test_delete_needs_the_confirm_box(reader_client):
    response = reader_client.post("/account/delete/", {"password": PASSWORD, "action": "delete"})
    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=reader_client.reader.pk).exists()


def test_delete_by_emailed_code_for_a_reader_without_password(client, group):
    reader = make_reader("codeonly@example.org")
    reader.set_unusable_password()
    reader.save()
    client.force_login(reader)
    client.post("/account/delete/", {"action": "send_code"})
    code = code_in(last_mail_to(reader.email))
    wrong = client.post("/account/delete/", {"code": "AAAAAAAA", "confirm": "on", "action": "delete"})
    assert wrong.status_code == 200
    assert get_user_model().objects.filter(pk=reader.pk).exists()
    client.post("/account/delete/", {"code": code, "confirm": "on", "action": "delete"})
    assert not get_user_model().objects.filter(pk=reader.pk).exists()


def test_deletion_codes_and_attempts_are_rate_limited(reader_client):
    statuses = [reader_client.post("/account/delete/", {"action": "send_code"}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    guesses = [
        reader_client.post("/account/delete/", {"password": f"guess {n}", "confirm": "on"}).status_code
        for n in range(11)
    ]
    assert guesses[:10] == [200] * 10
    assert guesses[10] == 429
    assert get_user_model().objects.filter(pk=reader_client.reader.pk).exists()


def test_deletion_code_works_once(client, group):
    reader = make_reader()
    client.force_login(reader)
    client.post("/account/delete/", {"action": "send_code"})
    code = code_in(last_mail_to(reader.email))
    from masthead.accounts import deletion

    session = client.session
    checker = deletion.code_checker(type("R", (), {"session": session})(), reader)
    assert checker(code) is True
    assert checker(code) is False


def test_deletion_calls_every_registered_erase(reader_client, settings, monkeypatch):
    erased = []
    import masthead.accounts.personal_data as own

    monkeypatch.setattr(own, "erase", lambda user: erased.append(("accounts", user.pk)))
    reader_id = reader_client.reader.pk
    reader_client.post("/account/delete/", {"password": PASSWORD, "confirm": "on", "action": "delete"})
    assert erased == [("accounts", reader_id)]


def render_for_you(user):
    request = RequestFactory().get("/")
    request.user = user
    return Template('{% include "accounts/includes/for_you.html" %}').render(Context({"request": request}))


def test_for_you_is_empty_for_anonymous_readers(group):
    from django.contrib.auth.models import AnonymousUser

    assert "For you" not in render_for_you(AnonymousUser())


def test_for_you_prompts_a_reader_without_preferences(group):
    html = render_for_you(make_reader())
    assert "For you" in html
    assert "Choose the titles and topics" in html


def test_for_you_lists_latest_stories_from_chosen_titles_and_topics(group, django_assert_max_num_queries):
    sailing = make_topic("Sailing")
    chosen_title = group.publications[1].section_pages["news"]
    other_title = group.section
    old = make_article(chosen_title, "Older story from the chosen title", published_at=days_ago(3))
    new = make_article(chosen_title, "Newest story from the chosen title", published_at=days_ago(1))
    by_topic = make_article(other_title, "Regatta report tagged sailing", topics=[sailing], published_at=days_ago(2))
    make_article(other_title, "Unrelated council story", published_at=days_ago(1))
    reader = make_reader()
    profile = ReaderProfile.objects.create(user=reader)
    profile.preferred_publications.set([group.publications[1]])
    profile.preferred_topics.set([sailing])
    with django_assert_max_num_queries(4):
        html = render_for_you(reader)
    assert html.index(new.title) < html.index(by_topic.title) < html.index(old.title)
    assert "Unrelated council story" not in html


@override_settings(MASTHEAD_STAFF_REQUIRE_MFA=True)
def test_staff_without_totp_are_sent_to_set_it_up(client, group):
    editor = make_reader(is_staff=True)
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/?next=%2Fadmin%2F")


@override_settings(MASTHEAD_STAFF_REQUIRE_MFA=True)
def test_staff_with_totp_are_asked_for_it_then_let_in(client, group):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    editor = make_reader(is_staff=True)
    editor.is_superuser = True
    editor.save()
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/?next=%2Fadmin%2F")
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    confirmed = client.post(response["Location"], {"code": code})
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@override_settings(MASTHEAD_STAFF_REQUIRE_MFA=False)
def test_staff_need_no_second_factor_when_the_setting_is_off(client, group):
    editor = make_reader(is_staff=True)
    editor.is_superuser = True
    editor.save()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200


def test_readers_can_turn_on_totp_from_their_account(reader_client):
    page = reader_client.get("/account/")
    assert b"/accounts/2fa/" in page.content
    assert reader_client.get("/accounts/2fa/").status_code == 200
