"""What the OpenSearch backend sends, checked without a server (the shared
contract in test_backends.py runs against a real one when configured)."""

import datetime

import pytest

from masthead.search.backends.base import SearchRequest
from masthead.search.backends.opensearch import ARTICLE_MAPPING, OpenSearchBackend
from masthead.search.query import parse_query


@pytest.fixture
def backend(settings):
    settings.MASTHEAD_SEARCH_URL = "http://search.invalid:9200"
    return OpenSearchBackend()


def test_the_body_is_never_stored_in_source():
    assert ARTICLE_MAPPING["_source"] == {"excludes": ["body"]}


def test_search_asks_highlights_of_public_fields_only(backend, monkeypatch):
    sent = {}

    def fake_call(method, path, **kwargs):
        sent.update(kwargs["json"])
        return {"hits": {"total": {"value": 0}, "hits": []}}

    monkeypatch.setattr(backend, "_call", fake_call)
    request = SearchRequest(
        query=parse_query('"harbour plan" -council ferr'),
        publication_ids=(3,),
        date_from=datetime.date(2025, 1, 1),
    )
    backend.search(request)
    assert set(sent["highlight"]["fields"]) == {"headline", "standfirst", "teaser"}
    assert sent["_source"] is False
    bool_query = sent["query"]["function_score"]["query"]["bool"]
    assert [clause["multi_match"]["type"] for clause in bool_query["must"]] == ["phrase", "bool_prefix"]
    assert bool_query["must_not"][0]["multi_match"]["query"] == "council"
    assert {"terms": {"publication_id": [3]}} in bool_query["filter"]
