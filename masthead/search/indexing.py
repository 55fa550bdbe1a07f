"""Keeping the search index in step with publishing.

Every change funnels through `index_article_now(article_id)`, which looks the
article up afresh and either (re)indexes it, when it is live and public, or
removes it. `schedule_article` runs that inside the publishing transaction when
the backend is local and cheap, or on a background task after commit at scale.
"""

from django.db import transaction

from masthead.news.models import ArticlePage, PublicationPage, SectionPage
from masthead.search.backends import get_backend
from masthead.search.documents import article_document

REINDEX_BATCH = 500


def searchable_articles():
    return (
        ArticlePage.objects.live()
        .public()
        .select_related("publication", "section")
        .prefetch_related("authors", "topics")
        .order_by("pk")
    )


def index_article_now(article_id, *, from_tree=False):
    article = searchable_articles().filter(pk=article_id).first()
    backend = get_backend()
    if article is None:
        backend.remove_articles([article_id])
        return
    placement = _placement_from_tree(article) if from_tree else {}
    backend.index_articles([article_document(article, **placement)])


def _placement_from_tree(article):
    ancestors = article.get_ancestors().type(SectionPage, PublicationPage).specific()
    return {
        "publication": next((page for page in ancestors if isinstance(page, PublicationPage)), None),
        "section": next((page for page in ancestors if isinstance(page, SectionPage)), None),
    }


def schedule_article(article_id, *, from_tree=False):
    if get_backend().index_in_transaction:
        index_article_now(article_id, from_tree=from_tree)
        return
    from masthead.search.tasks import index_article

    transaction.on_commit(lambda: index_article.enqueue(article_id, from_tree=from_tree))


def schedule_articles(article_ids, *, from_tree=False):
    for article_id in article_ids:
        schedule_article(article_id, from_tree=from_tree)


def reindex_all(*, on_progress=None):
    """Rebuild the article index from the live, public articles. Returns the count."""
    backend = get_backend()
    articles = searchable_articles()
    total = articles.count()
    with transaction.atomic():
        backend.clear()
    done = 0
    last_pk = 0
    while True:
        batch = list(articles.filter(pk__gt=last_pk)[:REINDEX_BATCH])
        if not batch:
            break
        with transaction.atomic():
            backend.index_articles([article_document(article) for article in batch])
        done += len(batch)
        last_pk = batch[-1].pk
        if on_progress:
            on_progress(done, total)
    return done
