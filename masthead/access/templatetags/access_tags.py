"""Template tags for reader-specific fragments.

`{% reader_fragment "includes/account_menu.html" %}` renders the fragment for the
person reading. When an article page is rendered into the cache for nobody in
particular, it leaves a marker instead, which each request fills in for its own
reader (see masthead/access/serving.py). Anything on a page that depends on who
is reading belongs in such a fragment.
"""

from django import template
from django.utils.safestring import mark_safe

from masthead.access.render_cache import marker

register = template.Library()


@register.simple_tag(takes_context=True)
def reader_fragment(context, template_name):
    request = context.get("request")
    if request is None:
        return ""
    if getattr(request, "access_shell_variant", None) is not None:
        return mark_safe(marker(template_name))
    from masthead.access.serving import render_fragment

    decision = context.get("decision")
    return mark_safe(render_fragment(template_name, request, decision))
