"""The query parser: anything in, only plain words out."""

import pytest

from masthead.search.query import MAX_TERMS, ParsedQuery, Term, parse_query


def words(*terms):
    return tuple(Term((word,)) for word in terms)


@pytest.mark.parametrize(
    "raw, expected",
    [
        pytest.param("harbour plan ", ParsedQuery(terms=words("harbour", "plan")), id="words"),
        pytest.param(
            "harbour pl",
            ParsedQuery(terms=(Term(("harbour",)), Term(("pl",), prefix=True))),
            id="last-word-typed-is-a-prefix",
        ),
        pytest.param("harbour p", ParsedQuery(terms=words("harbour", "p")), id="one-letter-is-no-prefix"),
        pytest.param(
            '"harbour plan" approved ',
            ParsedQuery(terms=(Term(("harbour", "plan"), phrase=True), Term(("approved",)))),
            id="phrase",
        ),
        pytest.param(
            '"harbour plan',
            ParsedQuery(terms=(Term(("harbour", "plan"), phrase=True),)),
            id="unbalanced-quote-runs-to-the-end",
        ),
        pytest.param(
            'plan -council -"city hall" ',
            ParsedQuery(terms=words("plan"), excluded=(Term(("council",)), Term(("city", "hall"), phrase=True))),
            id="exclusions",
        ),
        pytest.param("-council", ParsedQuery(excluded=words("council")), id="only-exclusions"),
        pytest.param("Ó Dónaill ", ParsedQuery(terms=words("o", "donaill")), id="case-and-accents-folded"),
        pytest.param("cats AND dogs OR NOT NEAR ", ParsedQuery(terms=words("cats", "dogs")), id="operators-dropped"),
        pytest.param("title:harbour* ^2 ", ParsedQuery(terms=words("title", "harbour", "2")), id="syntax-dropped"),
        pytest.param("'; DROP TABLE x; -- ", ParsedQuery(terms=words("drop", "table", "x")), id="sql-is-just-words"),
        pytest.param("a\x00b\x07c ", ParsedQuery(terms=words("a", "b", "c")), id="control-characters"),
        pytest.param("*** ((( ", ParsedQuery(), id="nothing-left"),
        pytest.param("", ParsedQuery(), id="empty"),
    ],
)
def test_parse_query(raw, expected):
    assert parse_query(raw) == expected


def test_a_very_long_query_is_cut_to_a_few_terms():
    parsed = parse_query(" ".join(f"word{number}" for number in range(5000)))
    assert len(parsed.terms) == MAX_TERMS
