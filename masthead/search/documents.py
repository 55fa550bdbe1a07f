"""What goes into the reader-facing search: articles, and e-paper pages.

The e-paper app calls `index_epaper_pages` when an edition's text is ready and
`remove_epaper_edition` when an edition is withdrawn; both replace whatever was
indexed for that edition before, so calling them twice is harmless. Hits on
e-paper pages are listed apart from articles on the search page ("In the
e-paper") with at most a short context of the matching text.
"""

import datetime
import html
import re
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import strip_tags

from masthead.search.text import clean_text

FACET_PREFIX = {"publication": "zzpub", "section": "zzsec", "author": "zzaut", "topic": "zztop"}


@dataclass(frozen=True)
class ArticleDocument:
    """An article as the search index sees it, built from plain values."""

    article_id: int
    published_at: datetime.datetime
    publication_id: int | None
    section_id: int | None
    headline: str
    standfirst: str = ""
    teaser: str = ""
    body: str = ""
    names: str = ""
    author_ids: tuple[int, ...] = ()
    topic_ids: tuple[int, ...] = ()

    @property
    def facets(self):
        return facet_tokens(
            publication_id=self.publication_id,
            section_id=self.section_id,
            author_ids=self.author_ids,
            topic_ids=self.topic_ids,
        )


@dataclass(frozen=True)
class EpaperPage:
    edition_id: int
    publication_id: int | None
    publication_title: str
    edition_date: datetime.date
    page_number: int
    url: str
    text: str = field(repr=False, default="")


def facet_tokens(*, publication_id=None, section_id=None, author_ids=(), topic_ids=()):
    """Filter values as index tokens, so filters are intersections inside the index."""
    groups = facet_groups(
        publication_ids=[publication_id] if publication_id else (),
        section_ids=[section_id] if section_id else (),
        author_ids=author_ids,
        topic_ids=topic_ids,
    )
    return " ".join(token for group in groups for token in group)


def facet_groups(*, publication_ids=(), section_ids=(), author_ids=(), topic_ids=()):
    """Non-empty groups of facet tokens; a filter matches one token of each group."""
    named = [("publication", publication_ids), ("section", section_ids), ("author", author_ids), ("topic", topic_ids)]
    return [[f"{FACET_PREFIX[name]}{value}" for value in values] for name, values in named if values]


def _html_to_text(markup):
    return clean_text(html.unescape(strip_tags(re.sub(r"<(br|/p|/li|/h\d)\b[^>]*>", " ", markup))))


def body_texts(body):
    """(teaser, rest) of a StreamField body: the teaser is the first paragraph,
    the only part of the body every reader sees and so the only part a snippet
    may come from."""
    teaser = None
    rest = []
    for block in body:
        value = block.value
        if block.block_type == "paragraph":
            text = _html_to_text(getattr(value, "source", str(value)))
            if teaser is None:
                teaser = text
                continue
            rest.append(text)
        elif block.block_type == "heading":
            rest.append(clean_text(str(value)))
        elif block.block_type == "quote":
            rest.append(clean_text(f"{value.get('quote', '')} {value.get('attribution', '')}"))
        elif block.block_type == "image":
            rest.append(clean_text(value.get("caption") or ""))
    return teaser or "", " ".join(part for part in rest if part)


def article_document(article, *, publication=None, section=None):
    """The document for a live ArticlePage. Its title and section come from the
    denormalised fields unless given (after a move, from the tree)."""
    authors = list(article.authors.all())
    topics = list(article.topics.all())
    publication = publication or article.publication
    section = section or article.section
    teaser, rest = body_texts(article.body)
    names = [author.name for author in authors] + [topic.name for topic in topics]
    names += [page.title for page in (publication, section) if page is not None]
    return ArticleDocument(
        article_id=article.pk,
        published_at=article.published_at or article.first_published_at or timezone.now(),
        publication_id=publication.pk if publication else None,
        section_id=section.pk if section else None,
        headline=clean_text(article.title),
        standfirst=clean_text(article.standfirst),
        teaser=teaser,
        body=rest,
        names=clean_text(" ".join(names)),
        author_ids=tuple(author.pk for author in authors),
        topic_ids=tuple(topic.pk for topic in topics),
    )


def index_epaper_pages(*, edition_id, publication_id, publication_title, edition_date, pages):
    """Make an edition's pages searchable, replacing any earlier text for it.

    `pages` is an iterable of `(page_number, text, url)`; `url` is where a hit
    links to (the e-paper reader, which checks access itself)."""
    from masthead.search.backends import get_backend

    documents = [
        EpaperPage(
            edition_id=edition_id,
            publication_id=publication_id,
            publication_title=publication_title,
            edition_date=edition_date,
            page_number=int(page_number),
            url=url,
            text=clean_text(text or ""),
        )
        for page_number, text, url in pages
    ]
    get_backend().index_epaper_pages(edition_id, documents)


def remove_epaper_edition(edition_id):
    """Take an edition's pages out of the search."""
    from masthead.search.backends import get_backend

    get_backend().remove_epaper_edition(edition_id)
