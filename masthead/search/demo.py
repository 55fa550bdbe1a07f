"""The demo group's articles arrive in bulk (no publishing signals), so the
demo loader asks for a full reindex afterwards; idempotent."""

from masthead.search.indexing import reindex_all


def index_demo_articles(context):
    count = reindex_all()
    context.stdout.write(f"Search: indexed {count} articles.\n")
