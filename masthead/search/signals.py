"""Publishing events -> the search index (connected in apps.py)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.news.models import ArticlePage, Author, Topic
from masthead.search import indexing


@receiver(page_published, sender=ArticlePage, dispatch_uid="articlesearch_published")
@receiver(page_unpublished, sender=ArticlePage, dispatch_uid="articlesearch_unpublished")
def article_published_or_unpublished(sender, instance, **kwargs):
    indexing.schedule_article(instance.pk)


@receiver(post_delete, sender=ArticlePage, dispatch_uid="articlesearch_deleted")
def article_deleted(sender, instance, **kwargs):
    indexing.schedule_article(instance.pk)


@receiver(post_page_move, dispatch_uid="articlesearch_moved")
def page_moved(sender, instance, **kwargs):
    """A moved article, or every article under a moved section or title."""
    article_ids = ArticlePage.objects.descendant_of(instance, inclusive=True).values_list("pk", flat=True)
    indexing.schedule_articles(list(article_ids), from_tree=True)


@receiver(post_save, sender=Author, dispatch_uid="articlesearch_author_saved")
@receiver(post_save, sender=Topic, dispatch_uid="articlesearch_topic_saved")
def name_changed(sender, instance, created, **kwargs):
    if not created:
        indexing.schedule_articles(list(instance.articles.live().values_list("pk", flat=True)))
