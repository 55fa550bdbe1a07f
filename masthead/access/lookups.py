"""The read side of the paywall's data: the policy for a title and the digital
entitlements a reader holds, as the plain values `policy.decide()` takes."""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from masthead.access.models import AccessPolicy, Entitlement, EntitlementKind
from masthead.access.policy import PolicyFacts

POLICIES_CACHE_KEY = "access:policies"
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
    policies = cache.get(POLICIES_CACHE_KEY)
    if policies is None:
        policies = {row.publication_id: policy_facts(row) for row in AccessPolicy.objects.all()}
        cache.set(POLICIES_CACHE_KEY, policies, POLICIES_CACHE_SECONDS)
    return policies


def policy_for(publication_id):
    """The title's own policy, else the group default, else the built-in numbers."""
    policies = all_policies()
    return policies.get(publication_id) or policies.get(None) or PolicyFacts()


def forget_policies(**kwargs):
    cache.delete(POLICIES_CACHE_KEY)


def _entitlements_key(user_id):
    return f"access:entitlements:{user_id}"


def digital_entitlements(user_id, now=None):
    """(publication ids, covers every title) for the reader's live digital entitlements.

    The reader's unrevoked digital grants (title, start, end) are cached until one
    of their entitlements changes; whether each is in force is worked out at `now`,
    so a grant that starts or ends later needs no cache expiry."""
    key = _entitlements_key(user_id)
    periods = cache.get(key)
    if periods is None:
        periods = list(
            Entitlement.objects.filter(
                reader_id=user_id, kind=EntitlementKind.DIGITAL, revoked_at__isnull=True
            ).values_list("publication_id", "starts_at", "ends_at")
        )
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
    """Drop the cached grants now and again after commit, so no request caches the old rows in between."""
    key = _entitlements_key(instance.reader_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
