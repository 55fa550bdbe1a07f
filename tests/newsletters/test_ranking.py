"""The digest's choice of stories: one row per rule."""

import datetime

import pytest

from masthead.newsletters.ranking import Candidate, EditorChoices, ListScope, choose_stories

NOW = datetime.datetime(2026, 6, 10, 16, 0, tzinfo=datetime.UTC)


def story(article_id, importance=0, hours_ago=1, publication=1, section="news", topics=(), views=0):
    return Candidate(
        article_id=article_id,
        importance=importance,
        published_at=NOW - datetime.timedelta(hours=hours_ago),
        publication_id=publication,
        section_slug=section,
        topic_ids=frozenset(topics),
        page_views=views,
    )


CASES = [
    ("only the last 24 hours", [story(1, hours_ago=2), story(2, hours_ago=25), story(3, hours_ago=-1)], {}, {}, [1]),
    ("importance first", [story(1, importance=0), story(2, importance=3), story(3, importance=1)], {}, {}, [2, 3, 1]),
    ("then attention", [story(1, importance=2, views=5), story(2, importance=2, views=90)], {}, {}, [2, 1]),
    ("then recency", [story(1, hours_ago=5), story(2, hours_ago=1), story(3, hours_ago=3)], {}, {}, [2, 3, 1]),
    (
        "the list's titles only",
        [story(1, publication=1), story(2, publication=2), story(3, publication=3, hours_ago=2)],
        {"publication_ids": frozenset({1, 3})},
        {},
        [1, 3],
    ),
    ("no titles named: every title", [story(1, publication=1), story(2, publication=2, hours_ago=2)], {}, {}, [1, 2]),
    (
        "the list's section only",
        [story(1, section="news"), story(2, section="sport")],
        {"section_slug": "sport"},
        {},
        [2],
    ),
    ("at most N", [story(number, hours_ago=number) for number in range(1, 12)], {"limit": 3}, {}, [1, 2, 3]),
    (
        "one story per topic cluster at the top",
        [
            story(1, importance=3, topics={7}),
            story(2, importance=3, topics={7, 8}, hours_ago=2),
            story(3, importance=1),
            story(4),
        ],
        {},
        {},
        [1, 3, 4, 2],
    ),
    (
        "a cluster reaches across shared topics",
        [
            story(1, importance=3, topics={7}),
            story(2, importance=2, topics={8}),
            story(3, importance=2, topics={8, 9}, hours_ago=2),
            story(4, topics={9}),
        ],
        {"distinct_top": 3},
        {},
        [1, 2, 4, 3],
    ),
    (
        "below the top, clusters may repeat",
        [story(1, importance=3, topics={7}), story(2, importance=2, topics={7}), story(3), story(4, hours_ago=2)],
        {"distinct_top": 2},
        {},
        [1, 3, 2, 4],
    ),
    (
        "pinned stories lead, in the editors' order",
        [story(1, importance=3), story(2), story(3)],
        {},
        {"pinned": (3, 2)},
        [3, 2, 1],
    ),
    ("removed stories never appear", [story(1, importance=3), story(2)], {}, {"removed": frozenset({1})}, [2]),
    (
        "a pin counts towards the limit",
        [story(1), story(2, hours_ago=2), story(3, hours_ago=3)],
        {"limit": 2},
        {"pinned": (3,)},
        [3, 1],
    ),
    ("no stories, an empty issue", [], {}, {}, []),
]


@pytest.mark.parametrize(("rule", "candidates", "scope", "choices", "expected"), CASES, ids=[case[0] for case in CASES])
def test_ranking_rule(rule, candidates, scope, choices, expected):
    assert choose_stories(candidates, ListScope(**scope), NOW, EditorChoices(**choices)) == expected
