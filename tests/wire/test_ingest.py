from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from masthead.news.models import ArticlePage
from masthead.wire.body import body_blocks
from masthead.wire.formats import WireFormatError, parse_wire_file
from masthead.wire.models import ReceivedWireItem

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "wire"
MAX = 5 * 1024 * 1024


def ingest(*names, section="northern-courier/news"):
    call_command("wire", "ingest", *[str(FIXTURES / name) for name in names], "--section", section)


def test_ninjs_item_becomes_a_draft_credited_to_its_agency(group, client):
    ingest("ninjs_council.json")
    article = ArticlePage.objects.get(title="County council agrees budget after late-night session")
    assert article.live is False
    assert article.agency_credit == "Atlantic Wire"
    assert article.standfirst.startswith("Councillors backed a plan")
    assert article.get_parent().specific == group.section
    # A draft is invisible to readers until an editor publishes it.
    assert client.get(f"/northern-courier/news/{article.slug}/").status_code == 404


def test_agency_html_is_sanitised_before_it_reaches_the_body(group):
    ingest("ninjs_council.json")
    article = ArticlePage.objects.get(title__startswith="County council")
    stored = str(article.get_latest_revision_as_object().body.raw_data)
    assert "script" not in stored
    assert "onclick" not in stored
    assert "javascript:" not in stored
    types = [block.block_type for block in article.get_latest_revision_as_object().body]
    assert types == ["paragraph", "paragraph", "heading", "quote", "paragraph", "paragraph"]


def test_newsml_g2_item_is_read_with_its_xhtml_body(group):
    ingest("newsml_ferry.xml")
    article = ArticlePage.objects.get(title="Winter ferry timetable adds an early crossing")
    body = article.get_latest_revision_as_object().body
    assert [block.block_type for block in body] == ["paragraph", "paragraph"]
    assert "<em>demand had grown</em>" in str(body[1].value)
    assert article.agency_credit == "Harbour Press Agency"


def test_the_same_version_twice_adds_nothing_and_a_newer_one_updates_the_draft(group):
    ingest("ninjs_council.json")
    ingest("ninjs_council.json")
    assert ArticlePage.objects.filter(title__startswith="County council").count() == 1
    assert ReceivedWireItem.objects.get().status == "skipped"

    newer = (FIXTURES / "ninjs_council.json").read_text().replace('"version": "1"', '"version": "2"')
    newer = newer.replace("after late-night session", "after marathon session")
    format_name, items = parse_wire_file(newer.encode(), max_bytes=MAX)
    from masthead.wire.actions import do_ingest_wire_item

    received = do_ingest_wire_item(items[0], section=group.section, format_name=format_name)
    assert received.status == "updated"
    article = ArticlePage.objects.get(pk=received.article_id)
    assert article.get_latest_revision_as_object().title == "County council agrees budget after marathon session"
    assert ArticlePage.objects.count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"{not json", "Malformed ninjs"),
        (b'{"uri": "x"}', "needs a uri, a headline"),
        (b"<html><body>hello</body></html>", "Not a wire format"),
        ((FIXTURES / "newsml_entities.xml").read_bytes(), "unsafe"),
        (b'<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g" version="x"/>', "version must be"),
    ],
)
def test_malformed_or_hostile_files_are_refused_with_a_reason(data, message):
    with pytest.raises(WireFormatError, match=message):
        parse_wire_file(data, max_bytes=MAX)


def test_the_command_reports_a_bad_file_and_an_unknown_section(group, tmp_path, capsys):
    bad = tmp_path / "broken.json"
    bad.write_bytes(b"{oops")
    with pytest.raises(CommandError, match="No file could be read"):
        call_command("wire", "ingest", str(bad), "--section", "northern-courier/news")
    assert "rejected" in capsys.readouterr().err
    with pytest.raises(CommandError, match="no section"):
        ingest("ninjs_council.json", section="northern-courier/weather")


def test_plain_text_between_blocks_becomes_an_escaped_paragraph():
    blocks = body_blocks("Loose text & more<p>Para</p>")
    assert blocks[0] == {"type": "paragraph", "value": "<p>Loose text &amp; more</p>"}
