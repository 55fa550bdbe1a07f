"""Payment providers behind one seam: `get_provider()` returns the Stripe
provider when STRIPE_SECRET_KEY is set and the offline demo provider otherwise.
Views talk to the seam, never to a provider by name."""

from django.conf import settings

from .base import CheckoutStart, PaymentProvider, ProviderUnavailable
from .demo import NAME as DEMO

STRIPE = "stripe"


def get_provider():
    return provider_named(STRIPE if settings.STRIPE_SECRET_KEY else DEMO)


def provider_named(name):
    """The provider that holds a record made through `name` (a subscription outlives
    a change of configuration): the demo's are always reachable, Stripe's need its key."""
    if name == DEMO:
        from .demo import DemoProvider

        return DemoProvider()
    if name == STRIPE and settings.STRIPE_SECRET_KEY:
        from .stripe import StripeProvider

        return StripeProvider(settings.STRIPE_SECRET_KEY, debug=settings.DEBUG)
    raise ProviderUnavailable(f"no {name!r} payment provider is configured")


__all__ = ["CheckoutStart", "PaymentProvider", "ProviderUnavailable", "get_provider", "provider_named"]
