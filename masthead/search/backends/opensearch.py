"""OpenSearch (or Elasticsearch) when SEARCH_URL is set: for installs that run
several web nodes and want search off the database.

Two indexes, `<prefix>-articles` and `<prefix>-epaper` (MASTHEAD_SEARCH_INDEX_PREFIX,
default "masthead"), created by `masthead search reindex`. Text is analysed with
lower case, ASCII folding and the English Porter stemmer. The body is indexed
but excluded from `_source`, so it can never come back in a response; highlights
are asked only of headline, standfirst and teaser. Writes go through a
background task after commit (`index_in_transaction = False`).
"""

import datetime
import json

import requests
from django.conf import settings

from masthead.search.backends.base import (
    EPAPER_CONTEXT_CHARS,
    FRESHNESS_DAYS,
    MARK_END,
    MARK_START,
    ArticleHit,
    ArticleResults,
    EpaperHit,
    SearchBackend,
    SearchRequest,
    SearchUnavailable,
    SortOrder,
    marked_to_html,
)

TIMEOUT_SECONDS = 5
MAX_WINDOW = 10_000
FIELDS = ["headline^10", "standfirst^4", "teaser^2", "body", "names^3"]
ANALYSIS = {
    "analyzer": {
        "folded_english": {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["lowercase", "asciifolding", "porter_stem"],
        }
    }
}
TEXT = {"type": "text", "analyzer": "folded_english"}
ARTICLE_MAPPING = {
    "_source": {"excludes": ["body"]},
    "properties": {
        "headline": TEXT,
        "standfirst": TEXT,
        "teaser": TEXT,
        "body": TEXT,
        "names": TEXT,
        "published_at": {"type": "date"},
        "publication_id": {"type": "integer"},
        "section_id": {"type": "integer"},
        "author_ids": {"type": "integer"},
        "topic_ids": {"type": "integer"},
    },
}
EPAPER_MAPPING = {
    "properties": {
        "text": TEXT,
        "edition_id": {"type": "integer"},
        "publication_id": {"type": "integer"},
        "publication_title": {"type": "keyword"},
        "edition_date": {"type": "date"},
        "page_number": {"type": "integer"},
        "url": {"type": "keyword"},
    }
}


def term_clause(term, fields):
    text = " ".join(term.words)
    if term.prefix:
        return {"multi_match": {"query": text, "fields": fields, "type": "bool_prefix"}}
    kind = "phrase" if term.phrase else "best_fields"
    return {"multi_match": {"query": text, "fields": fields, "type": kind, "operator": "and"}}


def filter_clauses(request):
    clauses = []
    for field, ids in (
        ("publication_id", request.publication_ids),
        ("section_id", request.section_ids),
        ("author_ids", request.author_ids),
        ("topic_ids", request.topic_ids),
    ):
        if ids:
            clauses.append({"terms": {field: list(ids)}})
    return clauses


def date_clause(field, date_from, date_to):
    bounds = {}
    if date_from:
        bounds["gte"] = date_from.isoformat()
    if date_to:
        bounds["lte"] = date_to.isoformat()
    return [{"range": {field: bounds | {"time_zone": settings.TIME_ZONE}}}] if bounds else []


class OpenSearchBackend(SearchBackend):
    index_in_transaction = False

    def __init__(self):
        self.url = settings.MASTHEAD_SEARCH_URL.rstrip("/")
        prefix = getattr(settings, "MASTHEAD_SEARCH_INDEX_PREFIX", "masthead")
        self.articles = f"{prefix}-articles"
        self.epaper = f"{prefix}-epaper"
        self.session = requests.Session()

    def _call(self, method, path, **kwargs):
        try:
            response = self.session.request(method, f"{self.url}/{path}", timeout=TIMEOUT_SECONDS, **kwargs)
        except requests.RequestException as error:
            raise SearchUnavailable(str(error)) from error
        if response.status_code >= 400 and not (method == "DELETE" and response.status_code == 404):
            raise SearchUnavailable(f"{method} {path}: {response.status_code} {response.text[:300]}")
        return response.json() if response.content else {}

    def create_indexes(self, *, recreate=False):
        for name, mapping in ((self.articles, ARTICLE_MAPPING), (self.epaper, EPAPER_MAPPING)):
            exists = self.session.head(f"{self.url}/{name}", timeout=TIMEOUT_SECONDS).status_code == 200
            if exists and recreate:
                self._call("DELETE", name)
            if recreate or not exists:
                self._call("PUT", name, json={"settings": {"analysis": ANALYSIS}, "mappings": mapping})

    def _bulk(self, lines):
        if lines:
            body = "\n".join(lines) + "\n"
            headers = {"Content-Type": "application/x-ndjson"}
            self._call("POST", "_bulk?refresh=wait_for", data=body.encode(), headers=headers)

    def index_articles(self, documents):
        lines = []
        for document in documents:
            lines.append(json.dumps({"index": {"_index": self.articles, "_id": document.article_id}}))
            lines.append(
                json.dumps(
                    {
                        "headline": document.headline,
                        "standfirst": document.standfirst,
                        "teaser": document.teaser,
                        "body": document.body,
                        "names": document.names,
                        "published_at": document.published_at.isoformat(),
                        "publication_id": document.publication_id,
                        "section_id": document.section_id,
                        "author_ids": list(document.author_ids),
                        "topic_ids": list(document.topic_ids),
                    }
                )
            )
        self._bulk(lines)

    def remove_articles(self, article_ids):
        self._bulk([json.dumps({"delete": {"_index": self.articles, "_id": article_id}}) for article_id in article_ids])

    def clear(self):
        self.create_indexes(recreate=False)
        self._call("POST", f"{self.articles}/_delete_by_query?refresh=true", json={"query": {"match_all": {}}})

    def indexed_article_count(self):
        self.create_indexes(recreate=False)
        return self._call("GET", f"{self.articles}/_count").get("count", 0)

    def _query(self, request, fields=FIELDS):
        return {
            "bool": {
                "must": [term_clause(term, fields) for term in request.query.terms],
                "must_not": [term_clause(term, FIELDS) for term in request.query.excluded],
                "filter": filter_clauses(request) + date_clause("published_at", request.date_from, request.date_to),
            }
        }

    def search(self, request):
        if request.query.is_empty or request.offset + request.limit > MAX_WINDOW:
            return ArticleResults(total=0)
        query = self._query(request)
        body = {
            "track_total_hits": True,
            "from": request.offset,
            "size": request.limit,
            "_source": False,
            "highlight": {
                "pre_tags": [MARK_START],
                "post_tags": [MARK_END],
                "require_field_match": False,
                "fields": {
                    "headline": {"number_of_fragments": 0},
                    "standfirst": {"number_of_fragments": 0},
                    "teaser": {"fragment_size": 160, "number_of_fragments": 1, "no_match_size": 160},
                },
            },
        }
        if request.sort == SortOrder.NEWEST:
            body |= {"query": query, "sort": [{"published_at": "desc"}]}
        else:
            body["query"] = {
                "function_score": {
                    "query": query,
                    "functions": [
                        {"weight": 1},
                        {"exp": {"published_at": {"scale": f"{FRESHNESS_DAYS}d", "decay": 0.5}}},
                    ],
                    "score_mode": "sum",
                    "boost_mode": "multiply",
                }
            }
        found = self._call("POST", f"{self.articles}/_search", json=body)["hits"]
        return ArticleResults(total=found["total"]["value"], hits=[self._hit(hit) for hit in found["hits"]])

    def _hit(self, hit):
        highlight = hit.get("highlight", {})
        return ArticleHit(
            article_id=int(hit["_id"]),
            headline_html=marked_to_html("".join(highlight.get("headline", []))),
            standfirst_html=marked_to_html("".join(highlight.get("standfirst", []))),
            snippet_html=marked_to_html("".join(highlight.get("teaser", []))),
        )

    def suggest(self, query, limit):
        if query.is_empty:
            return []
        body = {"size": limit, "_source": False, "query": self._query(SearchRequest(query=query), ["headline"])}
        return [int(hit["_id"]) for hit in self._call("POST", f"{self.articles}/_search", json=body)["hits"]["hits"]]

    def index_epaper_pages(self, edition_id, pages):
        self.remove_epaper_edition(edition_id)
        lines = []
        for page in pages:
            lines.append(json.dumps({"index": {"_index": self.epaper, "_id": f"{edition_id}-{page.page_number}"}}))
            lines.append(
                json.dumps(
                    {
                        "text": page.text,
                        "edition_id": page.edition_id,
                        "publication_id": page.publication_id,
                        "publication_title": page.publication_title,
                        "edition_date": page.edition_date.isoformat(),
                        "page_number": page.page_number,
                        "url": page.url,
                    }
                )
            )
        self._bulk(lines)

    def remove_epaper_edition(self, edition_id):
        self.create_indexes(recreate=False)
        self._call(
            "POST",
            f"{self.epaper}/_delete_by_query?refresh=true",
            json={"query": {"term": {"edition_id": edition_id}}},
        )

    def search_epaper(self, request, limit):
        if request.query.is_empty:
            return []
        filters = date_clause("edition_date", request.date_from, request.date_to)
        if request.publication_ids:
            filters.append({"terms": {"publication_id": list(request.publication_ids)}})
        body = {
            "size": limit,
            "_source": {"excludes": ["text"]},
            "sort": [{"edition_date": "desc"}, {"page_number": "asc"}],
            "query": {
                "bool": {
                    "must": [term_clause(term, ["text"]) for term in request.query.terms],
                    "must_not": [term_clause(term, ["text"]) for term in request.query.excluded],
                    "filter": filters,
                }
            },
            "highlight": {
                "pre_tags": [MARK_START],
                "post_tags": [MARK_END],
                "fields": {"text": {"fragment_size": 140, "number_of_fragments": 1}},
            },
        }
        found = self._call("POST", f"{self.epaper}/_search", json=body)["hits"]["hits"]
        return [
            EpaperHit(
                edition_id=hit["_source"]["edition_id"],
                publication_title=hit["_source"]["publication_title"],
                edition_date=_date(hit["_source"]["edition_date"]),
                page_number=hit["_source"]["page_number"],
                url=hit["_source"]["url"],
                context_html=marked_to_html(
                    "".join(hit.get("highlight", {}).get("text", [])), max_chars=EPAPER_CONTEXT_CHARS
                ),
            )
            for hit in found
        ]


def _date(value):
    return datetime.date.fromisoformat(value[:10])
