"""A reader's paywall data in the account download, and gone after erasure."""

import pytest

from masthead.access import personal_data
from masthead.access.actions import do_grant_entitlement
from masthead.access.models import GateImpression, MeteredRead
from tests.factories import make_article, make_reader

pytestmark = pytest.mark.django_db


def test_export_then_erase(client, group):
    reader = make_reader()
    do_grant_entitlement(reader, kind="digital", source="sub_9", publication=group.publications[1])
    client.force_login(reader)
    article = make_article(group.section, "Harbour lights switched on")
    client.get(article.url)
    client.get(make_article(group.section, access_level="premium").url)

    exported = personal_data.export(reader)
    assert exported["entitlements"][0]["title"] == group.publications[1].title
    assert exported["metered_articles_read"][0]["article"] == "Harbour lights switched on"
    assert exported["gates_shown"] == 1

    personal_data.erase(reader)
    assert not MeteredRead.objects.filter(reader=reader).exists()
    assert GateImpression.objects.count() == 1 and not GateImpression.objects.filter(reader=reader).exists()
    assert "9 free articles left this month" in client.get(article.url).content.decode()
