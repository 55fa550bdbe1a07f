import datetime

import pytest
from django.utils import timezone
from lxml import etree

from masthead.news.models import ArticlePage
from tests.factories import days_ago, make_article

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def test_sitemap_lists_live_pages(client, group):
    article = make_article(group.section, "Harbour story")

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    locations = [loc.text for loc in etree.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert "http://localhost/" in locations
    assert "http://localhost/northern-courier/news/" in locations
    assert f"http://localhost{article.url}" in locations


def test_news_sitemap_lists_the_last_48_hours(client, group):
    fresh = make_article(group.section, "Fresh story & more", published_at=days_ago(1))
    make_article(group.section, "Old story", published_at=days_ago(3))

    response = client.get("/news-sitemap.xml")

    assert response.status_code == 200
    root = etree.fromstring(response.content)
    urls = root.findall(f"{SITEMAP}url")
    assert len(urls) == 1
    news = urls[0].find(f"{NEWS}news")
    assert urls[0].findtext(f"{SITEMAP}loc") == f"http://localhost{fresh.url}"
    assert news.findtext(f"{NEWS}title") == "Fresh story & more"
    assert news.find(f"{NEWS}publication").findtext(f"{NEWS}name") == "The Northern Courier"
    assert news.find(f"{NEWS}publication").findtext(f"{NEWS}language") == "en"
    published = datetime.datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
    assert abs(published - ArticlePage.objects.get(pk=fresh.pk).published_at) < datetime.timedelta(seconds=1)
    assert published < timezone.now()
