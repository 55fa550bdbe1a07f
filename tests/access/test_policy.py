"""The access rule as a table: one row per rule, named after it."""

import datetime
import zoneinfo

import pytest

from masthead.access.policy import (
    ArticleFacts,
    Decision,
    Gate,
    MeteredView,
    MeterState,
    PolicyFacts,
    ReaderFacts,
    Reason,
    decide,
)

UTC = datetime.UTC
DUBLIN = zoneinfo.ZoneInfo("Europe/Dublin")
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
NOW = datetime.datetime(2026, 3, 29, 12, 0, tzinfo=UTC)  # the day Dublin moves its clocks forward
TITLE = 7
OTHER_TITLE = 8

ANONYMOUS = ReaderFacts()
REGISTERED = ReaderFacts(is_registered=True)
STAFF = ReaderFacts(is_registered=True, is_staff=True)
SUBSCRIBER = ReaderFacts(is_registered=True, entitled_publication_ids=frozenset({TITLE}))
OTHER_TITLE_SUBSCRIBER = ReaderFacts(is_registered=True, entitled_publication_ids=frozenset({OTHER_TITLE}))
GROUP_SUBSCRIBER = ReaderFacts(is_registered=True, entitled_to_all_titles=True)

DEFAULT = PolicyFacts()
UNLIMITED = PolicyFacts(registered_views=None)


def article(access_level="metered", days_old=1, article_id=100):
    return ArticleFacts(
        article_id=article_id,
        publication_id=TITLE,
        access_level=access_level,
        published_at=NOW - datetime.timedelta(days=days_old),
    )


def meter(*views):
    """views: (article_id, days_ago) pairs, or (article_id, aware datetime)."""
    built = []
    for article_id, when in views:
        counted_at = when if isinstance(when, datetime.datetime) else NOW - datetime.timedelta(days=when)
        built.append(MeteredView(article_id=article_id, counted_at=counted_at))
    return MeterState(views=tuple(built))


EMPTY = meter()
THREE_READ = meter((1, 1), (2, 2), (3, 3))
TEN_READ = meter(*[(number, 1) for number in range(1, 11)])

OPEN = {"show_full": True, "gate": Gate.NONE}
REGISTER_GATE = {"show_full": False, "gate": Gate.REGISTER}
SUBSCRIBE_GATE = {"show_full": False, "gate": Gate.SUBSCRIBE}

# fmt: off
CASES = [
    # (rule, reader, article, meter, policy, now, expected)
    ("staff_read_everything", STAFF, article("premium", days_old=900), TEN_READ, DEFAULT, NOW,
     {**OPEN, "reason": Reason.STAFF, "counts": False}),
    ("free_is_open_to_anonymous", ANONYMOUS, article("free"), THREE_READ, DEFAULT, NOW,
     {**OPEN, "reason": Reason.FREE, "counts": False, "free_views_remaining": None}),
    ("free_is_open_even_when_archived", ANONYMOUS, article("free", days_old=900), EMPTY, DEFAULT, NOW,
     {**OPEN, "reason": Reason.FREE}),
    ("entitled_reads_premium", SUBSCRIBER, article("premium"), EMPTY, DEFAULT, NOW,
     {**OPEN, "reason": Reason.ENTITLED, "counts": False}),
    ("entitled_reads_archive", SUBSCRIBER, article(days_old=900), EMPTY, DEFAULT, NOW,
     {**OPEN, "reason": Reason.ENTITLED}),
    ("entitled_is_never_counted", SUBSCRIBER, article(), TEN_READ, DEFAULT, NOW,
     {**OPEN, "reason": Reason.ENTITLED, "counts": False}),
    ("group_entitlement_covers_every_title", GROUP_SUBSCRIBER, article("premium"), EMPTY, DEFAULT, NOW,
     {**OPEN, "reason": Reason.ENTITLED}),
    ("entitlement_for_another_title_does_not_cover", OTHER_TITLE_SUBSCRIBER, article("premium"), EMPTY, DEFAULT,
     NOW, {**SUBSCRIBE_GATE, "reason": Reason.PREMIUM}),
    ("premium_asks_anonymous_to_subscribe", ANONYMOUS, article("premium"), EMPTY, DEFAULT, NOW,
     {**SUBSCRIBE_GATE, "reason": Reason.PREMIUM, "counts": False}),
    ("premium_asks_registered_to_subscribe", REGISTERED, article("premium"), EMPTY, UNLIMITED, NOW,
     {**SUBSCRIBE_GATE, "reason": Reason.PREMIUM}),
    ("archive_asks_to_subscribe", REGISTERED, article(days_old=366), EMPTY, UNLIMITED, NOW,
     {**SUBSCRIBE_GATE, "reason": Reason.ARCHIVE}),
    ("archive_edge_365_days_is_not_archive", ANONYMOUS, article(days_old=365), EMPTY, DEFAULT, NOW,
     {**OPEN, "reason": Reason.WITHIN_ALLOWANCE}),
    ("archive_age_is_per_policy", ANONYMOUS, article(days_old=100), EMPTY, PolicyFacts(archive_days=90), NOW,
     {**SUBSCRIBE_GATE, "reason": Reason.ARCHIVE}),
    ("anonymous_within_allowance_is_counted", ANONYMOUS, article(), meter((1, 1)), DEFAULT, NOW,
     {**OPEN, "reason": Reason.WITHIN_ALLOWANCE, "counts": True, "free_views_remaining": 1, "allowance": 3}),
    ("anonymous_first_view", ANONYMOUS, article(), EMPTY, DEFAULT, NOW,
     {**OPEN, "counts": True, "free_views_remaining": 2}),
    ("anonymous_last_free_view", ANONYMOUS, article(), meter((1, 1), (2, 2)), DEFAULT, NOW,
     {**OPEN, "counts": True, "free_views_remaining": 0}),
    ("anonymous_over_allowance_gets_register_gate", ANONYMOUS, article(), THREE_READ, DEFAULT, NOW,
     {**REGISTER_GATE, "reason": Reason.ALLOWANCE_USED, "counts": False, "free_views_remaining": 0}),
    ("registered_within_allowance_is_counted", REGISTERED, article(), THREE_READ, DEFAULT, NOW,
     {**OPEN, "reason": Reason.WITHIN_ALLOWANCE, "counts": True, "free_views_remaining": 6, "allowance": 10}),
    ("registered_over_allowance_gets_subscribe_gate", REGISTERED, article(), TEN_READ, DEFAULT, NOW,
     {**SUBSCRIBE_GATE, "reason": Reason.ALLOWANCE_USED}),
    ("registered_unlimited_is_never_stopped", REGISTERED, article(), TEN_READ, UNLIMITED, NOW,
     {**OPEN, "reason": Reason.UNLIMITED, "counts": False, "free_views_remaining": None}),
    ("anonymous_is_metered_even_when_registered_unlimited", ANONYMOUS, article(), THREE_READ, UNLIMITED, NOW,
     {**REGISTER_GATE}),
    ("reread_costs_nothing_when_over", ANONYMOUS, article(article_id=2), THREE_READ, DEFAULT, NOW,
     {**OPEN, "reason": Reason.ALREADY_COUNTED, "counts": False, "free_views_remaining": 0}),
    ("reread_costs_nothing_when_within", ANONYMOUS, article(article_id=1), meter((1, 5)), DEFAULT, NOW,
     {**OPEN, "reason": Reason.ALREADY_COUNTED, "counts": False, "free_views_remaining": 2}),
    ("reread_after_window_counts_again", ANONYMOUS, article(article_id=1), meter((1, 31)), DEFAULT, NOW,
     {**OPEN, "reason": Reason.WITHIN_ALLOWANCE, "counts": True}),
    ("window_edge_exactly_30_days_has_expired", ANONYMOUS, article(), meter((1, 1), (2, 2), (3, 30)), DEFAULT,
     NOW, {**OPEN, "counts": True, "free_views_remaining": 0}),
    ("window_edge_one_second_inside_still_counts", ANONYMOUS, article(),
     meter((1, 1), (2, 2), (3, NOW - datetime.timedelta(days=30) + datetime.timedelta(seconds=1))), DEFAULT, NOW,
     {**REGISTER_GATE}),
    ("window_is_per_policy", ANONYMOUS, article(), THREE_READ, PolicyFacts(window_days=2), NOW,
     {**OPEN, "free_views_remaining": 1}),
    ("free_views_are_per_policy", ANONYMOUS, article(), THREE_READ, PolicyFacts(free_views=5), NOW,
     {**OPEN, "free_views_remaining": 1}),
    ("time_zones_compare_instants_not_wall_clocks", ANONYMOUS, article(),
     meter((1, 1), (2, 2), (3, (NOW - datetime.timedelta(days=30, minutes=-1)).astimezone(AUCKLAND))),
     DEFAULT, NOW.astimezone(DUBLIN), {**REGISTER_GATE}),
    ("time_zones_expired_view_in_local_time", ANONYMOUS, article(),
     meter((1, 1), (2, 2), (3, (NOW - datetime.timedelta(days=30, minutes=1)).astimezone(AUCKLAND))),
     DEFAULT, NOW.astimezone(DUBLIN), {**OPEN, "counts": True}),
]
# fmt: on


@pytest.mark.parametrize(
    ("reader", "article_facts", "meter_state", "policy", "now", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_decide(reader, article_facts, meter_state, policy, now, expected):
    decision = decide(reader, article_facts, meter_state, policy, now)
    assert isinstance(decision, Decision)
    for attribute, value in expected.items():
        assert getattr(decision, attribute) == value, attribute


def test_the_first_matching_rule_wins_staff_before_premium_and_archive():
    decision = decide(STAFF, article("premium", days_old=1000), TEN_READ, DEFAULT, NOW)
    assert decision.reason == Reason.STAFF


def test_rule_order_entitled_before_premium_before_archive():
    old_premium = article("premium", days_old=1000)
    assert decide(SUBSCRIBER, old_premium, EMPTY, DEFAULT, NOW).reason == Reason.ENTITLED
    assert decide(ANONYMOUS, old_premium, EMPTY, DEFAULT, NOW).reason == Reason.PREMIUM


def test_decide_is_pure():
    first = decide(ANONYMOUS, article(), THREE_READ, DEFAULT, NOW)
    second = decide(ANONYMOUS, article(), THREE_READ, DEFAULT, NOW)
    assert first == second
    assert meter((1, 1), (2, 2), (3, 3)) == THREE_READ
