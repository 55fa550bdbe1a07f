"""Demo plans for `masthead demo`, and a subscription for the demo subscriber
made through the demo provider's own events."""

from django.utils import timezone

from .models import Order, Plan, PlanGrants, PlanInterval

DEMO_PLANS = [
    (
        "digital-monthly",
        "Digital monthly",
        PlanGrants.DIGITAL,
        PlanInterval.MONTH,
        999,
        "Every article on every title.",
    ),
    (
        "digital-annual",
        "Digital annual",
        PlanGrants.DIGITAL,
        PlanInterval.YEAR,
        9900,
        "Two months free against monthly.",
    ),
    (
        "digital-epaper-monthly",
        "Digital + e-paper monthly",
        PlanGrants.DIGITAL_EPAPER,
        PlanInterval.MONTH,
        1499,
        "Every article, and every printed edition page by page.",
    ),
    (
        "digital-epaper-annual",
        "Digital + e-paper annual",
        PlanGrants.DIGITAL_EPAPER,
        PlanInterval.YEAR,
        14900,
        "Every article and every edition, two months free.",
    ),
    (
        "single-edition",
        "Single e-paper edition",
        PlanGrants.EPAPER_EDITION,
        PlanInterval.ONCE,
        199,
        "One printed edition.",
    ),
]


def ensure_demo_plans():
    plans = {}
    for sort_order, (slug, name, grants, interval, price_cents, description) in enumerate(DEMO_PLANS):
        plans[slug], _ = Plan.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "grants": grants,
                "interval": interval,
                "price_cents": price_cents,
                "description": description,
                "sort_order": sort_order,
            },
        )
    return plans


def load_demo_plans(context):
    plans = ensure_demo_plans()
    stdout = getattr(context, "stdout", None) or (context.get("stdout") if isinstance(context, dict) else None)
    readers = getattr(context, "readers", None) or (context.get("readers") if isinstance(context, dict) else None) or {}
    subscriber = readers.get("subscriber")
    if subscriber is not None and not Order.objects.filter(user=subscriber).exists():
        subscribe_through_demo_provider(subscriber, plans["digital-epaper-monthly"])
    if stdout is not None:
        stdout.write(f"Billing: {len(plans)} plans ready.")


def subscribe_through_demo_provider(user, plan, *, now=None):
    """Checkout and payment as a reader would do them on the demo checkout page."""
    from .actions import do_create_order
    from .providers import demo as demo_provider
    from .webhooks import receive_event

    order = do_create_order(user, plan, provider_name=demo_provider.NAME)
    order.provider_session_id = f"cs_demo_{order.public_id.hex}"
    order.status = "open"
    order.save(update_fields=["provider_session_id", "status"])
    for event in demo_provider.checkout_completed_events(order, now=now or timezone.now()):
        receive_event(event, provider=demo_provider.NAME)
    order.refresh_from_db()
    return order
