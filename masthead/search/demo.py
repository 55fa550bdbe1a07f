"""The demo group's articles arrive in bulk (no publishing signals), so the
demo loader asks for a full reindex afterwards. Idempotent, and quick when the
index already holds every article (`make run` calls the loader at each start)."""

from masthead.search.backends import get_backend
from masthead.search.indexing import reindex_all, searchable_articles


def index_demo_articles(context):
    expected = searchable_articles().count()
    if get_backend().indexed_article_count() == expected:
        context.stdout.write(f"Search: the index already holds all {expected} articles.\n")
        return
    count = reindex_all()
    context.stdout.write(f"Search: indexed {count} articles.\n")
