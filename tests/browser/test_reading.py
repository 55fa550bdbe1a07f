"""A reader opens the front page, follows a story and reads it."""

import re

import pytest
from django.utils import timezone

from tests.factories import make_article, make_author, make_group

pytestmark = pytest.mark.browser


def test_reader_follows_a_story_from_the_home_page(browser_page):
    from playwright.sync_api import expect

    group = make_group()
    author = make_author("Ann Byrne")
    article = make_article(
        group.section,
        "Lifeboat crew rescues two swimmers",
        access_level="free",
        importance=3,
        authors=[author],
        standfirst="Both were brought ashore safe after an hour in the water.",
        paragraphs=["The alarm was raised at dawn.", "Volunteers launched within minutes of the call."],
    )
    make_article(group.section, "Harbour fees to rise next year")
    published = timezone.localtime(article.published_at).strftime("%d %b %Y")
    page = browser_page

    page.goto("/")
    expect(page.get_by_role("heading", name="Top stories", exact=True)).to_be_visible()
    page.get_by_role("link", name="Lifeboat crew rescues two swimmers").first.click()

    expect(page).to_have_url(re.compile(re.escape(article.url) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Lifeboat crew rescues two swimmers")
    expect(page.locator(".article__date time")).to_have_text(published)
    expect(page.get_by_text("By Ann Byrne")).to_be_visible()
    expect(page.get_by_text("Both were brought ashore safe after an hour in the water.")).to_be_visible()
    expect(page.get_by_text("Volunteers launched within minutes of the call.")).to_be_visible()
    expect(page.get_by_role("link", name="Skip to content")).to_be_attached()
    assert page.title().startswith("Lifeboat crew rescues two swimmers")


def test_section_page_from_the_navigation(browser_page):
    from playwright.sync_api import expect

    group = make_group()
    make_article(group.section, "Ferry timetable changes", access_level="free")
    page = browser_page

    page.goto("/")
    page.get_by_role("navigation", name="Titles").get_by_role("link", name="Northern Courier").click()
    page.get_by_role("navigation", name="Sections of The Northern Courier").get_by_role("link", name="News").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("News")
    expect(page.get_by_role("link", name="Ferry timetable changes")).to_be_visible()
