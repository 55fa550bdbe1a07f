"""Which stories make a reader's "For you" block: the latest from the titles and
topics they chose. One query when they have preferences; one more only to tell
"no preferences" from "nothing new"."""

from django.db.models import Q
from django.utils import timezone

from masthead.accounts.models import ReaderProfile
from masthead.news.models import ArticlePage

FOR_YOU_LIMIT = 6


def stories_for_reader(user, limit=FOR_YOU_LIMIT):
    """Returns (has_preferences, stories)."""
    through_publications = ReaderProfile.preferred_publications.through.objects.filter(readerprofile__user=user)
    through_topics = ReaderProfile.preferred_topics.through.objects.filter(readerprofile__user=user)
    stories = list(
        ArticlePage.objects.live()
        .filter(published_at__lte=timezone.now())
        .filter(
            Q(publication_id__in=through_publications.values("publicationpage_id"))
            | Q(
                pk__in=ArticlePage.topics.through.objects.filter(topic_id__in=through_topics.values("topic_id")).values(
                    "articlepage_id"
                )
            )
        )
        .select_related("publication", "section")
        .order_by("-published_at")[:limit]
    )
    if stories:
        return True, stories
    has_preferences = through_publications.exists() or through_topics.exists()
    return has_preferences, []
