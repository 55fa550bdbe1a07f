from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import dashboard
from .models import Plan


class PlanViewSet(SnippetViewSet):
    model = Plan
    icon = "tag"
    menu_label = _("Plans")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "price_display", "interval", "grants", "stripe_price_id", "active"]
    list_filter = ["active", "interval", "grants"]
    ordering = ["sort_order", "price_cents"]


register_snippet(PlanViewSet)


def _may_see_billing(user):
    return user.is_superuser or user.has_perm("billing.view_plan") or user.has_perm("billing.change_plan")


def dashboard_view(request):
    if not _may_see_billing(request.user):
        raise PermissionDenied
    return render(request, "billing/admin/dashboard.html", {"figures": dashboard.summary()})


class BillingMenuItem(MenuItem):
    def is_shown(self, request):
        return _may_see_billing(request.user)


@hooks.register("register_admin_urls")
def register_dashboard_url():
    return [path("billing/dashboard/", dashboard_view, name="billing_dashboard")]


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return BillingMenuItem(
        _("Subscriptions"), reverse("billing_dashboard"), name="billing-dashboard", icon_name="table", order=300
    )
