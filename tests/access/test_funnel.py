"""The funnel: gates shown, and the registrations and subscriptions that follow one."""

import pytest

from masthead.access.actions import do_grant_entitlement
from masthead.access.models import FunnelConversion, FunnelStep, GateImpression
from tests.factories import make_article, make_reader

pytestmark = pytest.mark.django_db


def hit_the_gate(client, group):
    articles = [make_article(group.section) for _ in range(4)]
    for article in articles:
        client.get(article.url)
    return articles[-1]


def test_every_gate_shown_is_recorded(client, group):
    gated = hit_the_gate(client, group)
    client.get(gated.url)
    impressions = GateImpression.objects.filter(article=gated)
    assert impressions.count() == 2
    impression = impressions.first()
    assert impression.gate == "register"
    assert impression.publication_id == group.publications[0].pk
    assert impression.reader is None and len(impression.anonymous_id) >= 8
    assert impressions.values("anonymous_id").distinct().count() == 1


def test_no_gate_no_record(client, group):
    for article in [make_article(group.section) for _ in range(3)]:
        client.get(article.url)
    assert not GateImpression.objects.exists()


def test_a_registration_after_a_gate_is_linked_to_it(client, group):
    gated = hit_the_gate(client, group)
    response = client.post(
        f"/accounts/signup/?next={gated.url}",
        {"email": "converted@example.org", "password1": "a long and unusual passphrase", "next": gated.url},
    )
    assert response.status_code == 302
    assert "mh_gate" not in response.cookies and "mh_gate" not in client.cookies  # no cookie of its own
    conversion = FunnelConversion.objects.get(step=FunnelStep.REGISTERED)
    assert conversion.article_id == gated.pk and conversion.gate == "register"
    assert conversion.gate_token == GateImpression.objects.get(article=gated).token
    assert conversion.reader.email == "converted@example.org"


def test_a_subscription_after_a_gate_is_linked_to_it(client, group, django_capture_on_commit_callbacks):
    reader = make_reader()
    client.force_login(reader)
    premium = make_article(group.section, access_level="premium")
    client.get(premium.url)
    impression = GateImpression.objects.get(reader=reader)
    assert impression.gate == "subscribe" and impression.reason == "premium"
    with django_capture_on_commit_callbacks(execute=True):
        entitlement = do_grant_entitlement(reader, kind="digital", source="sub_123")
    conversion = FunnelConversion.objects.get(step=FunnelStep.SUBSCRIBED)
    assert conversion.gate_token == impression.token and conversion.entitlement == entitlement
    assert conversion.publication_id == group.publications[0].pk


def test_a_subscription_after_registering_from_a_gate_goes_back_to_that_gate(
    client, group, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    gated = hit_the_gate(client, group)
    client.post(
        f"/accounts/signup/?next={gated.url}",
        {"email": "later@example.org", "password1": "a long and unusual passphrase", "next": gated.url},
    )
    reader = get_user_model().objects.get(email="later@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        do_grant_entitlement(reader, kind="digital", source="sub_456")
    steps = set(FunnelConversion.objects.filter(article=gated).values_list("step", flat=True))
    assert steps == {FunnelStep.REGISTERED, FunnelStep.SUBSCRIBED}


def test_complimentary_access_granted_by_staff_is_not_a_conversion(client, group, django_capture_on_commit_callbacks):
    reader = make_reader()
    client.force_login(reader)
    client.get(make_article(group.section, access_level="premium").url)
    staff = make_reader(is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        do_grant_entitlement(reader, kind="digital", source="manual", acting_user=staff)
    assert not FunnelConversion.objects.exists()


def test_a_gate_shown_in_another_browser_is_not_credited(client, group):
    from django.test import Client

    hit_the_gate(Client(), group)
    response = client.post(
        "/accounts/signup/", {"email": "elsewhere@example.org", "password1": "a long and unusual passphrase"}
    )
    assert response.status_code == 302
    assert not FunnelConversion.objects.exists()


def test_a_forged_meter_cookie_is_traced_to_no_gate(client, group):
    hit_the_gate(client, group)
    anonymous_id = GateImpression.objects.first().anonymous_id
    client.cookies["mh_meter"] = f"{anonymous_id}~:forged:signature"
    response = client.post(
        "/accounts/signup/", {"email": "plain@example.org", "password1": "a long and unusual passphrase"}
    )
    assert response.status_code == 302
    assert not FunnelConversion.objects.exists()


def test_gates_are_written_in_batches(client, group, settings):
    from masthead.access.funnel import flush_gate_impressions

    settings.MASTHEAD_FUNNEL_BATCH_SIZE = 3
    gated = hit_the_gate(client, group)
    client.get(gated.url)
    assert GateImpression.objects.count() == 0, "two gates wait in the batch"
    client.get(gated.url)
    assert GateImpression.objects.count() == 3
    client.get(gated.url)
    flush_gate_impressions()
    assert GateImpression.objects.count() == 4
