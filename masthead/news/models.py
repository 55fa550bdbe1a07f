"""The news core: the group home, titles (publications), sections, articles,
authors and topics.

The page tree is Home -> Publication -> Section -> Article, so an article's URL
reads `/<title>/<section>/<slug>/` and stays stable. A publication (or the group
home) can be the root of its own Wagtail Site, which is how one install serves
several hostnames with one reader account.
"""

import re

from django.core.validators import RegexValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page, PageManager
from wagtail.search import index
from wagtail.snippets.models import register_snippet


class AccessLevel(models.TextChoices):
    FREE = "free", _("Free: open to everyone")
    METERED = "metered", _("Metered: counts against the free allowance")
    PREMIUM = "premium", _("Premium: subscribers only")


class Importance(models.IntegerChoices):
    ROUTINE = 0, _("0 – routine")
    NOTABLE = 1, _("1 – notable")
    MAJOR = 2, _("2 – major")
    TOP = 3, _("3 – top story")


hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour like #1a5276."))


@register_snippet
class Author(index.Indexed, models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    job_title = models.CharField(max_length=120, blank=True)
    bio = models.TextField(blank=True)
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("job_title"), FieldPanel("bio"), FieldPanel("photo")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


@register_snippet
class Topic(index.Indexed, models.Model):
    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(required=False, max_length=120)
    alt_text = blocks.CharBlock(
        required=False, max_length=250, help_text=_("Describe the picture for readers who cannot see it.")
    )

    class Meta:
        icon = "image"
        template = "news/blocks/captioned_image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=160)

    class Meta:
        icon = "openquote"
        template = "news/blocks/quote.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link"], template="news/blocks/paragraph.html")
    heading = blocks.CharBlock(max_length=160, template="news/blocks/heading.html")
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(template="news/blocks/embed.html")


class HomePage(RoutablePageMixin, Page):
    """The group's front page; also the root for topic and author listings."""

    intro = models.CharField(max_length=250, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.PublicationPage"]

    class Meta:
        verbose_name = _("group home page")

    def publications(self):
        return PublicationPage.objects.live().child_of(self).order_by("path")

    def article_scope(self):
        """Articles that belong under this home: every live article below it."""
        return ArticlePage.objects.live().descendant_of(self)

    def get_context(self, request, *args, **kwargs):
        from masthead.news import listings

        context = super().get_context(request, *args, **kwargs)
        top_stories = listings.lazy(listings.top_stories, self.article_scope())
        context.update(
            top_stories=top_stories,
            latest_by_publication=listings.lazy(
                lambda: listings.latest_by_group(
                    self.article_scope(),
                    list(self.publications()),
                    "publication_id",
                    listings.LATEST_PER_TITLE,
                    exclude=[story.pk for story in top_stories],
                )
            ),
        )
        return context

    @path("topics/<slug:slug>/", name="topic")
    def topic_listing(self, request, slug):
        from masthead.news import listings

        return listings.render_topic(self, request, slug)

    @path("authors/<slug:slug>/", name="author")
    def author_listing(self, request, slug):
        from masthead.news import listings

        return listings.render_author(self, request, slug)


class PublicationPage(RoutablePageMixin, Page):
    """One print title. Can be the root page of its own Site (hostname)."""

    short_name = models.CharField(max_length=40, blank=True)
    tagline = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    colour = models.CharField(max_length=7, default="#1a5276", validators=[hex_colour])
    logo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    region = models.CharField(max_length=80, blank=True, help_text=_("Area the title covers, e.g. North County."))

    content_panels = Page.content_panels + [
        FieldPanel("short_name"),
        FieldPanel("tagline"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("colour"), FieldPanel("region")]),
        FieldPanel("logo"),
    ]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.SectionPage"]

    class Meta:
        verbose_name = _("title (publication)")
        verbose_name_plural = _("titles (publications)")

    @property
    def display_name(self):
        return self.title

    def sections(self):
        return SectionPage.objects.live().child_of(self).order_by("path")

    def article_scope(self):
        return ArticlePage.objects.live().filter(publication=self)

    @property
    def css_class(self):
        """The class that gives an element this title's colour (see the /titles.css view)."""
        return "pub-" + re.sub(r"[^a-z0-9_-]", "-", self.slug.lower())

    def get_context(self, request, *args, **kwargs):
        from masthead.news import listings

        context = super().get_context(request, *args, **kwargs)
        top_stories = listings.lazy(listings.top_stories, self.article_scope(), count=listings.TITLE_TOP_STORIES)
        context.update(
            current_publication=self,
            top_stories=top_stories,
            latest_by_section=listings.lazy(
                lambda: listings.latest_by_group(
                    self.article_scope(),
                    list(self.sections()),
                    "section_id",
                    listings.LATEST_PER_SECTION,
                    exclude=[story.pk for story in top_stories],
                )
            ),
        )
        return context

    @path("topics/<slug:slug>/", name="topic")
    def topic_listing(self, request, slug):
        from masthead.news import listings

        return listings.render_topic(self, request, slug, publication=self)

    @path("authors/<slug:slug>/", name="author")
    def author_listing(self, request, slug):
        from masthead.news import listings

        return listings.render_author(self, request, slug, publication=self)


class SectionPage(Page):
    intro = models.CharField(max_length=250, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["news.PublicationPage"]
    subpage_types = ["news.ArticlePage"]

    class Meta:
        verbose_name = _("section")

    @cached_property
    def publication(self):
        return PublicationPage.objects.ancestor_of(self).first()

    def article_scope(self):
        return ArticlePage.objects.live().filter(section=self)

    def get_context(self, request, *args, **kwargs):
        from masthead.news import listings

        context = super().get_context(request, *args, **kwargs)
        number = listings.page_number(request)
        context.update(
            current_publication=self.publication,
            page_number=number,
            stories=listings.lazy(
                listings.paginate, request, listings.for_cards(listings.readable(self.article_scope())), number
            ),
        )
        return context


class ArticlePageManager(PageManager):
    pass


class ArticlePage(Page):
    standfirst = models.TextField(max_length=400, help_text=_("One or two sentences under the headline."))
    body = StreamField(ArticleBodyBlock(), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_caption = models.CharField(max_length=300, blank=True)
    hero_alt = models.CharField(max_length=250, blank=True)
    access_level = models.CharField(max_length=10, choices=AccessLevel.choices, default=AccessLevel.METERED)
    importance = models.PositiveSmallIntegerField(choices=Importance.choices, default=Importance.ROUTINE)
    authors = ParentalManyToManyField(Author, blank=True, related_name="articles")
    topics = ParentalManyToManyField(Topic, blank=True, related_name="articles")
    agency_credit = models.CharField(
        max_length=120, blank=True, help_text=_("For agency copy: the agency named in the credit line.")
    )
    # Denormalised from the tree on save, so listings filter and sort on one table.
    publication = models.ForeignKey(
        PublicationPage, null=True, editable=False, on_delete=models.SET_NULL, related_name="articles"
    )
    section = models.ForeignKey(
        SectionPage, null=True, editable=False, on_delete=models.SET_NULL, related_name="articles"
    )
    published_at = models.DateTimeField(null=True, editable=False, db_index=True)

    objects = ArticlePageManager()

    content_panels = Page.content_panels + [
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [FieldPanel("authors"), FieldPanel("agency_credit")],
            heading=_("Byline"),
        ),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption"), FieldPanel("hero_alt")],
            heading=_("Main picture"),
        ),
        FieldPanel("body"),
        FieldPanel("topics"),
    ]
    promote_panels = Page.promote_panels + [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("access_level"), FieldPanel("importance")])],
            heading=_("Access and importance"),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.FilterField("access_level"),
        index.FilterField("importance"),
        index.FilterField("publication"),
        index.FilterField("published_at"),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("article")
        indexes = [
            models.Index(fields=["publication", "published_at"]),
            models.Index(fields=["section", "published_at"]),
            models.Index(fields=["importance", "published_at"]),
        ]

    def save(self, *args, **kwargs):
        self.published_at = self.first_published_at
        if self.path:
            self._set_tree_denormalisation()
        return super().save(*args, **kwargs)

    def _set_tree_denormalisation(self):
        ancestors = Page.objects.ancestor_of(self).type(SectionPage, PublicationPage).specific()
        self.section = next((page for page in ancestors if isinstance(page, SectionPage)), None)
        self.publication = next((page for page in ancestors if isinstance(page, PublicationPage)), None)

    @property
    def headline(self):
        return self.title

    @property
    def is_archived_at(self):
        return self.published_at

    def is_readable(self, now=None):
        """Live and its publication time has come: what a reader may be shown."""
        return self.live and self.published_at is not None and self.published_at <= (now or timezone.now())

    def serve(self, request, *args, **kwargs):
        if not getattr(request, "is_preview", False) and not self.is_readable():
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from masthead.access.serving import article_context

        context = super().get_context(request, *args, **kwargs)
        self._load_placement()
        topics = list(self.topics.all())
        context.update(
            current_publication=self.publication,
            authors=list(self.authors.all()),
            topics=topics,
            related=self.related_articles(topics=topics),
        )
        context.update(article_context(request, self))
        return context

    def _load_placement(self):
        """Title, section and picture in one query rather than one each."""
        placed = (
            ArticlePage.objects.filter(pk=self.pk)
            .select_related("publication", "section", "hero_image")
            .only("pk", "publication", "section", "hero_image")
            .first()
        )
        if placed is not None:
            self.publication, self.section, self.hero_image = placed.publication, placed.section, placed.hero_image

    def byline_names(self):
        return [author.name for author in self.authors.all()]

    def related_articles(self, limit=4, topics=None):
        """Latest live stories sharing a topic, else from the same section, ready for story cards."""
        from masthead.news import listings

        topic_ids = [topic.pk for topic in (self.topics.all() if topics is None else topics)]
        scope = listings.readable(ArticlePage.objects.exclude(pk=self.pk))
        related = []
        if topic_ids:
            sharing = scope.filter(pk__in=scope.filter(topics__in=topic_ids).values("pk"))
            related = list(listings.for_cards(sharing).order_by("-published_at", "-pk")[:limit])
        if len(related) < limit and self.section_id:
            seen = [article.pk for article in related]
            more = scope.filter(section_id=self.section_id).exclude(pk__in=seen)
            related += list(listings.for_cards(more).order_by("-published_at", "-pk")[: limit - len(related)])
        return related
