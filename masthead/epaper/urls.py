from django.urls import path, register_converter

from masthead.epaper import views


class EditionDateConverter:
    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(EditionDateConverter, "edition_date")

app_name = "epaper"
edition = "epaper/<slug:title>/<edition_date:date>/"
page = edition + "page/<int:number>/"
urlpatterns = [
    path("epaper/", views.index, name="index"),
    path("epaper/<slug:title>/", views.title_archive, name="title"),
    path("epaper/<slug:title>/<int:year>/<int:month>/", views.title_archive, name="month"),
    path(edition, views.edition_detail, name="edition"),
    path(edition + "cover.webp", views.cover, name="cover"),
    path(edition + "download.pdf", views.download_pdf, name="pdf"),
    path(page, views.reader, name="page"),
    path(page + "text/", views.page_text, name="page_text"),
    path(page + "image.webp", views.page_image, name="page_image"),
    path(page + "zoom.webp", views.page_zoom, name="page_zoom"),
    path(page + "thumb.webp", views.page_thumb, name="page_thumb"),
]
