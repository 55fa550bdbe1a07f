"""No sentence of a gated body leaves the server, by any route, for any reader
who may not read it: the page and its variants, crawlers and referers, feeds,
sitemaps, search, previews and drafts, and a copy cached for someone who may."""

import json
import re

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from masthead.access.actions import do_grant_entitlement
from masthead.access.models import AccessPolicy, MeteredRead
from tests.factories import make_article, make_reader, make_topic

pytestmark = pytest.mark.django_db

OPENING = "The harbour committee met on Tuesday evening in the town hall."
HIDDEN = [
    "Councillors then voted eleven to four for the marina plan.",
    "A contractor from Galway will start dredging in the spring.",
    "Residents of Quay Street said the noise would be unbearable.",
    "The full cost of the scheme is put at four million euro.",
    "Photograph of the quay wall taken by the harbour master.",
]
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def gated_body(image, prefix):
    return json.dumps(
        [
            {"type": "paragraph", "value": f"<p>{OPENING}</p>"},
            {"type": "paragraph", "value": f"<p>{prefix}{HIDDEN[0]}</p>"},
            {"type": "heading", "value": f"{prefix}{HIDDEN[1]}"},
            {"type": "quote", "value": {"quote": f"{prefix}{HIDDEN[2]}", "attribution": "A resident"}},
            {"type": "paragraph", "value": f"<p>{prefix}{HIDDEN[3]}</p>"},
            {
                "type": "image",
                "value": {"image": image.pk, "caption": f"{prefix}{HIDDEN[4]}", "credit": "", "alt_text": ""},
            },
        ]
    )


def shingles(sentence, size=4):
    words = sentence.rstrip(".").split()
    return [" ".join(words[start : start + size]) for start in range(len(words) - size + 1)]


def leaked(content, prefix):
    text = re.sub(r"\s+", " ", content)
    found = []
    for sentence in HIDDEN:
        found += [shingle for shingle in shingles(f"{prefix}{sentence}") if shingle in text]
    return found


@pytest.fixture
def gated_world(group, client):
    """A metered and a premium article, each with a hidden part full of distinct
    sentences, already read in full by a subscriber (so the full render is cached)."""
    AccessPolicy.objects.create(publication=None, free_views=1, registered_views=1)
    image = Image.objects.create(title="Quay wall", file=get_test_image_file())
    topic = make_topic("Harbour")
    articles = {}
    for level, prefix in (("metered", "Metered story: "), ("premium", "Premium story: ")):
        article = make_article(group.section, f"Harbour plan, {level} edition", access_level=level, topics=[topic])
        article.body = gated_body(image, prefix)
        article.save_revision().publish()
        article.refresh_from_db()
        articles[level] = (article, prefix)
    other = make_article(group.section, "Another harbour story")
    subscriber = make_reader()
    do_grant_entitlement(subscriber, kind="digital", source="test")
    client.force_login(subscriber)
    for article, prefix in articles.values():
        assert leaked(client.get(article.url).content.decode(), prefix), "the subscriber reads it all"
    client.logout()
    return articles, other


def as_anonymous_over_limit(client, other):
    client.get(other.url)


def as_registered_over_limit(client, other):
    reader = make_reader()
    MeteredRead.objects.create(reader=reader, article=other, counted_at=other.published_at)
    client.force_login(reader)


def as_registered_without_subscription(client, other):
    client.force_login(make_reader())


READERS = {
    "anonymous_over_limit": (as_anonymous_over_limit, "metered"),
    "registered_over_limit": (as_registered_over_limit, "metered"),
    "non_subscriber_on_premium": (as_registered_without_subscription, "premium"),
}


def routes(article, group):
    publication = group.publications[0]
    section = group.section
    url = article.url
    return [
        (url, {}),
        (url.rstrip("/"), {}),
        (f"{url}?amp", {}),
        (f"{url}?amp=1", {}),
        (f"{url}?print", {}),
        (f"{url}?print=1", {}),
        (f"{url}?format=json", {}),
        (f"{url}?format=amp", {}),
        (url, {"HTTP_USER_AGENT": GOOGLEBOT}),
        (url, {"HTTP_REFERER": "https://www.google.com/"}),
        (url, {"HTTP_REFERER": "https://www.facebook.com/"}),
        (url, {"HTTP_REFERER": "https://t.co/abc"}),
        (url, {"HTTP_ACCEPT": "application/json"}),
        (f"/feeds/{publication.slug}/", {}),
        (f"/feeds/{publication.slug}/{section.slug}/", {}),
        ("/sitemap.xml", {}),
        ("/news-sitemap.xml", {}),
        ("/search/?q=harbour", {}),
        ("/search/?q=dredging", {}),
        ("/search/?q=marina+plan", {}),
        ("/search/suggest/?q=harbour", {}),
        ("/", {}),
        (publication.url, {}),
        (section.url, {}),
        ("/topics/harbour/", {}),
        (f"/admin/pages/{article.pk}/view_draft/", {}),
        (f"/admin/pages/{article.pk}/edit/preview/", {}),
        (f"/admin/pages/{article.pk}/revisions/{article.live_revision_id}/view/", {}),
        (f"/api/v2/pages/{article.pk}/", {}),
        (f"/?p={article.pk}", {}),
    ]


@pytest.mark.parametrize("reader_kind", list(READERS))
def test_no_sentence_of_the_hidden_body_leaves_by_any_route(client, group, gated_world, reader_kind):
    articles, other = gated_world
    become, level = READERS[reader_kind]
    article, prefix = articles[level]
    become(client, other)
    failures = []
    for path, headers in routes(article, group):
        response = client.get(path, **headers)
        assert response.status_code < 500, path
        content = response.content.decode(errors="replace")
        if leaked(content, prefix):
            failures.append((path, headers, leaked(content, prefix)[:2]))
    assert failures == []


@pytest.mark.parametrize("reader_kind", list(READERS))
def test_the_gated_page_says_so_to_crawlers_and_caches(client, group, gated_world, reader_kind):
    articles, other = gated_world
    become, level = READERS[reader_kind]
    article, _prefix = articles[level]
    become(client, other)
    response = client.get(article.url)
    html = response.content.decode()
    assert OPENING in html
    assert "private" in response["Cache-Control"] and "Cookie" in response["Vary"]
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert "articleBody" not in json.dumps(data)
    assert data["isAccessibleForFree"] is False
    assert data["hasPart"]["cssSelector"] == ".paywalled-content"
    assert f'<meta property="og:description" content="{article.standfirst}">' in html
    assert '<div class="paywalled-content">' in html
    assert "Quay wall" not in html and "<figure" not in html.split('class="article__body"')[1]
