"""Which stories make a digest: a pure function over plain values.

The rule, in order:
1. Only stories published in the window before the send (24 hours for a daily
   list, 7 days for a weekly one), from the list's titles (all titles when the
   list names none) and, if the list names one, from that section.
2. Rank by the editors' importance, then by readers' attention (page views in
   the window, zero until analytics supplies them), then by recency.
3. At the top (the first `distinct_top` places) at most one story per topic
   cluster: a story sharing a topic with one already at the top waits below.
4. At most `limit` stories. Editors' pins come first, in their order; stories
   they removed never appear.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    article_id: int
    importance: int
    published_at: datetime.datetime
    publication_id: int | None = None
    section_slug: str = ""
    topic_ids: frozenset = field(default_factory=frozenset)
    page_views: int = 0


@dataclass(frozen=True)
class ListScope:
    publication_ids: frozenset = field(default_factory=frozenset)  # empty: every title
    section_slug: str = ""
    window: datetime.timedelta = datetime.timedelta(hours=24)
    limit: int = 8
    distinct_top: int = 3


@dataclass(frozen=True)
class EditorChoices:
    pinned: tuple = ()
    removed: frozenset = field(default_factory=frozenset)


def in_scope(candidate, scope, now):
    if not (now - scope.window < candidate.published_at <= now):
        return False
    if scope.publication_ids and candidate.publication_id not in scope.publication_ids:
        return False
    return not scope.section_slug or candidate.section_slug == scope.section_slug


def rank_key(candidate):
    return (-candidate.importance, -candidate.page_views, -candidate.published_at.timestamp(), -candidate.article_id)


def choose_stories(candidates, scope, now, choices=EditorChoices()):
    """Return the article ids of the issue, in order."""
    by_id = {candidate.article_id: candidate for candidate in candidates}
    chosen = [article_id for article_id in choices.pinned if article_id not in choices.removed]
    limit = max(scope.limit, len(chosen))
    taken = set(chosen)
    ranked = sorted(
        (
            candidate
            for candidate in candidates
            if candidate.article_id not in taken
            and candidate.article_id not in choices.removed
            and in_scope(candidate, scope, now)
        ),
        key=rank_key,
    )
    top_topics = set()
    for article_id in chosen[: scope.distinct_top]:
        top_topics |= by_id[article_id].topic_ids if article_id in by_id else set()
    for candidate in ranked:
        if len(chosen) >= scope.distinct_top:
            break
        if candidate.topic_ids & top_topics:
            continue  # waits below the top, in rank order
        chosen.append(candidate.article_id)
        top_topics |= candidate.topic_ids
    placed = set(chosen)
    chosen.extend(candidate.article_id for candidate in ranked if candidate.article_id not in placed)
    return chosen[:limit]
