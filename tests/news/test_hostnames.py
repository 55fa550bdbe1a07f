"""One install, two hostnames: the group home on one, a title as the root of
another. Each shows its own pages and navigation; one reader account logs in on both."""

import pytest
from django.test import Client
from wagtail.models import Site

from tests.factories import make_article, make_reader, make_topic

pytestmark = pytest.mark.django_db

GROUP_HOST = "news.example.org"
HERALD_HOST = "herald.example.org"


@pytest.fixture
def two_sites(group):
    courier, herald = group.publications
    Site.objects.filter(pk=group.site.pk).update(hostname=GROUP_HOST)
    Site.objects.create(hostname=HERALD_HOST, port=80, root_page=herald, site_name="The Harbour Herald")
    floods = make_topic("Floods")
    make_article(courier.section_pages["news"], "Courier flood story", topics=[floods])
    herald_story = make_article(herald.section_pages["news"], "Herald flood story", topics=[floods])
    return {"courier": courier, "herald": herald, "herald_story": herald_story}


def get(client, host, url):
    return client.get(url, HTTP_HOST=host)


def test_each_hostname_serves_its_own_home_and_navigation(client, two_sites):
    group_home = get(client, GROUP_HOST, "/").content.decode()
    herald_home = get(client, HERALD_HOST, "/").content.decode()

    assert 'class="site-brand" href="/">Masthead Group<' in group_home
    assert 'aria-label="Titles"' in group_home
    assert "Courier flood story" in group_home and "Herald flood story" in group_home

    assert 'class="site-brand site-brand--title" href="/">The Harbour Herald<' in herald_home
    assert 'aria-label="Titles"' not in herald_home
    assert 'href="/news/"' in herald_home and 'href="/sport/"' in herald_home
    assert "Herald flood story" in herald_home
    assert "Courier flood story" not in herald_home
    assert "Northern Courier" not in herald_home


def test_article_urls_are_relative_to_each_hostname(client, two_sites):
    story = two_sites["herald_story"]
    on_herald = get(client, HERALD_HOST, f"/news/{story.slug}/")
    on_group = get(client, GROUP_HOST, f"/harbour-herald/news/{story.slug}/")

    assert on_herald.status_code == on_group.status_code == 200
    assert f'<link rel="canonical" href="http://{HERALD_HOST}/news/{story.slug}/">' in on_herald.content.decode()
    assert get(client, HERALD_HOST, "/northern-courier/").status_code == 404


def test_topic_route_on_a_title_hostname_is_that_titles_topic(client, two_sites):
    herald_topic = get(client, HERALD_HOST, "/topics/floods/").content.decode()
    group_topic = get(client, GROUP_HOST, "/topics/floods/").content.decode()

    assert "Herald flood story" in herald_topic and "Courier flood story" not in herald_topic
    assert "Herald flood story" in group_topic and "Courier flood story" in group_topic


def test_sitemaps_and_feeds_follow_the_hostname(client, two_sites):
    herald_sitemap = get(client, HERALD_HOST, "/sitemap.xml").content.decode()
    assert f"http://{HERALD_HOST}/news/" in herald_sitemap
    assert "northern-courier" not in herald_sitemap
    assert get(client, HERALD_HOST, "/feeds/harbour-herald/").status_code == 200
    assert get(client, HERALD_HOST, "/feeds/northern-courier/").status_code == 404


def test_one_reader_account_logs_in_on_both_hostnames(two_sites):
    make_reader("reader@example.org", password="correct horse battery")
    for host in (GROUP_HOST, HERALD_HOST):
        browser = Client(HTTP_HOST=host)
        assert not browser.get("/").wsgi_request.user.is_authenticated
        response = browser.post(
            "/accounts/login/", {"login": "reader@example.org", "password": "correct horse battery"}
        )
        assert response.status_code == 302, host
        after = browser.get("/")
        assert after.status_code == 200
        assert after.wsgi_request.user.email == "reader@example.org", host
