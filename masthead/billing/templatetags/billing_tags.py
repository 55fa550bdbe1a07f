import datetime

from django import template
from django.utils import timezone

from masthead.billing import queries
from masthead.billing.actions import grace_days
from masthead.billing.providers import get_provider

register = template.Library()


@register.inclusion_tag("billing/includes/account_subscription_panel.html", takes_context=True)
def account_subscription(context):
    """The reader's subscription on /account/: plan, renewal or end, payment problems, the portal button."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"subscription": None}
    now = timezone.now()
    subscription = queries.current_subscription(user, now=now)
    if subscription is None:
        return {"subscription": None}
    has_access = bool(
        subscription.access_ends_at and subscription.access_ends_at > now and not subscription.refunded_at
    )
    payment_problem = has_access and subscription.payment_failed_at is not None
    return {
        "subscription": subscription,
        "has_access": has_access,
        "refunded": subscription.refunded_at is not None,
        "renews": subscription.status in ("active", "trialing")
        and not subscription.cancel_at_period_end
        and not payment_problem,
        "payment_problem": payment_problem,
        "grace_ends_at": subscription.payment_failed_at + datetime.timedelta(days=grace_days())
        if payment_problem
        else None,
        "has_customer": queries.customer_for(user, get_provider().name) is not None,
        "csrf_token": context.get("csrf_token"),
    }
