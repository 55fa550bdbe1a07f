"""The extras other apps register in MASTHEAD_DEMO_EXTRAS run after the core
group, with the loaded group and the demo accounts; a failing one is named and
stops the command."""

import io
import shutil
import tempfile

import pytest
from django.core.management import call_command
from django.test import override_settings

from masthead.news.models import PublicationPage

received = []


def record_extra(context):
    received.append(context)


def failing_extra(context):
    raise RuntimeError("the plans table is missing")


@pytest.fixture
def media_root():
    path = tempfile.mkdtemp(prefix="masthead-demo-extras-")
    with override_settings(MEDIA_ROOT=path):
        yield path
    shutil.rmtree(path, ignore_errors=True)


def run_demo(extras):
    output = io.StringIO()
    with override_settings(MASTHEAD_DEMO_EXTRAS=extras):
        call_command("demo", articles=5, pictures=1, stdout=output)
    return output.getvalue()


@pytest.mark.django_db
def test_each_extra_gets_the_group_the_readers_and_a_seeded_rng(media_root):
    received.clear()
    run_demo(["tests.demo.test_extras.record_extra"])
    (context,) = received
    assert [publication.pk for publication in context.publications] == list(
        PublicationPage.objects.order_by("path").values_list("pk", flat=True)
    )
    assert len(context.sections) == 20
    assert set(context.readers) == {"admin", "reader", "subscriber"}
    assert context.readers["subscriber"].email == "subscriber@masthead.example"
    assert context.articles_count == 5
    first_draw = context.rng.random()

    received.clear()
    run_demo(["tests.demo.test_extras.record_extra"])
    assert received[0].rng.random() == first_draw


@pytest.mark.django_db
def test_a_failing_extra_is_named_and_stops_the_command(media_root):
    output = io.StringIO()
    failing = override_settings(MASTHEAD_DEMO_EXTRAS=["tests.demo.test_extras.failing_extra"])
    with failing, pytest.raises(RuntimeError, match="plans table"):
        call_command("demo", articles=5, pictures=1, stdout=output)
    assert "tests.demo.test_extras.failing_extra failed" in output.getvalue()
