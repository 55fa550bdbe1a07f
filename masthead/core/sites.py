"""Which Wagtail Site serves a request, from the cache.

Wagtail looks the Site up with a query on every request, and then loads its root
page with another; on the listing pages that was most of the time spent. The
answer changes only when a Site is edited or a page that can be a Site's root is
published, moved or deleted, which bump the version in the key; the version is
shared between processes even with the local-memory cache (core/cache_versions.py).
A copy is kept for at most SITE_CACHE_SECONDS.
"""

from django.core.cache import cache
from django.http.request import split_domain_port
from wagtail.models import Site

from masthead.core import cache_versions

SITE_CACHE_SECONDS = 60
SITES_VERSION_KEY = "core:sites:version"
NO_SITE = "no-site"
# Publication pages (depth 3) and the group home (depth 2) can be Site roots.
ROOT_CAPABLE_DEPTH = 3


def sites_version():
    return cache_versions.current(SITES_VERSION_KEY)


def bump_sites_version(**kwargs):
    cache_versions.bump(SITES_VERSION_KEY)


def bump_for_page(instance=None, **kwargs):
    if instance is None or getattr(instance, "depth", 0) <= ROOT_CAPABLE_DEPTH:
        bump_sites_version()


def site_for_request(request):
    """The Site for this request's host and port (None when no Site matches)."""
    hostname = split_domain_port(request._get_raw_host())[0]
    key = f"core:site:{sites_version()}:{hostname}:{request.get_port()}"
    site = cache.get(key)
    if site is None:
        site = Site._find_for_request(request)
        if site is not None:
            # Load the root page (as its own type) once, with the Site.
            site.root_page = site.root_page.specific
        cache.set(key, site or NO_SITE, SITE_CACHE_SECONDS)
    return None if site == NO_SITE else site


class CurrentSiteMiddleware:
    """Hands Wagtail the cached Site, so `Site.find_for_request` costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # /healthz must answer without touching anything but its own query.
        if not request.path_info.startswith(("/admin/", "/django-admin/", "/healthz", "/static/")):
            request._wagtail_site = site_for_request(request)
        return self.get_response(request)
