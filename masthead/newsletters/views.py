"""Reader-facing newsletter pages. Views validate and call actions.py.

Sign-up is exempt from CSRF on purpose: its form sits in the footer of every
page (which must stay cacheable, without a CSRF cookie), it takes nothing but an
address, and nothing happens until the address's owner confirms. Rate limits
per client address keep it from being used to send floods of confirmations.
The one-click unsubscribe is a POST from a mail provider, without cookies, so it
is exempt too; its signed token is the proof.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from masthead.core import ratelimit
from masthead.newsletters import actions
from masthead.newsletters.models import NewsletterList, Subscriber, SubscriptionStatus
from masthead.newsletters.tokens import key_from_confirmation_token, key_from_token

SIGNUP_SOURCES = {"footer", "gate", "page", "account"}


def _active_lists():
    return NewsletterList.objects.filter(is_active=True)


def _verified_user(request, email):
    """The logged-in reader, if `email` is their account's verified address (so no confirmation is needed)."""
    user = request.user
    if not user.is_authenticated or user.email.lower() != email:
        return None
    from allauth.account.models import EmailAddress

    if EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists():
        return user
    return None


def _over_signup_limit(request):
    """None, or the 429 page: sign-ups per reader's address per hour, counted across every process."""
    from django.conf import settings

    return ratelimit.limit(
        request,
        "newsletter_signup",
        f"{settings.NEWSLETTERS_SIGNUP_RATE}/h/ip",
        template="newsletters/rate_limited.html",
    )


def index(request):
    email = request.user.email if request.user.is_authenticated else ""
    return render(request, "newsletters/index.html", {"lists": _active_lists(), "email": email})


@csrf_exempt
@require_POST
@never_cache
def signup(request):
    too_many = _over_signup_limit(request)
    if too_many:
        return too_many
    source = request.POST.get("source", "page")
    source = source if source in SIGNUP_SOURCES else "page"
    slugs = request.POST.getlist("list")
    if slugs == ["default"] or not slugs and source in {"footer", "gate"}:
        lists = list(_active_lists().filter(offered_by_default=True)[:1])
    else:
        lists = actions.lists_by_slugs(slugs)
    try:
        email = actions.normalise_email(request.POST.get("email"))
    except ValidationError as error:
        return _signup_error(request, error.messages[0], request.POST.get("email", ""))
    if not lists:
        return _signup_error(request, "Choose at least one newsletter.", email)
    verified_user = _verified_user(request, email)
    actions.do_request_subscription(email, lists, source=source, verified_user=verified_user)
    return render(request, "newsletters/signup_done.html", {"subscribed_now": verified_user is not None})


def _signup_error(request, message, email):
    context = {"lists": _active_lists(), "email": email[:254], "error": message}
    return render(request, "newsletters/index.html", context, status=400)


@require_http_methods(["GET", "POST"])
@never_cache
def confirm(request, token):
    key = key_from_confirmation_token(token)
    subscriber = Subscriber.objects.filter(key=key).first() if key else None
    if subscriber is None:
        return render(request, "newsletters/bad_link.html", status=400)
    if request.method == "POST":
        actions.do_confirm_subscriber(subscriber)
        return render(request, "newsletters/confirmed.html", _preference_context(subscriber))
    pending = subscriber.subscriptions.filter(status=SubscriptionStatus.PENDING).select_related("newsletter_list")
    return render(request, "newsletters/confirm.html", {"subscriber": subscriber, "pending": pending})


def _subscriber_from_link(token):
    key = key_from_token(token)
    return Subscriber.objects.filter(key=key).first() if key else None


def _preference_context(subscriber):
    chosen = set(
        subscriber.subscriptions.exclude(status=SubscriptionStatus.UNSUBSCRIBED).values_list(
            "newsletter_list_id", flat=True
        )
    )
    return {"subscriber": subscriber, "lists": _active_lists(), "chosen": chosen}


@require_http_methods(["GET", "POST"])
@never_cache
def preferences(request, token):
    subscriber = _subscriber_from_link(token)
    if subscriber is None:
        return render(request, "newsletters/bad_link.html", status=400)
    saved = False
    if request.method == "POST":
        if "leave_all" in request.POST:
            actions.do_unsubscribe(subscriber)
        else:
            wanted = _active_lists().filter(pk__in=_int_ids(request.POST.getlist("lists")))
            actions.do_set_preferences(subscriber, list(wanted))
        saved = True
    context = _preference_context(subscriber) | {"saved": saved, "token": token}
    return render(request, "newsletters/preferences.html", context)


def _int_ids(values):
    return [int(value) for value in values if value.isdigit()]


@csrf_exempt
@require_http_methods(["GET", "POST"])
@never_cache
def unsubscribe(request, list_slug, token):
    """GET (a link in the email): unsubscribe and offer an undo. POST: RFC 8058 one-click, or the undo."""
    subscriber = _subscriber_from_link(token)
    newsletter_list = get_object_or_404(NewsletterList, slug=list_slug)
    if subscriber is None:
        return render(request, "newsletters/bad_link.html", status=400)
    if request.method == "POST" and request.POST.get("action") == "undo":
        actions.do_resubscribe(subscriber, newsletter_list)
        context = {"newsletter_list": newsletter_list, "token": token, "undone": True}
        return render(request, "newsletters/unsubscribed.html", context)
    actions.do_unsubscribe(subscriber, newsletter_list)
    if request.method == "POST":
        return HttpResponse("Unsubscribed.\n", content_type="text/plain; charset=utf-8")
    return render(request, "newsletters/unsubscribed.html", {"newsletter_list": newsletter_list, "token": token})


@login_required
@require_POST
def account_preferences(request):
    """The newsletter choices on /account/, for a logged-in reader."""
    try:
        email = actions.normalise_email(request.user.email)
    except ValidationError:
        return redirect("/account/")
    wanted = list(_active_lists().filter(pk__in=_int_ids(request.POST.getlist("lists"))))
    subscriber = Subscriber.objects.filter(email=email).first()
    if subscriber is not None:
        actions.do_set_preferences(subscriber, wanted)
    verified_user = _verified_user(request, email)
    actions.do_request_subscription(email, wanted, source="account", verified_user=verified_user)
    return redirect("/account/#newsletters")
