from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from masthead.core import views as core_views
from masthead.core.storage import serve_media

handler400 = "masthead.core.views.bad_request"
handler404 = "masthead.core.views.page_not_found"
handler500 = "masthead.core.views.server_error"
handler429 = "masthead.core.views.too_many_requests"

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("", include("masthead.core.urls")),
    path("", include("masthead.accounts.urls")),
    path("", include("masthead.access.urls")),
    path("", include("masthead.billing.urls")),
    path("", include("masthead.newsletters.urls")),
    path("", include("masthead.epaper.urls")),
    path("", include("masthead.search.urls")),
    path("", include("masthead.news.urls")),
]

if settings.MASTHEAD_STORAGE == "local":
    # Images and their renditions from MEDIA_ROOT (on S3 their URLs point at the
    # bucket). A web server in front may serve /media/images/ and
    # /media/original_images/ itself; documents are served by Wagtail's view.
    urlpatterns.append(re_path(r"^media/(?P<path>.+)$", serve_media, name="media"))

urlpatterns.append(path("", include(wagtail_urls)))
