"""RSS per title and per section: headline, standfirst, link and date for every
story; the body only for free ones."""

import pytest
from lxml import etree

from tests.factories import make_article

pytestmark = pytest.mark.django_db

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def items(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = etree.fromstring(response.content).find("channel")
    return {item.findtext("title"): item for item in channel.findall("item")}


def test_title_feed_lists_its_stories_with_standfirst_link_and_date(client, group):
    courier, herald = group.publications
    article = make_article(courier.section_pages["sport"], "Cup final tonight", standfirst="Kick-off at eight.")
    make_article(herald.section_pages["news"], "Herald story")

    feed = items(client.get("/feeds/northern-courier/"))

    assert set(feed) == {"Cup final tonight"}
    item = feed["Cup final tonight"]
    assert item.findtext("description") == "Kick-off at eight."
    assert item.findtext("link") == f"http://testserver{article.url}"
    assert item.findtext("pubDate")


def test_section_feed_is_limited_to_the_section(client, group):
    courier = group.publications[0]
    make_article(courier.section_pages["news"], "News story")
    make_article(courier.section_pages["sport"], "Sport story")

    assert set(items(client.get("/feeds/northern-courier/sport/"))) == {"Sport story"}


@pytest.mark.parametrize("access_level", ["metered", "premium"])
def test_feeds_never_carry_the_body_of_a_paid_article(client, group, access_level):
    make_article(group.section, "Paid story", access_level=access_level, paragraphs=["Secret first.", "Secret second."])
    for url in ["/feeds/northern-courier/", "/feeds/northern-courier/news/"]:
        response = client.get(url)
        item = items(response)["Paid story"]
        assert item.find(CONTENT) is None
        assert b"Secret first" not in response.content
        assert b"Secret second" not in response.content


def test_free_article_feed_item_carries_its_body(client, group):
    make_article(group.section, "Free story", access_level="free", paragraphs=["Open first.", "Open second."])
    item = items(client.get("/feeds/northern-courier/news/"))["Free story"]
    assert "Open second." in item.findtext(CONTENT)


def test_unknown_feed_is_the_sites_404(client, group):
    assert client.get("/feeds/no-such-title/").status_code == 404
    assert client.get("/feeds/northern-courier/no-such-section/").status_code == 404
