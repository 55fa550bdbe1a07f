"""The render cache of the reading pages.

Two layers, both in Django's cache (local memory, or Redis when REDIS_URL is set):

- the *body* of each article, rendered once per (revision, variant), the variant
  being `full` or `teaser`; it outlives publishing elsewhere on the site;
- the *page shell*: a whole article page (per variant) or listing page (per page
  number) rendered for nobody in particular, with markers where the
  reader-specific fragments go (meter counter, account menu, "For you", CSRF
  token). Each request fills the markers in for its own reader (access/fragments.py),
  so one reader's state is never served to another.

Keys carry a version: `routes` moves on every publish, unpublish, move or
delete (and when a site, a policy or a view restriction changes), which drops
every shell and every cached route; `bodies` moves when pages move or are
deleted (their URLs inside other bodies change); the template version is a hash
of the template files, so a deploy with changed templates renders afresh.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

from masthead.core import cache_versions

ROUTES_VERSION_KEY = "access:version:routes"
BODIES_VERSION_KEY = "access:version:bodies"
BODY_CACHE_SECONDS = 7 * 24 * 3600
SHELL_CACHE_SECONDS = 3600
MARKER = "\x1e"

FULL = "full"
TEASER = "teaser"


def routes_version():
    return cache_versions.current(ROUTES_VERSION_KEY)


def bodies_version():
    return cache_versions.current(BODIES_VERSION_KEY)


def forget_routes(**kwargs):
    cache_versions.bump(ROUTES_VERSION_KEY)


def forget_bodies_and_routes(**kwargs):
    cache_versions.bump(BODIES_VERSION_KEY)
    cache_versions.bump(ROUTES_VERSION_KEY)


@functools.cache
def template_version():
    """A hash of every template file of the project: changes when a deploy changes one."""
    override = getattr(settings, "MASTHEAD_RENDER_VERSION", "")
    digest = hashlib.sha1(override.encode(), usedforsecurity=False)
    roots = [Path(directory) for engine in settings.TEMPLATES for directory in engine.get("DIRS", [])]
    roots += sorted(Path(settings.PROJECT_DIR).glob("*/templates"))
    for root in roots:
        for template in sorted(root.rglob("*.html")):
            digest.update(str(template.relative_to(root)).encode())
            digest.update(template.read_bytes())
    return digest.hexdigest()[:12]


def marker(name):
    """Where a per-request fragment goes in a cached shell."""
    return f"{MARKER}{name}{MARKER}"


def strip_markers(html):
    return html.replace(MARKER, "")


# --- the body -----------------------------------------------------------------


def _body_key(page, variant, teaser_paragraphs):
    revision = page.live_revision_id or page.latest_revision_id or 0
    return f"access:body:{page.pk}:{revision}:{variant}:{teaser_paragraphs}:{bodies_version()}:{template_version()}"


def render_body(page, variant, teaser_paragraphs):
    """The body HTML of one variant, rendered from the page's StreamField."""
    if variant == FULL:
        parts = [child.render() for child in page.body]
    else:
        parts = [child.render() for child in page.body if child.block_type == "paragraph"][:teaser_paragraphs]
    return strip_markers("".join(str(part) for part in parts))


def cached_body(page, variant, teaser_paragraphs):
    key = _body_key(page, variant, teaser_paragraphs)
    body = cache.get(key)
    if body is None:
        body = render_body(page, variant, teaser_paragraphs)
        cache.set(key, body, BODY_CACHE_SECONDS)
    return body


# --- the page shell ----------------------------------------------------------------


def shell_key(entry, variant, *versions):
    """The key of one page's shell; `versions` are whatever else the page shows depends on."""
    extra = "".join(f":{version}" for version in versions)
    return (
        f"access:shell:{entry.site_id}:{entry.host_key}:{entry.page_id}:{entry.revision_id}:{variant}:"
        f"{entry.version}:{template_version()}{extra}"
    )


def get_shell(key):
    return cache.get(key)


def set_shell(key, parts, timeout=SHELL_CACHE_SECONDS):
    cache.set(key, parts, timeout)


def split_shell(html):
    """A rendered shell as a tuple: literal HTML at even positions, fragment names at odd."""
    return tuple(html.split(MARKER))
