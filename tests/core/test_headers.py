"""Every response carries the security headers; reader pages pass their own
Content-Security-Policy (no inline script, no inline style)."""

import pytest
from lxml import html

from tests.factories import make_article, make_author, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader_urls(group):
    topic = make_topic("Harbour")
    author = make_author("Ann Byrne")
    article = make_article(group.section, "Harbour story", access_level="free", topics=[topic], authors=[author])
    premium = make_article(group.section, "Premium story", access_level="premium", topics=[topic])
    return [
        "/",
        "/northern-courier/",
        "/northern-courier/news/",
        article.url,
        premium.url,
        "/topics/harbour/",
        "/authors/ann-byrne/",
        "/no-such-page/",
    ]


def test_reader_pages_carry_the_security_headers(client, reader_urls):
    for url in reader_urls:
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy


def inline_code(document):
    """What the reader policy would block: inline scripts, inline styles, event handlers, javascript: links."""
    problems = []
    for script in document.iter("script"):
        if not script.get("src") and script.get("type") != "application/ld+json":
            problems.append(f"inline script: {(script.text or '')[:60]}")
        if script.get("src", "").startswith(("http:", "https:", "//")):
            problems.append(f"script from elsewhere: {script.get('src')}")
    problems += [f"style element: {(style.text or '')[:60]}" for style in document.iter("style")]
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name == "style" or name.startswith("on"):
                problems.append(f"{element.tag} has {name}=")
            if name in ("href", "src", "action") and value.strip().lower().startswith("javascript:"):
                problems.append(f"{element.tag} has a javascript: URL")
    return problems


def test_reader_pages_pass_their_content_security_policy(client, reader_urls):
    for url in reader_urls:
        response = client.get(url)
        assert inline_code(html.fromstring(response.content)) == [], url


def test_the_check_catches_inline_code():
    document = html.fromstring('<p style="color:red" onclick="x()">a</p><script>alert(1)</script><style>p{}</style>')
    assert len(inline_code(document)) == 4


def test_admin_gets_its_own_looser_policy(client, db):
    response = client.get("/admin/login/")
    assert "unsafe-inline" in response["Content-Security-Policy"]
