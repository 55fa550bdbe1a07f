"""The paywall's staff screens: policies per title, entitlements by hand, the funnel."""

import pytest
from django.contrib.auth import get_user_model

from masthead.access.lookups import policy_for
from masthead.access.models import AccessPolicy, Entitlement
from tests.factories import make_article, make_reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser(email="editor@example.org", password="x" * 12)
    client.force_login(admin)
    client.admin = admin
    return client


POLICY_FORM = {
    "free_views": "5",
    "window_days": "30",
    "registered_views": "20",
    "archive_days": "730",
    "teaser_paragraphs": "2",
}


def test_an_admin_sets_a_title_policy_that_the_paywall_then_applies(admin_client, group):
    title = group.publications[1]
    response = admin_client.post(
        "/admin/snippets/access/accesspolicy/add/", {**POLICY_FORM, "publication": str(title.pk)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert policy_for(title.pk).free_views == 5
    assert policy_for(title.pk).registered_views == 20
    assert policy_for(group.publications[0].pk).free_views == 3, "other titles keep the defaults"


def test_the_group_default_and_unlimited_registered_reading(admin_client, group):
    response = admin_client.post(
        "/admin/snippets/access/accesspolicy/add/", {**POLICY_FORM, "registered_unlimited": "on"}
    )
    assert response.status_code == 302
    assert policy_for(group.publications[0].pk).registered_views is None
    second = admin_client.post("/admin/snippets/access/accesspolicy/add/", POLICY_FORM)
    assert second.status_code == 200
    assert "already a group default" in second.content.decode()
    assert AccessPolicy.objects.count() == 1


def test_a_policy_edit_reaches_the_cached_article_page(admin_client, client, group):
    policy = AccessPolicy.objects.create(publication=None, free_views=3)
    article = make_article(group.section)
    admin_client.logout()
    assert "2 free articles left this month" in client.get(article.url).content.decode()
    policy.free_views = 6
    policy.save()
    client.cookies.clear()
    assert "5 free articles left this month" in client.get(article.url).content.decode()


def test_staff_grant_complimentary_access_and_it_records_who(admin_client, group):
    reader = make_reader("comp@example.org")
    response = admin_client.post(
        "/admin/paywall/entitlements/grant/",
        {"reader_email": "COMP@example.org", "kind": "digital", "publication": "", "note": "Columnist"},
    )
    assert response.status_code == 302
    entitlement = Entitlement.objects.get(reader=reader)
    assert entitlement.created_by == admin_client.admin
    assert entitlement.publication is None and entitlement.note == "Columnist"
    assert entitlement.source.startswith("manual:")
    listing = admin_client.get("/admin/paywall/entitlements/?q=comp@")
    assert "comp@example.org" in listing.content.decode()
    assert "editor@example.org" in listing.content.decode()


def test_staff_revoke_and_it_records_who(admin_client, client, group):
    from masthead.access.actions import do_grant_entitlement

    reader = make_reader()
    entitlement = do_grant_entitlement(reader, kind="digital", source="manual")
    confirm = admin_client.get(f"/admin/paywall/entitlements/{entitlement.pk}/revoke/")
    assert confirm.status_code == 200
    response = admin_client.post(f"/admin/paywall/entitlements/{entitlement.pk}/revoke/")
    assert response.status_code == 302
    entitlement.refresh_from_db()
    assert entitlement.revoked_at is not None
    assert entitlement.revoked_by == admin_client.admin
    assert not Entitlement.objects.active().filter(reader=reader).exists()


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"reader_email": "nobody@example.org", "kind": "digital"}, "No reader has this email address."),
        ({"reader_email": "known@example.org", "kind": "epaper_edition"}, "Choose the edition"),
        (
            {
                "reader_email": "known@example.org",
                "kind": "digital",
                "starts_at": "2026-05-01 10:00",
                "ends_at": "2026-04-01 10:00",
            },
            "The end must come after the start.",
        ),
        ({"reader_email": "not an email", "kind": "digital"}, "Enter a valid email address."),
    ],
)
def test_a_bad_grant_gets_a_clear_message(admin_client, group, form, message):
    make_reader("known@example.org")
    response = admin_client.post("/admin/paywall/entitlements/grant/", form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Entitlement.objects.exists()


def test_readers_cannot_reach_the_entitlement_screens(client, group):
    client.force_login(make_reader())
    for path in ("/admin/paywall/entitlements/", "/admin/paywall/entitlements/grant/", "/admin/paywall/funnel/"):
        assert client.get(path).status_code in (302, 403)
    assert not Entitlement.objects.exists()


def test_the_funnel_report_counts_gates_and_draws_a_chart(admin_client, client, group):
    articles = [make_article(group.section) for _ in range(5)]
    admin_client.logout()
    for article in articles:
        client.get(article.url)
    client.force_login(admin_client.admin)
    report = client.get("/admin/paywall/funnel/").content.decode()
    assert "<svg" in report and "Gates shown: 2" in report
