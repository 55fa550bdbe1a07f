# ruff: noqa: S608 - SQL here is built from our constant table names and placeholders; values are parameters.
"""The embedded engine: an FTS5 table of our own in the site's SQLite database,
written in the same transaction as publishing.

FTS5 scores every match with bm25, so ranking all matches of a common word
costs in proportion to the matches (about 220 ms at 100,000 articles). We rank
a bounded candidate set instead: the newest CANDIDATES matches (the index is in
published order, so they come cheaply), plus the newest headline matches older
than those, so an exact headline match is never lost to age. Past the
candidates, results continue newest first.
"""

from dataclasses import replace

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
from masthead.search.backends.database import (
    DOCUMENT_ID_FACTOR,
    DatabaseBackend,
    batches,
    document_id_bounds,
    document_time,
)
from masthead.search.documents import facet_groups, facet_tokens
from masthead.search.models import ArticleEntry, EpaperPageEntry
from masthead.search.query import Term

SNIPPET_WORDS = 24

ARTICLES = "articlesearch_fts"
EPAPER = "articlesearch_epaper_fts"
TEXT_COLUMNS = "{headline standfirst teaser body names}"
PUBLIC_COLUMNS = "{headline standfirst teaser}"
# Prefix lengths with their own index entries (see the migration): a prefix
# query of these lengths reads one doclist instead of merging many.
INDEXED_PREFIX_LENGTHS = (2, 3, 4, 5)
WEIGHTS = "10.0, 4.0, 2.0, 1.0, 3.0, 0.0"


def term_expression(term):
    quoted = '"' + " ".join(term.words) + '"'
    return quoted + "*" if term.prefix else quoted


def highlight_expression(query):
    """Any query word in the public columns, for highlight() and snippet()
    (never a long prefix, which FTS5 would expand for every row)."""
    terms = []
    for term in query.terms:
        quoted = '"' + " ".join(term.words) + '"'
        indexed_prefix = term.prefix and len(term.words[0]) in INDEXED_PREFIX_LENGTHS
        terms.append(quoted + "*" if indexed_prefix else quoted)
    return f"{PUBLIC_COLUMNS} : (" + " OR ".join(terms) + ")"


def match_expression(query, columns=TEXT_COLUMNS, facets=(), excluded_columns=TEXT_COLUMNS):
    """An FTS5 expression built only from our own quoting of plain words."""
    expression = f"{columns} : (" + " AND ".join(term_expression(term) for term in query.terms) + ")"
    if query.excluded:
        excluded = " OR ".join(term_expression(term) for term in query.excluded)
        expression = f"({expression}) NOT ({excluded_columns} : ({excluded}))"
    for group in facets:
        expression = f"({expression}) AND (facets : (" + " OR ".join(f'"{token}"' for token in group) + "))"
    return expression


class SQLiteBackend(DatabaseBackend):
    index_in_transaction = True

    def index_articles(self, documents):
        documents = list(documents)
        self.remove_articles([document.article_id for document in documents])
        for batch in batches(documents):
            entries = [self._entry(document) for document in batch]
            type(entries[0]).objects.bulk_create(entries)
            rows = [
                (
                    entry.document_id,
                    document.headline,
                    document.standfirst,
                    document.teaser,
                    document.body,
                    document.names,
                    document.facets,
                )
                for entry, document in zip(entries, batch, strict=True)
            ]
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {ARTICLES}(rowid, headline, standfirst, teaser, body, names, facets) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    rows,
                )

    def remove_articles(self, article_ids):
        document_ids = self._remove_entries(article_ids)
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {ARTICLES} WHERE rowid = %s", [(value,) for value in document_ids])

    def clear(self):
        ArticleEntry.objects.all().delete()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {ARTICLES}")

    # Searching

    def _where(self, request, expression):
        where, params = [f"{ARTICLES} MATCH %s"], [expression]
        lowest, highest = document_id_bounds(request.date_from, request.date_to)
        if lowest is not None:
            where.append("rowid >= %s")
            params.append(lowest)
        if highest is not None:
            where.append("rowid <= %s")
            params.append(highest)
        return " AND ".join(where), params

    def _facets(self, request):
        return facet_groups(
            publication_ids=request.publication_ids,
            section_ids=request.section_ids,
            author_ids=request.author_ids,
            topic_ids=request.topic_ids,
        )

    def _fetch(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def search(self, request):
        if request.query.is_empty:
            return ArticleResults(total=0)
        request = replace(request, query=self._complete_word_as_is(request.query))
        facets = self._facets(request)
        expression = match_expression(request.query, facets=facets)
        where, params = self._where(request, expression)
        total = self._fetch(f"SELECT count(*) FROM {ARTICLES} WHERE {where}", params)[0][0]
        if total == 0 or request.offset >= total:
            return ArticleResults(total=total)
        if request.sort == SortOrder.NEWEST:
            rows = self._fetch(
                f"SELECT rowid FROM {ARTICLES} WHERE {where} ORDER BY rowid DESC LIMIT %s OFFSET %s",
                [*params, request.limit, request.offset],
            )
            document_ids = [row[0] for row in rows]
        else:
            headline_expression = match_expression(request.query, columns="{headline}", facets=facets)
            document_ids = self._ranked(request, where, params, headline_expression)
        return ArticleResults(total=total, hits=self._hits(request.query, document_ids))

    def _ranked(self, request, where, params, headline_expression):
        now = timezone.now()
        candidates = self._fetch(
            f"SELECT rowid, bm25({ARTICLES}, {WEIGHTS}) FROM {ARTICLES} WHERE {where} ORDER BY rowid DESC LIMIT %s",
            [*params, CANDIDATES],
        )
        older_headline_ids = []
        if len(candidates) == CANDIDATES:
            # Older stories with the words in the headline join the candidates,
            # scored by their headline alone: one query, since every separate
            # FTS5 cursor that calls bm25() first counts all the phrase's matches.
            headline_where, headline_params = self._where(request, headline_expression)
            older = self._fetch(
                f"SELECT rowid, bm25({ARTICLES}, {WEIGHTS}) FROM {ARTICLES} WHERE {headline_where} AND rowid < %s "
                "ORDER BY rowid DESC LIMIT %s",
                [*headline_params, candidates[-1][0], HEADLINE_CANDIDATES],
            )
            older_headline_ids = [row[0] for row in older]
            candidates = candidates + older
        ranked = sorted(
            candidates,
            key=lambda row: (-combined_score(-row[1], age_in_days(document_time(row[0]), now)), -row[0]),
        )
        ranked_ids = [row[0] for row in ranked]
        end = request.offset + request.limit
        if end <= len(ranked_ids) or len(candidates) < CANDIDATES:
            return ranked_ids[request.offset : end]
        # Past the candidates: the rest, newest first.
        page_ids = ranked_ids[request.offset :]
        rest_offset = max(request.offset - len(ranked_ids), 0)
        skip = ", ".join(["%s"] * len(older_headline_ids)) or "NULL"
        rows = self._fetch(
            f"SELECT rowid FROM {ARTICLES} WHERE {where} AND rowid < %s AND rowid NOT IN ({skip}) "
            "ORDER BY rowid DESC LIMIT %s OFFSET %s",
            [*params, candidates[CANDIDATES - 1][0], *older_headline_ids, request.limit - len(page_ids), rest_offset],
        )
        return page_ids + [row[0] for row in rows]

    def _complete_word_as_is(self, query):
        """A last word that is already a whole indexed word is searched as
        itself: prefix expansion is for words still being typed, and merging
        the doclists of every word it starts costs tens of milliseconds."""
        last = query.terms[-1]
        if not last.prefix:
            return query
        rows = self._fetch(
            f"SELECT rowid FROM {ARTICLES} WHERE {ARTICLES} MATCH %s LIMIT 1",
            [f'{TEXT_COLUMNS} : "{last.words[0]}"'],
        )
        if not rows:
            return query
        return replace(query, terms=(*query.terms[:-1], Term(last.words)))

    def _hits(self, query, document_ids):
        """Highlights from the public columns, one rowid lookup per result
        (FTS5 answers `rowid = ?` directly; `rowid IN (...)` scans every match)."""
        if not document_ids:
            return []
        select = (
            f"SELECT rowid, highlight({ARTICLES}, 0, %s, %s), highlight({ARTICLES}, 1, %s, %s), "
            f"snippet({ARTICLES}, 2, %s, %s, '…', 24) FROM {ARTICLES} WHERE {ARTICLES} MATCH %s AND rowid = %s"
        )
        expression = highlight_expression(query)
        params = []
        for document_id in document_ids:
            params += [MARK_START, MARK_END] * 3 + [expression, document_id]
        rows = self._fetch(" UNION ALL ".join([select] * len(document_ids)), params)
        by_id = {row[0]: row[1:] for row in rows}
        missing = [document_id for document_id in document_ids if document_id not in by_id]
        if missing:
            # Matched only through the body or names: show the public text as it is.
            entries = ArticleEntry.objects.filter(document_id__in=missing)
            for entry in entries.only("document_id", "headline", "standfirst", "teaser"):
                by_id[entry.document_id] = (entry.headline, entry.standfirst, _shorten(entry.teaser))
        return [
            ArticleHit(
                article_id=document_id % DOCUMENT_ID_FACTOR,
                headline_html=marked_to_html(by_id[document_id][0]),
                standfirst_html=marked_to_html(by_id[document_id][1]),
                snippet_html=marked_to_html(by_id[document_id][2]),
            )
            for document_id in document_ids
            if document_id in by_id
        ]

    def suggest(self, query, limit):
        if query.is_empty:
            return []
        now = timezone.now()
        rows = self._fetch(
            f"SELECT rowid, bm25({ARTICLES}, {WEIGHTS}) FROM {ARTICLES} WHERE {ARTICLES} MATCH %s "
            "ORDER BY rowid DESC LIMIT %s",
            [match_expression(query, columns="{headline}"), HEADLINE_CANDIDATES],
        )
        ranked = sorted(
            rows, key=lambda row: (-combined_score(-row[1], age_in_days(document_time(row[0]), now)), -row[0])
        )
        return [row[0] % DOCUMENT_ID_FACTOR for row in ranked[:limit]]

    # E-paper

    def index_epaper_pages(self, edition_id, pages):
        removed, created = self._replace_epaper_entries(edition_id, pages)
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {EPAPER} WHERE rowid = %s", [(value,) for value in removed])
            cursor.executemany(
                f"INSERT INTO {EPAPER}(rowid, text, facets) VALUES (%s, %s, %s)",
                [(entry.pk, entry.text, facet_tokens(publication_id=entry.publication_id)) for entry in created],
            )

    def remove_epaper_edition(self, edition_id):
        self.index_epaper_pages(edition_id, [])

    def search_epaper(self, request, limit):
        if request.query.is_empty:
            return []
        expression = match_expression(
            request.query,
            columns="{text}",
            excluded_columns="{text}",
            facets=facet_groups(publication_ids=request.publication_ids),
        )
        where, params = [f"{EPAPER} MATCH %s"], [expression]
        if request.date_from:
            where.append("entry.edition_date >= %s")
            params.append(request.date_from)
        if request.date_to:
            where.append("entry.edition_date <= %s")
            params.append(request.date_to)
        rows = self._fetch(
            f"SELECT entry.id, snippet({EPAPER}, 0, %s, %s, '…', 20) FROM {EPAPER} "
            f"JOIN {EpaperPageEntry._meta.db_table} entry ON entry.id = {EPAPER}.rowid "
            f"WHERE {' AND '.join(where)} ORDER BY {EPAPER}.rowid DESC LIMIT %s",
            [MARK_START, MARK_END, *params, limit],
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


def _shorten(text, words=SNIPPET_WORDS):
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
