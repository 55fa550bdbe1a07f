"""The reader-specific fragments of a page: rendered per request into the cached shell.

A shell holds a marker where each fragment goes (see `render_cache.marker`):
the CSRF token, the meter counter, and any template named by
`{% reader_fragment %}`. A template marked `anonymous_by_url` says that for a
reader who is not logged in it depends on nothing but the URL (the account
menu: "Log in" and "Register" with a `next` back to this page); those renders
are kept per process, by host, full path and language, so an anonymous page
view renders no template at all. A render that asked for the CSRF token is
never kept: the token is each browser's own.
"""

import functools
import threading
from collections import OrderedDict
from urllib.parse import quote

from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, empty
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, ngettext

COUNTER_FRAGMENT = "access:counter"
CSRF_FRAGMENT = "csrf"
BY_URL = "|anonymous_by_url"
ANONYMOUS_RENDERS_KEPT = 4096
_NEXT = "\x00next\x00"


def fragment_name(template_name, anonymous_by_url=False):
    """What a shell's marker names for this template."""
    return f"{template_name}{BY_URL}" if anonymous_by_url else template_name


def render_fragment(name, request, decision=None, facts=None):
    """One reader-specific fragment, rendered for this request only."""
    if name == CSRF_FRAGMENT:
        return get_token(request)
    if name == COUNTER_FRAGMENT:
        reader = getattr(request, "reader", None)
        is_registered = bool(reader is not None and reader.is_authenticated)
        return render_counter(decision, is_registered, request.path)
    template_name, by_url, _ = name.partition(BY_URL)
    user = getattr(request, "user", None) or AnonymousUser()
    if by_url and not user.is_authenticated:
        key = (template_name, request.get_host(), request.get_full_path(), get_language())
        return _anonymous_renders.get_or_render(key, lambda: _render(template_name, request, decision, facts))
    html, _asked_for_csrf = _render(template_name, request, decision, facts)
    return html


def _render(template_name, request, decision, facts):
    """(html, whether it asked for the CSRF token)."""
    csrf_token = SimpleLazyObject(lambda: get_token(request))
    context = {
        "request": request,
        "user": getattr(request, "user", None) or AnonymousUser(),
        "reader": getattr(request, "reader", None),
        "decision": decision,
        "article": facts,
        "next_path": request.path,
        "csrf_token": csrf_token,
    }
    html = get_template(template_name).render(context)
    return html, csrf_token._wrapped is not empty


class _KeptRenders:
    """A small least-recently-used store of anonymous fragment renders, per process."""

    def __init__(self, size):
        self.size = size
        self.lock = threading.Lock()
        self.items = OrderedDict()

    def get_or_render(self, key, render):
        with self.lock:
            html = self.items.get(key)
            if html is not None:
                self.items.move_to_end(key)
                return html
        html, asked_for_csrf = render()
        if not asked_for_csrf:
            with self.lock:
                self.items[key] = html
                while len(self.items) > self.size:
                    self.items.popitem(last=False)
        return html

    def clear(self):
        with self.lock:
            self.items.clear()


_anonymous_renders = _KeptRenders(ANONYMOUS_RENDERS_KEPT)


def render_counter(decision, is_registered, next_path):
    """The discreet "2 free articles left this month", or nothing when no meter applies."""
    remaining = decision.free_views_remaining if decision is not None else None
    if decision is None or not decision.show_full or remaining is None:
        return ""
    return _counter_for_page(remaining, is_registered, get_language(), "" if is_registered else next_path)


@functools.lru_cache(maxsize=4096)
def _counter_for_page(remaining, is_registered, language, next_path):
    html = _counter_html(remaining, is_registered, language)
    return html.replace(_NEXT, quote(next_path)) if not is_registered else html


@functools.lru_cache(maxsize=512)
def _counter_html(remaining, is_registered, language):
    """The counter for a number and a kind of reader, with a placeholder for the page's path
    (`quote` leaves only URL-safe characters in it, so it needs no HTML escaping)."""
    if remaining == 0:
        text = gettext("This is your last free article this month.")
    else:
        text = ngettext(
            "%(remaining)d free article left this month", "%(remaining)d free articles left this month", remaining
        ) % {"remaining": remaining}
    if is_registered:
        return str(format_html('<p class="meter-counter" role="status">{}</p>', text))
    return str(
        format_html(
            '<p class="meter-counter" role="status">{} · <a href="{}?next={}">{}</a></p>',
            text,
            reverse("account_signup"),
            _NEXT,
            gettext("Register for more"),
        )
    )


def fill_shell(parts, request, decision=None, facts=None):
    """A cached shell with each marker replaced by this request's fragment."""
    rendered = []
    for position, part in enumerate(parts):
        if position % 2 == 0:
            rendered.append(part)
        else:
            rendered.append(render_fragment(part, request, decision, facts))
    return "".join(rendered)
