"""The article page for each kind of reader, through its URL."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from masthead.access.actions import do_grant_entitlement
from masthead.access.models import AccessPolicy, MeteredRead
from tests.factories import days_ago, make_article, make_reader

pytestmark = pytest.mark.django_db


def read(client, article, status=200):
    response = client.get(article.url)
    assert response.status_code == status
    return response.content.decode()


def hidden_sentence(article):
    return f"Second paragraph {article.slug.removeprefix('story-')} carries the hidden detail"


def test_anonymous_reader_reads_three_then_meets_the_register_gate(client, group):
    articles = [make_article(group.section) for _ in range(4)]
    pages = [read(client, article) for article in articles[:3]]
    for article, html in zip(articles, pages, strict=False):
        assert hidden_sentence(article) in html
    assert "2 free articles left this month" in pages[0]
    assert "1 free article left this month" in pages[1]
    assert "This is your last free article this month." in pages[2]
    gated = read(client, articles[3])
    assert "Opening paragraph" in gated
    assert hidden_sentence(articles[3]) not in gated
    assert 'class="paywalled-content"' in gated
    assert f"/accounts/signup/?next={articles[3].url}" in gated
    assert f"/accounts/login/?next={articles[3].url}" in gated
    assert f"/subscribe/?next={articles[3].url}" in gated
    assert "Register for free" in gated


def test_rereading_a_counted_article_costs_nothing(client, group):
    articles = [make_article(group.section) for _ in range(4)]
    for article in articles[:3]:
        read(client, article)
    again = read(client, articles[0])
    assert hidden_sentence(articles[0]) in again
    assert hidden_sentence(articles[3]) not in read(client, articles[3])


def test_free_articles_are_open_uncounted_and_publicly_cacheable(client, group):
    free = make_article(group.section, access_level="free")
    metered = make_article(group.section)
    for _ in range(5):
        response = client.get(free.url)
        assert hidden_sentence(free) in response.content.decode()
    assert "public" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert "free articles left" not in response.content.decode()
    assert "2 free articles left this month" in read(client, metered)


def test_metered_and_gated_responses_are_private(client, group):
    articles = [make_article(group.section) for _ in range(4)]
    for article in articles:
        response = client.get(article.url)
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert "Cookie" in response["Vary"]


def test_premium_asks_everyone_without_a_subscription_to_subscribe(client, group):
    premium = make_article(group.section, access_level="premium")
    html = read(client, premium)
    assert hidden_sentence(premium) not in html
    assert "This story is for subscribers" in html
    client.force_login(make_reader())
    html = read(client, premium)
    assert hidden_sentence(premium) not in html
    assert f"/subscribe/?next={premium.url}" in html
    assert "/accounts/signup/" not in html.split('class="paywalled-content"')[1]


def test_archive_asks_for_a_subscription(client, group):
    old = make_article(group.section, published_at=days_ago(400))
    client.force_login(make_reader())
    html = read(client, old)
    assert hidden_sentence(old) not in html
    assert "This story is in our archive" in html


def test_subscriber_reads_everything_uncounted(client, group):
    reader = make_reader()
    do_grant_entitlement(reader, kind="digital", source="test", publication=group.publications[0])
    client.force_login(reader)
    for article in [
        make_article(group.section, access_level="premium"),
        make_article(group.section, published_at=days_ago(900)),
        make_article(group.section),
    ]:
        html = read(client, article)
        assert hidden_sentence(article) in html
        assert "free article" not in html
    assert not MeteredRead.objects.filter(reader=reader).exists()


def test_subscription_to_another_title_does_not_open_this_one(client, group):
    reader = make_reader()
    do_grant_entitlement(reader, kind="digital", source="test", publication=group.publications[1])
    client.force_login(reader)
    premium = make_article(group.section, access_level="premium")
    assert hidden_sentence(premium) not in read(client, premium)


def test_staff_read_everything(client, group):
    client.force_login(make_reader(is_staff=True))
    premium = make_article(group.section, access_level="premium", published_at=days_ago(900))
    assert hidden_sentence(premium) in read(client, premium)


def test_registered_reader_has_the_policy_allowance_then_the_subscribe_gate(client, group):
    AccessPolicy.objects.create(publication=None, registered_views=2)
    reader = make_reader()
    client.force_login(reader)
    articles = [make_article(group.section) for _ in range(3)]
    assert "1 free article left this month" in read(client, articles[0])
    assert hidden_sentence(articles[1]) in read(client, articles[1])
    gated = read(client, articles[2])
    assert hidden_sentence(articles[2]) not in gated
    assert "You have read your free articles this month" in gated
    assert f"/subscribe/?next={articles[2].url}" in gated
    assert MeteredRead.objects.filter(reader=reader).count() == 2


def test_registered_unlimited_reads_every_metered_article(client, group):
    AccessPolicy.objects.create(publication=None, registered_unlimited=True)
    client.force_login(make_reader())
    for article in [make_article(group.section) for _ in range(4)]:
        html = read(client, article)
        assert hidden_sentence(article) in html
        assert "free article" not in html


def test_each_title_has_its_own_policy(client, group):
    AccessPolicy.objects.create(publication=group.publications[1], free_views=1, teaser_paragraphs=2)
    herald_news = group.publications[1].section_pages["news"]
    first, second = make_article(herald_news), make_article(herald_news)
    assert "This is your last free article this month." in read(client, first)
    gated = read(client, second)
    assert hidden_sentence(second) in gated  # a teaser of two paragraphs
    assert "Third paragraph" not in gated
    courier = make_article(group.section)
    assert hidden_sentence(courier) in read(client, courier)


def test_one_readers_state_is_never_served_to_another(client, group):
    article = make_article(group.section)
    reader = make_reader("someone@example.org")
    client.force_login(reader)
    logged_in = read(client, article)
    assert "Log out" in logged_in
    client.logout()
    anonymous = read(client, article)
    assert "Log out" not in anonymous
    assert "someone@example.org" not in anonymous
    assert "Log in" in anonymous
    assert "2 free articles left this month" in anonymous


def test_each_logged_in_reader_gets_their_own_csrf_token(client, group):
    from django.middleware.csrf import _unmask_cipher_token

    article = make_article(group.section)
    for _ in range(2):
        client.force_login(make_reader())
        response = client.get(article.url)
        html = response.content.decode()
        token = html.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
        assert _unmask_cipher_token(token) == response.cookies["csrftoken"].value
        client.logout()


def test_a_new_revision_is_served_once_published(client, group):
    article = make_article(group.section, access_level="free")
    assert "Opening paragraph" in read(client, article)
    article.body = '[{"type": "paragraph", "value": "<p>Corrected opening of the story.</p>"}]'
    article.save_revision().publish()
    html = read(client, article)
    assert "Corrected opening of the story." in html
    assert "Opening paragraph" not in html


def test_unpublished_and_draft_articles_are_not_found(client, group):
    article = make_article(group.section, access_level="free")
    draft = make_article(group.section, access_level="free", live=False)
    read(client, article)
    article.unpublish()
    assert client.get(article.url).status_code == 404
    assert client.get(f"{group.section.url}{draft.slug}/").status_code == 404


def test_a_moved_article_is_served_at_its_new_url(client, group):
    article = make_article(group.section, access_level="free")
    old_url = article.url
    read(client, article)
    article.move(group.publications[0].section_pages["sport"], pos="last-child")
    article.refresh_from_db()
    assert client.get(old_url).status_code in (301, 302, 404)
    assert "Opening paragraph" in read(client, article)


def test_a_view_restriction_still_applies(client, group):
    article = make_article(group.section, access_level="free")
    read(client, article)
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_broken_meter_cookie_reads_as_no_cookie(client, group):
    article = make_article(group.section)
    client.cookies["mh_meter"] = "forged~value:abc:def"
    html = read(client, article)
    assert "2 free articles left this month" in html


def test_an_uncached_article_page_takes_at_most_ten_queries(client, group, django_assert_max_num_queries):
    warm, article = make_article(group.section), make_article(group.section)
    read(client, warm)  # the site-wide caches (navigation, policies) are warm; this article is not
    with django_assert_max_num_queries(10):
        read(client, article)


def test_a_cached_article_page_for_an_anonymous_reader_takes_no_query(client, group):
    article = make_article(group.section)
    read(client, article)
    with CaptureQueriesContext(connection) as queries:
        read(client, article)
    assert len(queries) == 0, [query["sql"] for query in queries]


def test_a_cached_article_page_for_a_logged_in_reader_takes_few_queries(client, group):
    article = make_article(group.section)
    client.force_login(make_reader())
    read(client, article)
    with CaptureQueriesContext(connection) as queries:
        read(client, article)
    assert len(queries) <= 4, [query["sql"] for query in queries]


def test_the_render_cache_survives_a_cleared_route_cache(client, group):
    article = make_article(group.section, access_level="free")
    read(client, article)
    cache.clear()
    assert "Opening paragraph" in read(client, article)


def test_a_publicly_cacheable_page_never_sets_a_cookie(client, group):
    free, metered = make_article(group.section, access_level="free"), make_article(group.section)
    for cookie in ("", "broken", "forged~value:abc:def"):
        client.cookies["mh_meter"] = cookie
        response = client.get(free.url)
        assert "public" in response["Cache-Control"]
        assert not response.cookies
    response = client.get(metered.url)
    assert "private" in response["Cache-Control"] and response.cookies["mh_meter"].value


def test_a_preview_of_a_live_articles_draft_shows_the_draft(client, group):
    article = make_article(group.section, "Live headline", access_level="free")
    assert "Live headline" in read(client, article)  # the live page is in the render cache
    article.title = "Draft headline"
    article.save_revision()
    preview = article.get_latest_revision_as_object().make_preview_request()
    assert "Draft headline" in preview.content.decode()
    assert "Draft headline" not in read(client, article)
