from django import template

from masthead.news import structured_data

register = template.Library()


# Topic and author listings are routes of the site's root page (the group home or,
# on a title's own hostname, the title), which Wagtail always serves at `/`.
SITE_ROOT_PATH = "/"


@register.simple_tag
def topic_url(topic):
    return f"{SITE_ROOT_PATH}topics/{topic.slug}/"


@register.simple_tag
def author_url(author):
    return f"{SITE_ROOT_PATH}authors/{author.slug}/"


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    request = context.get("request")
    if not path or request is None:
        return path or ""
    return request.build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def article_json_ld(context, page, canonical_url, image_url=None):
    request = context.get("request")
    decision = context.get("decision")
    show_full = bool(getattr(decision, "show_full", False))
    authors = [
        (author, request.build_absolute_uri(author_url(author)) if request else author_url(author))
        for author in context.get("authors", ())
    ]
    data = structured_data.news_article(
        page,
        canonical_url=canonical_url,
        show_full=show_full,
        image_url=image_url or None,
        authors=authors,
    )
    return structured_data.json_ld_script(data)


@register.simple_tag(takes_context=True)
def page_query(context, number):
    """The current query string with `page` set to `number` (for pagination links)."""
    request = context["request"]
    query = request.GET.copy()
    query["page"] = number
    return "?" + query.urlencode()
