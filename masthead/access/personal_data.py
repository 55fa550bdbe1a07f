"""A reader's paywall data, for the account download and for erasure."""

from django.core.cache import cache

from masthead.access.meter import DatabaseMeter
from masthead.access.models import Entitlement, FunnelConversion, GateImpression, MeteredRead, ReaderMeter


def export(user):
    return {
        "entitlements": [
            {
                "kind": entitlement.kind,
                "title": entitlement.publication.title if entitlement.publication else "all titles",
                "starts_at": entitlement.starts_at.isoformat(),
                "ends_at": entitlement.ends_at.isoformat() if entitlement.ends_at else None,
                "revoked_at": entitlement.revoked_at.isoformat() if entitlement.revoked_at else None,
            }
            for entitlement in Entitlement.objects.filter(reader=user).select_related("publication").order_by("pk")
        ],
        "metered_articles_read": [
            {"article": read.article.title, "counted_at": read.counted_at.isoformat()}
            for read in MeteredRead.objects.filter(reader=user).select_related("article").order_by("counted_at")
        ],
        "gates_shown": GateImpression.objects.filter(reader=user).count(),
    }


def erase(user):
    """Forget what the reader read; keep the funnel's counts without the person."""
    MeteredRead.objects.filter(reader=user).delete()
    cache.delete(DatabaseMeter(user.pk).cache_key)
    ReaderMeter.objects.filter(reader=user).delete()
    GateImpression.objects.filter(reader=user).update(reader=None)
    FunnelConversion.objects.filter(reader=user).update(reader=None)
