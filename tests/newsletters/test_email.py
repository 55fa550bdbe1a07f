"""What lands in the inbox: headers, parts, links, and nothing of an article's body."""

import email
import email.policy
import re

import pytest

from masthead.newsletters.models import Issue, NewsletterList
from masthead.newsletters.sending import send_due
from masthead.newsletters.tokens import subscriber_token
from masthead.newsletters.transports import SMTPTransport
from tests.factories import make_article
from tests.newsletters.conftest import EVENING, add_subscribers

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(group, evening, digest, smtp_sink):
    from django.utils import timezone

    premium = make_article(
        group.section,
        "Harbour deal signed in secret – Ó Súilleabháin speaks",
        access_level="premium",
        importance=3,
        published_at=timezone.now() - timezone.timedelta(hours=2),
        paragraphs=["Opening of the premium story.", "HIDDEN-BODY-TEXT only subscribers may read."],
    )
    subscribers = add_subscribers(digest, 2)
    send_due(transport=SMTPTransport("127.0.0.1", smtp_sink.port, connections=1))
    messages = {
        rcpts[0]: email.message_from_bytes(content, policy=email.policy.default)
        for rcpts, content in smtp_sink.messages
    }
    return premium, subscribers, messages


def test_headers_for_one_click_unsubscribe_and_list_identity(delivered):
    _premium, subscribers, messages = delivered
    subscriber = subscribers[0]
    message = messages[subscriber.email]
    token = subscriber_token(subscriber.key)

    assert message["To"] == subscriber.email
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message["List-Unsubscribe"]
    assert f"<http://127.0.0.1:8000/newsletters/unsubscribe/courier-daily/{token}/>" in unsubscribe or (
        f"/newsletters/unsubscribe/courier-daily/{token}/>" in unsubscribe
    )
    assert "<mailto:" in unsubscribe
    assert message["List-Id"].endswith("<courier-daily.lists.masthead.example>")
    issue = Issue.objects.get(newsletter_list__slug="courier-daily", local_date=EVENING.date())
    assert message["Message-ID"] == f"<courier-daily.20260610.{issue.pk}.{subscriber.pk}@masthead.example>"
    assert messages[subscribers[1].email]["Message-ID"] != message["Message-ID"]


def test_html_and_plain_text_with_headline_standfirst_and_link_but_never_the_body(delivered):
    premium, subscribers, messages = delivered
    message = messages[subscribers[0].email]
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()

    assert message.get_content_type() == "multipart/alternative"
    for part in (html, text):
        assert "Ó Súilleabháin" in part or "&#211; S&#250;illeabh&#225;in" in part
        assert premium.standfirst in part
        assert premium.full_url in part
        assert "HIDDEN-BODY-TEXT" not in part
        assert "Opening of the premium story" not in part
    assert "Subscribers" in text


def test_html_is_inlined_readable_without_images_and_dark_mode_aware(delivered):
    _premium, subscribers, messages = delivered
    html = messages[subscribers[0].email].get_body(("html",)).get_content()

    assert re.search(r'<h2 class="story-title" style="[^"]+"', html), "CSS is inlined onto elements"
    assert "prefers-color-scheme: dark" in html
    assert 'name="color-scheme"' in html
    assert "<img" not in html, "nothing in the email depends on images loading"
    assert max(len(line) for line in messages[subscribers[0].email].as_string().splitlines()) <= 998


def test_each_reader_gets_their_own_preference_and_unsubscribe_links(delivered):
    _premium, subscribers, messages = delivered
    for subscriber in subscribers:
        text = messages[subscriber.email].get_body(("plain",)).get_content()
        token = subscriber_token(subscriber.key)
        assert f"/newsletters/preferences/{token}/" in text
        assert f"/newsletters/unsubscribe/courier-daily/{token}/" in text
        assert subscriber.email in text


def test_an_editor_can_send_a_test_to_themselves(group, evening, digest, todays_stories):
    from django.core import mail

    from masthead.newsletters.actions import do_ensure_issue
    from masthead.newsletters.sending import send_test

    issue = do_ensure_issue(digest, EVENING.date())
    send_test(issue, "editor@example.org")

    assert mail.outbox[0].to == ["editor@example.org"]
    assert mail.outbox[0].subject.startswith("[Test] ")
    assert todays_stories[0].title in mail.outbox[0].body
    assert not issue.deliveries.exists()


def test_a_weekly_list_carries_the_weeks_stories_from_its_section(group, evening):
    import datetime

    from django.utils import timezone

    from masthead.newsletters.actions import do_ensure_issue
    from masthead.newsletters.rendering import compose_issue

    sport = NewsletterList.objects.create(name="Weekly sport", slug="sport", section_slug="sport", cadence="weekly")
    now = timezone.now()
    match = make_article(
        group.publications[1].section_pages["sport"], "Cup final", published_at=now - datetime.timedelta(days=3)
    )
    make_article(group.section, "Council news", published_at=now - datetime.timedelta(hours=3))
    issue = do_ensure_issue(sport, EVENING.date())

    assert compose_issue(issue) == [match.pk]
