"""Open Graph, Twitter cards and JSON-LD NewsArticle on article pages; a gated
article says so and carries none of its body."""

import json

import pytest
from lxml import html

from masthead.news.structured_data import json_ld_script
from tests.factories import make_article, make_author

pytestmark = pytest.mark.django_db


def parse(response):
    assert response.status_code == 200
    return html.fromstring(response.content)


def json_ld(document):
    (script,) = document.xpath('//script[@type="application/ld+json"]')
    return json.loads(script.text)


def meta(document, attribute, name):
    (element,) = document.xpath(f'//meta[@{attribute}="{name}"]')
    return element.get("content")


def test_open_graph_and_twitter_describe_the_article_with_the_standfirst_only(client, group, make_image):
    article = make_article(
        group.section,
        "Harbour wall to be rebuilt",
        standfirst="Work starts in spring.",
        access_level="free",
        paragraphs=["Body text that stays on the page."],
    )
    article.hero_image = make_image()
    article.save_revision().publish()

    document = parse(client.get(article.url))

    canonical = f"http://localhost{article.url}"
    assert document.xpath('//link[@rel="canonical"]/@href') == [canonical]
    assert meta(document, "property", "og:title") == "Harbour wall to be rebuilt"
    assert meta(document, "property", "og:description") == "Work starts in spring."
    assert meta(document, "property", "og:url") == canonical
    assert meta(document, "property", "og:type") == "article"
    assert meta(document, "property", "og:image").startswith("http://testserver/media/")
    assert meta(document, "name", "twitter:card") == "summary_large_image"
    assert meta(document, "name", "twitter:description") == "Work starts in spring."
    head = html.tostring(document.head).decode()
    assert "Body text that stays on the page" not in head


def test_json_ld_news_article_for_a_free_article(client, group):
    ann = make_author("Ann Byrne")
    article = make_article(group.section, "Ferry timetable changes", access_level="free", authors=[ann])

    data = json_ld(parse(client.get(article.url)))

    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Ferry timetable changes"
    assert data["datePublished"] and data["dateModified"]
    assert data["author"] == [{"@type": "Person", "name": "Ann Byrne", "url": "http://testserver/authors/ann-byrne/"}]
    assert data["publisher"]["name"] == "The Northern Courier"
    assert data["mainEntityOfPage"]["@id"] == f"http://localhost{article.url}"
    assert data["isAccessibleForFree"] is True
    assert "hasPart" not in data
    assert "articleBody" not in data


def test_json_ld_of_a_gated_article_marks_the_paywalled_part(client, group):
    article = make_article(
        group.section, "Premium investigation", access_level="premium", paragraphs=["Teaser.", "Hidden revelation."]
    )

    response = client.get(article.url)
    document = parse(response)
    data = json_ld(document)

    assert response.context["decision"].show_full is False
    assert data["isAccessibleForFree"] is False
    assert data["hasPart"] == {
        "@type": "WebPageElement",
        "isAccessibleForFree": False,
        "cssSelector": ".paywalled-content",
    }
    assert "articleBody" not in data
    assert b"Hidden revelation" not in response.content
    assert document.xpath('//*[contains(concat(" ", normalize-space(@class), " "), " paywalled-content ")]')


def test_json_ld_cannot_close_its_script_element():
    markup = str(json_ld_script({"headline": "</script><script>alert(1)</script> & <b>"}))
    assert markup.count("</script>") == 1
    assert "<b>" not in markup
    assert json.loads(markup.removeprefix('<script type="application/ld+json">').removesuffix("</script>")) == {
        "headline": "</script><script>alert(1)</script> & <b>"
    }
