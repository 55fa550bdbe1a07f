"""One contract for every search backend, subclassed per engine (as Wagtail
tests its search backends). Behaviour is checked through the URLs a reader uses."""

import datetime
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from masthead.search.backends import get_backend
from masthead.search.documents import index_epaper_pages
from masthead.search.models import ArticleEntry
from tests.factories import make_article, make_author, make_topic
from tests.search.helpers import publish, result_headlines


class BackendContract:
    backend_path = None

    @pytest.fixture(autouse=True)
    def _use_backend(self, settings):
        self.check_available()
        settings.MASTHEAD_SEARCH_BACKEND = self.backend_path

    def check_available(self):
        raise NotImplementedError

    def search(self, client, **params):
        response = client.get("/search/", params)
        assert response.status_code == 200, response.content[:500]
        return response

    # Indexing follows publishing

    def test_a_published_article_is_found_by_its_headline(self, client, group):
        publish(group.section, "Harbour bridge reopens after repairs")
        assert result_headlines(self.search(client, q="harbour bridge")) == ["Harbour bridge reopens after repairs"]

    def test_unpublished_and_deleted_articles_are_no_longer_found(self, client, group):
        unpublished = publish(group.section, "Ferry timetable changes for winter")
        deleted = publish(group.section, "Ferry fares rise in spring")
        unpublished.unpublish()
        Page.objects.get(pk=deleted.pk).delete()
        assert result_headlines(self.search(client, q="ferry")) == []
        assert not ArticleEntry.objects.exists()

    def test_a_changed_article_is_found_by_its_new_words(self, client, group):
        article = publish(group.section, "Library opening hours")
        article.title = "Library opening hours extended to Sunday"
        article.save_revision().publish()
        assert result_headlines(self.search(client, q="sunday")) == ["Library opening hours extended to Sunday"]

    def test_a_moved_article_is_found_under_its_new_title(self, client, group):
        article = publish(group.section, "Lifeboat crew honoured")
        other_section = group.publications[1].section_pages["news"]
        Page.objects.get(pk=article.pk).move(other_section, pos="last-child")
        moved_to = group.publications[1].slug
        assert result_headlines(self.search(client, q="lifeboat", publication=moved_to)) == ["Lifeboat crew honoured"]
        assert result_headlines(self.search(client, q="lifeboat", publication=group.publications[0].slug)) == []

    def test_indexing_is_undone_with_a_failed_publication(self, client, group):
        article = make_article(group.section, "Pier lights switched on", live=False)
        with pytest.raises(RuntimeError), transaction.atomic():
            article.save_revision().publish()
            raise RuntimeError("publishing failed")
        assert result_headlines(self.search(client, q="pier")) == []

    def test_reindex_command_rebuilds_the_index(self, client, group):
        publish(group.section, "Marina expansion approved")
        get_backend().clear()
        assert result_headlines(self.search(client, q="marina")) == []
        output = StringIO()
        call_command("search", "reindex", stdout=output)
        assert "Indexed 1 article." in output.getvalue()
        assert result_headlines(self.search(client, q="marina")) == ["Marina expansion approved"]

    # What a reader sees: never the gated body

    def test_words_from_the_body_match_but_only_public_text_is_shown(self, client, group):
        publish(
            group.section,
            "Council meeting ends early",
            standfirst="Members left after an hour.",
            paragraphs=["The teaser paragraph everyone may read.", "Gated detail mentions the zanzibar contract."],
        )
        response = self.search(client, q="zanzibar")
        assert result_headlines(response) == ["Council meeting ends early"]
        page = response.content.decode()
        assert "Gated detail" not in page and "zanzibar contract" not in page
        assert "The teaser paragraph everyone may read." in page
        suggestions = client.get("/search/suggest/", {"q": "council"}).content.decode()
        assert "Gated detail" not in suggestions

    def test_result_shows_title_section_date_standfirst_and_highlight(self, client, group):
        publish(group.section, "Tidal power scheme approved", age_days=0, standfirst="A tidal lagoon is planned.")
        page = self.search(client, q="tidal").content.decode()
        assert "The Northern Courier" in page and "News" in page
        assert "<mark>" in page and "A" in page
        article = ArticleEntry.objects.get()
        assert article.published_at.strftime("%d %b %Y") in page

    def test_markup_in_public_fields_is_escaped(self, client, group):
        publish(group.section, "Bins & <script>alert(1)</script> bags", standfirst="<b>Bold</b> bins plan.")
        page = self.search(client, q="bins").content.decode()
        assert "<script>alert(1)</script>" not in page and "<b>Bold</b>" not in page
        assert "&lt;script&gt;" in page

    # Ranking

    def test_of_two_equally_relevant_stories_the_newer_ranks_first(self, client, group):
        publish(group.section, "Regatta draws record crowds", age_days=40, standfirst="Boats in the bay.")
        publish(group.section, "Regatta draws record crowds", age_days=2, standfirst="Boats in the bay.")
        results = self.search(client, q="regatta").context["outcome"].results
        assert results[0].article.published_at > results[1].article.published_at

    def test_an_exact_headline_match_beats_a_passing_mention(self, client, group):
        publish(
            group.section,
            "Council budget approved",
            age_days=1,
            paragraphs=["Councillors met.", "Votes were cast.", "One speaker recalled the lighthouse on the pier."],
        )
        publish(group.section, "Lighthouse restored", age_days=200)
        assert result_headlines(self.search(client, q="lighthouse"))[0] == "Lighthouse restored"

    def test_sort_newest(self, client, group):
        publish(group.section, "Orchard festival returns", age_days=10)
        publish(group.section, "Orchard festival cancelled", age_days=1)
        publish(group.section, "Orchard festival orchard orchard", age_days=30)
        assert result_headlines(self.search(client, q="orchard", sort="newest")) == [
            "Orchard festival cancelled",
            "Orchard festival returns",
            "Orchard festival orchard orchard",
        ]

    # Query language

    @pytest.mark.parametrize(
        "query, expected",
        [
            pytest.param('"quarry plan"', ["Quarry plan rejected"], id="phrase"),
            pytest.param("quarry -rejected", ["Plan for quarry approved"], id="exclude"),
            pytest.param("quar", ["Quarry plan rejected", "Plan for quarry approved"], id="prefix-of-last-word"),
            pytest.param("QUARRY Rejected", ["Quarry plan rejected"], id="case"),
            pytest.param("rejecting", ["Quarry plan rejected"], id="stemming"),
        ],
    )
    def test_query_language(self, client, group, query, expected):
        publish(group.section, "Quarry plan rejected", age_days=1)
        publish(group.section, "Plan for quarry approved", age_days=2)
        assert result_headlines(self.search(client, q=query)) == expected

    def test_accents_are_folded_both_ways(self, client, group):
        publish(group.section, "Ó Dónaill wins by-election")
        assert result_headlines(self.search(client, q="o donaill")) == ["Ó Dónaill wins by-election"]
        assert result_headlines(self.search(client, q="Ó DÓNAILL")) == ["Ó Dónaill wins by-election"]

    def test_author_topic_and_title_names_are_searchable(self, client, group):
        author = make_author("Siobhán Ní Bhriain")
        topic = make_topic("Coastal erosion")
        publish(group.section, "Storm damage assessed", authors=[author], topics=[topic])
        assert result_headlines(self.search(client, q="siobhan")) == ["Storm damage assessed"]
        assert result_headlines(self.search(client, q="erosion")) == ["Storm damage assessed"]
        assert result_headlines(self.search(client, q="storm courier")) == ["Storm damage assessed"]

    # Filters and pages

    def test_filters(self, client, group):
        author = make_author("Aoife Byrne")
        topic = make_topic("Transport")
        sport = group.publications[0].section_pages["sport"]
        other_title = group.publications[1].section_pages["news"]
        publish(group.section, "Bus route news", age_days=5, authors=[author], topics=[topic])
        publish(sport, "Bus route sport", age_days=50)
        publish(other_title, "Bus route herald", age_days=400)
        first_title = group.publications[0].slug
        assert set(result_headlines(self.search(client, q="bus", publication=first_title))) == {
            "Bus route news",
            "Bus route sport",
        }
        assert result_headlines(self.search(client, q="bus", publication=first_title, section="sport")) == [
            "Bus route sport"
        ]
        assert result_headlines(self.search(client, q="bus", author="aoife-byrne")) == ["Bus route news"]
        assert result_headlines(self.search(client, q="bus", topic="transport")) == ["Bus route news"]
        start = (datetime.date.today() - datetime.timedelta(days=100)).isoformat()
        end = (datetime.date.today() - datetime.timedelta(days=20)).isoformat()
        assert result_headlines(self.search(client, q="bus", **{"from": start, "to": end})) == ["Bus route sport"]
        assert result_headlines(self.search(client, q="bus", publication="no-such-title")) == []

    def test_pagination_with_total(self, client, group, monkeypatch):
        monkeypatch.setattr("masthead.search.service.PER_PAGE", 2)
        for number in range(5):
            publish(group.section, f"Harbour dredging update {number}", age_days=number)
        first = self.search(client, q="dredging").context["outcome"]
        last = self.search(client, q="dredging", page=3).context["outcome"]
        beyond = self.search(client, q="dredging", page=9).context["outcome"]
        assert (first.total, first.page_count, len(first.results)) == (5, 3, 2)
        assert [result.article.title for result in last.results] == ["Harbour dredging update 4"]
        assert beyond.page == 3 and len(beyond.results) == 1
        assert "5 stories found, page 1 of 3" in self.search(client, q="dredging").content.decode()

    def test_an_empty_result_suggests_spelling_fewer_words_and_no_filters(self, client, group):
        publish(group.section, "Harbour master retires")
        outcome = self.search(client, q="harbuor pelican", publication=group.publications[1].slug).context["outcome"]
        assert outcome.total == 0
        assert outcome.spelling.label.startswith("harbour")
        assert [suggestion.label for suggestion in outcome.fewer_words] == ["harbuor", "pelican"]
        assert "publication" not in outcome.without_filters.url

    # Suggestions and e-paper

    def test_suggest_returns_up_to_eight_headlines_with_urls(self, client, group):
        for number in range(10):
            publish(group.section, f"Greenway extension phase {number}", age_days=number)
        data = client.get("/search/suggest/", {"q": "greenw"}).json()
        assert len(data["results"]) == 8
        assert data["results"][0]["headline"] == "Greenway extension phase 0"
        assert data["results"][0]["url"].startswith("/") or data["results"][0]["url"].startswith("http")

    def test_epaper_pages_appear_in_their_own_list_with_short_context(self, client, group):
        long_text = "Front page. " + "Filler words about the county. " * 40 + "The pelican returns to the estuary. "
        long_text += " ".join(f"Closing sentence number {number}." for number in range(40))
        index_epaper_pages(
            edition_id=7,
            publication_id=group.publications[0].pk,
            publication_title="The Northern Courier",
            edition_date=datetime.date(2025, 10, 9),
            pages=[(3, long_text, "/epaper/7/3/")],
        )
        response = self.search(client, q="pelican")
        hits = response.context["outcome"].epaper_hits
        assert [(hit.publication_title, hit.page_number, hit.url) for hit in hits] == [
            ("The Northern Courier", 3, "/epaper/7/3/")
        ]
        page = response.content.decode()
        assert "In the e-paper" in page and "09 Oct 2025" in page and "page 3" in page
        visible = hits[0].context_html.replace("<mark>", "").replace("</mark>", "")
        assert "pelican" in visible and len(visible) <= 170
        assert "number 39" not in page and "Filler words about the county. " * 5 not in page

    # No N+1

    def test_query_count_does_not_grow_with_results(self, client, group):
        publish(group.section, "Weir repairs begin", age_days=1)
        self.search(client, q="weir")  # the first request also warms per-process caches
        with CaptureQueriesContext(connection) as few:
            self.search(client, q="weir")
        for number in range(6):
            publish(group.section, f"Weir repairs update {number}", age_days=number + 2)
        self.search(client, q="weir")  # publishing refreshes the cached navigation
        with CaptureQueriesContext(connection) as many:
            self.search(client, q="weir")
        assert len(many) == len(few)
        assert len(many) <= 15


class TestSQLiteBackend(BackendContract):
    backend_path = "masthead.search.backends.sqlite.SQLiteBackend"

    def check_available(self):
        if connection.vendor != "sqlite":
            pytest.skip("SQLite FTS5 backend: the tests run on SQLite (unset MASTHEAD_TEST_DATABASE_URL)")


class TestPostgresBackend(BackendContract):
    backend_path = "masthead.search.backends.postgres.PostgresBackend"

    def check_available(self):
        if connection.vendor != "postgresql":
            pytest.skip("PostgreSQL backend: set MASTHEAD_TEST_DATABASE_URL=postgres://... to run these")


class TestOpenSearchBackend(BackendContract):
    backend_path = "masthead.search.backends.opensearch.OpenSearchBackend"

    @pytest.fixture(autouse=True)
    def _use_backend(self, settings):
        self.check_available()
        settings.MASTHEAD_SEARCH_BACKEND = self.backend_path
        settings.MASTHEAD_SEARCH_URL = os.environ["MASTHEAD_TEST_SEARCH_URL"]
        settings.MASTHEAD_SEARCH_INDEX_PREFIX = "masthead-test"
        get_backend().create_indexes(recreate=True)

    def check_available(self):
        url = os.environ.get("MASTHEAD_TEST_SEARCH_URL")
        if not url:
            pytest.skip("OpenSearch backend: set MASTHEAD_TEST_SEARCH_URL=http://host:9200 to a running server")
        import requests

        try:
            requests.get(url, timeout=2).raise_for_status()
        except requests.RequestException as error:
            pytest.skip(f"OpenSearch backend: no server answers at {url} ({error.__class__.__name__})")
