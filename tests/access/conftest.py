import pytest


@pytest.fixture(autouse=True)
def _gates_written_at_once(settings):
    """Gate impressions are batched in production; here each is written as it is shown."""
    settings.MASTHEAD_FUNNEL_BATCH_SIZE = 1
