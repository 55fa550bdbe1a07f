"""What the reader-facing search keeps of its own.

`ArticleEntry` holds one row per searchable article: its public fields (the ones
any reader may see, used for snippets and spelling hints) and what the filters
need. The full-text index itself lives beside it, in a form each backend owns
(an FTS5 table on SQLite, a `tsvector` column on PostgreSQL, an OpenSearch
index). The body of an article is indexed but never stored here.
"""

from django.db import models


class ArticleEntry(models.Model):
    # No cascade: the index row must outlive the page until the backend has
    # taken the article out of its own index (see signals.py).
    article = models.OneToOneField(
        "news.ArticlePage",
        primary_key=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_entry",
    )
    # The FTS5 rowid: published time and page id in one number, so "newest
    # matches first" is the index's own order.
    document_id = models.BigIntegerField(unique=True)
    published_at = models.DateTimeField(db_index=True)
    publication = models.ForeignKey(
        "news.PublicationPage", null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    section = models.ForeignKey(
        "news.SectionPage", null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False
    )
    headline = models.TextField()
    standfirst = models.TextField(blank=True)
    teaser = models.TextField(blank=True)
    names = models.TextField(blank=True)
    facets = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["-published_at"], name="articlesearch_entry_newest")]

    def __str__(self):
        return self.headline


class EpaperPageEntry(models.Model):
    """One printed page's text, as handed over by the e-paper app."""

    edition_id = models.IntegerField(db_index=True)
    publication_id = models.IntegerField(null=True)
    publication_title = models.CharField(max_length=255)
    edition_date = models.DateField(db_index=True)
    page_number = models.PositiveIntegerField()
    url = models.CharField(max_length=500)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["-edition_date", "edition_id", "page_number"]

    def __str__(self):
        return f"{self.publication_title} {self.edition_date:%d %b %Y} p{self.page_number}"
