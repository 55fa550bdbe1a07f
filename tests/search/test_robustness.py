"""Any input gets results or a friendly page: 200, or 400 for a malformed
filter, never a 500. Runs on whichever database the suite runs on."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.search.helpers import publish

NASTY_QUERIES = [
    '"',
    '"harbour',
    'harbour"plan"',
    "AND OR NOT NEAR",
    "NEAR(harbour plan, 2)",
    "*",
    "harb*",
    "^harbour",
    "title:harbour",
    "headline:harbour facets:zzpub1",
    "{headline}: harbour",
    "(harbour OR (plan",
    "') OR 1=1; --",
    "'; DROP TABLE articlesearch_articleentry; --",
    "harbour\x00plan",
    "\x01\x02\x03\x1b[31m",
    "-",
    "--harbour",
    "x" * 10_000,
    "harbour " * 2_000,
    "emoji 🦀 harbour",
    "ǅ ß ﬁ İ",
]


@pytest.fixture
def indexed(group):
    publish(group.section, "Harbour plan approved", standfirst="The council voted.")
    return group


@pytest.mark.parametrize("query", NASTY_QUERIES)
def test_nasty_queries_get_a_page(client, indexed, query):
    assert client.get("/search/", {"q": query}).status_code == 200
    assert client.get("/search/suggest/", {"q": query}).status_code == 200


@pytest.mark.parametrize(
    "params",
    [
        {"q": "harbour", "from": "2025-13-45"},
        {"q": "harbour", "to": "yesterday"},
        {"q": "harbour", "from": "2025-10-09", "to": "2025-01-01"},
        {"q": "harbour", "page": "abc"},
        {"q": "harbour", "page": "0"},
        {"q": "harbour", "page": "-3"},
        {"q": "harbour", "page": "99999999999999999999"},
        {"q": "harbour", "sort": "random"},
        {"q": "harbour", "publication": "not a slug!"},
    ],
)
def test_malformed_parameters_are_a_friendly_400(client, indexed, params):
    response = client.get("/search/", params)
    assert response.status_code == 400
    assert "We could not use part of that search" in response.content.decode()


def test_a_filter_naming_nothing_is_an_empty_page(client, indexed):
    response = client.get("/search/", {"q": "harbour", "publication": "no-such-title", "page": "3"})
    assert response.status_code == 200
    assert "Search all titles and dates" in response.content.decode()


def test_the_query_stays_in_the_header_box(client, indexed):
    page = client.get("/search/", {"q": "harbour plan"}).content.decode()
    assert 'id="site-search-q" type="search" name="q" value="harbour plan"' in page


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.text(max_size=300),
    other=st.dictionaries(
        st.sampled_from(["publication", "section", "author", "topic", "from", "to", "sort", "page"]),
        st.text(max_size=30),
        max_size=3,
    ),
)
def test_arbitrary_input_never_crashes(client, indexed, query, other):
    params = {"q": query, **other}
    assert client.get("/search/", params).status_code in (200, 400)
    assert client.get("/search/suggest/", {"q": query}).status_code == 200
