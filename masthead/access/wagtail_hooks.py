"""The paywall in the Wagtail admin: access policies (a snippet), entitlements
granted and revoked by hand, and the funnel report."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from masthead.access import admin_views
from masthead.access.models import AccessPolicy


class AccessPolicyViewSet(SnippetViewSet):
    model = AccessPolicy
    icon = "lock"
    menu_label = _("Access policies")
    menu_order = 300
    add_to_settings_menu = True
    list_display = ["__str__", "free_views", "window_days", "registered_views", "registered_unlimited", "archive_days"]
    panels = [
        FieldPanel("publication"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("free_views"), FieldPanel("window_days")]),
                FieldRowPanel([FieldPanel("registered_views"), FieldPanel("registered_unlimited")]),
            ],
            heading=_("The meter"),
        ),
        FieldRowPanel([FieldPanel("archive_days"), FieldPanel("teaser_paragraphs")]),
    ]


register_snippet(AccessPolicyViewSet)

access_admin_urls = (
    [
        path("entitlements/", admin_views.entitlement_index, name="entitlements"),
        path("entitlements/grant/", admin_views.entitlement_grant, name="entitlement_grant"),
        path("entitlements/<int:entitlement_id>/revoke/", admin_views.entitlement_revoke, name="entitlement_revoke"),
        path("funnel/", admin_views.funnel_report, name="funnel"),
    ],
    "access_admin",
)


@hooks.register("register_admin_urls")
def register_access_admin_urls():
    return [path("paywall/", include(access_admin_urls, namespace="access_admin"))]


class EntitlementsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_manage_entitlements(request.user)


class FunnelMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("access.view_gateimpression")


@hooks.register("register_admin_menu_item")
def register_entitlements_menu_item():
    return EntitlementsMenuItem(
        _("Entitlements"), reverse("access_admin:entitlements"), name="entitlements", icon_name="key", order=650
    )


@hooks.register("register_reports_menu_item")
def register_funnel_menu_item():
    return FunnelMenuItem(
        _("Paywall funnel"), reverse("access_admin:funnel"), name="paywall-funnel", icon_name="list-ul"
    )
