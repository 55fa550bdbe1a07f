"""Writes to the entitlements table. Billing calls these from verified payment
events; staff call them from the admin. Each grant keeps its source; each change
keeps who made it."""

from django.db import transaction
from django.utils import timezone

from masthead.access.models import Entitlement
from masthead.access.signals import entitlement_granted, entitlement_revoked


@transaction.atomic
def do_grant_entitlement(
    reader,
    *,
    kind,
    source,
    publication=None,
    edition=None,
    starts_at=None,
    ends_at=None,
    note="",
    acting_user=None,
):
    """Grant, or extend, the entitlement identified by (reader, kind, source,
    publication, edition). Granting the same thing twice from the same source
    updates its period instead of adding a second row, so replays are harmless."""
    starts_at = starts_at or timezone.now()
    existing = (
        Entitlement.objects.select_for_update()
        .filter(reader=reader, kind=kind, source=source, publication=publication, edition=edition)
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        changed = []
        if existing.ends_at != ends_at:
            existing.ends_at = ends_at
            changed.append("ends_at")
        if existing.revoked_at is not None:
            existing.revoked_at = None
            existing.revoked_by = None
            changed += ["revoked_at", "revoked_by"]
        if existing.starts_at > starts_at:
            existing.starts_at = starts_at
            changed.append("starts_at")
        if changed:
            existing.save(update_fields=changed)
        return existing
    entitlement = Entitlement.objects.create(
        reader=reader,
        kind=kind,
        source=source,
        publication=publication,
        edition=edition,
        starts_at=starts_at,
        ends_at=ends_at,
        note=note,
        created_by=acting_user,
    )
    transaction.on_commit(
        lambda: entitlement_granted.send(sender=Entitlement, entitlement=entitlement, acting_user=acting_user)
    )
    return entitlement


@transaction.atomic
def do_revoke_entitlement(entitlement, *, acting_user=None, when=None):
    """End an entitlement now (or at `when`): a refund, a dispute, a staff decision."""
    entitlement = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
    if entitlement.revoked_at is not None:
        return entitlement
    entitlement.revoked_at = when or timezone.now()
    entitlement.revoked_by = acting_user
    entitlement.save(update_fields=["revoked_at", "revoked_by"])
    transaction.on_commit(
        lambda: entitlement_revoked.send(sender=Entitlement, entitlement=entitlement, acting_user=acting_user)
    )
    return entitlement


@transaction.atomic
def do_revoke_entitlements_from_source(source, *, acting_user=None, when=None):
    """Revoke every live grant that came from one source (e.g. a refunded checkout)."""
    revoked = []
    for entitlement in Entitlement.objects.select_for_update().filter(source=source, revoked_at__isnull=True):
        revoked.append(do_revoke_entitlement(entitlement, acting_user=acting_user, when=when))
    return revoked
