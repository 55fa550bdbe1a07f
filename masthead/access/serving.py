"""How an article page gets its body, and how article pages are served fast.

The contract with the news templates: `ArticlePage.get_context` calls
`article_context(request, page)`, which returns `decision` (with `.show_full`)
and `article_body_html`, the body already cut on the server: the full body, or
the teaser followed by the gate inside `.paywalled-content`. Nothing beyond the
teaser is ever rendered for a reader who may not read it.

Article pages are normally answered by `serve_article_fast` (called from
`ArticleFastPathMiddleware`): it finds the article from the URL, asks the
reader's decision, takes the page shell for that decision's variant from the
render cache (rendering it once if missing) and fills in the reader's own
fragments. Previews, restricted pages and anything it does not recognise go
through Wagtail's serving and the same `article_context`.
"""

import re
import time

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.csrf import _unmask_cipher_token
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from wagtail.models import Page

from masthead.access import funnel, lookups, render_cache, routing
from masthead.access.fragments import COUNTER_FRAGMENT, CSRF_FRAGMENT, fill_shell, render_counter
from masthead.access.policy import Decision, Gate, Reason
from masthead.access.reader import Reader

GATE_TEMPLATE = "access/includes/gate.html"
FREE_PAGE_MAX_AGE = 60
_PUBLIC = f"public, max-age={FREE_PAGE_MAX_AGE}"
_PRIVATE = "private, no-cache, max-age=0"
_CSRF_TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")
_SHELL_REQUEST_META = ("HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "wsgi.url_scheme", "HTTPS", "SCRIPT_NAME")
REGISTERED = "registered"
ANONYMOUS = "anonymous"
LISTING_VARIANT = "listing"
# A listing shell past its freshness is served for at most this long while its successor renders.
LISTING_KEPT_SECONDS = 600
LISTING_RENEWAL_SECONDS = 30


def variant_for(decision, is_registered):
    """The shell a decision needs: `full`, or the teaser with its gate. The gate's
    words depend on the gate, the reason and whether the reader is logged in,
    never on who the reader is, so the gate is part of the cached shell."""
    if decision.show_full:
        return render_cache.FULL
    audience = REGISTERED if is_registered else ANONYMOUS
    return f"{render_cache.TEASER}:{decision.gate}:{decision.reason}:{audience}"


def _shell_decision(variant, policy):
    """What a shell may know of the decision: the variant, nothing about the reader."""
    if variant == render_cache.FULL:
        return Decision(show_full=True, gate=Gate.NONE, reason=""), False
    _teaser, gate, reason, audience = variant.split(":")
    is_registered = audience == REGISTERED
    allowance = policy.registered_views if is_registered else policy.free_views
    decision = Decision(show_full=False, gate=gate, reason=reason, free_views_remaining=0, allowance=allowance)
    return decision, is_registered


# --- the contract with the news templates -----------------------------------------------


def article_context(request, page):
    shell_variant = getattr(request, "access_shell_variant", None)
    if shell_variant is not None:
        return _shell_article_context(request, page, shell_variant)
    if getattr(request, "is_preview", False):
        return _preview_article_context(request, page)
    facts = routing.article_facts(page)
    reader = request.reader
    decision, policy = reader.decide(facts, timezone.now())
    request.access_served = (facts, decision)
    body = render_cache.cached_body(page, _body_variant(decision), policy.teaser_paragraphs)
    counter = render_counter(decision, reader.is_authenticated, request.path)
    html = _wrap_body(body, decision, counter, lambda: render_gate(request, decision, reader.is_authenticated))
    return {"decision": decision, "article_body_html": mark_safe(html)}


def _body_variant(decision):
    return render_cache.FULL if decision.show_full else render_cache.TEASER


def _wrap_body(body, decision, counter, gate):
    if decision.show_full:
        return counter + body
    return f'{counter}{body}<div class="paywalled-content">{gate()}</div>'


def _shell_article_context(request, page, variant):
    policy = lookups.policy_for(page.publication_id)
    decision, is_registered = _shell_decision(variant, policy)
    body = render_cache.cached_body(page, _body_variant(decision), policy.teaser_paragraphs)
    counter = render_cache.marker(COUNTER_FRAGMENT)
    html = _wrap_body(body, decision, counter, lambda: render_gate(request, decision, is_registered))
    return {"decision": decision, "article_body_html": mark_safe(html)}


def render_gate(request, decision, is_registered):
    """The gate's words: they depend on the decision and on being logged in, not on
    who is reading (the gate is cached in the shell), so it sees no user."""
    context = {
        "request": request,
        "user": AnonymousUser(),
        "decision": decision,
        "reader_is_registered": is_registered,
        "next_path": request.path,
    }
    return get_template(GATE_TEMPLATE).render(context)


def _preview_article_context(request, page):
    """Editors preview drafts in the admin: uncached, never counted, shown as staff see it."""
    reader = request.reader
    if not reader.is_staff:
        decision = Decision(show_full=False, gate=Gate.SUBSCRIBE, reason=Reason.PREMIUM)
        body = render_cache.render_body(page, render_cache.TEASER, 1)
    else:
        decision = Decision(show_full=True, gate=Gate.NONE, reason=Reason.STAFF)
        body = render_cache.render_body(page, render_cache.FULL, 0)
    return {"decision": decision, "article_body_html": mark_safe(body)}


# --- the fast path -----------------------------------------------------------------------


def serve_page_fast(request):
    """An article or listing page from the render cache, or None to let Wagtail serve the request."""
    if request.method != "GET" or not routing.looks_like_page_path(request.path_info):
        return None
    if getattr(request, "is_dummy", False):
        return None  # Wagtail's preview of a draft passes through the middleware as a dummy request
    route, page = routing.route_for(request)
    if route is None:
        return None
    if route.kind == routing.ARTICLE:
        return _serve_article(request, route, page)
    return _serve_listing(request, route, page)


def _serve_article(request, route, page):
    now = timezone.now()
    published_at = route.facts.published_at
    if published_at is None or published_at > now:
        return None
    decision, _policy = request.reader.decide(route.facts, now)
    variant = variant_for(decision, request.reader.is_authenticated)
    key = render_cache.shell_key(route, variant)
    parts = render_cache.get_shell(key)
    if parts is None:
        rendered = _render_shell(request, route, page, variant)
        if rendered is None:
            return None
        parts, _context = rendered
        render_cache.set_shell(key, parts)
    request.access_served = (route.facts, decision)
    return HttpResponse(fill_shell(parts, request, decision, route.facts))


def _serve_listing(request, route, page):
    """A home, title or section page: the same shell for every reader of the host, fresh
    for as long as its story lists (they move with the clock as well as with publishing).

    A shell past that time is still served while one request of the process renders
    its successor, so a busy home page is rendered once a minute rather than by every
    request that arrives while the new one is being made."""
    from masthead.news import listings
    from masthead.news.navigation import nav_version

    number = 1
    if route.paginated:
        try:
            number = listings.page_number(request)
        except BadRequest:
            return None  # Wagtail's serving answers with the site's 400 page
    variant = f"{LISTING_VARIANT}:{number}"
    key = render_cache.shell_key(route, variant, listings.listings_version(), nav_version())
    kept = render_cache.get_shell(key)
    if kept is not None:
        parts, fresh_until = kept
        if time.time() < fresh_until or not cache.add(f"{key}:renewing", 1, LISTING_RENEWAL_SECONDS):
            return HttpResponse(fill_shell(parts, request))
    rendered = _render_shell(request, route, page, variant, query={"page": str(number)} if route.paginated else None)
    if rendered is None:
        return None
    parts, context = rendered
    stories = context.get("stories")
    # Only a page number that exists is kept: any other is answered with the nearest
    # page, rendered afresh, so made-up numbers cannot fill the cache.
    if stories is None or getattr(stories, "number", number) == number:
        fresh_until = time.time() + listings.LISTING_CACHE_SECONDS
        render_cache.set_shell(key, (parts, fresh_until), LISTING_KEPT_SECONDS)
        cache.delete(f"{key}:renewing")
    return HttpResponse(fill_shell(parts, request))


def _render_shell(request, route, page, variant, query=None):
    """(parts, context) of the page rendered for nobody, or None when the page changed meanwhile."""
    if page is None:
        page = Page.objects.live().filter(pk=route.page_id).first()
        if page is None or (page.live_revision_id or 0) != route.revision_id:
            return None
        page = page.specific
    shell_request = _shell_request(request, variant, query)
    context = page.get_context(shell_request)
    html = render_to_string(page.get_template(shell_request), context, request=shell_request)
    if "CSRF_COOKIE" in shell_request.META:
        html = _mark_csrf_tokens(html, shell_request.META["CSRF_COOKIE"])
    return render_cache.split_shell(html), context


def _shell_request(request, variant, query=None):
    """A request for nobody: same host, scheme and path, no cookies, no user, and no
    query beyond what the page itself reads (`query`)."""
    from importlib import import_module

    from django.conf import settings

    shell = HttpRequest()
    shell.method = "GET"
    shell.path = request.path
    shell.path_info = request.path_info
    shell.META = {name: request.META[name] for name in _SHELL_REQUEST_META if name in request.META}
    proxy_header = settings.SECURE_PROXY_SSL_HEADER
    if proxy_header and proxy_header[0] in request.META:
        shell.META[proxy_header[0]] = request.META[proxy_header[0]]
    shell.GET = QueryDict(mutable=True)
    shell.GET.update(query or {})
    shell.GET._mutable = False
    shell.COOKIES = {}
    shell.user = AnonymousUser()
    shell.session = import_module(settings.SESSION_ENGINE).SessionStore()
    shell.reader = Reader(shell.user)
    shell.access_shell_variant = variant
    if hasattr(request, "_wagtail_site"):
        shell._wagtail_site = request._wagtail_site
    return shell


def _mark_csrf_tokens(html, secret):
    """A form in the shell carries a token for nobody's secret: mark it so each reader gets their own."""

    def replace(match):
        token = match.group(0)
        if _unmask_cipher_token(token) == secret:
            return render_cache.marker(CSRF_FRAGMENT)
        return token

    return _CSRF_TOKEN.sub(replace, html)


# --- on the way out ----------------------------------------------------------------------


def finish_response(request, response):
    """On every response: the funnel's record of a gate shown, the meter cookie,
    and for article pages their cache headers (public only for a free article
    served to an anonymous reader with no cookie to set)."""
    served = getattr(request, "access_served", None)
    reader = request.reader
    if served is None:
        reader.write_cookies(response)
        return
    facts, decision = served
    if decision.is_gated and response.status_code == 200:
        funnel.record_gate_shown(request, response, facts, decision)
    else:
        funnel.flush_if_due()
    reader.write_cookies(response)
    shareable = decision.reason == Reason.FREE and not reader.is_authenticated and response.status_code == 200
    public = shareable and not response.cookies
    headers = response.headers
    if "Cache-Control" not in headers:
        headers["Cache-Control"] = _PUBLIC if public else _PRIVATE  # what patch_cache_control would write
    elif public:
        patch_cache_control(response, public=True, max_age=FREE_PAGE_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_cache=True, max_age=0)
    if "Vary" not in headers:
        headers["Vary"] = "Cookie"
    else:
        patch_vary_headers(response, ["Cookie"])
