"""`/sitemap.xml` (every page readers may reach on this hostname) and the Google
News sitemap (articles of the last 48 hours)."""

import datetime

from django.db.models import Q
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap

NEWS_SITEMAP_HOURS = 48
NEWS_SITEMAP_LIMIT = 1000  # Google News reads at most 1,000 URLs per sitemap.


class ReaderSitemap(Sitemap):
    """Wagtail's sitemap of live, public pages, less articles whose time has not come."""

    def items(self):
        not_yet_published = Q(articlepage__isnull=False) & (
            Q(articlepage__published_at__isnull=True) | Q(articlepage__published_at__gt=timezone.now())
        )
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .exclude(not_yet_published)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


def news_sitemap_articles(site, now=None):
    from masthead.news import listings
    from masthead.news.models import ArticlePage

    now = now or timezone.now()
    scope = ArticlePage.objects.all()
    if site is not None:
        scope = scope.descendant_of(site.root_page, inclusive=True)
    recent = listings.readable(scope, now).filter(published_at__gte=now - datetime.timedelta(hours=NEWS_SITEMAP_HOURS))
    return recent.defer_streamfields().select_related("publication").order_by("-published_at")[:NEWS_SITEMAP_LIMIT]
