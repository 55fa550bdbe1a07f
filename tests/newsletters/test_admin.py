"""Editors see the coming issue in the Wagtail admin, change it, test it, and read its send log."""

import pytest
from django.core import mail

from masthead.newsletters.actions import do_ensure_issue
from masthead.newsletters.models import Delivery, DeliveryStatus
from masthead.newsletters.rendering import compose_issue
from masthead.newsletters.sending import send_due
from tests.factories import make_reader
from tests.newsletters.conftest import EVENING, add_subscribers

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = make_reader("editor@example.org", is_staff=True)
    user.is_superuser = True
    user.save()
    client.force_login(user)
    return user


@pytest.fixture
def afternoon_stories(group):
    """At four in the afternoon, three stories from earlier in the day."""
    import datetime

    import time_machine
    from django.utils import timezone

    from tests.factories import make_article

    with time_machine.travel(EVENING - datetime.timedelta(hours=1, minutes=5), tick=True):
        now = timezone.now()
        yield [
            make_article(
                group.section, f"Afternoon story {n}", importance=n, published_at=now - datetime.timedelta(hours=n + 1)
            )
            for n in range(3)
        ]


@pytest.fixture
def upcoming(digest, afternoon_stories):
    """Today's issue, an hour before it goes (named for what an editor would open the evening before)."""
    return do_ensure_issue(digest, EVENING.date())


def edit(client, issue, **data):
    return client.post(f"/admin/newsletters/issue/{issue.pk}/edit/", data)


def test_the_dashboard_shows_the_coming_issues_with_a_chart(client, editor, upcoming):
    response = client.get("/admin/newsletters/")

    assert response.status_code == 200
    assert "Northern Courier daily" in response.text
    assert "<svg" in response.text


def test_an_issue_goes_out_as_ranked_unless_edited(client, editor, upcoming, afternoon_stories):
    page = client.get(f"/admin/newsletters/issue/{upcoming.pk}/")

    assert page.status_code == 200
    assert "goes out as the ranking chooses" in page.text
    for story in afternoon_stories:
        assert story.title in page.text


def test_editors_pin_remove_reorder_and_write_an_intro(client, editor, upcoming):
    first, second, third = compose_issue(upcoming)

    edit(client, upcoming, action="remove", article=second)
    assert compose_issue(upcoming) == [first, third]

    edit(client, upcoming, action="down", article=first)
    assert compose_issue(upcoming) == [third, first]

    edit(client, upcoming, action="restore", article=second)
    assert compose_issue(upcoming) == [third, first, second]
    edit(client, upcoming, action="up", article=second)
    assert compose_issue(upcoming) == [third, second, first]

    edit(client, upcoming, action="intro", intro="A quiet day on the harbour.")
    preview = client.get(f"/admin/newsletters/issue/{upcoming.pk}/preview/")
    assert "A quiet day on the harbour." in preview.text
    upcoming.refresh_from_db()
    assert upcoming.edited_by == editor


def test_an_editor_sends_a_test_to_themselves(client, editor, upcoming):
    edit(client, upcoming, action="test")

    assert [message.to for message in mail.outbox] == [["editor@example.org"]]
    assert not upcoming.deliveries.exists()


def test_the_send_log_shows_uncertain_messages(client, editor, digest, todays_stories):
    add_subscribers(digest, 3)
    send_due()
    issue = digest.issues.get(local_date=EVENING.date())
    Delivery.objects.filter(issue=issue).update(status=DeliveryStatus.UNCERTAIN)
    issue.uncertain_count = 3
    issue.save()

    page = client.get(f"/admin/newsletters/issue/{issue.pk}/")

    assert "uncertain 3" in page.text
    assert "were not sent again" in page.text
    assert "finished" in page.text


def test_a_sent_issue_can_no_longer_be_changed(client, editor, digest, todays_stories):
    send_due()
    issue = digest.issues.get(local_date=EVENING.date())
    stories = compose_issue(issue)

    edit(client, issue, action="remove", article=stories[0])

    assert compose_issue(issue) == stories


def test_readers_cannot_reach_the_newsletter_admin(client, upcoming):
    client.force_login(make_reader("plain@example.org"))

    assert client.get(f"/admin/newsletters/issue/{upcoming.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/newsletters/issue/{upcoming.pk}/edit/", {"action": "test"}).status_code in (302, 403)
    assert mail.outbox == []
