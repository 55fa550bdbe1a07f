"""In a real browser: register from an article's gate, open the email, confirm, land back on the article."""

import re

import pytest
from django.core import mail

from tests.factories import days_ago, make_article, make_group

pytestmark = pytest.mark.browser


def test_register_from_the_gate_and_come_back_to_the_article(browser_page, live_server, settings):
    settings.SITE_URL = live_server.url
    group = make_group()
    stories = [make_article(group.section, f"Metered story number {n}", published_at=days_ago(1 + n)) for n in range(4)]
    page = browser_page
    for story in stories[:3]:
        page.goto(story.url)
    target = stories[3]
    page.goto(target.url)
    page.get_by_role("link", name="Register for free").first.click()
    page.wait_for_url(re.compile(r"/accounts/signup/\?next="))

    page.locator("main #id_email").fill("browser.reader@example.org")
    page.locator("main #id_password1").fill("a long and unusual passphrase")
    mail.outbox.clear()
    page.locator("main").get_by_role("button", name="Register", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    assert page.get_by_role("heading", name="Check your email").is_visible()

    message = next(m for m in mail.outbox if "browser.reader@example.org" in m.to)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    page.goto(link)
    page.locator("main").get_by_role("button", name="Confirm my address").click()
    page.wait_for_url(live_server.url + target.url)
    assert page.get_by_text("Third paragraph").count() >= 1
    assert page.get_by_role("link", name="Your account").is_visible()
