"""Which search engine answers: a setting, else OpenSearch when SEARCH_URL is
set, else the database's own full-text search."""

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

BY_VENDOR = {
    "sqlite": "masthead.search.backends.sqlite.SQLiteBackend",
    "postgresql": "masthead.search.backends.postgres.PostgresBackend",
}
OPENSEARCH = "masthead.search.backends.opensearch.OpenSearchBackend"

_backends = {}


def backend_path():
    configured = getattr(settings, "MASTHEAD_SEARCH_BACKEND", "")
    if configured:
        return configured
    if getattr(settings, "MASTHEAD_SEARCH_URL", ""):
        return OPENSEARCH
    return BY_VENDOR[connection.vendor]


def get_backend():
    path = backend_path()
    if path not in _backends:
        _backends[path] = import_string(path)()
    return _backends[path]
