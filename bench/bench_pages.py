"""Page serving: a free article, the home page, a section page and /healthz
under `wrk` at 16 connections against `masthead serve` (2 gunicorn workers) on
the demo group. Prints requests/s, p50 and p99 latency, each page's throughput as
a share of /healthz in the same run, and the article page's weight before images.

The pages are measured in interleaved rounds (2 rounds of 5 s each by default), so
a burst of load elsewhere on the machine falls on every page alike and the share
of /healthz stays comparable.

Run: `make bench BENCH=pages` (WRK_SECONDS=10, WRK_ROUNDS=2, WRK_CONNECTIONS=16 by default).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser

from rich.console import Console
from rich.table import Table

from bench.server import running_server

SECONDS_PER_PAGE = int(os.environ.get("WRK_SECONDS", "10"))
ROUNDS = max(1, int(os.environ.get("WRK_ROUNDS", "2")))
WARM_UP = os.environ.get("WRK_WARM_UP", "2s")
CONNECTIONS = int(os.environ.get("WRK_CONNECTIONS", "16"))
THREADS = 2
TIMEOUT = "10s"  # wrk's default of 2 s would count a slow page's requests as errors instead of measuring them
TARGETS = {
    "article": {"share": 0.40, "p99_ms": 50.0},
    "home": {"share": 0.25},
    "section": {"share": 0.25},
}
ARTICLE_MAX_KB = 60
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}

FIND_PAGES = """
import json
from masthead.news.models import ArticlePage, HomePage, SectionPage
home = HomePage.objects.live().order_by("path").first()
article = ArticlePage.objects.live().filter(access_level="free").order_by("-published_at").first()
section = SectionPage.objects.live().filter(slug="news").order_by("path").first()
print(json.dumps({"home": home.url, "article": article.url, "section": section.url}))
"""


@dataclass
class Result:
    name: str
    path: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def combine(name, path, measured):
    """Rounds of one page: mean throughput, mean p50, worst p99, all errors."""
    rates, p50s, p99s, errors = zip(*measured, strict=True)
    return Result(name, path, sum(rates) / len(rates), sum(p50s) / len(p50s), max(p99s), sum(errors))


def wrk_missing():
    return shutil.which("wrk") is None


def run_wrk(url, duration):
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{duration}", f"--timeout={TIMEOUT}", "--latency", url]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def _milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS_MS[unit]


def _percentile(output, percent):
    found = re.search(rf"^\s+{percent}%\s+(\S+)", output, re.MULTILINE)
    return _milliseconds(found.group(1)) if found else float("nan")


def parse_wrk(output):
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50, p99 = _percentile(output, 50), _percentile(output, 99)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors:.*?(\d+).*?(\d+).*?(\d+).*?(\d+)", output)
    count = int(errors.group(1)) if errors else 0
    if socket_errors:
        count += sum(int(value) for value in socket_errors.groups())
    return rate, p50, p99, count


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
    if wrk_missing():
        console.print("wrk is not installed. Install it with: [bold]apt-get install wrk[/]")
        return
    with running_server() as server:
        pages = find_pages(server)
        paths = {"article": pages["article"], "home": pages["home"], "section": pages["section"], "healthz": "/healthz"}
        for path in paths.values():
            run_wrk(f"{server.url}{path}", WARM_UP)
        rounds = {name: [] for name in paths}
        for _ in range(ROUNDS):
            for name, path in paths.items():
                rounds[name].append(parse_wrk(run_wrk(f"{server.url}{path}", f"{SECONDS_PER_PAGE // ROUNDS}s")))
        results = {name: combine(name, paths[name], measured) for name, measured in rounds.items()}
        html_kb, total_kb = page_weight(server, pages["article"])
    print_results(console, results, html_kb, total_kb)


def print_results(console, results, html_kb, total_kb):
    healthz = results["healthz"].requests_per_second or 1.0
    table = Table(
        title=f"Page serving: wrk -t{THREADS} -c{CONNECTIONS} --latency, {ROUNDS} interleaved rounds, "
        f"{SECONDS_PER_PAGE} s per page, masthead serve with 2 workers"
    )
    for column in ("page", "path", "requests/s", "p50 ms", "p99 ms", "share of /healthz", "target", "errors"):
        table.add_column(column, justify="left" if column in {"page", "path", "target"} else "right")
    for name, result in results.items():
        share = result.requests_per_second / healthz
        target = TARGETS.get(name, {})
        wanted = []
        if "share" in target:
            wanted.append(f"≥ {target['share']:.0%} {'✓' if share >= target['share'] else '✗'}")
        if "p99_ms" in target:
            wanted.append(f"p99 ≤ {target['p99_ms']:.0f} ms {'✓' if result.p99_ms <= target['p99_ms'] else '✗'}")
        table.add_row(
            name,
            result.path,
            f"{result.requests_per_second:,.0f}",
            f"{result.p50_ms:.1f}",
            f"{result.p99_ms:.1f}",
            f"{share:.0%}",
            ", ".join(wanted),
            str(result.errors),
        )
    console.print(table)
    one, five, _ = os.getloadavg()
    console.print(
        f"Machine load average during the run: {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} CPUs"
    )
    verdict = "✓" if total_kb <= ARTICLE_MAX_KB else "✗"
    console.print(
        f"Article page weight before images: {total_kb:.1f} KB (HTML {html_kb:.1f} KB + CSS/JS, uncompressed); "
        f"target ≤ {ARTICLE_MAX_KB} KB {verdict}"
    )
