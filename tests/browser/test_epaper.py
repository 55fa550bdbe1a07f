"""E-paper: a buyer reads an edition on a 320 px phone: arrow keys, swipe, zoom, no sideways scrolling."""

import datetime
import re

import pytest

from tests.factories import make_group, make_reader

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery"


def test_epaper_buyer_turns_pages_by_key_and_swipe_and_zooms(browser_page, settings, tmp_path):
    from playwright.sync_api import expect

    from masthead.access.actions import do_grant_entitlement
    from masthead.epaper.actions import do_upload_edition
    from masthead.epaper.pdfgen import A4, build_edition_pdf
    from masthead.epaper.processing import process_version

    settings.STORAGES = {
        **settings.STORAGES,
        "protected": {
            "BACKEND": "masthead.core.storage.ProtectedFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "protected"},
        },
    }
    settings.MASTHEAD_EPAPER_PROCESSES = 1
    settings.MASTHEAD_EPAPER_RENDER = {"screen_width": 300, "zoom_width": 600, "thumb_width": 60, "cover_width": 120}
    group = make_group()
    pdf = tmp_path / "edition.pdf"
    pdf.write_bytes(build_edition_pdf(pages=3, size=A4))
    edition = do_upload_edition(
        publication=group.publications[0], date=datetime.date(2026, 11, 27), source=pdf, enqueue=False
    )
    edition = process_version(edition.pk, edition.job_token)
    reader = make_reader(password=PASSWORD)
    do_grant_entitlement(reader, kind="epaper_edition", edition=edition, source="test")
    page = browser_page
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/accounts/login/")
    page.fill("#id_login", reader.email)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(edition.get_absolute_url())
    page.get_by_role("link", name="Read now").click()
    expect(page).to_have_url(re.compile(r"/page/1/$"))
    expect(page.get_by_text("Page 1 of 3")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    page.locator("[data-epaper-stage]").focus()
    page.keyboard.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"/page/2/$"))
    page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"/page/1/$"))

    page.locator("[data-epaper-stage]").dispatch_event(
        "touchstart", {"touches": [{"identifier": 1, "clientX": 250, "clientY": 300}]}
    )
    page.locator("[data-epaper-stage]").dispatch_event(
        "touchend", {"changedTouches": [{"identifier": 1, "clientX": 60, "clientY": 310}]}
    )
    expect(page).to_have_url(re.compile(r"/page/2/$"))

    page.get_by_role("link", name="Zoom in").click()
    expect(page.locator("[data-epaper-stage]")).to_have_class(re.compile("is-zoomed"))
    expect(page.locator(".epaper-page")).to_have_attribute("src", re.compile(r"/page/2/zoom\.webp"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320

    page.get_by_role("link", name="Text of this page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Page 2 of 3: text")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
