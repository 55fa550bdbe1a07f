"""The read side of the paywall's data: the policy for a title and the digital
entitlements a reader holds, as the plain values `policy.decide()` takes."""

from django.core.cache import cache
from django.utils import timezone

from masthead.access import sql
from masthead.access.models import AccessPolicy, EntitlementKind
from masthead.access.policy import PolicyFacts
from masthead.core import cache_versions

POLICIES_VERSION_KEY = "access:version:policies"
ENTITLEMENTS_VERSION_KEY = "access:version:entitlements"
POLICIES_CACHE_SECONDS = 3600
ENTITLEMENTS_CACHE_SECONDS = 3600


def policy_facts(row):
    return PolicyFacts(
        free_views=row.free_views,
        window_days=row.window_days,
        registered_views=None if row.registered_unlimited else row.registered_views,
        archive_days=row.archive_days,
        teaser_paragraphs=row.teaser_paragraphs,
    )


def all_policies():
    """{publication id or None (group default): PolicyFacts}, cached until a policy changes."""
    key = f"access:policies:{cache_versions.current(POLICIES_VERSION_KEY)}"
    policies = cache.get(key)
    if policies is None:
        policies = {row.publication_id: policy_facts(row) for row in AccessPolicy.objects.all()}
        cache.set(key, policies, POLICIES_CACHE_SECONDS)
    return policies


def policy_for(publication_id):
    """The title's own policy, else the group default, else the built-in numbers."""
    policies = all_policies()
    return policies.get(publication_id) or policies.get(None) or PolicyFacts()


def forget_policies(**kwargs):
    cache_versions.bump(POLICIES_VERSION_KEY)


def _entitlements_key(user_id):
    """Per reader, and per version: a grant made in another process (a webhook, the
    worker) moves the version, so no process keeps serving the old grants."""
    return f"access:entitlements:{cache_versions.current(ENTITLEMENTS_VERSION_KEY)}:{user_id}"


def digital_entitlements(user_id, now=None):
    """(publication ids, covers every title) for the reader's live digital entitlements.

    The reader's unrevoked digital grants (title, start, end) are cached until one
    of their entitlements changes; whether each is in force is worked out at `now`,
    so a grant that starts or ends later needs no cache expiry."""
    key = _entitlements_key(user_id)
    periods = cache.get(key)
    if periods is None:
        periods = sql.live_grants(user_id, EntitlementKind.DIGITAL)
        cache.set(key, periods, ENTITLEMENTS_CACHE_SECONDS)
    now = now or timezone.now()
    publication_ids = {
        publication_id
        for publication_id, starts_at, ends_at in periods
        if starts_at <= now and (ends_at is None or ends_at > now)
    }
    all_titles = None in publication_ids
    publication_ids.discard(None)
    return frozenset(publication_ids), all_titles


def forget_entitlements(sender, instance, **kwargs):
    """Move the entitlements version now and again after commit (see cache_versions.bump),
    so no request keeps the old grants."""
    cache_versions.bump(ENTITLEMENTS_VERSION_KEY)
