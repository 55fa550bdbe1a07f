from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "masthead.news"
    label = "news"

    def ready(self):
        from masthead.news import signals  # noqa: F401
