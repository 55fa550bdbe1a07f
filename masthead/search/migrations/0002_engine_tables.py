"""The engines' own index structures beside the entry tables: FTS5 tables on
SQLite; tsvector columns with GIN indexes and a text search configuration
(English stemming, accents folded by unaccent when the server has it) on
PostgreSQL."""

from django.db import migrations, transaction

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS articlesearch_fts USING fts5(headline, standfirst, teaser, body, names, "
    "facets, tokenize='porter unicode61 remove_diacritics 2', prefix='2 3 4 5')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS articlesearch_epaper_fts USING fts5(text, facets, "
    "tokenize='porter unicode61 remove_diacritics 2', prefix='2 3 4 5')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS articlesearch_fts", "DROP TABLE IF EXISTS articlesearch_epaper_fts"]
POSTGRES_CREATE = [
    "ALTER TABLE articlesearch_articleentry ADD COLUMN search_vector tsvector",
    "CREATE INDEX articlesearch_entry_vector ON articlesearch_articleentry USING gin (search_vector)",
    "ALTER TABLE articlesearch_epaperpageentry ADD COLUMN search_vector tsvector",
    "CREATE INDEX articlesearch_epaper_vector ON articlesearch_epaperpageentry USING gin (search_vector)",
]
POSTGRES_DROP = [
    "ALTER TABLE articlesearch_articleentry DROP COLUMN IF EXISTS search_vector",
    "ALTER TABLE articlesearch_epaperpageentry DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS masthead_search",
]


def create(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in SQLITE_CREATE:
                cursor.execute(statement)
        elif connection.vendor == "postgresql":
            for statement in POSTGRES_CREATE:
                cursor.execute(statement)
            _create_text_search_configuration(cursor)


def _create_text_search_configuration(cursor):
    cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'masthead_search'")
    if cursor.fetchone():
        return
    cursor.execute("CREATE TEXT SEARCH CONFIGURATION masthead_search (COPY = english)")
    try:
        with transaction.atomic():
            cursor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except Exception:  # noqa: BLE001 - no unaccent on this server: text is folded in Python anyway
        return
    cursor.execute(
        "ALTER TEXT SEARCH CONFIGURATION masthead_search "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem"
    )


def drop(apps, schema_editor):
    connection = schema_editor.connection
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("articlesearch", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
