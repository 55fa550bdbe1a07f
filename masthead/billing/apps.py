from django.apps import AppConfig
from django.core import checks


class BillingConfig(AppConfig):
    name = "masthead.billing"
    label = "billing"

    def ready(self):
        checks.register(check_stripe_keys, checks.Tags.security)


def check_stripe_keys(app_configs=None, **kwargs):
    """A live Stripe key in a development (DEBUG) process is a mistake waiting to charge someone."""
    from django.conf import settings

    key = getattr(settings, "STRIPE_SECRET_KEY", "")
    if settings.DEBUG and key.startswith(("sk_live_", "rk_live_")):
        return [
            checks.Error(
                "A live Stripe key is set while DEBUG is on.",
                hint="Use a test key (sk_test_…) for development, or turn DEBUG off.",
                id="billing.E001",
            )
        ]
    return []
