"""Subscribe, pay, come back, manage: thin views over `actions` and the provider seam."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from masthead.epaper.models import Edition

from . import actions, queries
from .models import Order, OrderStatus, Plan, PlanGrants, Subscription
from .providers import ProviderUnavailable, get_provider
from .providers import demo as demo_provider
from .providers import stripe as stripe_provider
from .webhooks import receive_event

PROVIDER_DOWN_MESSAGE = _(
    "We couldn't reach our payment provider just now, so nothing has been charged. Please try again in a minute."
)


def safe_next(request, value):
    """A return address on this site, or the empty string."""
    value = (value or "").strip()
    if len(value) > 500 or not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return value


def plans(request):
    next_url = safe_next(request, request.GET.get("next"))
    offered = list(Plan.objects.active().subscriptions())
    edition_plan = Plan.objects.active().filter(grants=PlanGrants.EPAPER_EDITION).first()
    subscribed = request.user.is_authenticated and queries.has_live_subscription(request.user)
    return render(
        request,
        "billing/plans.html",
        {"plans": offered, "edition_plan": edition_plan, "next_url": next_url, "already_subscribed": subscribed},
    )


def _login_first(request):
    return redirect_to_login(request.get_full_path())


def _start(request, order):
    provider = get_provider()
    success_url = request.build_absolute_uri(reverse("billing:checkout_done", args=[order.public_id]))
    cancel_url = request.build_absolute_uri(reverse("billing:checkout_cancelled", args=[order.public_id]))
    start = actions.do_start_checkout(order, provider, success_url=success_url, cancel_url=cancel_url)
    return HttpResponseRedirect(start.url)


@require_http_methods(["GET", "POST"])
def subscribe_to_plan(request, plan_slug):
    plan = get_object_or_404(Plan.objects.active().subscriptions(), slug=plan_slug)
    if not request.user.is_authenticated:
        return _login_first(request)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    context = {"plan": plan, "next_url": next_url, "edition": None}
    if queries.has_live_subscription(request.user):
        return render(request, "billing/already_subscribed.html", context)
    if request.method == "GET":
        return render(request, "billing/confirm.html", context)
    order = actions.do_create_order(request.user, plan, provider_name=get_provider().name, next_url=next_url)
    try:
        return _start(request, order)
    except ProviderUnavailable:
        return render(request, "billing/confirm.html", {**context, "error": PROVIDER_DOWN_MESSAGE}, status=503)


@require_http_methods(["GET", "POST"])
def buy_edition(request, edition_id):
    edition = get_object_or_404(Edition.objects.select_related("publication"), pk=edition_id)
    if not request.user.is_authenticated:
        return _login_first(request)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    plan = Plan.objects.active().filter(grants=PlanGrants.EPAPER_EDITION).first()
    if plan is None:
        return render(request, "billing/not_on_sale.html", {"next_url": next_url}, status=404)
    if queries.reader_has_edition(request.user, edition):
        return redirect(next_url or "/")
    context = {"plan": plan, "next_url": next_url, "edition": edition}
    if request.method == "GET":
        return render(request, "billing/confirm.html", context)
    order = actions.do_create_order(
        request.user, plan, provider_name=get_provider().name, edition=edition, next_url=next_url
    )
    try:
        return _start(request, order)
    except ProviderUnavailable:
        return render(request, "billing/confirm.html", {**context, "error": PROVIDER_DOWN_MESSAGE}, status=503)


def _own_order(request, order_id):
    return get_object_or_404(
        Order.objects.select_related("plan", "edition", "subscription"), public_id=order_id, user=request.user
    )


@login_required
def checkout_done(request, order_id):
    """Where checkout sends the reader back. Access comes from the verified
    event, not from this visit: until it has arrived we say so."""
    order = _own_order(request, order_id)
    return render(request, "billing/done.html", {"order": order, "confirmed": order.status == OrderStatus.COMPLETED})


@login_required
def checkout_cancelled(request, order_id):
    order = _own_order(request, order_id)
    actions.do_mark_order_cancelled(order)
    return render(request, "billing/cancelled.html", {"order": order})


@require_POST
@login_required
def billing_portal(request):
    provider = get_provider()
    customer = queries.customer_for(request.user, provider.name)
    if customer is None:
        return redirect("billing:plans")
    try:
        url = provider.portal_url(customer.provider_customer_id, return_url=request.build_absolute_uri("/account/"))
    except ProviderUnavailable:
        return render(request, "billing/provider_unavailable.html", {"message": PROVIDER_DOWN_MESSAGE}, status=503)
    return HttpResponseRedirect(url)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    try:
        event = stripe_provider.construct_event(
            request.body, request.headers.get("Stripe-Signature"), settings.STRIPE_WEBHOOK_SECRET
        )
    except stripe_provider.InvalidEvent as error:
        return JsonResponse({"error": str(error)}, status=400)
    outcome = receive_event(event, provider="stripe")
    return JsonResponse({"status": outcome.status}, status=500 if outcome.failed else 200)


def _require_demo():
    if get_provider().name != demo_provider.NAME:
        raise Http404("The demo provider is not in use.")


def _feed(events):
    """Hand the demo's events to the same handler Stripe's webhooks reach."""
    for event in events:
        outcome = receive_event(event, provider=demo_provider.NAME)
        if outcome.failed:
            return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def demo_checkout(request, session_id):
    _require_demo()
    order = get_object_or_404(
        Order.objects.select_related("plan", "edition"),
        provider=demo_provider.NAME,
        provider_session_id=session_id,
        user=request.user,
    )
    if request.method == "GET" or order.status != OrderStatus.OPEN:
        return render(request, "billing/demo_checkout.html", {"order": order})
    choice = request.POST.get("action")
    if choice == "complete":
        events = demo_provider.checkout_completed_events(order)
        target = "billing:checkout_done"
    elif choice == "cancel":
        events = demo_provider.checkout_expired_events(order)
        target = "billing:checkout_cancelled"
    else:
        return render(request, "400.html", status=400)
    if not _feed(events):
        return render(
            request,
            "billing/provider_unavailable.html",
            {"message": _("The demo payment could not be recorded. Please try again.")},
            status=503,
        )
    return redirect(target, order.public_id)


DEMO_PORTAL_ACTIONS = {
    "cancel": lambda subscription: demo_provider.cancel_at_period_end_events(subscription, cancel=True),
    "resume": lambda subscription: demo_provider.cancel_at_period_end_events(subscription, cancel=False),
    "fail_payment": demo_provider.payment_failed_events,
}


@login_required
@require_http_methods(["GET", "POST"])
def demo_portal(request):
    _require_demo()
    subscriptions = Subscription.objects.filter(user=request.user, provider=demo_provider.NAME).select_related(
        "plan", "customer"
    )
    if request.method == "GET":
        return render(request, "billing/demo_portal.html", {"subscriptions": subscriptions.order_by("-pk")})
    build_events = DEMO_PORTAL_ACTIONS.get(request.POST.get("action", ""))
    subscription_id = request.POST.get("subscription", "")
    subscription = subscriptions.filter(pk=int(subscription_id)).first() if subscription_id.isdigit() else None
    if build_events is None or subscription is None or subscription.plan is None:
        return render(request, "400.html", status=400)
    _feed(build_events(subscription))
    return redirect("billing:demo_portal")
