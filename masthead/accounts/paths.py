"""Where a reader may be sent after logging in: only paths on this site.

A `next` value comes from the query string or a form, so anyone can write one.
Browsers read `//evil.example` and `/\\evil.example` as other hosts, so those
are refused along with every absolute URL.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings


def is_site_path(url):
    if not isinstance(url, str) or not url.startswith("/"):
        return False
    if url.startswith("//") or "\\" in url:
        return False
    if any(ord(character) < 0x20 or ord(character) == 0x7F for character in url):
        return False
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


def site_url(path, **query):
    """An absolute link for an email, built from SITE_URL, never from the request's Host."""
    query = {name: value for name, value in query.items() if value}
    suffix = f"?{urlencode(query)}" if query else ""
    return f"{settings.SITE_URL}{path}{suffix}"
