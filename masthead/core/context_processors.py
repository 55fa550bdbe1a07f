"""What every page needs around its content: the group, the titles for the
navigation, the current site's root."""

from django.conf import settings


def site_chrome(request):
    from masthead.news.navigation import navigation_for

    return {
        "site_url": settings.SITE_URL,
        "nav": navigation_for(request),
        "demo_mode": settings.DEMO,
    }
