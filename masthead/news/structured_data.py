"""JSON-LD `NewsArticle` for an article page, with the fields Google documents.

The body is never included: a gated article must not leak it, and an open one
does not need it (search engines read the page). A gated response says so with
`isAccessibleForFree: false` and points at the element the gate is rendered in.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

PAYWALLED_SELECTOR = ".paywalled-content"

# The escapes Django's json_script uses, so the data can never close its element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def news_article(page, *, canonical_url, show_full, image_url=None, authors=(), publisher_logo_url=None):
    free_here = show_full and page.access_level == "free"
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title[:110],
        "description": page.standfirst,
        "datePublished": page.published_at,
        "dateModified": page.last_published_at or page.published_at,
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical_url},
        "url": canonical_url,
        "isAccessibleForFree": free_here,
    }
    if image_url:
        data["image"] = [image_url]
    people = [{"@type": "Person", "name": author.name, "url": author_url} for author, author_url in authors]
    if page.agency_credit:
        people.append({"@type": "Organization", "name": page.agency_credit})
    if people:
        data["author"] = people
    publication = page.publication
    if publication is not None:
        data["publisher"] = {"@type": "NewsMediaOrganization", "name": publication.title}
        if publisher_logo_url:
            data["publisher"]["logo"] = {"@type": "ImageObject", "url": publisher_logo_url}
    if page.section_id and page.section is not None:
        data["articleSection"] = page.section.title
    if not show_full:
        data["hasPart"] = {
            "@type": "WebPageElement",
            "isAccessibleForFree": False,
            "cssSelector": PAYWALLED_SELECTOR,
        }
    return data


def json_ld_script(data):
    """A `<script type="application/ld+json">` element: data, not code, so the
    Content-Security-Policy allows it; escaped like Django's json_script."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
