"""The reading pages: what a reader sees on the home, title, section, topic,
author and article pages, and that listings do not query per story."""

import re

import pytest

from masthead.news.listings import bump_listings_version
from masthead.news.models import ArticlePage
from tests.factories import days_ago, make_article, make_author, make_topic

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def test_home_orders_top_stories_by_importance_then_recency(client, group):
    routine = make_article(group.section, "Routine council meeting", importance=0, published_at=days_ago(0.1))
    top_old = make_article(group.section, "Harbour bridge closes", importance=3, published_at=days_ago(2))
    top_new = make_article(group.section, "Floods hit the quay", importance=3, published_at=days_ago(1))
    make_article(group.section, "Ancient top story", importance=3, published_at=days_ago(30))

    response = client.get("/")

    assert response.status_code == 200
    top = [story.pk for story in response.context["top_stories"]]
    assert top[:3] == [top_new.pk, top_old.pk, routine.pk]
    body = text(response)
    assert body.index("Floods hit the quay") < body.index("Harbour bridge closes") < body.index("Routine council")


def test_home_shows_latest_per_title_with_links(client, group):
    courier, herald = group.publications
    make_article(courier.section_pages["news"], "Courier story about the mill")
    make_article(herald.section_pages["sport"], "Herald story about the regatta")

    body = text(client.get("/"))

    assert 'href="/northern-courier/"' in body
    assert 'href="/harbour-herald/"' in body
    assert "Courier story about the mill" in body
    assert "Herald story about the regatta" in body
    assert 'role="search"' in body and 'action="/search/"' in body


def test_publication_page_lists_its_sections_and_stories_only(client, group):
    courier, herald = group.publications
    make_article(courier.section_pages["sport"], "Courier cup final report")
    make_article(herald.section_pages["news"], "Herald only news")

    response = client.get("/northern-courier/")

    assert response.status_code == 200
    body = text(response)
    assert "Courier cup final report" in body
    assert "Herald only news" not in body
    assert 'href="/northern-courier/sport/"' in body
    assert courier.css_class in body


def test_section_page_is_paginated_newest_first(client, group):
    for day in range(25):
        make_article(group.section, f"Story of day {day:02d}", published_at=days_ago(day))

    first = client.get(group.section.url)
    second = client.get(group.section.url + "?page=2")

    assert first.status_code == second.status_code == 200
    assert "Story of day 00" in text(first) and "Story of day 19" in text(first)
    assert "Story of day 20" not in text(first)
    assert "Story of day 24" in text(second)
    assert 'rel="next" href="?page=2"' in text(first)
    assert "Page 2 of 2" in text(second)


@pytest.mark.parametrize("raw", ["0", "-4", "999", "99999999999999999999"])
def test_out_of_range_page_number_gives_the_nearest_page(client, group, raw):
    make_article(group.section, "Only story")
    response = client.get(group.section.url, {"page": raw})
    assert response.status_code == 200
    assert "Only story" in text(response)


@pytest.mark.parametrize("raw", ["abc", "2.5", "1e3", "%00", "١", "9" * 60])
def test_malformed_page_number_is_a_bad_request(client, group, raw):
    response = client.get(group.section.url, {"page": raw})
    assert response.status_code == 400
    assert "didn&#x27;t make sense" in text(response) or "didn't make sense" in text(response)


def test_topic_page_lists_stories_of_the_topic_across_titles(client, group):
    floods = make_topic("Floods")
    courier, herald = group.publications
    make_article(courier.section_pages["news"], "Courier flood story", topics=[floods])
    make_article(herald.section_pages["news"], "Herald flood story", topics=[floods])
    make_article(herald.section_pages["news"], "Unrelated story")

    response = client.get("/topics/floods/")

    assert response.status_code == 200
    body = text(response)
    assert "<h1" in body and "Floods" in body
    assert "Courier flood story" in body and "Herald flood story" in body
    assert "Unrelated story" not in body


def test_title_topic_route_is_filtered_to_that_title(client, group):
    floods = make_topic("Floods")
    courier, herald = group.publications
    make_article(courier.section_pages["news"], "Courier flood story", topics=[floods])
    make_article(herald.section_pages["news"], "Herald flood story", topics=[floods])

    body = text(client.get("/harbour-herald/topics/floods/"))

    assert "Herald flood story" in body
    assert "Courier flood story" not in body


def test_author_page_lists_the_authors_stories(client, group):
    ann = make_author("Ann Byrne")
    make_article(group.section, "Ann writes about ferries", authors=[ann])
    make_article(group.section, "Someone else writes")

    response = client.get("/authors/ann-byrne/")

    assert response.status_code == 200
    assert "Ann writes about ferries" in text(response)
    assert "Someone else writes" not in text(response)
    assert client.get("/northern-courier/authors/ann-byrne/").status_code == 200


def test_unknown_topic_author_and_page_give_the_sites_own_404(client, group):
    for url in ["/topics/no-such-topic/", "/authors/nobody/", "/no/such/page/", "/northern-courier/topics/x/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "We couldn&#x27;t find that page" in text(response) or "We couldn't find that page" in text(response)
        assert 'class="site-header"' in text(response)


def test_article_page_shows_what_a_reader_expects(client, group, make_image):
    ann = make_author("Ann Byrne")
    tom = make_author("Tom Walsh")
    harbour = make_topic("Harbour")
    article = make_article(
        group.section,
        "Harbour wall to be rebuilt",
        standfirst="Work starts in spring after years of storm damage.",
        authors=[ann, tom],
        topics=[harbour],
        agency_credit="Press Association",
        access_level="free",
    )
    article.hero_image = make_image()
    article.hero_caption = "The harbour wall after the January storm."
    article.hero_alt = "A cracked stone wall beside a harbour"
    article.save_revision().publish()
    ArticlePage.objects.filter(pk=article.pk).update(
        published_at=days_ago(1).replace(year=2025, month=10, day=9, hour=12)
    )
    sibling = make_article(group.section, "Harbour fees to rise", topics=[harbour])

    response = client.get(article.url)

    assert response.status_code == 200
    body = text(response)
    assert '<h1 class="article__headline">Harbour wall to be rebuilt</h1>' in body
    assert "09 Oct 2025" in body
    assert 'href="/authors/ann-byrne/">Ann Byrne</a> and <a href="/authors/tom-walsh/">Tom Walsh</a>' in body
    assert "Press Association" in body
    assert "Work starts in spring after years of storm damage." in body
    assert 'alt="A cracked stone wall beside a harbour"' in body
    assert re.search(r'<img src="[^"]+" width="\d+" height="\d+"', body)
    assert "The harbour wall after the January storm." in body
    assert 'href="/topics/harbour/">Harbour</a>' in body
    assert "Related stories" in body and sibling.title in body
    assert f'<link rel="canonical" href="http://localhost{article.url}">' in body
    assert 'href="/northern-courier/">The Northern Courier</a>' in body
    assert "Second paragraph" in body


def _stories_with_images(group, make_image, count):
    image = make_image()
    ann = make_author("Ann Byrne")
    floods = make_topic("Floods")
    for publication in group.publications:
        for section in publication.section_pages.values():
            for number in range(count):
                article = make_article(section, f"{section.title} story {number}", authors=[ann], topics=[floods])
                ArticlePage.objects.filter(pk=article.pk).update(hero_image=image)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/northern-courier/",
        "/northern-courier/news/",
        "/topics/floods/",
        "/authors/ann-byrne/",
        "/northern-courier/topics/floods/",
    ],
)
def test_listing_pages_do_not_query_per_story(client, group, make_image, django_assert_max_num_queries, url):
    _stories_with_images(group, make_image, 6)
    assert client.get(url).status_code == 200  # creates the renditions, warms the navigation
    bump_listings_version()  # the listing itself is rendered afresh
    # Fixed costs (site, page, session, policy...), the lead stories, one small query per title or
    # section block and one for all their cards: the count does not grow with the number of stories.
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.count(b'<article class="card ') >= 4


def test_an_uncached_article_with_picture_topics_and_related_stories_takes_at_most_ten_queries(
    client, group, make_image, django_assert_max_num_queries
):
    _stories_with_images(group, make_image, 3)
    warm, article = ArticlePage.objects.live().order_by("pk")[:2]
    assert client.get(warm.url).status_code == 200  # the site-wide caches are warm; this article is not
    with django_assert_max_num_queries(10):
        response = client.get(article.url)
    assert response.status_code == 200
    assert response.content.count(b'<article class="card ') == 4


def test_a_cached_listing_is_served_without_listing_queries(client, group, django_assert_max_num_queries):
    make_article(group.section, "Cached story")
    client.get("/")
    with django_assert_max_num_queries(4):
        assert "Cached story" in text(client.get("/"))


def test_a_newly_published_story_appears_on_the_cached_home_page(client, group):
    make_article(group.section, "First story")
    assert "First story" in text(client.get("/"))
    make_article(group.section, "Breaking story")
    assert "Breaking story" in text(client.get("/"))


def test_a_preview_of_a_draft_never_reaches_the_cached_listing(client, group):
    from masthead.news.models import PublicationPage

    make_article(group.section, "Story on the title page")
    courier = PublicationPage.objects.get(pk=group.publications[0].pk)
    courier.tagline = "Draft tagline nobody may see"
    courier.save_revision()

    preview = courier.get_latest_revision_as_object().make_preview_request()
    assert "Draft tagline nobody may see" in preview.render().content.decode()

    assert "Draft tagline nobody may see" not in text(client.get("/northern-courier/", HTTP_HOST="localhost"))


LISTING_URLS = ["/", "/northern-courier/", "/northern-courier/news/"]


@pytest.mark.parametrize("url", LISTING_URLS)
def test_a_cached_listing_page_takes_no_query_for_an_anonymous_reader(client, group, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_article(group.section, "Story for the cached shell")
    assert "Story for the cached shell" in text(client.get(url))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert "Story for the cached shell" in text(response)
    assert len(queries) == 0, [query["sql"] for query in queries]


def test_the_account_menu_and_for_you_on_a_cached_home_page_are_the_readers_own(client, group):
    from masthead.accounts.actions import do_update_preferences
    from tests.factories import make_reader

    floods = make_topic("Floods")
    make_article(group.section, "Quay under water", topics=[floods])
    reader = make_reader("fan-of-floods@example.org")
    do_update_preferences(reader, name="", publications=[], topics=[floods])

    assert "Log in" in text(client.get("/"))  # the shell is cached by an anonymous reader
    client.force_login(reader)
    mine = text(client.get("/"))
    assert "Log out" in mine and "For you" in mine
    assert mine.count("Quay under water") == 2  # in the listing and in "For you"
    client.logout()
    anonymous = text(client.get("/"))
    assert "Log out" not in anonymous and "For you" not in anonymous
    assert anonymous.count("Quay under water") == 1


def test_each_section_page_number_is_cached_as_its_own_page(client, group):
    for number in range(25):
        make_article(group.section, f"Numbered story {number:02d}", published_at=days_ago(number + 1))
    for _ in range(2):  # the second round comes from the cache
        first, second = text(client.get("/northern-courier/news/")), text(client.get("/northern-courier/news/?page=2"))
        assert "Numbered story 00" in first and "Numbered story 00" not in second
        assert "Numbered story 24" in second and "Numbered story 24" not in first
        assert "Page 2 of 2" in second
    assert "Page 2 of 2" in text(client.get("/northern-courier/news/?page=99"))
    assert client.get("/northern-courier/news/?page=two").status_code == 400


def test_a_view_restriction_on_a_section_still_applies_once_it_is_cached(client, group):
    from wagtail.models import PageViewRestriction

    assert client.get("/northern-courier/news/").status_code == 200
    PageViewRestriction.objects.create(page=group.section, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/northern-courier/news/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_unpublished_section_is_not_served_from_the_cache(client, group):
    assert client.get("/northern-courier/news/").status_code == 200
    group.section.unpublish()
    assert client.get("/northern-courier/news/").status_code == 404


def test_a_listing_past_its_freshness_is_rendered_again_by_one_request_and_stale_meanwhile(client, group, monkeypatch):
    import datetime

    import time_machine
    from django.utils import timezone

    from masthead.access import serving

    story = make_article(group.section, "Old headline on the home page")
    assert "Old headline" in text(client.get("/"))
    ArticlePage.objects.filter(pk=story.pk).update(title="New headline on the home page")  # no publish signal
    assert "Old headline" in text(client.get("/"))  # fresh for a minute

    later = timezone.now() + datetime.timedelta(seconds=90)
    with time_machine.travel(later, tick=False):
        # Another request of this process is already rendering the successor: this one gets the stale page.
        with monkeypatch.context() as patched:
            patched.setattr(serving, "cache", _RenewalUnderWay(serving.cache))
            assert "Old headline" in text(client.get("/"))
        # Nobody is: this request renders the page afresh.
        assert "New headline" in text(client.get("/"))


class _RenewalUnderWay:
    """The cache as a request sees it while another request holds the renewal."""

    def __init__(self, cache):
        self._cache = cache

    def __getattr__(self, name):
        return getattr(self._cache, name)

    def add(self, *args, **kwargs):
        return False
