"""Page serving: a free article, the home page, a section page and /healthz
under `wrk` at 16 connections against `masthead serve` (2 gunicorn workers) on
the demo group. Prints requests/s, p50 and p99 latency, each page's throughput as
a share of /healthz in the same round, and the article page's weight before images.

The pages are measured in interleaved rounds (10 rounds of 2 s each by default);
every figure is the median over the rounds (see bench/wrk.py), and the worst
round's p99 is printed beside the median one.

Run: `make bench BENCH=pages` (WRK_SECONDS=20 per page, WRK_ROUNDS=10, WRK_CONNECTIONS=16 by default).
"""

import json
import os
import subprocess
import sys
import urllib.parse
from html.parser import HTMLParser

from rich.console import Console
from rich.table import Table

from bench import wrk
from bench.server import running_server

TARGETS = {
    "article": {"share": 0.40, "p99_ms": 50.0},
    "home": {"share": 0.25},
    "section": {"share": 0.25},
}
ARTICLE_MAX_KB = 60

FIND_PAGES = """
import json
from masthead.news.models import ArticlePage, HomePage, SectionPage
home = HomePage.objects.live().order_by("path").first()
article = ArticlePage.objects.live().filter(access_level="free").order_by("-published_at").first()
section = SectionPage.objects.live().filter(slug="news").order_by("path").first()
print(json.dumps({"home": home.url, "article": article.url, "section": section.url}))
"""


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "") and attrs.get("href"):
            self.urls.append(attrs["href"])
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])


def page_weight(server, path):
    """HTML plus same-site CSS and JS, uncompressed, in KB; images left out."""
    _, html, _ = server.get(path)
    parser = _Assets()
    parser.feed(html.decode("utf-8", "replace"))
    total = len(html)
    for url in parser.urls:
        parsed = urllib.parse.urlsplit(url)
        if parsed.netloc:
            continue
        _, body, _ = server.get(parsed.path)
        total += len(body)
    return len(html) / 1024, total / 1024


def find_pages(server):
    output = subprocess.run(
        [sys.executable, "-m", "masthead.cli", "shell", "-c", FIND_PAGES],
        env=server.env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    console = Console()
    if not console.is_terminal:
        console = Console(width=150)
    if wrk.wrk_missing():
        console.print("wrk is not installed. Install it with: [bold]apt-get install wrk[/]")
        return
    with running_server() as server:
        pages = find_pages(server)
        paths = {"article": pages["article"], "home": pages["home"], "section": pages["section"], "healthz": "/healthz"}
        runs = wrk.measure_server(console, server, {name: (path, None) for name, path in paths.items()})
        html_kb, total_kb = page_weight(server, pages["article"])
    print_results(console, paths, runs, html_kb, total_kb)


def print_results(console, paths, runs, html_kb, total_kb):
    table = Table(
        title=f"Page serving: wrk -t{wrk.THREADS} -c{wrk.CONNECTIONS} --latency, {wrk.ROUNDS} interleaved rounds of "
        f"{wrk.SECONDS_PER_ROUND} s per page, masthead serve with 2 workers; medians over the rounds"
    )
    columns = (
        "page",
        "path",
        "requests/s",
        "p50 ms",
        "p99 ms",
        "worst p99 ms",
        "share of /healthz",
        "server CPU ms/req",
        "target",
        "errors",
    )
    for column in columns:
        table.add_column(column, justify="left" if column in {"page", "path", "target"} else "right")
    for name, page_runs in runs.items():
        summary = wrk.summarise(page_runs)
        share = wrk.share(page_runs, runs["healthz"])
        target = TARGETS.get(name, {})
        wanted = []
        if "share" in target:
            wanted.append(f"≥ {target['share']:.0%} {'✓' if share >= target['share'] else '✗'}")
        if "p99_ms" in target:
            wanted.append(f"p99 ≤ {target['p99_ms']:.0f} ms {'✓' if summary.p99_ms <= target['p99_ms'] else '✗'}")
        table.add_row(
            name,
            paths[name],
            f"{summary.requests_per_second:,.0f}",
            f"{summary.p50_ms:.1f}",
            f"{summary.p99_ms:.1f}",
            f"{summary.worst_p99_ms:.1f}",
            f"{share:.0%}",
            f"{wrk.cpu_ms_per_request(page_runs):.2f}",
            ", ".join(wanted),
            str(summary.errors),
        )
    console.print(table)
    console.print(wrk.rounds_line(runs))
    one, five, _ = os.getloadavg()
    console.print(
        f"Machine load average during the run: {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"
    )
    verdict = "✓" if total_kb <= ARTICLE_MAX_KB else "✗"
    console.print(
        f"Article page weight before images: {total_kb:.1f} KB (HTML {html_kb:.1f} KB + CSS/JS, uncompressed); "
        f"target ≤ {ARTICLE_MAX_KB} KB {verdict}"
    )
