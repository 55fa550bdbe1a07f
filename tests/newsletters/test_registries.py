"""The newsletters app's parts of the shared registries: personal data, the demo, the clock."""

import io
from types import SimpleNamespace

import pytest
from django.conf import settings

from masthead.newsletters import personal_data
from masthead.newsletters.actions import do_suppress
from masthead.newsletters.demo import load_demo_newsletters
from masthead.newsletters.models import NewsletterList, Subscriber, Subscription, Suppression
from tests.factories import make_reader

pytestmark = pytest.mark.django_db


def test_registered_in_settings():
    assert "masthead.newsletters.jobs.send_due_newsletters" in settings.MASTHEAD_PERIODIC_JOBS
    assert "masthead.newsletters.personal_data" in settings.MASTHEAD_PERSONAL_DATA
    assert "masthead.newsletters.demo.load_demo_newsletters" in settings.MASTHEAD_DEMO_EXTRAS


def test_export_and_erase_a_readers_newsletter_data():
    reader = make_reader("Someone@Example.org".lower())
    newsletter_list = NewsletterList.objects.create(name="Daily", slug="daily")
    subscriber = Subscriber.objects.create(email="someone@example.org")
    Subscription.objects.create(subscriber=subscriber, newsletter_list=newsletter_list, source="footer")
    do_suppress("someone@example.org", "complaint")

    exported = personal_data.export(reader)
    assert exported["newsletter_subscribers"][0]["email"] == "someone@example.org"
    assert exported["newsletter_subscribers"][0]["lists"][0]["list"] == "Daily"

    personal_data.erase(reader)
    assert not Subscriber.objects.exists()
    suppression = Suppression.objects.get()
    assert suppression.email == "" and suppression.reason == "complaint", "still never written to, but unnamed"


def test_the_demo_extra_is_idempotent(group):
    readers = {"registered": make_reader("registered@example.org")}
    context = SimpleNamespace(publications=group.publications, readers=readers, stdout=io.StringIO(), rng=None)

    load_demo_newsletters(context)
    load_demo_newsletters(context)

    slugs = set(NewsletterList.objects.values_list("slug", flat=True))
    assert {"daily-digest", "weekly-sport"} <= slugs
    assert len(slugs) == 2 + len(group.publications)
    assert Subscriber.objects.filter(confirmed_at__isnull=False).count() == 6
    assert NewsletterList.objects.get(slug="weekly-sport").section_slug == "sport"
