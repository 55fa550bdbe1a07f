"""Who may read an edition: the funnel every e-paper view goes through.

A reader may read an edition's pages, text and PDF when they are staff, or hold
an active `epaper` entitlement for its title (or for all titles), or an active
`epaper_edition` entitlement for that very edition. A digital subscription
alone does not include the e-paper.

The existence of a published edition is public (its edition page, date, page
count and front-page cover are shown to everyone, to sell it); an edition that
is not published behaves as if it did not exist, for everyone.

Search: the e-paper's text is indexed per page. The search page may show any
reader at most `SEARCH_CONTEXT_CHARS` characters of context around a match and
the page number that matched, and links to the reader, which checks access
here; the full text of a page is shown only by `page_text` views to entitled
readers.
"""

import datetime

from django.http import Http404

from masthead.access.models import Entitlement, EntitlementKind
from masthead.epaper.models import Edition

SEARCH_CONTEXT_CHARS = 160


class NotEntitled(Exception):
    """The edition exists and is published, but this reader may not read it."""

    def __init__(self, edition):
        super().__init__(f"not entitled to edition {edition.pk}")
        self.edition = edition


def reader_identity(reader_or_user):
    """(user id or None, is staff) from `request.reader` or a user object."""
    if reader_or_user is None:
        return None, False
    if hasattr(reader_or_user, "is_authenticated") and hasattr(reader_or_user, "pk"):
        if not reader_or_user.is_authenticated:
            return None, False
        return reader_or_user.pk, bool(reader_or_user.is_staff)
    if hasattr(reader_or_user, "user_id"):
        return reader_or_user.user_id, bool(getattr(reader_or_user, "is_staff", False))
    return reader_identity(getattr(reader_or_user, "user", None))


def may_read_edition(reader_or_user, edition, *, now=None):
    user_id, is_staff = reader_identity(reader_or_user)
    if is_staff:
        return True
    if user_id is None:
        return False
    if not edition.is_published:
        return False
    grants = Entitlement.objects.active(now).filter(reader_id=user_id)
    title_subscription = grants.for_publication(edition.publication_id).filter(kind=EntitlementKind.EPAPER)
    single_edition = grants.filter(kind=EntitlementKind.EPAPER_EDITION, edition_id=edition.pk)
    return (title_subscription | single_edition).exists()


def published_edition(edition_id):
    """A published edition, or 404 (for an unknown and an unpublished one alike)."""
    edition = Edition.objects.published().select_related("publication").filter(pk=edition_id).first()
    if edition is None:
        raise Http404("No such edition")
    return edition


def published_edition_at(title_slug, edition_date):
    """The published edition of a title (by its slug) on a day (YYYY-MM-DD), or 404."""
    try:
        day = datetime.date.fromisoformat(edition_date)
    except (TypeError, ValueError):
        raise Http404("Not a date") from None
    edition = (
        Edition.objects.published()
        .select_related("publication")
        .filter(publication__slug=title_slug, date=day, publication__live=True)
        .order_by("publication__path")
        .first()
    )
    if edition is None:
        raise Http404("No such edition")
    return edition


def _checked(reader_or_user, edition):
    if not may_read_edition(reader_or_user, edition):
        raise NotEntitled(edition)
    return edition


def edition_for_reader(reader_or_user, edition_id):
    """The edition, if published and this reader may read it: Http404 when it
    does not exist or is unpublished, NotEntitled when it is not theirs."""
    return _checked(reader_or_user, published_edition(edition_id))


def edition_for_reader_at(reader_or_user, title_slug, edition_date):
    """As `edition_for_reader`, for the edition's address in the URL."""
    return _checked(reader_or_user, published_edition_at(title_slug, edition_date))


def page_of(edition, number):
    """A page of an edition the caller has already checked, or 404."""
    page = edition.pages.filter(number=number).first()
    if page is None:
        raise Http404("No such page")
    return page
