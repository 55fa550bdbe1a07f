"""In headless chromium: the meter counts down over three metered articles, the
fourth stops at the gate, the reader registers, confirms through the email, and
reads that same article in full."""

import re

import pytest
from django.core import mail

from masthead.access.funnel import flush_gate_impressions
from masthead.access.models import FunnelConversion, GateImpression
from tests.factories import days_ago, make_article, make_group

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def hidden_part(article):
    return f"Third paragraph {article.slug.removeprefix('story-')} closes with quotes from residents."


def test_counter_falls_the_gate_stops_registration_opens(browser_page, live_server, settings):
    settings.SITE_URL = live_server.url
    group = make_group()
    stories = [make_article(group.section, f"Harbour story number {n}", published_at=days_ago(1 + n)) for n in range(4)]
    page = browser_page
    counters = ["2 free articles left this month", "1 free article left this month", "This is your last free article"]
    for story, counter in zip(stories[:3], counters, strict=True):
        page.goto(story.url)
        assert page.get_by_role("status").inner_text().startswith(counter)
        assert page.get_by_text(hidden_part(story)).is_visible()

    target = stories[3]
    page.goto(target.url)
    assert page.get_by_role("heading", name="Keep reading for free").is_visible()
    assert page.get_by_text("Opening paragraph").is_visible()
    assert page.get_by_text(hidden_part(target)).count() == 0
    assert page.get_by_role("link", name="See subscriptions").get_attribute("href") == f"/subscribe/?next={target.url}"

    page.get_by_role("link", name="Register for free").click()
    page.wait_for_url(re.compile(r"/accounts/signup/\?next="))
    page.locator("main #id_email").fill("meter.reader@example.org")
    page.locator("main #id_password1").fill("a long and unusual passphrase")
    mail.outbox.clear()
    page.locator("main").get_by_role("button", name="Register", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    message = next(message for message in mail.outbox if "meter.reader@example.org" in message.to)
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    page.goto(link)
    page.locator("main").get_by_role("button", name="Confirm my address").click()
    page.wait_for_url(live_server.url + target.url)

    assert page.get_by_text(hidden_part(target)).is_visible()
    assert page.get_by_role("heading", name="Keep reading for free").count() == 0
    assert page.get_by_role("status").inner_text().startswith("9 free articles left this month")

    flush_gate_impressions()
    assert GateImpression.objects.filter(article_id=target.pk, gate="register").count() == 1
    assert FunnelConversion.objects.get(step="registered").article_id == target.pk
