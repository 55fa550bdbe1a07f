"""The header navigation for the site that serves the request, cached: it
changes only when titles or sections are published or moved."""

from django.core.cache import cache
from wagtail.models import Site

from masthead.core import cache_versions

NAV_CACHE_VERSION_KEY = "news:nav:version"


def nav_version():
    return cache_versions.current(NAV_CACHE_VERSION_KEY)


def bump_nav_version():
    cache_versions.bump(NAV_CACHE_VERSION_KEY)


def navigation_for(request):
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"root": None, "publications": []}
    key = f"news:nav:{site.pk}:{nav_version()}"
    nav = cache.get(key)
    if nav is None:
        nav = _build(site, request)
        cache.set(key, nav, 3600)
    return nav


def _build(site, request):
    """Links are relative for pages of this site and absolute for pages another
    hostname serves (Wagtail decides from the request's site)."""
    from masthead.news.models import HomePage, PublicationPage, SectionPage

    root = site.root_page.specific
    if isinstance(root, HomePage):
        publications = list(root.publications())
    elif isinstance(root, PublicationPage):
        publications = [root]
    else:
        publications = []
    sections = {}
    for section in SectionPage.objects.live().descendant_of(root).order_by("path"):
        sections.setdefault(section.path[: -section.steplen], []).append(
            {"id": section.pk, "title": section.title, "url": section.get_url(request), "slug": section.slug}
        )
    return {
        "root": {"title": root.title, "url": root.get_url(request)},
        "is_group": isinstance(root, HomePage),
        "root_css_class": root.css_class if isinstance(root, PublicationPage) else "",
        "publications": [
            {
                "id": publication.pk,
                "title": publication.title,
                "short_name": publication.short_name or publication.title,
                "slug": publication.slug,
                "css_class": publication.css_class,
                "colour": publication.colour,
                "url": publication.get_url(request),
                "sections": sections.get(publication.path, []),
            }
            for publication in publications
        ],
    }
