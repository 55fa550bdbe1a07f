"""Moving pages in the tree keeps each article's denormalised section and title true."""

import pytest

from masthead.news.models import ArticlePage, SectionPage
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_moving_an_article_to_another_titles_section(client, group):
    courier, herald = group.publications
    article = make_article(courier.section_pages["news"], "Moving story", access_level="free")

    article.move(herald.section_pages["sport"], pos="last-child")

    moved = ArticlePage.objects.get(pk=article.pk)
    assert moved.section_id == herald.section_pages["sport"].pk
    assert moved.publication_id == herald.pk
    assert "Moving story" in client.get("/harbour-herald/sport/").content.decode()
    assert "Moving story" not in client.get("/northern-courier/news/").content.decode()
    assert client.get(f"/harbour-herald/sport/{article.slug}/").status_code == 200


def business_section(publication):
    return publication.add_child(instance=SectionPage(title="Business", slug="business"))


def test_moving_a_section_carries_its_articles_to_the_new_title(client, group):
    courier, herald = group.publications
    section = business_section(courier)
    articles = [make_article(section, f"Business story {number}") for number in range(3)]

    section.move(herald, pos="last-child")

    assert {article.publication_id for article in ArticlePage.objects.filter(pk__in=[a.pk for a in articles])} == {
        herald.pk
    }
    herald_page = client.get("/harbour-herald/").content.decode()
    assert "Business story 0" in herald_page
    assert "Business story 0" not in client.get("/northern-courier/").content.decode()


def test_navigation_follows_a_moved_section(client, group):
    courier, herald = group.publications
    section = business_section(courier)
    assert 'href="/northern-courier/business/"' in client.get("/northern-courier/").content.decode()
    section.move(herald, pos="last-child")
    assert 'href="/harbour-herald/business/"' in client.get("/harbour-herald/").content.decode()
    assert 'href="/northern-courier/business/"' not in client.get("/northern-courier/").content.decode()
