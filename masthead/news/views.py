import re

from django.core.cache import cache
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import cache_control
from wagtail.models import Site

from masthead.news.navigation import nav_version
from masthead.news.sitemaps import news_sitemap_articles

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@cache_control(public=True, max_age=3600)
def titles_css(request):
    """Each title's colour as a custom property, so pages need no inline style.
    The URL carries the navigation version, which changes when titles change."""
    from masthead.news.models import PublicationPage

    key = f"news:titles-css:{nav_version()}"
    css = cache.get(key)
    if css is None:
        rules = [
            f".{publication.css_class}{{--pub-colour:{publication.colour}}}"
            for publication in PublicationPage.objects.live().order_by("path")
            if COLOUR.match(publication.colour or "")
        ]
        css = "\n".join(rules) + "\n"
        cache.set(key, css, 3600)
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@cache_control(public=True, max_age=300)
def news_sitemap(request):
    articles = news_sitemap_articles(Site.find_for_request(request))
    return TemplateResponse(
        request, "news/news_sitemap.xml", {"articles": articles}, content_type="application/xml; charset=utf-8"
    )
