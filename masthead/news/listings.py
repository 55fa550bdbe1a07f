"""The story lists the reading pages show: which articles, in which order, and
fetched so that a template loop never queries the database."""

import datetime

from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from masthead.core import cache_versions

LISTINGS_VERSION_KEY = "news:listings:version"
# How long a home, title or section page's story lists stay fresh in its cached shell
# (access/serving.py): they move with the clock as well as with publishing.
LISTING_CACHE_SECONDS = 60
TOP_STORY_DAYS = 3
HOME_TOP_STORIES = 7
TITLE_TOP_STORIES = 4
LATEST_PER_TITLE = 4
LATEST_PER_SECTION = 4
STORIES_PER_PAGE = 20
CARD_IMAGE = "fill-640x360"


def listings_version():
    return cache_versions.current(LISTINGS_VERSION_KEY)


def bump_listings_version():
    """Called when any news page is published, unpublished, moved or deleted."""
    cache_versions.bump(LISTINGS_VERSION_KEY)


def lazy(function, *args, **kwargs):
    """A listing fetched only when the template renders it, so a cached fragment costs no query."""
    return SimpleLazyObject(lambda: function(*args, **kwargs))


def readable(queryset, now=None):
    """Live articles whose publication time has come (never drafts or scheduled ones)."""
    return queryset.live().filter(published_at__isnull=False, published_at__lte=now or timezone.now())


def for_cards(queryset):
    """What a story card shows: title, section, the picture and its renditions; never the body."""
    return (
        queryset.defer_streamfields()
        .select_related("publication", "section", "hero_image")
        .prefetch_related("hero_image__renditions")
    )


def top_stories(scope, count=HOME_TOP_STORIES, now=None):
    """The editors' most important stories of the last few days, newest first within
    each importance; topped up with the latest stories when the window is thin."""
    now = now or timezone.now()
    stories = readable(scope, now)
    recent = stories.filter(published_at__gte=now - datetime.timedelta(days=TOP_STORY_DAYS))
    chosen = list(for_cards(recent).order_by("-importance", "-published_at", "-pk")[:count])
    if len(chosen) < count:
        seen = [story.pk for story in chosen]
        chosen += list(for_cards(stories.exclude(pk__in=seen)).order_by("-published_at", "-pk")[: count - len(chosen)])
    return chosen


def latest_by_group(scope, groups, field, per_group, now=None, exclude=()):
    """The newest `per_group` stories for each of `groups` (pages whose pk is `field`),
    as a list of (group, stories) in the order of `groups`.

    One small indexed query per group picks the ids (a window function over the whole
    scope measured ten times slower on the demo group), then one query fetches the cards.
    """
    stories = readable(scope, now).exclude(pk__in=list(exclude))
    chosen = {
        group.pk: list(
            stories.filter(**{field: group.pk})
            .order_by("-published_at", "-pk")
            .values_list("pk", flat=True)[:per_group]
        )
        for group in groups
    }
    wanted = [pk for pks in chosen.values() for pk in pks]
    if not wanted:
        return []
    cards = {story.pk: story for story in for_cards(scope.model.objects.filter(pk__in=wanted))}
    return [(group, [cards[pk] for pk in chosen[group.pk]]) for group in groups if chosen[group.pk]]


def page_number(request):
    """The `page` query parameter as a whole number; anything else is a bad request."""
    raw = request.GET.get("page", "1").strip() or "1"
    if not raw.isascii() or not raw.lstrip("-").isdigit() or len(raw) > 50:
        raise BadRequest("The page number must be a whole number.")
    return int(raw)


def paginate(request, queryset, number=None, per_page=STORIES_PER_PAGE):
    """One page of a listing; a page number out of range gives the nearest page that exists."""
    paginator = Paginator(queryset.order_by("-published_at", "-pk"), per_page)
    number = page_number(request) if number is None else number
    return paginator.page(min(max(number, 1), paginator.num_pages))


def _render_listing(root, request, *, heading, kind, subject, scope, publication):
    stories = paginate(request, for_cards(readable(scope)))
    return TemplateResponse(
        request,
        "news/listing_page.html",
        {
            "page": root,
            "self": root,
            "request": request,
            "listing_heading": heading,
            "listing_kind": kind,
            "subject": subject,
            "stories": stories,
            "current_publication": publication,
            "article_count": stories.paginator.count,
        },
    )


def _scope_for(root, publication):
    return publication.article_scope() if publication is not None else root.article_scope()


def render_topic(root, request, slug, publication=None):
    from masthead.news.models import Topic

    topic = get_object_or_404(Topic, slug=slug)
    scope = _scope_for(root, publication).filter(topics=topic)
    return _render_listing(
        root, request, heading=topic.name, kind="topic", subject=topic, scope=scope, publication=publication
    )


def render_author(root, request, slug, publication=None):
    from masthead.news.models import Author

    author = get_object_or_404(Author, slug=slug)
    scope = _scope_for(root, publication).filter(authors=author)
    return _render_listing(
        root, request, heading=author.name, kind="author", subject=author, scope=scope, publication=publication
    )
