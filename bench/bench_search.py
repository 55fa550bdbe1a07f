"""Reader-facing search at newspaper-archive scale.

Generates ARTICLES (default 100,000) synthetic articles, deterministically, in
bulk straight into the page tables (wagtailcore_page + news_articlepage, with
authors and topics) and the search index, then prints: the index build time;
query latency p50/p95 through the search backend for a mix of one-word,
two-word, phrase, prefix and filtered queries; and the search page end to end
(Django test client, p50/p95). It does this on the embedded default (SQLite
FTS5, a temporary database under var/bench/) and, when a server answers, on
PostgreSQL (its own database `masthead_bench_search`, created and dropped).
For the engine decision it also builds a tantivy index of the same documents
and times the same query mix on it.

Run: `make bench BENCH=search` (BENCH_SEARCH_ARTICLES=20000 for a quicker run;
BENCH_POSTGRES_URL to point at another server, "none" to skip PostgreSQL;
BENCH_SEARCH_ENGINES=sqlite or =postgres for one engine only; to measure a kept
database again without generating: BENCH_SEARCH_REUSE=1 DATABASE_URL=... python -c
"from bench.bench_search import child; child()" with BENCH_SEARCH_ENGINE=sqlite).
Targets on the embedded default: p95 <= 50 ms per query, <= 80 ms per page.
"""

import datetime
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ARTICLES = int(os.environ.get("BENCH_SEARCH_ARTICLES", "100000"))
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
POSTGRES_DATABASE = "masthead_bench_search"
ENGINES = os.environ.get("BENCH_SEARCH_ENGINES", "sqlite,postgres").split(",")
BENCH_DIR = Path(__file__).resolve().parent.parent / "var" / "bench"
TITLES = ["The Northern Courier", "The Harbour Herald", "The Valley Echo", "The County Star"]
SECTIONS = ["News", "Sport", "Business", "Community"]
COMMON = [
    "council",
    "harbour",
    "plan",
    "county",
    "school",
    "road",
    "water",
    "housing",
    "hospital",
    "garda",
    "farm",
    "club",
    "match",
    "festival",
    "river",
    "bridge",
    "business",
    "jobs",
    "court",
    "community",
    "funding",
    "minister",
    "residents",
    "project",
    "centre",
    "history",
    "weather",
    "election",
    "traffic",
    "report",
]
PAGE_BATCH = 2000
SEED = 20251009
QUERY_TARGET_MS = 50
PAGE_TARGET_MS = 80


def main():
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    print(
        f"{ARTICLES:,} articles; targets on the embedded default: query p95 <= {QUERY_TARGET_MS} ms, "
        f"page p95 <= {PAGE_TARGET_MS} ms",
        flush=True,
    )
    if "sqlite" in ENGINES:
        _run_sqlite()
    if "postgres" in ENGINES:
        _run_postgres()


def _run_sqlite():
    sqlite_path = BENCH_DIR / f"search-{os.getpid()}.sqlite3"
    try:
        _run_child("sqlite", f"sqlite:///{sqlite_path}")
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(BENCH_DIR / f"tantivy-{os.getpid()}", ignore_errors=True)


def _run_postgres():
    if POSTGRES_URL == "none":
        print("\nPostgreSQL: skipped (BENCH_POSTGRES_URL=none)")
        return
    if not _postgres_answers():
        print(f"\nPostgreSQL: skipped (no server answers at {POSTGRES_URL})")
        return
    _postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE}")
    _postgres_admin(f"CREATE DATABASE {POSTGRES_DATABASE}")
    try:
        _run_child("postgres", POSTGRES_URL.rsplit("/", 1)[0] + f"/{POSTGRES_DATABASE}")
    finally:
        _postgres_admin(f"DROP DATABASE IF EXISTS {POSTGRES_DATABASE} WITH (FORCE)")


def _postgres_answers():
    try:
        import psycopg

        psycopg.connect(POSTGRES_URL, connect_timeout=3).close()
        return True
    except Exception:  # noqa: BLE001 - any failure means "no server to measure"
        return False


def _postgres_admin(statement):
    import psycopg

    with psycopg.connect(POSTGRES_URL, autocommit=True) as connection:
        connection.execute(statement)


def _run_child(engine, database_url):
    env = dict(os.environ, DATABASE_URL=database_url, MASTHEAD_DEMO="1", DJANGO_SETTINGS_MODULE="masthead.settings")
    env.pop("SEARCH_URL", None)
    env.pop("REDIS_URL", None)
    env["BENCH_SEARCH_ENGINE"] = engine
    env["BENCH_SEARCH_TANTIVY_DIR"] = str(BENCH_DIR / f"tantivy-{os.getpid()}")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\n--- {engine} --- (load average {load} on {os.cpu_count()} CPUs)", flush=True)
    subprocess.run([sys.executable, "-c", "from bench.bench_search import child; child()"], env=env, check=True)


# The child process: one engine, one database.


def child():
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    # No collectstatic in a throwaway database's run: plain static URLs.
    plain_static = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    override_settings(STORAGES=settings.STORAGES | plain_static).enable()

    engine = os.environ["BENCH_SEARCH_ENGINE"]
    corpus = Corpus(random.Random(SEED))
    if os.environ.get("BENCH_SEARCH_REUSE"):
        tree, documents = _existing_tree_and_documents()
        print(f"reusing {len(documents):,} indexed articles", flush=True)
    else:
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        print(f"migrated in {time.monotonic() - started:.1f} s", flush=True)
        tree = _make_tree()
        started = time.monotonic()
        documents = _insert_pages(corpus, tree)
        print(f"page tables: {ARTICLES:,} articles inserted in bulk in {time.monotonic() - started:.1f} s", flush=True)
        _build_index(documents)
    queries = _query_mix(corpus, tree, documents)
    _measure_backend(queries)
    _measure_page(queries)
    if engine == "sqlite":
        _measure_tantivy(documents, queries)


class Corpus:
    """Deterministic newspaper-ish text: a Zipf-distributed vocabulary of made-up
    words, with one of 30 common words in most articles."""

    SYLLABLES = [consonant + vowel for consonant in "bdklmnrst" for vowel in "aeiou"]

    def __init__(self, rng):
        self.rng = rng
        words = set()
        while len(words) < 20000:
            words.add("".join(rng.choice(self.SYLLABLES) for _ in range(rng.randint(2, 4))))
        self.vocabulary = sorted(words)
        rng.shuffle(self.vocabulary)
        weights = [1 / (rank + 10) for rank in range(len(self.vocabulary))]
        self.cumulative = list(_accumulate(weights))

    def words(self, count, common_share=0.1):
        picked = self.rng.choices(self.vocabulary, cum_weights=self.cumulative, k=count)
        for index in range(count):
            if self.rng.random() < common_share:
                picked[index] = self.rng.choice(COMMON)
        return picked

    def sentence(self, count, common_share=0.1):
        text = " ".join(self.words(count, common_share))
        return text[0].upper() + text[1:]


def _accumulate(values):
    total = 0.0
    for value in values:
        total += value
        yield total


def _make_tree():
    from wagtail.models import Locale, Page, Site

    from masthead.news.models import Author, HomePage, PublicationPage, SectionPage, Topic

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Bench Group", slug="bench-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    sections = []
    for title in TITLES:
        slug = title.lower().replace("the ", "").replace(" ", "-")
        publication = home.add_child(instance=PublicationPage(title=title, slug=slug, short_name=title[4:]))
        for name in SECTIONS:
            section = publication.add_child(instance=SectionPage(title=name, slug=name.lower()))
            sections.append((publication, section))
    rng = random.Random(SEED + 1)
    authors = Author.objects.bulk_create(
        [Author(name=f"Reporter {chr(65 + n % 26)}{n}", slug=f"reporter-{n}") for n in range(40)]
    )
    topics = Topic.objects.bulk_create([Topic(name=f"Topic {word}", slug=f"topic-{word}") for word in COMMON[:25]])
    return {
        "sections": sections,
        "authors": authors,
        "topics": topics,
        "locale_id": Locale.get_default().pk,
        "rng": rng,
    }


def _insert_pages(corpus, tree):
    """Pages and articles in bulk (add_child costs ~80 ms a page at this size)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from wagtail.models import Page

    from masthead.news.models import ArticlePage
    from masthead.search.documents import ArticleDocument

    content_type = ContentType.objects.get_for_model(ArticlePage)
    fields = [field for field in ArticlePage._meta.local_concrete_fields if not getattr(field, "generated", False)]
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    span = datetime.timedelta(days=730)
    numchild = {}
    documents = []
    rng = tree["rng"]
    authors_through = ArticlePage.authors.through
    topics_through = ArticlePage.topics.through
    for batch_start in range(0, ARTICLES, PAGE_BATCH):
        pages, articles, author_links, topic_links, batch_documents = [], [], [], [], []
        for number in range(batch_start, min(batch_start + PAGE_BATCH, ARTICLES)):
            publication, section = tree["sections"][number % len(tree["sections"])]
            numchild[section.pk] = numchild.get(section.pk, 0) + 1
            published_at = start + span * (number / ARTICLES)
            headline = corpus.sentence(rng.randint(6, 9), common_share=0.2)
            paragraphs = [corpus.sentence(50) + "." for _ in range(6)]
            slug = f"story-{number}"
            pages.append(
                Page(
                    path=section.path + _step(numchild[section.pk]),
                    depth=section.depth + 1,
                    numchild=0,
                    title=headline,
                    draft_title=headline,
                    slug=slug,
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    url_path=f"{section.url_path}{slug}/",
                    first_published_at=published_at,
                    last_published_at=published_at,
                    locale_id=tree["locale_id"],
                    translation_key=uuid.UUID(int=rng.getrandbits(128)),
                )
            )
            articles.append(
                {
                    "standfirst": corpus.sentence(20) + ".",
                    "body": json.dumps(
                        [
                            {
                                "type": "paragraph",
                                "value": f"<p>{text}</p>",
                                "id": str(uuid.UUID(int=rng.getrandbits(128))),
                            }
                            for text in paragraphs
                        ]
                    ),
                    "paragraphs": paragraphs,
                    "publication": publication,
                    "section": section,
                    "published_at": published_at,
                    "author": tree["authors"][number % len(tree["authors"])],
                    "topics": rng.sample(tree["topics"], rng.randint(1, 2)),
                    "access_level": ("free", "metered", "metered", "premium")[number % 4],
                }
            )
        with transaction.atomic():
            created = Page.objects.bulk_create(pages)
            instances = []
            for page, article in zip(created, articles, strict=True):
                instance = ArticlePage(
                    page_ptr_id=page.pk,
                    standfirst=article["standfirst"],
                    body=article["body"],
                    access_level=article["access_level"],
                    publication_id=article["publication"].pk,
                    section_id=article["section"].pk,
                    published_at=article["published_at"],
                )
                instances.append(instance)
                author_links.append(authors_through(articlepage_id=page.pk, author_id=article["author"].pk))
                topic_links += [
                    topics_through(articlepage_id=page.pk, topic_id=topic.pk) for topic in article["topics"]
                ]
                batch_documents.append(
                    ArticleDocument(
                        article_id=page.pk,
                        published_at=article["published_at"],
                        publication_id=article["publication"].pk,
                        section_id=article["section"].pk,
                        headline=page.title,
                        standfirst=article["standfirst"],
                        teaser=article["paragraphs"][0],
                        body=" ".join(article["paragraphs"][1:]),
                        names=" ".join(
                            [
                                article["author"].name,
                                *(topic.name for topic in article["topics"]),
                                article["publication"].title,
                                article["section"].title,
                            ]
                        ),
                        author_ids=(article["author"].pk,),
                        topic_ids=tuple(topic.pk for topic in article["topics"]),
                    )
                )
            ArticlePage._base_manager._insert(instances, fields=fields, using=connection.alias, raw=True)
            authors_through.objects.bulk_create(author_links)
            topics_through.objects.bulk_create(topic_links)
        documents += batch_documents
    for section_id, count in numchild.items():
        Page.objects.filter(pk=section_id).update(numchild=count)
    return documents


def _existing_tree_and_documents():
    """A database a previous run left (BENCH_SEARCH_REUSE=1 with DATABASE_URL set):
    measure again without generating."""
    from masthead.news.models import Author, SectionPage
    from masthead.search.documents import ArticleDocument
    from masthead.search.models import ArticleEntry

    sections = [(section.get_parent().specific, section) for section in SectionPage.objects.order_by("path")]
    tree = {"sections": sections, "authors": list(Author.objects.order_by("pk")), "rng": random.Random(SEED + 1)}
    from django.db import connection

    from masthead.search.backends.database import DOCUMENT_ID_FACTOR, document_time

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT rowid, headline, standfirst, teaser, body, names, facets FROM articlesearch_fts")
            rows = cursor.fetchall()
        documents = [
            ArticleDocument(
                article_id=rowid % DOCUMENT_ID_FACTOR,
                published_at=document_time(rowid),
                publication_id=None,
                section_id=None,
                headline=headline,
                standfirst=standfirst,
                teaser=teaser,
                body=body,
                names=names,
            )
            for rowid, headline, standfirst, teaser, body, names, _facets in rows
        ]
        return tree, documents
    entries = ArticleEntry.objects.order_by("pk").values_list("article_id", "published_at", "headline")
    documents = [
        ArticleDocument(article_id=pk, published_at=published_at, publication_id=None, section_id=None, headline=text)
        for pk, published_at, text in entries
    ]
    return tree, documents


def _step(number):
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    for _ in range(4):
        number, remainder = divmod(number, 36)
        digits = alphabet[remainder] + digits
    return digits


def _build_index(documents):
    from django.db import connection, transaction

    from masthead.search.backends import backend_path, get_backend

    backend = get_backend()
    started = time.monotonic()
    for start in range(0, len(documents), PAGE_BATCH):
        with transaction.atomic():
            backend.index_articles(documents[start : start + PAGE_BATCH])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would do after a bulk load
    elapsed = time.monotonic() - started
    print(
        f"index build ({backend_path().rsplit('.', 1)[-1]}): {len(documents):,} articles in {elapsed:.1f} s "
        f"({len(documents) / elapsed:,.0f} articles/s)",
        flush=True,
    )


def _query_mix(corpus, tree, documents):
    """(kind, query text, filters) triples; the same mix on every engine."""
    rng = random.Random(SEED + 2)
    rare = corpus.vocabulary[5000:20000]
    headlines = [document.headline.lower().split() for document in rng.sample(documents, 40)]
    last_day = max(document.published_at for document in documents).date()
    mix = []
    for index in range(30):
        common = COMMON[index]
        other = COMMON[(index * 7 + 3) % len(COMMON)]
        words = headlines[index]
        position = rng.randrange(len(words) - 1)
        publication, section = tree["sections"][index % len(tree["sections"])]
        mix += [
            ("one common word", common, {}),
            ("one rare word", rng.choice(rare), {}),
            ("two words", f"{common} {other} ", {}),
            ("phrase", f'"{words[position]} {words[position + 1]}"', {}),
            ("prefix (typing)", common[:4], {}),
            ("word + title", common, {"publication": publication.slug}),
            ("word + section", common, {"publication": publication.slug, "section": section.slug}),
            ("word + last 30 days", common, {"from": last_day - datetime.timedelta(days=30), "to": last_day}),
            ("word + author", common, {"author": tree["authors"][index].slug}),
        ]
    return mix


def _percentiles(samples_ms):
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _print_table(title, rows, target_ms):
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for column in ("query", "n", "p50 ms", "p95 ms"):
        table.add_column(column, justify="left" if column == "query" else "right")
    for name, samples in rows.items():
        p50, p95 = _percentiles(samples)
        table.add_row(name, str(len(samples)), f"{p50:.1f}", f"{p95:.1f}")
    every = [sample for samples in rows.values() for sample in samples]
    p50, p95 = _percentiles(every)
    verdict = "meets" if p95 <= target_ms else "misses"
    table.add_row("all", str(len(every)), f"{p50:.1f}", f"{p95:.1f}", style="bold")
    Console().print(table)
    print(f"{title}: p50 {p50:.1f} ms, p95 {p95:.1f} ms ({verdict} the {target_ms} ms target)", flush=True)


def _measure_backend(queries):
    from masthead.search.backends import get_backend
    from masthead.search.service import build_request

    backend = get_backend()
    print(f"matches for 'council': {backend.search(build_request('council ', {})).total:,}", flush=True)
    rows = {}
    for repeat in range(3):
        for kind, text, filters in queries:
            request = build_request(text, filters)
            started = time.perf_counter()
            backend.search(request)
            elapsed = (time.perf_counter() - started) * 1000
            if repeat:
                rows.setdefault(kind, []).append(elapsed)
    _print_table("query latency (backend: count + top 20 ranked + highlights)", rows, QUERY_TARGET_MS)


def _measure_page(queries):
    from django.test import Client

    client = Client()
    rows = {}
    for repeat in range(2):
        for kind, text, filters in queries:
            params = {"q": text} | {name: str(value) for name, value in filters.items()}
            started = time.perf_counter()
            response = client.get("/search/", params)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, response.status_code
            if repeat:
                rows.setdefault(kind, []).append(elapsed)
    _print_table("search page end to end (Django test client)", rows, PAGE_TARGET_MS)


def _measure_tantivy(documents, queries):
    """The alternative embedded engine, on the same documents and query mix."""
    import tantivy

    from masthead.search.query import parse_query

    directory = Path(os.environ["BENCH_SEARCH_TANTIVY_DIR"])
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    builder = tantivy.SchemaBuilder()
    for name in ("headline", "standfirst", "teaser", "body", "names"):
        builder.add_text_field(name, stored=name != "body", tokenizer_name="en_stem")
    builder.add_text_field("facets", tokenizer_name="raw")
    builder.add_integer_field("article_id", stored=True, fast=True)
    builder.add_integer_field("published", fast=True, indexed=True)
    schema = builder.build()
    index = tantivy.Index(schema, path=str(directory))
    started = time.monotonic()
    writer = index.writer(heap_size=256_000_000)
    for document in documents:
        writer.add_document(
            tantivy.Document(
                headline=document.headline,
                standfirst=document.standfirst,
                teaser=document.teaser,
                body=document.body,
                names=document.names,
                facets=document.facets.split(),
                article_id=document.article_id,
                published=int(document.published_at.timestamp()),
            )
        )
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    print(f"\ntantivy index build: {len(documents):,} articles in {time.monotonic() - started:.1f} s", flush=True)
    searcher = index.searcher()
    sample = searcher.search(_tantivy_query(index, schema, parse_query("council "), {}), 1, count=True).count
    print(f"tantivy matches for 'council': {sample:,}", flush=True)
    rows = {}
    for repeat in range(3):
        for kind, text, filters in queries:
            started = time.perf_counter()
            result = searcher.search(_tantivy_query(index, schema, parse_query(text), filters), 20, count=True)
            [searcher.doc(address) for _score, address in result.hits]
            elapsed = (time.perf_counter() - started) * 1000
            if repeat:
                rows.setdefault(kind, []).append(elapsed)
    _print_table(
        "tantivy query latency (count + top 20 by bm25, no freshness, no filters but dates)", rows, QUERY_TARGET_MS
    )


def _tantivy_query(index, schema, parsed, filters):
    """Our parsed terms as a tantivy query: every term required, the last
    word typed as a prefix (a regex query, as tantivy's parser has no `*`)."""
    import tantivy

    fields = ["headline", "standfirst", "teaser", "body", "names"]
    boosts = {"headline": 10.0, "standfirst": 4.0, "teaser": 2.0, "names": 3.0}
    clauses = []
    for term in parsed.terms:
        words = " ".join(term.words)
        if term.prefix:
            prefix = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, tantivy.Query.regex_query(schema, field, f"{words}.*")) for field in fields]
            )
            clauses.append((tantivy.Occur.Must, prefix))
        else:
            text = f'"{words}"' if term.phrase else words
            clauses.append((tantivy.Occur.Must, index.parse_query(text, fields, field_boosts=boosts)))
    if filters.get("from"):
        low = int(datetime.datetime.combine(filters["from"], datetime.time.min, datetime.UTC).timestamp())
        clauses.append((tantivy.Occur.Must, index.parse_query(f"published:[{low} TO *]", ["headline"])))
    return tantivy.Query.boolean_query(clauses)
