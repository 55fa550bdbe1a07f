"""Readers never reach a draft, a scheduled or an unpublished article: not by its
URL, a listing, a topic or author route, a feed or a sitemap."""

import datetime

import pytest
from django.utils import timezone

from masthead.news.models import ArticlePage
from tests.factories import make_article, make_author, make_topic

pytestmark = pytest.mark.django_db

HIDDEN_URLS = [
    "/",
    "/northern-courier/",
    "/northern-courier/news/",
    "/topics/secrets/",
    "/authors/ann-byrne/",
    "/northern-courier/topics/secrets/",
    "/feeds/northern-courier/",
    "/feeds/northern-courier/news/",
    "/sitemap.xml",
    "/news-sitemap.xml",
]


@pytest.fixture
def hidden_articles(group):
    """A draft, a scheduled article, an unpublished one, and one visible story beside them."""
    topic = make_topic("Secrets")
    author = make_author("Ann Byrne")
    common = {"topics": [topic], "authors": [author], "access_level": "free"}
    visible = make_article(group.section, "Visible harbour story", **common)
    draft = make_article(group.section, "Draft about the budget", live=False, **common)

    scheduled = make_article(group.section, "Scheduled budget leak", live=False, **common)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=1)
    scheduled.save_revision().publish()

    unpublished = make_article(group.section, "Withdrawn budget story", **common)
    unpublished.unpublish()
    hidden = [ArticlePage.objects.get(pk=page.pk) for page in (draft, scheduled, unpublished)]
    return {"visible": visible, "hidden": hidden}


def test_scheduled_article_is_not_live_yet(hidden_articles):
    scheduled = hidden_articles["hidden"][1]
    assert not scheduled.live
    assert scheduled.revisions.filter(approved_go_live_at__isnull=False).exists()


def test_hidden_articles_are_not_reachable_by_their_url(client, hidden_articles):
    for article in hidden_articles["hidden"]:
        response = client.get("/northern-courier/news/" + article.slug + "/")
        assert response.status_code == 404, article.title


@pytest.mark.parametrize("url", HIDDEN_URLS)
def test_hidden_articles_appear_in_no_listing_feed_or_sitemap(client, hidden_articles, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert f"/{hidden_articles['visible'].slug}/" in body  # the page does list stories
    for article in hidden_articles["hidden"]:
        assert article.title not in body, (url, article.title)
        assert f"/{article.slug}/" not in body, (url, article.title)


def test_live_article_with_a_future_publication_time_is_hidden(client, group):
    """An article whose publication time lies ahead (loaded in bulk, say) is not shown early."""
    article = make_article(group.section, "Tomorrow's front page", access_level="free")
    ArticlePage.objects.filter(pk=article.pk).update(published_at=timezone.now() + datetime.timedelta(hours=3))

    assert client.get(article.url).status_code == 404
    for url in ["/", "/northern-courier/news/", "/feeds/northern-courier/", "/sitemap.xml", "/news-sitemap.xml"]:
        assert b"Tomorrow&#x27;s front page" not in client.get(url).content
        assert article.slug.encode() not in client.get(url).content, url


def test_related_stories_leave_out_hidden_articles(client, group):
    topic = make_topic("Harbour")
    visible = make_article(group.section, "Harbour story", topics=[topic], access_level="free")
    make_article(group.section, "Draft harbour story", topics=[topic], live=False)
    body = client.get(visible.url).content.decode()
    assert "Draft harbour story" not in body
