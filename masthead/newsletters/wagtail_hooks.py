from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from masthead.newsletters import admin_views
from masthead.newsletters.models import NewsletterList, Subscriber, Suppression


class NewsletterListViewSet(SnippetViewSet):
    model = NewsletterList
    icon = "mail"
    menu_label = _("Lists")
    list_display = ["name", "slug", "cadence", "send_time", "time_zone", "is_active"]
    list_filter = ["cadence", "is_active"]


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "user"
    menu_label = _("Subscribers")
    list_display = ["email", "confirmed_at", "suppression_reason", "created_at"]
    search_fields = ["email"]
    list_filter = ["suppression_reason"]


class SuppressionViewSet(SnippetViewSet):
    model = Suppression
    icon = "warning"
    menu_label = _("Suppressed addresses")
    list_display = ["__str__", "reason", "detail", "created_at"]
    list_filter = ["reason"]


class NewsletterViewSetGroup(SnippetViewSetGroup):
    items = (NewsletterListViewSet, SubscriberViewSet, SuppressionViewSet)
    menu_icon = "mail"
    menu_label = _("Newsletter lists")
    menu_name = "newsletter-lists"
    menu_order = 320


register_snippet(NewsletterViewSetGroup)


class NewslettersMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_edit_newsletters(request.user)


@hooks.register("register_admin_urls")
def register_newsletter_urls():
    return [
        path("newsletters/", admin_views.dashboard, name="newsletters_admin"),
        path("newsletters/issue/<int:issue_id>/", admin_views.issue_detail, name="newsletters_admin_issue"),
        path("newsletters/issue/<int:issue_id>/preview/", admin_views.issue_preview, name="newsletters_admin_preview"),
        path("newsletters/issue/<int:issue_id>/edit/", admin_views.issue_edit, name="newsletters_admin_edit"),
    ]


@hooks.register("register_admin_menu_item")
def register_newsletters_menu_item():
    return NewslettersMenuItem(
        _("Newsletters"), reverse("newsletters_admin"), name="newsletters", icon_name="mail", order=315
    )
