import datetime
import socket
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.utils import timezone

from masthead.newsletters.models import NewsletterList, Subscriber, Subscription, SubscriptionStatus
from tests.factories import make_article

DUBLIN = ZoneInfo("Europe/Dublin")
# A summer evening, five minutes after the 17:00 digest is due (16:05 UTC).
EVENING = datetime.datetime(2026, 6, 10, 17, 5, tzinfo=DUBLIN)


class SinkHandler:
    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []
        self.refuse = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((tuple(envelope.rcpt_tos), envelope.content))
        return "250 OK: queued"

    def recipients(self):
        with self.lock:
            return [rcpt for rcpts, _content in self.messages for rcpt in rcpts]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_sink():
    """A real SMTP server on localhost (aiosmtpd) that keeps what it receives."""
    handler = SinkHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def evening():
    with time_machine.travel(EVENING, tick=True) as traveller:
        yield traveller


@pytest.fixture
def digest(group):
    newsletter_list = NewsletterList.objects.create(
        name="Northern Courier daily", slug="courier-daily", offered_by_default=True
    )
    newsletter_list.publications.set([group.publications[0]])
    return newsletter_list


@pytest.fixture
def todays_stories(group, evening):
    now = timezone.now()
    return [
        make_article(
            group.section,
            f"Story number {index}",
            importance=index % 4,
            published_at=now - datetime.timedelta(hours=index + 1),
        )
        for index in range(3)
    ]


def add_subscribers(newsletter_list, count, *, confirmed=True, status=SubscriptionStatus.ACTIVE, prefix="reader"):
    now = timezone.now()
    subscribers = Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"{prefix}{number}@example.org", confirmed_at=now if confirmed else None)
            for number in range(count)
        ]
    )
    subscribers = list(Subscriber.objects.filter(email__startswith=prefix).order_by("pk"))
    Subscription.objects.bulk_create(
        [
            Subscription(subscriber=subscriber, newsletter_list=newsletter_list, status=status)
            for subscriber in subscribers
        ]
    )
    return subscribers
