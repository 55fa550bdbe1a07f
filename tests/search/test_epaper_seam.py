import datetime

import pytest

from masthead.search.documents import index_epaper_pages, remove_epaper_edition
from masthead.search.models import EpaperPageEntry


@pytest.mark.django_db
def test_indexing_an_edition_twice_replaces_its_pages_and_removal_empties_it():
    pages = [(1, "Front page: harbour plan approved", "/epaper/1/1/"), (2, "Sport results", "/epaper/1/2/")]
    arguments = dict(
        edition_id=1, publication_id=5, publication_title="The Courier", edition_date=datetime.date(2025, 10, 9)
    )
    index_epaper_pages(**arguments, pages=pages)
    index_epaper_pages(**arguments, pages=pages)
    assert EpaperPageEntry.objects.filter(edition_id=1).count() == 2
    remove_epaper_edition(1)
    assert not EpaperPageEntry.objects.exists()
