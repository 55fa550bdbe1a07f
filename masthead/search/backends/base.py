"""The seam every search engine plugs into.

A backend indexes `ArticleDocument`s and `EpaperPage`s and answers
`SearchRequest`s with article ids, a total and highlighted public text. Views
and indexing code talk only to this interface; which engine sits behind it is
a setting (see `get_backend`).
"""

import datetime
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from masthead.search.query import ParsedQuery

# Highlight markers handed to the engines; indexed text never contains them
# (clean_text strips control characters).
MARK_START = "\x02"
MARK_END = "\x03"
CANDIDATES = 1000
HEADLINE_CANDIDATES = 100
EPAPER_CONTEXT_CHARS = 160
FRESHNESS_DAYS = 30


class SearchUnavailable(Exception):
    """The engine did not answer; the page says so instead of failing."""


class SortOrder:
    RELEVANCE = "relevance"
    NEWEST = "newest"


@dataclass(frozen=True)
class SearchRequest:
    """Filters are groups of ids: a result must match one id of every non-empty group."""

    query: ParsedQuery
    publication_ids: tuple[int, ...] = ()
    section_ids: tuple[int, ...] = ()
    author_ids: tuple[int, ...] = ()
    topic_ids: tuple[int, ...] = ()
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    sort: str = SortOrder.RELEVANCE
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True)
class ArticleHit:
    article_id: int
    headline_html: str
    standfirst_html: str
    snippet_html: str


@dataclass(frozen=True)
class ArticleResults:
    total: int
    hits: list[ArticleHit] = field(default_factory=list)


@dataclass(frozen=True)
class EpaperHit:
    edition_id: int
    publication_title: str
    edition_date: datetime.date
    page_number: int
    url: str
    context_html: str


def freshness_boost(age_days):
    """Between 1 (old) and 2 (today): of two equally relevant stories the
    newer wins, while a much better match still beats a fresher passing one."""
    return 1.0 + 1.0 / (1.0 + max(age_days, 0.0) / FRESHNESS_DAYS)


def combined_score(relevance, age_days):
    return relevance * freshness_boost(age_days)


def marked_to_html(text, max_chars=None):
    """Escape engine output and turn our markers into <mark>; optionally cut
    the visible text to `max_chars` (markers do not count)."""
    parts, visible, in_mark = [], 0, False
    for index, piece in enumerate(text.replace(MARK_END, MARK_START).split(MARK_START)):
        if index:
            in_mark = not in_mark
            parts.append("<mark>" if in_mark else "</mark>")
        if max_chars is not None and visible + len(piece) > max_chars:
            piece = piece[: max(max_chars - visible - 1, 0)].rstrip() + "…"
            parts.append(escape(piece))
            if in_mark:
                parts.append("</mark>")
            break
        visible += len(piece)
        parts.append(escape(piece))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above


def age_in_days(published_at, now):
    return max((now - published_at).total_seconds(), 0.0) / 86400.0


class SearchBackend:
    """Base class: every method an engine must provide."""

    # True when indexing may run inside the publishing transaction (cheap and
    # local); False sends it to a background task after commit.
    index_in_transaction = True

    def index_articles(self, documents):
        """Add or replace these ArticleDocuments."""
        raise NotImplementedError

    def remove_articles(self, article_ids):
        raise NotImplementedError

    def clear(self):
        """Remove every article (e-paper pages stay: they come from elsewhere)."""
        raise NotImplementedError

    def indexed_article_count(self):
        """How many articles the index holds."""
        raise NotImplementedError

    def search(self, request):
        """SearchRequest -> ArticleResults."""
        raise NotImplementedError

    def suggest(self, query, limit):
        """ParsedQuery -> up to `limit` article ids, best headline matches first."""
        raise NotImplementedError

    def index_epaper_pages(self, edition_id, pages):
        """Replace an edition's pages with these EpaperPages."""
        raise NotImplementedError

    def remove_epaper_edition(self, edition_id):
        raise NotImplementedError

    def search_epaper(self, request, limit):
        """SearchRequest -> up to `limit` EpaperHits, newest editions first (only
        the query, the titles and the dates apply)."""
        raise NotImplementedError
