"""The daily digest to 100,000 confirmed subscribers, into a local SMTP sink.

Prints the end-to-end time and rate (claim, compose, render once, personalise,
hand over, record), peak RSS and RSS through the send (it should stay flat),
and in the same run the raw ceiling: one pre-built message sent over the same
number of connections to the same sink, with no database and no
personalisation. The sink (aiosmtpd, a handler that only counts) runs in its
own process. Uses its own SQLite database in var/ (NEWSLETTERS_BENCH_DB to
change), migrated on first use.

    make bench BENCH=newsletters
    NEWSLETTERS_BENCH_SUBSCRIBERS=20000 make bench BENCH=newsletters
"""

import datetime
import multiprocessing
import os
import resource
import smtplib
import socket
import threading
import time
from pathlib import Path

SUBSCRIBERS = int(os.environ.get("NEWSLETTERS_BENCH_SUBSCRIBERS", "100000"))
CONNECTIONS = int(os.environ.get("NEWSLETTERS_BENCH_CONNECTIONS", "4"))
CEILING_MESSAGES = int(os.environ.get("NEWSLETTERS_BENCH_CEILING", "30000"))


def _sink(port, counter, ready):
    import asyncio

    from aiosmtpd.controller import Controller

    class CountingHandler:
        async def handle_DATA(self, server, session, envelope):
            with counter.get_lock():
                counter.value += len(envelope.rcpt_tos)
            return "250 OK"

    controller = Controller(CountingHandler(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    try:
        asyncio.run(asyncio.sleep(10**6))
    finally:
        controller.stop()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _setup_django():
    var_dir = Path(__file__).resolve().parent.parent / "var"
    database = os.environ.get("NEWSLETTERS_BENCH_DB", str(var_dir / "bench-newsletters.sqlite3"))
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("MASTHEAD_DEMO", "1")
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "masthead.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def _build_data(now):
    from django.db import transaction
    from wagtail.models import Page

    from masthead.news.models import ArticlePage
    from masthead.newsletters.models import Issue, NewsletterList, Subscriber, Subscription, SubscriptionStatus

    with transaction.atomic():
        Issue.objects.all().delete()
        Subscription.objects.all().delete()
        Subscriber.objects.all().delete()
        NewsletterList.objects.filter(slug="bench-digest").delete()
    newsletter_list = NewsletterList.objects.create(name="The Daily Digest", slug="bench-digest")
    if ArticlePage.objects.live().filter(published_at__gt=now - datetime.timedelta(hours=20)).count() < 8:
        from tests.factories import make_article, make_group

        group = make_group() if not Page.objects.type(ArticlePage).exists() else None
        section = group.section if group else ArticlePage.objects.live().first().get_parent().specific
        for number in range(10):
            make_article(
                section,
                f"Harbour council sets out plan number {number} for the waterfront",
                importance=number % 4,
                published_at=now - datetime.timedelta(hours=number + 1),
            )
    confirmed_at = now - datetime.timedelta(days=30)
    batch = 10000
    for start in range(0, SUBSCRIBERS, batch):
        with transaction.atomic():
            subscribers = Subscriber.objects.bulk_create(
                [
                    Subscriber(email=f"reader{number}@bench.example", confirmed_at=confirmed_at)
                    for number in range(start, min(start + batch, SUBSCRIBERS))
                ]
            )
            Subscription.objects.bulk_create(
                [
                    Subscription(
                        subscriber_id=subscriber.pk, newsletter_list=newsletter_list, status=SubscriptionStatus.ACTIVE
                    )
                    for subscriber in subscribers
                ]
            )
    return newsletter_list


def _ceiling(port, message, count):
    per_connection = [count // CONNECTIONS + (1 if index < count % CONNECTIONS else 0) for index in range(CONNECTIONS)]

    def run(quota):
        server = smtplib.SMTP("127.0.0.1", port)
        for number in range(quota):
            server.sendmail("bounces@masthead.example", [f"reader{number}@bench.example"], message)
        server.quit()

    threads = [threading.Thread(target=run, args=(quota,)) for quota in per_connection]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return count / (time.monotonic() - started)


def _cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _wait_for(counter, target, timeout=60):
    deadline = time.monotonic() + timeout
    while counter.value < target and time.monotonic() < deadline:
        time.sleep(0.05)


def main():
    from rich.console import Console

    console = Console()
    context = multiprocessing.get_context("spawn")
    port = _free_port()
    counter = context.Value("q", 0)
    ready = context.Event()
    sink = context.Process(target=_sink, args=(port, counter, ready), daemon=True)
    sink.start()
    ready.wait(30)
    try:
        _run(console, port, counter)
    finally:
        sink.terminate()
        sink.join(10)


def _run(console, port, counter):
    setup_started = time.monotonic()
    _setup_django()
    from django.utils import timezone

    from masthead.newsletters.models import Delivery, DeliveryStatus, Issue
    from masthead.newsletters.rendering import MessageTemplate, render_issue, stories_for
    from masthead.newsletters.sending import send_due
    from masthead.newsletters.transports import SMTPTransport

    now = timezone.now()
    newsletter_list = _build_data(now)
    local_now = timezone.localtime(now)
    newsletter_list.send_time = (local_now - datetime.timedelta(minutes=1)).time().replace(second=0, microsecond=0)
    newsletter_list.time_zone = "Europe/Dublin"
    newsletter_list.save()
    console.print(
        f"setup: {SUBSCRIBERS:,} confirmed subscribers bulk-created in {time.monotonic() - setup_started:.1f} s "
        f"(RSS {_rss_mb():.0f} MB)"
    )

    samples = []
    sampling = threading.Event()

    def sample():
        while not sampling.wait(1.0):
            samples.append((counter.value, _rss_mb()))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    before = counter.value
    cpu_before = _cpu_seconds()
    started = time.monotonic()
    results = send_due(transport=SMTPTransport("127.0.0.1", port, connections=CONNECTIONS))
    _wait_for(counter, before + SUBSCRIBERS)
    elapsed = time.monotonic() - started
    digest_cpu_ms = (_cpu_seconds() - cpu_before) * 1000 / SUBSCRIBERS
    sampling.set()
    issue = Issue.objects.get(pk=results[0].issue_id)
    arrived = counter.value - before
    recorded = Delivery.objects.filter(issue=issue, status=DeliveryStatus.SENT).count()
    rate = arrived / elapsed
    console.print(
        f"digest: {arrived:,} messages arrived, {recorded:,} deliveries recorded, in {elapsed:.1f} s "
        f"= {rate:,.0f} messages/s over {CONNECTIONS} connections (target ≤ 120 s, ≥ 830/s); "
        f"sender CPU {digest_cpu_ms:.2f} ms/message"
    )
    quarters = [samples[len(samples) * part // 4] for part in range(1, 4)] if len(samples) >= 4 else samples
    console.print(
        "RSS during the send: "
        + ", ".join(f"{rss:.0f} MB at {sent:,}" for sent, rss in quarters)
        + f"; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )

    template = MessageTemplate(issue, render_issue(issue, stories_for(issue.story_ids)))
    message = template.message_bytes("reader0@bench.example", 1, "bench-key")
    before = counter.value
    cpu_before = _cpu_seconds()
    ceiling = _ceiling(port, message, CEILING_MESSAGES)
    ceiling_cpu_ms = (_cpu_seconds() - cpu_before) * 1000 / CEILING_MESSAGES
    _wait_for(counter, before + CEILING_MESSAGES)
    console.print(
        f"raw ceiling: {CEILING_MESSAGES:,} pre-built messages ({len(message):,} bytes) over {CONNECTIONS} "
        f"connections = {ceiling:,.0f} messages/s; sender CPU {ceiling_cpu_ms:.2f} ms/message"
    )
    console.print(f"machine load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    console.print(f"ratio digest / ceiling: {rate / ceiling:.2f}")
