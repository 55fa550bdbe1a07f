"""The preference centre and unsubscribing: signed links, no login, no cookies."""

import pytest
from django.test import Client

from masthead.newsletters.models import NewsletterList, Subscriber, Subscription, SubscriptionStatus
from masthead.newsletters.tokens import subscriber_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(db):
    from django.utils import timezone

    daily = NewsletterList.objects.create(name="The Daily Digest", slug="daily-digest")
    sport = NewsletterList.objects.create(name="Weekly sport", slug="weekly-sport")
    subscriber = Subscriber.objects.create(email="member@example.org", confirmed_at=timezone.now())
    for newsletter_list in (daily, sport):
        Subscription.objects.create(
            subscriber=subscriber, newsletter_list=newsletter_list, status=SubscriptionStatus.ACTIVE
        )
    return subscriber, daily, sport


def statuses(subscriber):
    return dict(subscriber.subscriptions.values_list("newsletter_list__slug", "status"))


def test_one_click_unsubscribe_is_a_single_post_without_cookies(member):
    subscriber, daily, _sport = member
    mail_provider = Client(enforce_csrf_checks=True)

    response = mail_provider.post(
        f"/newsletters/unsubscribe/daily-digest/{subscriber_token(subscriber.key)}/",
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert not response.cookies
    assert statuses(subscriber) == {"daily-digest": "unsubscribed", "weekly-sport": "active"}


def test_the_link_in_the_email_unsubscribes_and_offers_an_undo(member):
    subscriber, _daily, _sport = member
    client = Client()
    url = f"/newsletters/unsubscribe/daily-digest/{subscriber_token(subscriber.key)}/"

    page = client.get(url)
    assert page.status_code == 200
    assert "You are unsubscribed" in page.text and "Undo" in page.text
    assert statuses(subscriber)["daily-digest"] == "unsubscribed"

    undone = client.post(url, {"action": "undo"})
    assert "You are subscribed again" in undone.text
    assert statuses(subscriber)["daily-digest"] == "active"


@pytest.mark.parametrize("token", ["nonsense", "member:forged-signature", subscriber_token("someone-elses-key") + "x"])
def test_a_forged_or_broken_token_changes_nothing(member, client, token):
    subscriber, _daily, _sport = member

    assert client.get(f"/newsletters/unsubscribe/daily-digest/{token}/").status_code == 400
    assert client.post(f"/newsletters/unsubscribe/daily-digest/{token}/").status_code == 400
    assert client.get(f"/newsletters/preferences/{token}/").status_code == 400
    assert set(statuses(subscriber).values()) == {"active"}


def test_the_preference_centre_changes_lists_without_logging_in(member, client):
    subscriber, daily, sport = member
    url = f"/newsletters/preferences/{subscriber_token(subscriber.key)}/"

    page = client.get(url)
    assert page.status_code == 200 and "member@example.org" in page.text

    client.post(url, {"lists": [sport.pk]})
    assert statuses(subscriber) == {"daily-digest": "unsubscribed", "weekly-sport": "active"}

    client.post(url, {"leave_all": "1"})
    assert set(statuses(subscriber).values()) == {"unsubscribed"}
