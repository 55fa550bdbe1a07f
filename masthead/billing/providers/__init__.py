"""Payment providers behind one seam: `get_provider()` returns the Stripe
provider when STRIPE_SECRET_KEY is set and the offline demo provider otherwise.
Views talk to the seam, never to a provider by name."""

from django.conf import settings

from .base import CheckoutStart, PaymentProvider, ProviderUnavailable


def get_provider():
    if settings.STRIPE_SECRET_KEY:
        from .stripe import StripeProvider

        return StripeProvider(settings.STRIPE_SECRET_KEY, debug=settings.DEBUG)
    from .demo import DemoProvider

    return DemoProvider()


__all__ = ["CheckoutStart", "PaymentProvider", "ProviderUnavailable", "get_provider"]
