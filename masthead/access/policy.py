"""The access rule: who may read an article in full, and what it costs them.

`decide()` takes plain values and returns a `Decision`; it never sees a request,
a cookie or a queryset, so every rule can be read top to bottom here and tested
as a table of cases. The rules apply in this order, the first that matches wins:

1. staff and editors read everything;
2. free articles are open to everyone and never counted;
3. a digital entitlement covering the article's title opens everything, uncounted;
4. premium articles ask for a subscription;
5. archived articles (older than the title's archive age) ask for a subscription;
6. metered, anonymous: a few distinct articles per rolling window, then the register gate;
7. metered, registered: more (or unlimited), then the subscribe gate;
8. an article already counted in the window costs nothing to read again.
"""

import datetime
from dataclasses import dataclass, field

FREE = "free"
METERED = "metered"
PREMIUM = "premium"


class Gate:
    NONE = "none"
    REGISTER = "register"
    SUBSCRIBE = "subscribe"


class Reason:
    STAFF = "staff"
    FREE = "free"
    ENTITLED = "entitled"
    PREMIUM = "premium"
    ARCHIVE = "archive"
    UNLIMITED = "unlimited"
    ALREADY_COUNTED = "already_counted"
    WITHIN_ALLOWANCE = "within_allowance"
    ALLOWANCE_USED = "allowance_used"


@dataclass(frozen=True)
class ReaderFacts:
    """What the rule needs to know about the person reading."""

    is_registered: bool = False
    is_staff: bool = False
    # Titles (publication ids) the reader holds a live digital entitlement for.
    entitled_publication_ids: frozenset = frozenset()
    # A live digital entitlement for every title of the group.
    entitled_to_all_titles: bool = False

    def is_entitled_to(self, publication_id):
        return self.entitled_to_all_titles or publication_id in self.entitled_publication_ids


@dataclass(frozen=True)
class ArticleFacts:
    article_id: int
    publication_id: int | None
    access_level: str
    published_at: datetime.datetime | None


@dataclass(frozen=True)
class MeteredView:
    article_id: int
    counted_at: datetime.datetime


@dataclass(frozen=True)
class MeterState:
    """The articles a reader has been counted for, most recent first or in any order."""

    views: tuple = field(default_factory=tuple)

    def views_within(self, window_start):
        return [view for view in self.views if view.counted_at > window_start]


@dataclass(frozen=True)
class PolicyFacts:
    free_views: int = 3
    window_days: int = 30
    # None means registered readers are never stopped on metered articles.
    registered_views: int | None = 10
    archive_days: int = 365
    teaser_paragraphs: int = 1

    def window_start(self, now):
        # In UTC: days are counted as elapsed time, not wall-clock days that a
        # clock change would lengthen or shorten.
        return now.astimezone(datetime.UTC) - datetime.timedelta(days=self.window_days)

    def is_archived(self, article, now):
        if article.published_at is None:
            return False
        return article.published_at < now.astimezone(datetime.UTC) - datetime.timedelta(days=self.archive_days)


@dataclass(frozen=True)
class Decision:
    show_full: bool
    gate: str
    reason: str
    counts: bool = False
    # Metered articles left in the window after this view; None when no meter applies.
    free_views_remaining: int | None = None
    allowance: int | None = None

    @property
    def is_gated(self):
        return not self.show_full


def _open(reason, **extra):
    return Decision(show_full=True, gate=Gate.NONE, reason=reason, **extra)


def _gate(gate, reason, **extra):
    return Decision(show_full=False, gate=gate, reason=reason, **extra)


def decide(reader, article, meter, policy, now):
    """Decide what `reader` may see of `article` at `now` (an aware datetime)."""
    if reader.is_staff:
        return _open(Reason.STAFF)
    if article.access_level == FREE:
        return _open(Reason.FREE)
    if reader.is_entitled_to(article.publication_id):
        return _open(Reason.ENTITLED)
    if article.access_level == PREMIUM:
        return _gate(Gate.SUBSCRIBE, Reason.PREMIUM)
    if policy.is_archived(article, now):
        return _gate(Gate.SUBSCRIBE, Reason.ARCHIVE)
    return _decide_metered(reader, article, meter, policy, now)


def _decide_metered(reader, article, meter, policy, now):
    allowance = policy.registered_views if reader.is_registered else policy.free_views
    if allowance is None:
        return _open(Reason.UNLIMITED)
    counted = {view.article_id for view in meter.views_within(policy.window_start(now))}
    used = len(counted)
    if article.article_id in counted:
        return _open(Reason.ALREADY_COUNTED, free_views_remaining=max(allowance - used, 0), allowance=allowance)
    if used < allowance:
        return _open(
            Reason.WITHIN_ALLOWANCE, counts=True, free_views_remaining=allowance - used - 1, allowance=allowance
        )
    gate = Gate.SUBSCRIBE if reader.is_registered else Gate.REGISTER
    return _gate(gate, Reason.ALLOWANCE_USED, free_views_remaining=0, allowance=allowance)
