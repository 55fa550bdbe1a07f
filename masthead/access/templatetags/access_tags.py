"""Template tags for reader-specific fragments.

`{% reader_fragment "includes/account_menu.html" %}` renders the fragment for the
person reading. When a page is rendered into the cache for nobody in particular,
it leaves a marker instead, which each request fills in for its own reader (see
masthead/access/fragments.py). Anything on a page that depends on who is reading
belongs in such a fragment.

`anonymous_by_url=True` declares that, for a reader who is not logged in, the
fragment depends on the URL alone, so its render may be reused for the next
anonymous reader of the same URL.
"""

from django import template
from django.utils.safestring import mark_safe

from masthead.access.fragments import fragment_name, render_fragment
from masthead.access.render_cache import marker

register = template.Library()


@register.simple_tag(takes_context=True)
def reader_fragment(context, template_name, anonymous_by_url=False):
    request = context.get("request")
    if request is None:
        return ""
    name = fragment_name(template_name, anonymous_by_url)
    if getattr(request, "access_shell_variant", None) is not None:
        return mark_safe(marker(name))
    return mark_safe(render_fragment(name, request, context.get("decision")))
