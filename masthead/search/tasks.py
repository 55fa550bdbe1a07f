"""Indexing in the background, for engines that are not written inside the
publishing transaction (OpenSearch)."""

from django_tasks import task

from masthead.search import indexing


@task()
def index_article(article_id, from_tree=False):
    indexing.index_article_now(article_id, from_tree=from_tree)
