"""The paywall's cost.

1. The access decision per request, in process on the demo database: building
   `request.reader` from the cookies, parsing the meter cookie, looking up the
   policy and (for a logged-in reader) the entitlements and the database meter,
   and `decide()`; p50/p99 per case (target p99 ≤ 1 ms).
2. Article page throughput under `wrk` against `masthead serve` (2 workers) in
   one run: /healthz, a free article (the one nearest in page size to the metered
   article, so that what differs is the paywall's work and not the story's
   length), a metered article for an anonymous reader within the meter (no
   cookie: each request is counted), and the same article gated (a meter
   cookie already full of three other articles, the same on every request, as
   a reader who keeps meeting the gate sends it); each as a share of /healthz,
   and the metered and gated views against the free article
   (target: within 15%). Beside throughput, the server's own CPU time per request
   for each page, which the machine's other load does not move.

Run: `make bench BENCH=access` (WRK_SECONDS=20 per page in WRK_ROUNDS=10 interleaved rounds,
WRK_CONNECTIONS=16 by default); each figure is the median over the rounds (bench/wrk.py).
"""

import json
import subprocess
import sys

from rich.console import Console
from rich.table import Table

from bench import wrk
from bench.server import ROOT, bench_environment, prepare_database, running_server

MICRO_ITERATIONS = 3000
DECISION_P99_MS = 1.0
PAGE_SHARE = 0.40
PAGE_P99_MS = 50.0
WITHIN_OF_FREE = 0.15

SETUP = """
import datetime, json
import django
django.setup()
from django.test import Client
from django.utils import timezone
from masthead.access.meter import CookieMeter
from masthead.news.models import ArticlePage

def page_bytes(article):
    # The page as a new anonymous reader gets it (a metered article within the meter).
    response = Client().get(article.url, HTTP_HOST="127.0.0.1")
    return len(response.content)

recent = ArticlePage.objects.live().filter(published_at__gte=timezone.now() - datetime.timedelta(days=300))
metered = list(recent.filter(access_level="metered").order_by("-published_at")[:5])
target = page_bytes(metered[0])
# Like for like: the free article whose page is nearest in size to the metered one's
# (a page costs more the more bytes it has), so the difference is the paywall's work.
candidates = recent.filter(access_level="free").order_by("-published_at")[:40]
free = min(candidates, key=lambda article: abs(page_bytes(article) - target))
meter = CookieMeter()
for article in metered[1:4]:
    meter.record(article.pk, timezone.now())
pages = {"free": free.url, "metered": metered[0].url, "gated": metered[0].url}
sizes = {"free_bytes": page_bytes(free), "metered_bytes": target}
print(json.dumps({**pages, **sizes, "full_meter": meter.cookie_value()}))
"""

MICRO = """
import datetime, json, statistics, time
import django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone
from masthead.access.actions import do_grant_entitlement
from masthead.access.lookups import _entitlements_key
from masthead.access.meter import COOKIE_NAME, CookieMeter, _verified_cookie
from masthead.access.models import MeteredRead
from masthead.access.reader import reader_for_request
from masthead.access.routing import article_facts
from masthead.news.models import ArticlePage

ITERATIONS = %(iterations)d
now = timezone.now()
recent = ArticlePage.objects.live().filter(access_level="metered", published_at__gte=now - datetime.timedelta(days=300))
articles = list(recent.order_by("-published_at")[:4])
facts = article_facts(articles[0])
User = get_user_model()
registered, _ = User.objects.get_or_create(email="bench.registered@example.org")
subscriber, _ = User.objects.get_or_create(email="bench.subscriber@example.org")
do_grant_entitlement(subscriber, kind="digital", source="bench")
MeteredRead.objects.update_or_create(reader=registered, article=articles[0], defaults={"counted_at": now})
two_read = CookieMeter()
for article in articles[1:3]:
    two_read.record(article.pk, now)
full = CookieMeter()
for article in articles[1:4]:
    full.record(article.pk, now)
factory = RequestFactory()

def anonymous(cookie, first_sight=False):
    def build():
        if first_sight:
            _verified_cookie.cache_clear()  # a cookie this process has not verified before
        request = factory.get("/")
        request.user = AnonymousUser()
        if cookie:
            request.COOKIES[COOKIE_NAME] = cookie
        return request
    return build

def logged_in(user, cold=False):
    loaded = User.objects.get(pk=user.pk)
    def build():
        if cold:
            cache.delete_many([_entitlements_key(user.pk), f"access:meter:{user.pk}"])
        request = factory.get("/")
        request.user = loaded
        return request
    return build

cases = {
    "anonymous, no cookie (counted)": anonymous(None),
    # A counted read sends a new cookie, so the next request's cookie is one never seen before.
    "anonymous, 2 read (counted)": anonymous(two_read.cookie_value(), first_sight=True),
    "anonymous, over the limit (gate), cookie seen before": anonymous(full.cookie_value()),
    "anonymous, over the limit (gate), cookie not seen before": anonymous(full.cookie_value(), first_sight=True),
    "registered, re-read (cached meter)": logged_in(registered),
    "registered, re-read (meter from the database)": logged_in(registered, cold=True),
    "subscriber (cached entitlements)": logged_in(subscriber),
    "subscriber (entitlements from the database)": logged_in(subscriber, cold=True),
}
results = {}
for name, build in cases.items():
    timings, cpu_timings = [], []
    for _ in range(ITERATIONS):
        request = build()
        started, cpu_started = time.perf_counter(), time.thread_time()
        reader = reader_for_request(request)
        decision, _policy = reader.decide(facts, timezone.now())
        if reader.cookie_meter.changed:
            reader.cookie_meter.cookie_value()
        timings.append((time.perf_counter() - started) * 1000)
        cpu_timings.append((time.thread_time() - cpu_started) * 1000)
    timings.sort()
    cpu_timings.sort()
    results[name] = {
        "p50": statistics.median(timings),
        "p99": timings[int(len(timings) * 0.99) - 1],
        "cpu_p99": cpu_timings[int(len(cpu_timings) * 0.99) - 1],
        "decision": f"{'full' if decision.show_full else 'gate ' + decision.gate} ({decision.reason})",
    }
print(json.dumps(results))
"""


def _django_script(script, env):
    output = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, "DJANGO_SETTINGS_MODULE": "masthead.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def micro_benchmark(console):
    env = bench_environment()
    results = _django_script(MICRO % {"iterations": MICRO_ITERATIONS}, env)
    table = Table(title=f"Access decision per request (in process, {MICRO_ITERATIONS} runs each)")
    columns = ("case", "decision", "p50 ms", "p99 ms", "p99 CPU ms", f"p99 ≤ {DECISION_P99_MS:.0f} ms")
    for column in columns:
        table.add_column(column, justify="left" if column in {"case", "decision"} else "right")
    for name, figures in results.items():
        verdict = "✓" if figures["p99"] <= DECISION_P99_MS else "✗"
        cpu_verdict = "✓" if figures["cpu_p99"] <= DECISION_P99_MS else "✗"
        table.add_row(
            name,
            figures["decision"],
            f"{figures['p50']:.3f}",
            f"{figures['p99']:.3f}",
            f"{figures['cpu_p99']:.3f}",
            f"wall {verdict} CPU {cpu_verdict}",
        )
    console.print(table)
    console.print("  wall time includes the moments another process held the CPU; CPU time is this thread's own work.")


def page_benchmark(console):
    with running_server(prepare=False) as server:
        pages = _django_script(SETUP, server.env)
        runs = {
            "healthz": ("/healthz", None),
            "free article": (pages["free"], None),
            "metered, within the meter": (pages["metered"], None),
            "metered, gated": (pages["gated"], f"mh_meter={pages['full_meter']}"),
        }
        measured = wrk.measure_server(console, server, runs)
    table = Table(
        title=f"Article pages: wrk -t{wrk.THREADS} -c{wrk.CONNECTIONS}, {wrk.ROUNDS} interleaved rounds of "
        f"{wrk.SECONDS_PER_ROUND} s per page, masthead serve, 2 workers; medians over the rounds"
    )
    columns = (
        "page",
        "requests/s",
        "p50 ms",
        "p99 ms",
        "worst p99 ms",
        "share of /healthz",
        "vs free",
        "server CPU ms/req",
        "capacity vs free",
        "targets",
    )
    for column in (*columns, "errors"):
        table.add_column(column, justify="left" if column in {"page", "targets"} else "right")
    for name, page_runs in measured.items():
        summary = wrk.summarise(page_runs)
        share = wrk.share(page_runs, measured["healthz"])
        versus_free = wrk.share(page_runs, measured["free article"]) - 1
        cpu = wrk.cpu_ms_per_request(page_runs)
        capacity_versus_free = wrk.cpu_ms_per_request(measured["free article"]) / cpu - 1
        targets = []
        if name != "healthz":
            targets.append(f"≥ {PAGE_SHARE:.0%} {'✓' if share >= PAGE_SHARE else '✗'}")
            targets.append(f"p99 ≤ {PAGE_P99_MS:.0f} ms {'✓' if summary.p99_ms <= PAGE_P99_MS else '✗'}")
        if name.startswith("metered"):
            targets.append(f"within {WITHIN_OF_FREE:.0%} of free {'✓' if abs(versus_free) <= WITHIN_OF_FREE else '✗'}")
        table.add_row(
            name,
            f"{summary.requests_per_second:,.0f}",
            f"{summary.p50_ms:.1f}",
            f"{summary.p99_ms:.1f}",
            f"{summary.worst_p99_ms:.1f}",
            f"{share:.0%}",
            "" if name == "healthz" else f"{versus_free:+.0%}",
            f"{cpu:.2f}",
            "" if name == "healthz" else f"{capacity_versus_free:+.0%}",
            ", ".join(targets),
            str(summary.errors),
        )
    console.print(table)
    console.print(wrk.rounds_line(measured))
    console.print(
        "  server CPU ms/req: CPU time of the gunicorn workers per request (median over rounds); capacity vs free\n"
        "  is the free article's CPU per request over this page's: the throughput a saturated server would give,\n"
        "  unmoved by other load on the machine."
    )
    for name, (path, _cookie) in runs.items():
        console.print(f"  {name}: {path}")
    console.print(
        f"  the free article is the one nearest in size to the metered one: {pages['free_bytes']:,} and "
        f"{pages['metered_bytes']:,} bytes of HTML"
    )


def main():
    console = Console()
    if not console.is_terminal:
        console = Console(width=160)
    prepare_database()
    micro_benchmark(console)
    if wrk.wrk_missing():
        console.print("wrk is not installed. Install it with: [bold]apt-get install wrk[/]")
        return
    page_benchmark(console)
