"""Bounces and complaints suppress the address: from an ESP's webhook (anymail) or from SMTP reports."""

import pytest
from anymail.signals import AnymailTrackingEvent, tracking
from django.core.management import call_command

from masthead.newsletters.models import Subscriber, Suppression
from masthead.newsletters.tokens import subscriber_token

pytestmark = pytest.mark.django_db

DSN = b"""From: MAILER-DAEMON@mx.example.net
To: bounces@masthead.example
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

The mail system could not deliver your message.

--b1
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.net

Final-Recipient: rfc822; Gone@Example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 user unknown

--b1--
"""

DEFERRED = DSN.replace(b"Action: failed", b"Action: delayed").replace(b"Status: 5.1.1", b"Status: 4.2.2")

ARF = b"""From: fbl@isp.example
To: abuse@masthead.example
Subject: complaint
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="b2"

--b2
Content-Type: text/plain

A complaint.

--b2
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: ISP-FBL/1.0
Version: 1
Original-Rcpt-To: annoyed@example.org

--b2--
"""


@pytest.fixture
def subscribers(db):
    return [Subscriber.objects.create(email=email) for email in ("gone@example.org", "annoyed@example.org")]


def suppressed():
    return dict(Suppression.objects.values_list("email", "reason"))


@pytest.mark.parametrize(("event_type", "reason"), [("bounced", "bounce"), ("complained", "complaint")])
def test_an_esp_tracking_webhook_suppresses_the_address(subscribers, event_type, reason):
    event = AnymailTrackingEvent(event_type=event_type, recipient="gone@example.org", description="550 no such user")

    tracking.send(sender=object, event=event, esp_name="Postmark")

    assert suppressed() == {"gone@example.org": reason}
    assert Subscriber.objects.get(email="gone@example.org").suppressed_at is not None


def test_opens_and_deliveries_suppress_nothing(subscribers):
    for event_type in ("delivered", "opened", "clicked", "deferred"):
        tracking.send(sender=object, event=AnymailTrackingEvent(event_type=event_type, recipient="gone@example.org"))

    assert suppressed() == {}


def test_the_bounces_command_reads_reports_and_mbox_files(subscribers, tmp_path):
    (tmp_path / "dsn.eml").write_bytes(DSN)
    (tmp_path / "deferred.eml").write_bytes(DEFERRED)
    (tmp_path / "reports.mbox").write_bytes(b"From fbl@isp.example Sat Nov 28 10:00:00 2026\n" + ARF)

    call_command(
        "newsletters",
        "bounces",
        str(tmp_path / "dsn.eml"),
        str(tmp_path / "deferred.eml"),
        str(tmp_path / "reports.mbox"),
    )

    assert suppressed() == {"gone@example.org": "bounce", "annoyed@example.org": "complaint"}


def test_a_mail_to_the_unsubscribe_address_unsubscribes(subscribers, tmp_path):
    from masthead.newsletters.models import NewsletterList, Subscription

    subscriber = subscribers[0]
    newsletter_list = NewsletterList.objects.create(name="Daily", slug="daily")
    Subscription.objects.create(subscriber=subscriber, newsletter_list=newsletter_list, status="active")
    token = subscriber_token(subscriber.key)
    (tmp_path / "unsubscribe.eml").write_bytes(
        f"From: gone@example.org\nTo: unsubscribe@masthead.example\nSubject: unsubscribe {token}\n\n".encode()
    )

    call_command("newsletters", "bounces", str(tmp_path / "unsubscribe.eml"))

    assert subscriber.subscriptions.get().status == "unsubscribed"


def test_a_missing_file_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No such file"):
        call_command("newsletters", "bounces", str(tmp_path / "nope.eml"))
