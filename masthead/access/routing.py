"""Find the page a URL names without walking Wagtail's page tree segment by segment.

Wagtail's router costs a query or two per path segment plus the site lookup.
For the reading pages (articles, and the group home, title and section listings)
we ask once: the live page whose `url_path` is the site root's plus the request
path. Behaviour stays Wagtail's: only live pages, only under the site that
serves the host, none behind a view restriction, and none that a routable
ancestor (topic and author listings) would answer itself; anything else is left
to Wagtail's own serving (drafts and unknown paths get its 404, redirects its
redirect). The answer, found or not, is cached per host and path until the next
publish, unpublish or move.
"""

import hashlib
import re
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, Site

from masthead.access.policy import ArticleFacts
from masthead.access.render_cache import routes_version

ROUTE_CACHE_SECONDS = 3600
MISS_CACHE_SECONDS = 300
# Bumped when PageRoute changes shape, so a shared cache never hands back an old one.
ROUTE_FORMAT = 4
_PAGE_PATH = re.compile(r"^/(?:[\w-]+/)*$")
_MISS = "miss"

ARTICLE = "article"
LISTING = "listing"


@dataclass(frozen=True)
class PageRoute:
    page_id: int
    revision_id: int
    site_id: int
    host_key: str
    kind: str  # ARTICLE or LISTING
    # The routes version the route was found under (see render_cache): shells are keyed by it.
    version: str
    # What the access rule needs of an article; None for a listing page.
    facts: ArticleFacts | None = None
    # Whether a listing takes a `page` number (a section page does).
    paginated: bool = False


def host_key(request):
    return hashlib.sha1(request.get_host().encode(), usedforsecurity=False).hexdigest()[:16]


def looks_like_page_path(path):
    return bool(_PAGE_PATH.match(path))


def route_for(request):
    """(PageRoute, specific page or None) for the request's path, or (None, None)."""
    host = host_key(request)
    digest = hashlib.sha1(request.path_info.encode(), usedforsecurity=False).hexdigest()
    version = routes_version()
    key = f"access:route:{ROUTE_FORMAT}:{version}:{host}:{digest}"
    cached = cache.get(key)
    if cached == _MISS:
        return None, None
    if cached is not None:
        return cached, None
    page, site = _find_page(request)
    if page is None:
        cache.set(key, _MISS, MISS_CACHE_SECONDS)
        return None, None
    route = _route(page, site, host, version)
    cache.set(key, route, ROUTE_CACHE_SECONDS)
    return route, page


def _route(page, site, host, version):
    from masthead.news.models import ArticlePage, SectionPage

    is_article = isinstance(page, ArticlePage)
    return PageRoute(
        page_id=page.pk,
        revision_id=page.live_revision_id or 0,
        site_id=site.pk,
        host_key=host,
        kind=ARTICLE if is_article else LISTING,
        facts=article_facts(page) if is_article else None,
        paginated=isinstance(page, SectionPage),
        version=str(version),
    )


def article_facts(page):
    return ArticleFacts(
        article_id=page.pk,
        publication_id=page.publication_id,
        access_level=page.access_level,
        published_at=page.published_at,
    )


def _fast_models():
    from masthead.news.models import ArticlePage, HomePage, PublicationPage, SectionPage

    return (ArticlePage, HomePage, PublicationPage, SectionPage)


def _find_page(request):
    site = Site.find_for_request(request)
    if site is None:
        return None, None
    root = site.root_page
    url_path = root.url_path + request.path_info.lstrip("/")
    found = Page.objects.live().filter(url_path=url_path).first()
    if found is None or not found.path.startswith(root.path) or found.specific_class not in _fast_models():
        return None, None
    page = found.specific
    if _claimed_by_routable_ancestor(page, root) or _has_view_restriction(page):
        return None, None
    return page, site


def _ancestor_paths(page):
    return [page.path[:end] for end in range(page.steplen, len(page.path), page.steplen)]


def _claimed_by_routable_ancestor(page, root):
    """True when a live routable page above the article would answer this URL itself
    (Wagtail asks a routable page's own routes before its children)."""
    ancestors = Page.objects.filter(path__in=_ancestor_paths(page), depth__gte=root.depth).values_list(
        "url_path", "live", "content_type__app_label", "content_type__model"
    )
    from django.apps import apps

    for url_path, live, app_label, model_name in ancestors:
        model = apps.get_model(app_label, model_name)
        if not live or not issubclass(model, RoutablePageMixin):
            continue
        remainder = "/" + page.url_path[len(url_path) :]
        try:
            model.get_resolver().resolve(remainder)
        except Resolver404:
            continue
        return True
    return False


def _has_view_restriction(page):
    return PageViewRestriction.objects.filter(page__path__in=[*_ancestor_paths(page), page.path]).exists()
