"""What every page needs around its content: the group, the titles for the
navigation, the current site's root, and the stylesheet of title colours."""

from django.conf import settings


def site_chrome(request):
    from masthead.news.navigation import nav_version, navigation_for

    return {
        "site_url": settings.SITE_URL,
        "nav": navigation_for(request),
        "titles_css_url": f"/titles.css?v={nav_version()}",
        "demo_mode": settings.DEMO,
    }
