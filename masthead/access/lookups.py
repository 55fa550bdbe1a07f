"""The read side of the paywall's data: the policy for a title and the digital
entitlements a reader holds, as the plain values `policy.decide()` takes."""

from django.core.cache import cache
from django.utils import timezone

from masthead.access.models import AccessPolicy, Entitlement, EntitlementKind
from masthead.access.policy import PolicyFacts

POLICIES_CACHE_KEY = "access:policies"
POLICIES_CACHE_SECONDS = 3600


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


def digital_entitlements(user_id, now=None):
    """(publication ids, covers every title) for the reader's live digital entitlements."""
    publication_ids = set(
        Entitlement.objects.active(now or timezone.now())
        .filter(reader_id=user_id, kind=EntitlementKind.DIGITAL)
        .values_list("publication_id", flat=True)
    )
    all_titles = None in publication_ids
    publication_ids.discard(None)
    return frozenset(publication_ids), all_titles
