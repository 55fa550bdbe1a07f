"""Two workers started at once never send the same issue twice (PostgreSQL row locks)."""

import collections
import threading

import pytest
from django.conf import settings
from django.db import connection

from masthead.newsletters.models import Issue, IssueStatus
from masthead.newsletters.sending import claim_issue, send_due
from masthead.newsletters.transports import SMTPTransport
from tests.newsletters.conftest import EVENING, add_subscribers

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3",
        reason="SQLite has no row locks (it serialises writers instead); the claim is tested on PostgreSQL",
    ),
]


def run_at_once(count, work):
    barrier = threading.Barrier(count)
    results = [None] * count
    errors = []

    def worker(index):
        try:
            barrier.wait()
            results[index] = work()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    return results


def test_only_one_of_several_workers_claims_an_issue(digest, todays_stories):
    send_due_issue = Issue.objects.create(
        newsletter_list=digest, local_date=EVENING.date(), send_at=EVENING, status=IssueStatus.SCHEDULED
    )

    tokens = run_at_once(6, lambda: claim_issue(send_due_issue.pk))

    assert len([token for token in tokens if token]) == 1


def test_two_workers_at_once_send_each_message_once(digest, todays_stories, smtp_sink):
    subscribers = add_subscribers(digest, 60)

    run_at_once(2, lambda: send_due(transport=SMTPTransport("127.0.0.1", smtp_sink.port, connections=2)))

    received = collections.Counter(smtp_sink.recipients())
    assert set(received) == {subscriber.email for subscriber in subscribers}
    assert max(received.values()) == 1
    assert Issue.objects.get(newsletter_list=digest, local_date=EVENING.date()).status == IssueStatus.SENT
