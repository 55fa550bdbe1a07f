"""Staff screens in the Wagtail admin: entitlements granted and revoked by hand,
and the paywall funnel. Views check permission and input; the writes are
`access.actions`."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from masthead.access import charts, funnel
from masthead.access.actions import do_grant_entitlement, do_revoke_entitlement
from masthead.access.forms import GrantEntitlementForm
from masthead.access.models import Entitlement, FunnelConversion, FunnelStep, GateImpression

FUNNEL_DAYS = 30


def may_manage_entitlements(user):
    return user.has_perm("access.add_entitlement") and user.has_perm("access.change_entitlement")


def _require_manager(request):
    if not may_manage_entitlements(request.user):
        raise PermissionDenied


def entitlement_index(request):
    _require_manager(request)
    entitlements = Entitlement.objects.select_related(
        "reader", "publication", "edition", "created_by", "revoked_by"
    ).order_by("-created_at")
    query = request.GET.get("q", "").strip()[:200]
    if query:
        entitlements = entitlements.filter(Q(reader__email__icontains=query) | Q(source__icontains=query))
    state = request.GET.get("state", "active")
    if state == "active":
        entitlements = entitlements.active()
    paginator = Paginator(entitlements, 50)
    page = paginator.get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "access/admin/entitlement_index.html",
        {"page_title": _("Entitlements"), "header_icon": "key", "page_obj": page, "query": query, "state": state},
    )


@require_http_methods(["GET", "POST"])
def entitlement_grant(request):
    _require_manager(request)
    form = GrantEntitlementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entitlement = do_grant_entitlement(
            data["reader"],
            kind=data["kind"],
            source=f"manual:{timezone.now():%Y%m%dT%H%M%S}:{request.user.pk}",
            publication=data["publication"],
            edition=data["edition"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            note=data["note"],
            acting_user=request.user,
        )
        messages.success(request, _("Granted: %(entitlement)s.") % {"entitlement": entitlement})
        return redirect("access_admin:entitlements")
    return TemplateResponse(
        request,
        "access/admin/entitlement_grant.html",
        {"page_title": _("Grant an entitlement"), "header_icon": "key", "form": form},
    )


@require_http_methods(["GET", "POST"])
def entitlement_revoke(request, entitlement_id):
    _require_manager(request)
    entitlement = get_object_or_404(Entitlement.objects.select_related("reader", "publication"), pk=entitlement_id)
    if request.method == "POST":
        do_revoke_entitlement(entitlement, acting_user=request.user)
        messages.success(request, _("Revoked: %(entitlement)s.") % {"entitlement": entitlement})
        return redirect("access_admin:entitlements")
    return TemplateResponse(
        request,
        "access/admin/entitlement_revoke.html",
        {"page_title": _("Revoke an entitlement"), "header_icon": "key", "entitlement": entitlement},
    )


def funnel_report(request):
    if not request.user.has_perm("access.view_gateimpression"):
        raise PermissionDenied
    funnel.flush_gate_impressions()
    since = timezone.now() - datetime.timedelta(days=FUNNEL_DAYS)
    gates = (
        GateImpression.objects.filter(shown_at__gte=since)
        .values("publication__title", "gate")
        .annotate(shown=Count("pk"))
        .order_by("publication__title", "gate")
    )
    conversions = (
        FunnelConversion.objects.filter(happened_at__gte=since)
        .values("publication__title", "step")
        .annotate(count=Count("pk"))
    )
    rows = {}
    for row in gates:
        entry = rows.setdefault(row["publication__title"] or _("Removed title"), _empty_row())
        entry[f"{row['gate']}_gates"] = row["shown"]
    for row in conversions:
        entry = rows.setdefault(row["publication__title"] or _("Removed title"), _empty_row())
        entry[row["step"]] = row["count"]
    totals = _empty_row()
    for entry in rows.values():
        for key, value in entry.items():
            totals[key] += value
    stages = [
        (_("Gates shown"), totals["register_gates"] + totals["subscribe_gates"]),
        (_("Registrations"), totals[FunnelStep.REGISTERED]),
        (_("Subscriptions"), totals[FunnelStep.SUBSCRIBED]),
    ]
    return TemplateResponse(
        request,
        "access/admin/funnel.html",
        {
            "page_title": _("Paywall funnel"),
            "header_icon": "list-ul",
            "days": FUNNEL_DAYS,
            "rows": sorted(rows.items()),
            "totals": totals,
            "chart": charts.horizontal_bars(stages),
        },
    )


def _empty_row():
    return {"register_gates": 0, "subscribe_gates": 0, FunnelStep.REGISTERED: 0, FunnelStep.SUBSCRIBED: 0}
