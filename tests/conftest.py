import pytest
from django.core.cache import cache


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Test databases start from a migrated template (tests/db_template.py)."""
    from tests import db_template

    db_template.install()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rendered articles and meters are cached; no test sees another's (nor the version
    counters of a database that has since been rolled back)."""
    from masthead.core import cache_versions

    cache.clear()
    cache_versions.forget_local()
    yield
    cache.clear()
    cache_versions.forget_local()


@pytest.fixture
def group(db):
    """A small group: home, two titles with News and Sport, served on the default site."""
    from tests.factories import make_group

    return make_group()


@pytest.fixture
def reader_client(client, group):
    """A test client logged in as a new reader (`client.reader`), on the small group's site."""
    from tests.factories import make_reader

    reader = make_reader()
    client.force_login(reader)
    client.reader = reader
    return client
