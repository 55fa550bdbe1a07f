# ruff: noqa: S608 - SQL here is built from our constant table names and placeholders; values are parameters.
"""PostgreSQL full-text search: a weighted `tsvector` column on our entry tables
with a GIN index, queried with `websearch_to_tsquery` (plus a `:*` prefix for the
last word), ranked with `ts_rank_cd` and highlighted with `ts_headline` on public
fields only.

Text is folded (lower case, no accents) in Python before it is indexed and
queried; the `masthead_search` configuration (English stemming, with unaccent
when the server has it) also lets `ts_headline` find "Dónaill" in the original
text. As with FTS5, ts_rank_cd costs in proportion to the matches, so the newest
CANDIDATES matches are ranked, and the rest follow newest first.
"""

import datetime

from django.db import connection
from django.utils import timezone

from masthead.search.backends.base import (
    CANDIDATES,
    EPAPER_CONTEXT_CHARS,
    HEADLINE_CANDIDATES,
    MARK_END,
    MARK_START,
    ArticleHit,
    ArticleResults,
    EpaperHit,
    SortOrder,
    age_in_days,
    combined_score,
    marked_to_html,
)
from masthead.search.backends.database import DatabaseBackend, batches, day_start
from masthead.search.documents import facet_groups, facet_tokens
from masthead.search.models import ArticleEntry, EpaperPageEntry
from masthead.search.text import fold

CONFIG = "masthead_search"
ENTRIES = ArticleEntry._meta.db_table
EPAPER = EpaperPageEntry._meta.db_table
ARTICLE_VECTOR = (
    f"setweight(to_tsvector('{CONFIG}', %s), 'A') || setweight(to_tsvector('{CONFIG}', %s), 'B') || "
    f"setweight(to_tsvector('{CONFIG}', %s), 'C') || setweight(to_tsvector('{CONFIG}', %s), 'D') || "
    "to_tsvector('simple', %s)"
)
HIGHLIGHT_ALL = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
SNIPPET = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, MaxFragments=1"
EPAPER_SNIPPET = f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=22, MinWords=8, MaxFragments=1"


def websearch_text(query):
    """Our parsed terms back in websearch syntax: only plain words, quotes and minus signs."""
    parts = []
    for term in query.terms:
        if not term.prefix:
            parts.append('"' + " ".join(term.words) + '"' if term.phrase else term.words[0])
    for term in query.excluded:
        parts.append('-"' + " ".join(term.words) + '"')
    return " ".join(parts)


def tsquery_sql(query, facets=()):
    """(SQL expression, params) for the whole query, filters included."""
    text = websearch_text(query)
    parts, params = ([f"websearch_to_tsquery('{CONFIG}', %s)"], [text]) if text else ([], [])
    for term in query.terms:
        if term.prefix:
            parts.append(f"to_tsquery('{CONFIG}', %s)")
            params.append(f"'{term.words[0]}':*")
    for group in facets:
        parts.append("to_tsquery('simple', %s)")
        params.append(" | ".join(group))
    return "(" + " && ".join(parts) + ")", params


class PostgresBackend(DatabaseBackend):
    index_in_transaction = True

    def _execute(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    def _fetch(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def index_articles(self, documents):
        documents = list(documents)
        self.remove_articles([document.article_id for document in documents])
        for batch in batches(documents):
            ArticleEntry.objects.bulk_create([self._entry(document) for document in batch])
            rows = [
                (
                    fold(document.headline),
                    fold(document.standfirst),
                    fold(f"{document.teaser} {document.names}"),
                    fold(document.body),
                    document.facets,
                    document.article_id,
                )
                for document in batch
            ]
            with connection.cursor() as cursor:
                cursor.executemany(f"UPDATE {ENTRIES} SET search_vector = {ARTICLE_VECTOR} WHERE article_id = %s", rows)

    def remove_articles(self, article_ids):
        self._remove_entries(article_ids)

    def clear(self):
        ArticleEntry.objects.all().delete()

    # Searching

    def _where(self, request, query_sql, query_params):
        where, params = [f"search_vector @@ {query_sql}"], list(query_params)
        if request.date_from:
            where.append("published_at >= %s")
            params.append(day_start(request.date_from))
        if request.date_to:
            where.append("published_at < %s")
            params.append(day_start(request.date_to) + datetime.timedelta(days=1))
        return " AND ".join(where), params

    def _facets(self, request):
        return facet_groups(
            publication_ids=request.publication_ids,
            section_ids=request.section_ids,
            author_ids=request.author_ids,
            topic_ids=request.topic_ids,
        )

    def search(self, request):
        if request.query.is_empty:
            return ArticleResults(total=0)
        query_sql, query_params = tsquery_sql(request.query, self._facets(request))
        where, params = self._where(request, query_sql, query_params)
        total = self._fetch(f"SELECT count(*) FROM {ENTRIES} WHERE {where}", params)[0][0]
        if total == 0 or request.offset >= total:
            return ArticleResults(total=total)
        if request.sort == SortOrder.NEWEST:
            rows = self._fetch(
                f"SELECT article_id FROM {ENTRIES} WHERE {where} "
                "ORDER BY published_at DESC, article_id DESC LIMIT %s OFFSET %s",
                [*params, request.limit, request.offset],
            )
            article_ids = [row[0] for row in rows]
        else:
            article_ids = self._ranked(request, where, params, query_sql, query_params)
        return ArticleResults(total=total, hits=self._hits(query_sql, query_params, article_ids))

    def _ranked(self, request, where, params, query_sql, query_params):
        now = timezone.now()
        candidates = self._fetch(
            f"SELECT article_id, ts_rank_cd(search_vector, {query_sql}), published_at FROM "
            f"(SELECT article_id, search_vector, published_at FROM {ENTRIES} WHERE {where} "
            "ORDER BY published_at DESC, article_id DESC LIMIT %s) AS candidates",
            [*query_params, *params, CANDIDATES],
        )
        ranked = sorted(
            candidates, key=lambda row: (-combined_score(row[1], age_in_days(row[2], now)), -row[2].timestamp())
        )
        ranked_ids = [row[0] for row in ranked]
        end = request.offset + request.limit
        if end <= len(ranked_ids) or len(candidates) < CANDIDATES:
            return ranked_ids[request.offset : end]
        page_ids = ranked_ids[request.offset :]
        oldest = min(candidates, key=lambda row: (row[2], row[0]))
        rows = self._fetch(
            f"SELECT article_id FROM {ENTRIES} WHERE {where} AND (published_at, article_id) < (%s, %s) "
            "ORDER BY published_at DESC, article_id DESC LIMIT %s OFFSET %s",
            [
                *params,
                oldest[2],
                oldest[0],
                request.limit - len(page_ids),
                max(request.offset - len(ranked_ids), 0),
            ],
        )
        return page_ids + [row[0] for row in rows]

    def _hits(self, query_sql, query_params, article_ids):
        if not article_ids:
            return []
        rows = self._fetch(
            f"SELECT article_id, ts_headline('{CONFIG}', headline, q, %s), "
            f"ts_headline('{CONFIG}', standfirst, q, %s), ts_headline('{CONFIG}', teaser, q, %s) "
            f"FROM {ENTRIES} CROSS JOIN (SELECT {query_sql} AS q) AS query WHERE article_id = ANY(%s)",
            [HIGHLIGHT_ALL, HIGHLIGHT_ALL, SNIPPET, *query_params, list(article_ids)],
        )
        by_id = {row[0]: row for row in rows}
        return [
            ArticleHit(
                article_id=article_id,
                headline_html=marked_to_html(by_id[article_id][1]),
                standfirst_html=marked_to_html(by_id[article_id][2]),
                snippet_html=marked_to_html(by_id[article_id][3]),
            )
            for article_id in article_ids
            if article_id in by_id
        ]

    def suggest(self, query, limit):
        if query.is_empty:
            return []
        now = timezone.now()
        query_sql, query_params = tsquery_sql(query)
        rows = self._fetch(
            f"SELECT article_id, ts_rank_cd(search_vector, {query_sql}), published_at FROM {ENTRIES} "
            f"WHERE search_vector @@ {query_sql} AND ts_filter(search_vector, '{{a}}') @@ {query_sql} "
            "ORDER BY published_at DESC LIMIT %s",
            [*query_params, *query_params, *query_params, HEADLINE_CANDIDATES],
        )
        ranked = sorted(rows, key=lambda row: (-combined_score(row[1], age_in_days(row[2], now)), -row[2].timestamp()))
        return [row[0] for row in ranked[:limit]]

    # E-paper

    def index_epaper_pages(self, edition_id, pages):
        _removed, created = self._replace_epaper_entries(edition_id, pages)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {EPAPER} SET search_vector = to_tsvector('{CONFIG}', %s) || to_tsvector('simple', %s) "
                "WHERE id = %s",
                [(fold(entry.text), facet_tokens(publication_id=entry.publication_id), entry.pk) for entry in created],
            )

    def remove_epaper_edition(self, edition_id):
        EpaperPageEntry.objects.filter(edition_id=edition_id).delete()

    def search_epaper(self, request, limit):
        if request.query.is_empty:
            return []
        query_sql, query_params = tsquery_sql(request.query, facet_groups(publication_ids=request.publication_ids))
        where, params = [f"search_vector @@ {query_sql}"], list(query_params)
        if request.date_from:
            where.append("edition_date >= %s")
            params.append(request.date_from)
        if request.date_to:
            where.append("edition_date <= %s")
            params.append(request.date_to)
        rows = self._fetch(
            f"SELECT id, ts_headline('{CONFIG}', text, {query_sql}, %s) FROM "
            f"(SELECT id, text FROM {EPAPER} WHERE {' AND '.join(where)} "
            "ORDER BY edition_date DESC, id DESC LIMIT %s) AS hits",
            [*query_params, EPAPER_SNIPPET, *params, limit],
        )
        contexts = dict(rows)
        entries = EpaperPageEntry.objects.in_bulk(list(contexts))
        return [
            EpaperHit(
                edition_id=entry.edition_id,
                publication_title=entry.publication_title,
                edition_date=entry.edition_date,
                page_number=entry.page_number,
                url=entry.url,
                context_html=marked_to_html(contexts[entry.pk], max_chars=EPAPER_CONTEXT_CHARS),
            )
            for entry in sorted(entries.values(), key=lambda entry: (-entry.edition_date.toordinal(), entry.pk))
        ]
