"""The search page's work, with no HTTP in it: resolve filters, ask the backend,
load the articles to show, and suggest what to try when nothing matched."""

import difflib
import logging
import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache

from masthead.news.models import ArticlePage, Author, PublicationPage, SectionPage, Topic
from masthead.search.backends import get_backend
from masthead.search.backends.base import SearchRequest, SearchUnavailable, SortOrder
from masthead.search.models import ArticleEntry
from masthead.search.query import parse_query, words_of

logger = logging.getLogger(__name__)
PER_PAGE = 20
EPAPER_HITS = 5
SUGGESTIONS = 8
VOCABULARY_ENTRIES = 5000
VOCABULARY_SECONDS = 600
FILTER_NAMES = ("publication", "section", "author", "topic", "from", "to")


@dataclass
class ResultItem:
    article: ArticlePage
    url: str
    headline_html: str
    standfirst_html: str
    snippet_html: str


@dataclass
class Suggestion:
    label: str
    url: str


@dataclass
class SearchOutcome:
    query_text: str
    total: int = 0
    page: int = 1
    page_count: int = 0
    results: list[ResultItem] = field(default_factory=list)
    epaper_hits: list = field(default_factory=list)
    spelling: Suggestion | None = None
    fewer_words: list[Suggestion] = field(default_factory=list)
    without_filters: Suggestion | None = None
    needs_words: bool = False
    unavailable: bool = False

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.page_count


def _ids(model, slug):
    return tuple(model.objects.filter(slug=slug).values_list("pk", flat=True)) if slug else ()


def build_request(query_text, filters, *, sort=SortOrder.RELEVANCE, page=1):
    """A SearchRequest, or None when a filter names something that does not exist."""
    per_page = PER_PAGE
    publication_ids = _ids(PublicationPage, filters.get("publication"))
    section_pages = SectionPage.objects.filter(slug=filters.get("section") or "")
    if publication_ids:
        section_pages = section_pages.child_of(PublicationPage.objects.get(pk=publication_ids[0]))
    groups = {
        "publication_ids": publication_ids,
        "section_ids": tuple(section_pages.values_list("pk", flat=True)) if filters.get("section") else (),
        "author_ids": _ids(Author, filters.get("author")),
        "topic_ids": _ids(Topic, filters.get("topic")),
    }
    for name, ids in zip(("publication", "section", "author", "topic"), groups.values(), strict=True):
        if filters.get(name) and not ids:
            return None
    return SearchRequest(
        query=parse_query(query_text),
        date_from=filters.get("from"),
        date_to=filters.get("to"),
        sort=sort,
        offset=(page - 1) * per_page,
        limit=per_page,
        **groups,
    )


def run_search(request, query_text, filters, *, sort=SortOrder.RELEVANCE, page=1):
    """Everything the search page shows, for one HTTP request (used for URLs)."""
    try:
        return _run_search(request, query_text, filters, sort=sort, page=page)
    except SearchUnavailable:
        logger.exception("Search engine unavailable")
        return SearchOutcome(query_text=query_text, page=page, unavailable=True)


def _run_search(request, query_text, filters, *, sort, page):
    outcome = SearchOutcome(query_text=query_text, page=page)
    search_request = build_request(query_text, filters, sort=sort, page=page)
    if search_request is not None and search_request.query.is_empty:
        outcome.needs_words = bool(query_text.strip())
        return outcome
    backend = get_backend()
    if search_request is not None:
        found = backend.search(search_request)
        outcome.total = found.total
        outcome.page_count = math.ceil(found.total / PER_PAGE)
        if found.total and not found.hits and page > outcome.page_count:
            outcome.page = outcome.page_count
            found = backend.search(build_request(query_text, filters, sort=sort, page=outcome.page))
        outcome.results = _result_items(request, found.hits)
        if outcome.page == 1 and not any(filters.get(name) for name in ("section", "author", "topic")):
            outcome.epaper_hits = backend.search_epaper(search_request, EPAPER_HITS)
    if not outcome.total and not outcome.epaper_hits:
        _suggest_alternatives(outcome, query_text, filters, sort)
    return outcome


def _result_items(request, hits):
    articles = ArticlePage.objects.live().filter(pk__in=[hit.article_id for hit in hits])
    articles = articles.select_related("publication", "section").defer("body").in_bulk()
    return [
        ResultItem(
            article=articles[hit.article_id],
            url=articles[hit.article_id].get_url(request),
            headline_html=hit.headline_html,
            standfirst_html=hit.standfirst_html,
            snippet_html=hit.snippet_html,
        )
        for hit in hits
        if hit.article_id in articles
    ]


def search_url(query_text, filters=None, sort=SortOrder.RELEVANCE):
    params = {"q": query_text}
    for name, value in (filters or {}).items():
        if value:
            params[name] = value.isoformat() if hasattr(value, "isoformat") else value
    if sort != SortOrder.RELEVANCE:
        params["sort"] = sort
    return "/search/?" + urlencode(params)


def _suggest_alternatives(outcome, query_text, filters, sort):
    parsed = parse_query(query_text)
    active_filters = {name: filters.get(name) for name in FILTER_NAMES if filters.get(name)}
    if active_filters:
        outcome.without_filters = Suggestion(label=query_text, url=search_url(query_text, sort=sort))
    corrected = spelling_correction(query_text)
    if corrected:
        outcome.spelling = Suggestion(label=corrected, url=search_url(corrected, active_filters, sort))
    if len(parsed.terms) > 1:
        outcome.fewer_words = [
            Suggestion(label=" ".join(term.words), url=search_url(" ".join(term.words), active_filters, sort))
            for term in parsed.terms
        ]


def vocabulary():
    """Words readers can see (headlines, standfirsts, names) of recent entries,
    for spelling hints; cached, since it is only needed when nothing matched."""
    words = cache.get("articlesearch:vocabulary")
    if words is None:
        recent = ArticleEntry.objects.order_by("-published_at").values_list("headline", "standfirst", "names")
        counted = {}
        for texts in recent[:VOCABULARY_ENTRIES]:
            for word in words_of(" ".join(texts)):
                if len(word) > 2 and not word.isdigit():
                    counted[word] = counted.get(word, 0) + 1
        words = sorted(counted, key=counted.get, reverse=True)
        cache.set("articlesearch:vocabulary", words, VOCABULARY_SECONDS)
    return words


def spelling_correction(query_text):
    """The query with unknown words replaced by the closest known ones, or ''."""
    known = vocabulary()
    known_set = set(known)
    parsed = parse_query(query_text)
    changed, words = False, []
    for word in parsed.words:
        if word in known_set or len(word) < 3 or word.isdigit():
            words.append(word)
            continue
        close = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
        if close:
            changed = True
        words.append(close[0] if close else word)
    return " ".join(words) if changed else ""


def suggest_headlines(request, query_text):
    """Up to SUGGESTIONS {headline, url} for the header box's autocomplete."""
    parsed = parse_query(query_text)
    if parsed.is_empty:
        return []
    try:
        article_ids = get_backend().suggest(parsed, SUGGESTIONS)
    except SearchUnavailable:
        logger.exception("Search engine unavailable")
        return []
    articles = (
        ArticlePage.objects.live().filter(pk__in=article_ids).select_related("publication").defer("body").in_bulk()
    )
    return [
        {
            "headline": articles[article_id].title,
            "url": articles[article_id].get_url(request),
            "publication": articles[article_id].publication.title if articles[article_id].publication else "",
        }
        for article_id in article_ids
        if article_id in articles
    ]
