"""Sign-up with just an email, double opt-in, and the limits around it."""

import re

import pytest
from django.core import mail
from django.test import Client

from masthead.newsletters.models import NewsletterList, Subscriber, SubscriptionStatus
from tests.factories import make_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(db):
    daily = NewsletterList.objects.create(name="The Daily Digest", slug="daily-digest", offered_by_default=True)
    sport = NewsletterList.objects.create(name="Weekly sport", slug="weekly-sport")
    return daily, sport


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """A POST whose on-commit work (the confirmation email) runs, as it would after a real request."""

    def post(url, data=None, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **extra)

    return post


def confirm_link(message):
    return re.search(r"https?://[^/\s]+(/newsletters/confirm/[^/\s]+/)", message.body).group(1)


@pytest.mark.parametrize("source", ["footer", "gate"])
def test_the_footer_and_gate_forms_sign_up_for_the_default_list_without_a_csrf_cookie(lists, source):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/newsletters/signup/", {"email": "Reader@Example.org", "list": "default", "source": source})

    assert response.status_code == 200
    assert "Check your inbox" in response.text
    subscription = Subscriber.objects.get(email="reader@example.org").subscriptions.get()
    assert (subscription.newsletter_list.slug, subscription.status, subscription.source) == (
        "daily-digest",
        SubscriptionStatus.PENDING,
        source,
    )


def test_double_opt_in_nothing_but_the_confirmation_until_confirmed(client, post, lists):
    post("/newsletters/signup/", {"email": "new@example.org", "list": ["daily-digest", "weekly-sport"]})

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new@example.org"]
    assert "Weekly sport" in mail.outbox[0].body
    subscriber = Subscriber.objects.get(email="new@example.org")
    assert subscriber.confirmed_at is None

    link = confirm_link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200 and "Confirm" in page.text
    assert Subscriber.objects.get(pk=subscriber.pk).confirmed_at is None, "a mail scanner's GET confirms nothing"
    post(link)

    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None
    assert set(subscriber.subscriptions.values_list("status", flat=True)) == {SubscriptionStatus.ACTIVE}


def test_known_and_unknown_addresses_get_the_same_answer(post, lists):
    post("/newsletters/signup/", {"email": "known@example.org", "list": "daily-digest"})
    known = post("/newsletters/signup/", {"email": "known@example.org", "list": "daily-digest"})
    unknown = post("/newsletters/signup/", {"email": "unknown@example.org", "list": "daily-digest"})

    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content


def test_repeated_sign_ups_do_not_flood_an_inbox(post, lists):
    for _ in range(3):
        post("/newsletters/signup/", {"email": "target@example.org", "list": "daily-digest"})

    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-address", "Enter a valid email address"),
        ("two@@example.org", "Enter a valid email address"),
        ("", "Enter your email address"),
        ("name@example", "Enter a valid email address"),
        ("<script>@example.org", "Enter a valid email address"),
    ],
)
def test_malformed_addresses_are_refused_with_a_clear_message(post, lists, email, message):
    response = post("/newsletters/signup/", {"email": email, "list": "daily-digest"})

    assert response.status_code == 400
    assert message in response.text
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


def test_sign_ups_are_rate_limited_per_client_address(post, lists, settings):
    settings.NEWSLETTERS_SIGNUP_RATE = 3
    statuses = [
        post("/newsletters/signup/", {"email": f"r{n}@example.org", "list": "daily-digest"}).status_code
        for n in range(5)
    ]
    other_address = post(
        "/newsletters/signup/", {"email": "x@example.org", "list": "daily-digest"}, REMOTE_ADDR="10.0.0.9"
    )

    assert statuses == [200, 200, 200, 429, 429]
    assert other_address.status_code == 200
    assert Subscriber.objects.count() == 4


def test_the_newsletters_page_lists_every_newsletter_with_a_form(client, lists):
    response = client.get("/newsletters/")

    assert response.status_code == 200
    assert "The Daily Digest" in response.text and "Weekly sport" in response.text
    assert 'name="email"' in response.text


def test_a_logged_in_reader_with_a_verified_address_is_subscribed_at_once_from_the_account_page(client, post, lists):
    reader = make_reader("member@example.org")
    client.force_login(reader)
    daily, sport = lists

    post("/newsletters/account/", {"lists": [sport.pk]})

    subscription = Subscriber.objects.get(email="member@example.org").subscriptions.get()
    assert (subscription.newsletter_list, subscription.status) == (sport, SubscriptionStatus.ACTIVE)
    assert mail.outbox == []


def test_a_bad_confirmation_link_gets_a_friendly_page(client, lists):
    response = client.get("/newsletters/confirm/nonsense/")
    assert response.status_code == 400
    assert "This link does not work" in response.text


def test_every_page_has_the_footer_sign_up_form(client, lists):
    response = client.get("/newsletters/")

    assert 'name="source" value="footer"' in response.text
    assert 'action="/newsletters/signup/"' in response.text


def test_the_account_page_fragment_shows_the_readers_choices(rf, lists):
    from django.template.loader import render_to_string

    from masthead.newsletters.actions import do_request_subscription

    reader = make_reader("fragment@example.org")
    daily, _sport = lists
    do_request_subscription("fragment@example.org", [daily], source="page")
    request = rf.get("/account/")
    request.user = reader

    html = render_to_string("newsletters/includes/account_newsletters.html", {"request": request}, request=request)

    assert f'value="{daily.pk}" id="account-list-{daily.pk}" checked' in html
    assert "(waiting for confirmation)" in html
