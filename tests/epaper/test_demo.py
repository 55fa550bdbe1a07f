"""The demo extra: a few generated editions per title, once."""

import io
import random
from types import SimpleNamespace

import pytest

from masthead.epaper.demo import DEMO_EDITIONS_PER_TITLE, load_demo_editions
from masthead.epaper.models import Edition

pytestmark = pytest.mark.django_db


def test_demo_editions_are_published_once(group):
    context = SimpleNamespace(publications=group.publications, rng=random.Random(7), stdout=io.StringIO())
    load_demo_editions(context)
    published = Edition.objects.published()
    assert published.count() == DEMO_EDITIONS_PER_TITLE * len(group.publications)
    assert {edition.page_count for edition in published} == {6}
    assert "6 demo editions published" in context.stdout.getvalue()
    load_demo_editions(context)
    assert Edition.objects.count() == DEMO_EDITIONS_PER_TITLE * len(group.publications)
    assert "0 demo editions published" in context.stdout.getvalue()
