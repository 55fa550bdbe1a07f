"""Builders for the page tree and readers, shared by every app's tests.

Pages go through Wagtail's own `add_child` and revision publishing, so the tests
see what an editor's work produces.
"""

import datetime
import itertools
import json
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page, Site

from masthead.news.models import ArticlePage, Author, HomePage, PublicationPage, SectionPage, Topic

_counter = itertools.count(1)


def tree_root():
    """The page tree's root and the default locale. A transactional test before
    this one may have emptied every table, Wagtail's root included."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


def make_group(titles=("The Northern Courier", "The Harbour Herald"), sections=("News", "Sport")):
    root = tree_root()
    home = root.add_child(instance=HomePage(title="Masthead Group", slug=f"home-{next(_counter)}"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    else:
        site.root_page = home
        site.save()
    publications = []
    for index, name in enumerate(titles):
        slug = name.lower().replace("the ", "").replace(" ", "-")
        publication = home.add_child(
            instance=PublicationPage(
                title=name, slug=slug, short_name=name.replace("The ", ""), colour=f"#1{index}3366"
            )
        )
        publication.section_pages = {}
        for section_name in sections:
            section = publication.add_child(instance=SectionPage(title=section_name, slug=section_name.lower()))
            publication.section_pages[section_name.lower()] = section
        publications.append(publication)
    return SimpleNamespace(
        home=home, site=site, publications=publications, section=publications[0].section_pages["news"]
    )


def paragraphs_body(*paragraphs):
    return json.dumps([{"type": "paragraph", "value": f"<p>{text}</p>"} for text in paragraphs])


def make_article(
    section,
    title=None,
    *,
    access_level="metered",
    importance=0,
    published_at=None,
    paragraphs=None,
    standfirst=None,
    topics=(),
    authors=(),
    live=True,
    agency_credit="",
):
    number = next(_counter)
    title = title or f"Council approves harbour plan number {number}"
    paragraphs = paragraphs or [
        f"Opening paragraph {number} sets the scene for readers.",
        f"Second paragraph {number} carries the hidden detail of the story.",
        f"Third paragraph {number} closes with quotes from residents.",
    ]
    article = ArticlePage(
        title=title,
        slug=f"story-{number}",
        standfirst=standfirst or f"Standfirst for story {number}.",
        body=paragraphs_body(*paragraphs),
        access_level=access_level,
        importance=importance,
        agency_credit=agency_credit,
        live=False,
    )
    section.add_child(instance=article)
    if topics:
        article.topics.set(topics)
    if authors:
        article.authors.set(authors)
    revision = article.save_revision()
    if live:
        revision.publish()
        article.refresh_from_db()
        if published_at is not None:
            ArticlePage.objects.filter(pk=article.pk).update(
                first_published_at=published_at, last_published_at=published_at, published_at=published_at
            )
            article.refresh_from_db()
    return article


def make_topic(name):
    slug = name.lower().replace(" ", "-")
    return Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def make_author(name):
    slug = name.lower().replace(" ", "-")
    return Author.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def make_reader(email=None, password="correct horse battery", *, is_staff=False, verified=True):
    from allauth.account.models import EmailAddress

    email = email or f"reader{next(_counter)}@example.org"
    user = get_user_model().objects.create_user(email=email, password=password, is_staff=is_staff)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)
