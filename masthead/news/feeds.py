"""RSS per title and per section. Each item carries the headline, standfirst,
link and date; the body goes out only for `free` articles, never for metered or
premium ones (a feed is public and shared, whoever fetches it)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Rss201rev2Feed
from wagtail.models import Site

from masthead.news import listings
from masthead.news.models import AccessLevel, PublicationPage, SectionPage

FEED_ITEMS = 30


class ArticleRss(Rss201rev2Feed):
    """RSS 2.0 with `content:encoded` for the items that may carry their body."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_encoded"):
            handler.addQuickElement("content:encoded", item["content_encoded"])


class ArticleFeed(Feed):
    """Built afresh for each request (see `serve`), so `self.request` is never shared between threads."""

    feed_type = ArticleRss

    @classmethod
    def serve(cls, request, *args, **kwargs):
        feed = cls()
        feed.request = request
        return feed(request, *args, **kwargs)

    def publication_for(self, request, publication_slug):
        site = Site.find_for_request(request)
        publications = PublicationPage.objects.live()
        if site is not None:
            publications = publications.descendant_of(site.root_page, inclusive=True)
        return get_object_or_404(publications, slug=publication_slug)

    def link(self, obj):
        return obj.get_url(self.request)

    def description(self, obj):
        return getattr(obj, "tagline", "") or getattr(obj, "intro", "") or obj.title

    def items(self, obj):
        stories = listings.readable(obj.article_scope()).select_related("publication", "section")
        return list(stories.prefetch_related("authors", "topics").order_by("-published_at", "-pk")[:FEED_ITEMS])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.standfirst

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        names = [author.name for author in item.authors.all()]
        if item.agency_credit:
            names.append(item.agency_credit)
        return ", ".join(names) or None

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]

    def item_extra_kwargs(self, item):
        if item.access_level != AccessLevel.FREE:
            return {}
        return {"content_encoded": "".join(str(block) for block in item.body)}


class PublicationFeed(ArticleFeed):
    def get_object(self, request, publication_slug):
        return self.publication_for(request, publication_slug)

    def title(self, obj):
        return obj.title


class SectionFeed(ArticleFeed):
    def get_object(self, request, publication_slug, section_slug):
        publication = self.publication_for(request, publication_slug)
        return get_object_or_404(SectionPage.objects.live().child_of(publication), slug=section_slug)

    def title(self, obj):
        publication = obj.publication
        return f"{obj.title} – {publication.title}" if publication else obj.title
