import pytest


@pytest.fixture
def article(group):
    from tests.factories import make_article

    return make_article(group.section, "Harbour wall gives way after storm")
