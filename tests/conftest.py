import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rendered articles and meters are cached; no test sees another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def group(db):
    """A small group: home, two titles with News and Sport, served on the default site."""
    from tests.factories import make_group

    return make_group()
