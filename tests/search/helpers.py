"""Builders for search tests: articles published through Wagtail (so the
publishing signals index them), with a back-dated publication time re-indexed."""

from masthead.search.indexing import index_article_now
from tests.factories import days_ago, make_article


def publish(section, title, *, age_days=None, **kwargs):
    published_at = days_ago(age_days) if age_days is not None else None
    article = make_article(section, title, published_at=published_at, **kwargs)
    if published_at is not None:
        # The factory back-dates with a queryset update, which no signal sees.
        index_article_now(article.pk)
    return article


def result_headlines(response):
    return [result.article.title for result in response.context["outcome"].results]
