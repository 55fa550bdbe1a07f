"""The paywall funnel: every gate shown, and the registrations and subscriptions
that follow one.

A gate shown leaves a signed marker cookie naming it; a registration in the
same browser (allauth's `user_signed_up`) is linked to the gate through that
marker. A subscription (an entitlement granted by billing) is linked to the
latest gate the reader saw, logged in or before registering, within the
attribution window.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db.models import Q
from django.utils import timezone

from masthead.access.models import FunnelConversion, FunnelStep, GateImpression

MARKER_COOKIE = "mh_gate"
MARKER_SALT = "masthead.access.gate"
ATTRIBUTION_DAYS = 30


def record_gate_shown(request, response, facts, decision):
    reader = request.reader
    impression = GateImpression.objects.create(
        article_id=facts.article_id,
        publication_id=facts.publication_id,
        gate=decision.gate,
        reason=decision.reason,
        reader_id=reader.user_id,
        anonymous_id="" if reader.is_authenticated else reader.cookie_meter.ensure_anonymous_id(),
    )
    response.set_cookie(
        MARKER_COOKIE,
        signing.TimestampSigner(salt=MARKER_SALT).sign(str(impression.pk)),
        max_age=ATTRIBUTION_DAYS * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return impression


def impression_from_marker(request):
    raw = request.COOKIES.get(MARKER_COOKIE) if request is not None else None
    if not raw:
        return None
    try:
        impression_id = int(signing.TimestampSigner(salt=MARKER_SALT).unsign(raw, max_age=ATTRIBUTION_DAYS * 24 * 3600))
    except (signing.BadSignature, ValueError):
        return None
    return GateImpression.objects.filter(pk=impression_id).first()


def on_user_signed_up(sender, request=None, user=None, **kwargs):
    impression = impression_from_marker(request)
    if impression is None or user is None:
        return
    FunnelConversion.objects.get_or_create(impression=impression, step=FunnelStep.REGISTERED, reader=user)


def latest_gate_for(user, now=None):
    since = (now or timezone.now()) - datetime.timedelta(days=ATTRIBUTION_DAYS)
    return (
        GateImpression.objects.filter(shown_at__gte=since)
        .filter(Q(reader=user) | Q(conversions__reader=user, conversions__step=FunnelStep.REGISTERED))
        .order_by("-shown_at")
        .first()
    )


def on_entitlement_granted(sender, entitlement=None, acting_user=None, **kwargs):
    """A purchase after a gate converts; a complimentary grant by staff does not."""
    if entitlement is None or acting_user is not None:
        return
    impression = latest_gate_for(entitlement.reader)
    if impression is None:
        return
    FunnelConversion.objects.get_or_create(
        impression=impression,
        step=FunnelStep.SUBSCRIBED,
        reader=entitlement.reader,
        defaults={"entitlement": entitlement},
    )
