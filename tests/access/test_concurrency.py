"""Two requests of one registered reader at the same moment, on PostgreSQL:
no article is counted twice and nobody reads past the allowance."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from masthead.access.lookups import policy_for
from masthead.access.meter import DatabaseMeter
from masthead.access.models import AccessPolicy, MeteredRead
from masthead.access.policy import ReaderFacts
from masthead.access.routing import article_facts
from tests.factories import make_article, make_reader

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises every write transaction, so there is no race to test; run on PostgreSQL",
    ),
]


def count_at_once(reader, articles, rounds=1):
    """Each article read by its own thread, all released together; returns the decisions."""
    barrier = threading.Barrier(len(articles))
    decisions = []
    errors = []

    def read(article):
        try:
            barrier.wait(timeout=10)
            policy = policy_for(article.publication_id)
            facts = ReaderFacts(is_registered=True)
            decisions.append(DatabaseMeter(reader.pk).count(facts, article_facts(article), policy, timezone.now()))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=read, args=(article,)) for article in articles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return decisions


def test_one_article_read_in_many_tabs_at_once_is_counted_once(group):
    reader = make_reader()
    article = make_article(group.section)
    decisions = count_at_once(reader, [article] * 6)
    assert all(decision.show_full for decision in decisions)
    assert sum(decision.counts for decision in decisions) == 1
    assert MeteredRead.objects.filter(reader=reader).count() == 1


def test_the_last_free_article_goes_to_one_request_only(group):
    AccessPolicy.objects.create(publication=None, registered_views=3)
    reader = make_reader()
    already = [make_article(group.section) for _ in range(2)]
    for article in already:
        MeteredRead.objects.create(reader=reader, article=article, counted_at=timezone.now())
    contenders = [make_article(group.section) for _ in range(5)]
    decisions = count_at_once(reader, contenders)
    assert sum(decision.show_full for decision in decisions) == 1
    assert MeteredRead.objects.filter(reader=reader).count() == 3
