from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from masthead.epaper import admin_views

admin_urlpatterns = [
    path("", admin_views.index, name="index"),
    path("upload/", admin_views.upload, name="upload"),
    path("<int:edition_id>/", admin_views.detail, name="detail"),
    path("<int:edition_id>/delete/", admin_views.delete, name="delete"),
]


@hooks.register("register_admin_urls")
def register_epaper_admin_urls():
    return [path("epaper/", include((admin_urlpatterns, "epaper_admin"), namespace="epaper_admin"))]


class EpaperMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_epaper_menu_item():
    return EpaperMenuItem("E-paper", reverse("epaper_admin:index"), icon_name="doc-full", order=450)


@hooks.register("register_permissions")
def register_epaper_permissions():
    return Permission.objects.filter(content_type__app_label="epaper", codename__in=["add_edition", "change_edition"])
