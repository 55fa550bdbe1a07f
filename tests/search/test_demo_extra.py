import io
from types import SimpleNamespace

from masthead.search.demo import index_demo_articles
from masthead.search.models import ArticleEntry
from tests.factories import make_article


def test_demo_reindex_runs_only_when_the_index_is_missing_articles(group):
    make_article(group.section, "Lifeboat crew honoured")
    make_article(group.section, "Bridge reopens to traffic")
    context = SimpleNamespace(stdout=io.StringIO())

    index_demo_articles(context)
    assert "already holds all 2 articles" in context.stdout.getvalue()

    ArticleEntry.objects.all().delete()
    index_demo_articles(context)
    assert "indexed 2 articles" in context.stdout.getvalue()
    assert ArticleEntry.objects.count() == 2
