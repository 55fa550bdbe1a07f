"""What the two SQL backends share: the ArticleEntry and EpaperPageEntry rows
beside the engine's own index, and turning dates into index bounds."""

import datetime

from django.utils import timezone

from masthead.search.backends.base import SearchBackend
from masthead.search.models import ArticleEntry, EpaperPageEntry

# Document ids are published time (seconds) and article id in one integer, so
# an index kept in id order is also kept newest-last.
DOCUMENT_ID_FACTOR = 10**9
BATCH = 500


def document_id(published_at, article_id):
    return int(published_at.timestamp()) * DOCUMENT_ID_FACTOR + article_id


def document_time(document_id_value):
    return datetime.datetime.fromtimestamp(document_id_value // DOCUMENT_ID_FACTOR, tz=datetime.UTC)


def day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def document_id_bounds(date_from, date_to):
    """The (lowest, highest) document ids published within the dates (inclusive, local days)."""
    lowest = document_id(day_start(date_from), 0) if date_from else None
    highest = document_id(day_start(date_to + datetime.timedelta(days=1)), 0) - 1 if date_to else None
    return lowest, highest


def batches(items, size=BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


class DatabaseBackend(SearchBackend):
    def indexed_article_count(self):
        return ArticleEntry.objects.count()

    def _entry(self, document):
        return ArticleEntry(
            article_id=document.article_id,
            document_id=document_id(document.published_at, document.article_id),
            published_at=document.published_at,
            publication_id=document.publication_id,
            section_id=document.section_id,
            headline=document.headline,
            standfirst=document.standfirst,
            teaser=document.teaser,
            names=document.names,
            facets=document.facets,
        )

    def _remove_entries(self, article_ids):
        """Delete the entries; return the document ids they had."""
        document_ids = []
        for batch in batches(article_ids):
            entries = ArticleEntry.objects.filter(article_id__in=batch)
            document_ids += list(entries.values_list("document_id", flat=True))
            entries.delete()
        return document_ids

    def _replace_epaper_entries(self, edition_id, pages):
        removed = list(EpaperPageEntry.objects.filter(edition_id=edition_id).values_list("id", flat=True))
        EpaperPageEntry.objects.filter(edition_id=edition_id).delete()
        entries = [
            EpaperPageEntry(
                edition_id=page.edition_id,
                publication_id=page.publication_id,
                publication_title=page.publication_title,
                edition_date=page.edition_date,
                page_number=page.page_number,
                url=page.url,
                text=page.text,
            )
            for page in pages
        ]
        created = EpaperPageEntry.objects.bulk_create(entries)
        return removed, created
