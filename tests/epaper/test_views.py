"""The reader-facing e-paper through its URLs: who sees what, and the headers."""

import datetime

import pytest

from masthead.access.actions import do_grant_entitlement
from tests.factories import make_reader

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 27)
EDITION_URL = "/epaper/northern-courier/2026-11-27/"


@pytest.fixture
def edition(group, publish_edition):
    return publish_edition(group.publications[0], DAY, pages=3)


@pytest.fixture
def buyer(client, edition):
    reader = make_reader()
    do_grant_entitlement(reader, kind="epaper_edition", edition=edition, source="test")
    client.force_login(reader)
    return reader


def protected_urls(edition):
    page = edition.pages.get(number=2)
    return [
        page.image_url(),
        page.zoom_url(),
        page.thumb_url(),
        edition.pages.get(number=1).thumb_url(),
        edition.pdf_url(),
    ]


def test_shelf_shows_the_latest_edition_of_each_title(client, group, publish_edition, edition):
    publish_edition(group.publications[0], DAY - datetime.timedelta(days=1))
    response = client.get("/epaper/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{EDITION_URL}"' in html
    assert "/epaper/northern-courier/2026-11-26/" not in html
    assert "Front page of The Northern Courier, 27 November 2026" in html
    assert "The Harbour Herald" in html and "No editions yet." in html


def test_archive_is_a_calendar_by_month(client, group, publish_edition, edition):
    publish_edition(group.publications[0], datetime.date(2026, 10, 3))
    html = client.get("/epaper/northern-courier/").content.decode()
    assert "editions of November 2026" in html
    assert 'aria-label="Edition of Friday 27 November 2026"' in html
    assert 'href="/epaper/northern-courier/2026/10/"' in html
    october = client.get("/epaper/northern-courier/2026/10/").content.decode()
    assert 'href="/epaper/northern-courier/2026-10-03/"' in october
    assert client.get("/epaper/northern-courier/2026/13/").status_code == 404
    assert client.get("/epaper/no-such-title/").status_code == 404


def test_edition_page_sells_it_to_a_reader_without_access(client, edition):
    client.force_login(make_reader())
    response = client.get(EDITION_URL)
    html = response.content.decode()
    assert "3 pages" in html
    assert f'href="/subscribe/edition/{edition.pk}/?next=%2Fepaper%2Fnorthern-courier%2F2026-11-27%2F"' in html
    assert 'href="/subscribe/?next=%2Fepaper%2Fnorthern-courier%2F2026-11-27%2F"' in html
    assert "Buy this edition" in html and "Subscribe to the e-paper" in html
    assert "Read now" not in html
    assert "private" in response["Cache-Control"]


def test_edition_page_offers_reading_to_a_buyer(client, buyer):
    html = client.get(EDITION_URL).content.decode()
    assert "Read now" in html
    assert f'href="{EDITION_URL}page/1/"' in html
    assert "Buy this edition" not in html


@pytest.mark.parametrize("who", ["anonymous", "registered", "digital subscriber", "buyer of another edition"])
def test_pages_text_and_pdf_are_refused_without_entitlement(client, group, publish_edition, edition, who):
    if who != "anonymous":
        reader = make_reader()
        if who == "digital subscriber":
            do_grant_entitlement(reader, kind="digital", source="test")
        if who == "buyer of another edition":
            other = publish_edition(group.publications[0], DAY - datetime.timedelta(days=1))
            do_grant_entitlement(reader, kind="epaper_edition", edition=other, source="test")
        client.force_login(reader)
    for url in protected_urls(edition):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "private" in response["Cache-Control"]
        assert response.get("Content-Type", "").startswith("text/plain")
    for url in (edition.reader_url(2), f"{EDITION_URL}page/2/text/"):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, EDITION_URL)
        assert "private" in response["Cache-Control"]


def test_buyer_gets_images_text_and_pdf_privately(client, buyer, edition):
    for url in protected_urls(edition):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
    image = client.get(edition.pages.get(number=2).image_url())
    assert image["Content-Type"] == "image/webp"
    assert b"".join(image.streaming_content)[:4] == b"RIFF"
    pdf = client.get(edition.pdf_url())
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="northern-courier-2026-11-27.pdf"' in pdf["Content-Disposition"]
    text = client.get(f"{EDITION_URL}page/2/text/").content.decode()
    assert "Page 2 of 3: text" in text
    assert edition.pages.get(number=2).text.split()[0] in text


def test_subscriber_to_all_titles_reads(client, edition):
    reader = make_reader()
    do_grant_entitlement(reader, kind="epaper", source="test")
    client.force_login(reader)
    assert client.get(edition.reader_url(1)).status_code == 200


def test_the_front_page_cover_is_public(client, edition):
    response = client.get(edition.cover_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert "public" in response["Cache-Control"]


def test_reader_page_has_images_strip_and_page_links(client, buyer, edition, django_assert_max_num_queries):
    client.get(edition.reader_url(1))  # navigation and permissions cached, as on a running site
    with django_assert_max_num_queries(8):
        response = client.get(edition.reader_url(2))
    html = response.content.decode()
    page = edition.pages.get(number=2)
    assert f'src="{page.image_url()}"' in html
    assert f'data-zoom-src="{page.zoom_url()}"' in html
    assert html.count('class="epaper-strip"') == 1 and html.count("thumb.webp") == 3
    assert f'rel="prev" href="{EDITION_URL}page/1/"' in html
    assert f'rel="next" href="{EDITION_URL}page/3/"' in html
    assert 'aria-current="page"' in html
    assert "Page 2 of 3" in html
    assert "/static/epaper/reader.js" in html
    assert " style=" not in html.split("<main", 1)[1]
    zoomed = client.get(edition.reader_url(2) + "?zoom=1").content.decode()
    assert f'src="{page.zoom_url()}"' in zoomed and "Fit to screen" in zoomed


def test_edition_page_query_count(client, buyer, edition, django_assert_max_num_queries):
    client.get("/epaper/")
    with django_assert_max_num_queries(10):
        assert client.get(EDITION_URL).status_code == 200


def test_missing_things_are_not_found(client, buyer, edition):
    for url in (
        f"{EDITION_URL}page/4/",
        f"{EDITION_URL}page/4/image.webp",
        f"{EDITION_URL}page/0/text/",
        "/epaper/northern-courier/2026-11-28/",
        "/epaper/northern-courier/2026-02-30/",
        "/epaper/harbour-herald/2026-11-27/page/1/image.webp",
    ):
        assert client.get(url).status_code == 404, url


def test_staff_read_without_entitlement(client, edition):
    client.force_login(make_reader(is_staff=True))
    assert client.get(edition.reader_url(3)).status_code == 200
    assert client.get(edition.pdf_url()).status_code == 200
