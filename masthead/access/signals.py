from django.dispatch import Signal

# Sent after commit when an entitlement is granted: sender=Entitlement, entitlement=..., acting_user=...
entitlement_granted = Signal()
# Sent after commit when an entitlement ends early (revoked, refunded, cancelled at once).
entitlement_revoked = Signal()
