from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from masthead.news import feeds, views
from masthead.news.sitemaps import ReaderSitemap

app_name = "news"
urlpatterns = [
    path("titles.css", views.titles_css, name="titles_css"),
    path("feeds/<slug:publication_slug>/", feeds.PublicationFeed.serve, name="publication_feed"),
    path("feeds/<slug:publication_slug>/<slug:section_slug>/", feeds.SectionFeed.serve, name="section_feed"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": ReaderSitemap}}, name="sitemap"),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
]
