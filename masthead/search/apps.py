from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "masthead.search"
    label = "articlesearch"
    verbose_name = "Article search"

    def ready(self):
        from masthead.search import signals  # noqa: F401 - connects the indexing receivers
