"""The e-paper for readers: the shelf of latest editions, each title's archive
by month, an edition's page, the page-by-page reader with its text view, and
the files (page images, PDF) — which leave only through the access funnel."""

import calendar
import datetime
from urllib.parse import urlencode

from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from masthead.core.storage import serve_protected
from masthead.epaper import storage
from masthead.epaper.access import (
    NotEntitled,
    edition_for_reader_at,
    may_read_edition,
    page_of,
    published_edition_at,
)
from masthead.epaper.models import Edition
from masthead.epaper.text import paragraphs
from masthead.news.models import PublicationPage

FILE_MAX_AGE = 24 * 3600  # file URLs carry the version token, so a replaced edition gets new URLs


def _private(response, max_age=0):
    patch_cache_control(response, private=True, max_age=max_age)
    patch_vary_headers(response, ["Cookie"])
    return response


def _forbidden():
    response = HttpResponseForbidden(
        "This page of the e-paper is for e-paper subscribers and buyers of this edition.",
        content_type="text/plain; charset=utf-8",
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def _site_publication_ids(request):
    from masthead.news.navigation import navigation_for

    return [publication["id"] for publication in navigation_for(request)["publications"]]


def index(request):
    latest = Edition.objects.published().filter(publication=OuterRef("pk")).order_by("-date").values("pk")[:1]
    publications = list(
        PublicationPage.objects.live()
        .filter(pk__in=_site_publication_ids(request))
        .annotate(latest_edition_id=Subquery(latest))
        .order_by("path")
    )
    editions = Edition.objects.select_related("publication").in_bulk(
        [publication.latest_edition_id for publication in publications if publication.latest_edition_id]
    )
    shelf = [
        {"publication": publication, "edition": editions.get(publication.latest_edition_id)}
        for publication in publications
    ]
    return _private(render(request, "epaper/index.html", {"shelf": shelf}))


def title_archive(request, title, year=None, month=None):
    publication = PublicationPage.objects.live().filter(slug=title).order_by("path").first()
    if publication is None:
        raise Http404("No such title")
    published = Edition.objects.published().filter(publication=publication)
    months = list(published.dates("date", "month", order="DESC"))
    if year is None:
        shown = months[0] if months else datetime.date.today().replace(day=1)
    else:
        if not (1 <= month <= 12 and 1900 <= year <= 2999):
            raise Http404("No such month")
        shown = datetime.date(year, month, 1)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(shown.year, shown.month)
    editions = {
        edition.date: edition
        for edition in published.filter(date__gte=weeks[0][0], date__lte=weeks[-1][-1]).select_related("publication")
    }
    calendar_weeks = [
        [{"date": day, "in_month": day.month == shown.month, "edition": editions.get(day)} for day in week]
        for week in weeks
    ]
    older = next((candidate for candidate in months if candidate < shown), None)
    newer = next((candidate for candidate in reversed(months) if candidate > shown), None)
    context = {
        "publication": publication,
        "month": shown,
        "weeks": calendar_weeks,
        "weekdays": [calendar.day_abbr[day] for day in range(7)],
        "months": months,
        "older": older,
        "newer": newer,
        "month_editions": [edition for day, edition in sorted(editions.items()) if day.month == shown.month],
    }
    return _private(render(request, "epaper/title_archive.html", context))


def _buy_links(edition):
    next_query = urlencode({"next": edition.get_absolute_url()})
    return {
        "buy_url": f"/subscribe/edition/{edition.pk}/?{next_query}",
        "subscribe_url": f"/subscribe/?{next_query}",
    }


def edition_detail(request, title, date):
    edition = published_edition_at(title, date)
    siblings = Edition.objects.published().filter(publication_id=edition.publication_id)
    context = {
        "edition": edition,
        "publication": edition.publication,
        "entitled": may_read_edition(request.reader, edition),
        "previous_edition": siblings.filter(date__lt=edition.date).order_by("-date").first(),
        "next_edition": siblings.filter(date__gt=edition.date).order_by("date").first(),
        "login_url": reverse("account_login") + "?" + urlencode({"next": edition.get_absolute_url()}),
        **_buy_links(edition),
    }
    return _private(render(request, "epaper/edition.html", context))


def reader(request, title, date, number):
    try:
        edition = edition_for_reader_at(request.reader, title, date)
    except NotEntitled as denied:
        return _private(redirect(denied.edition.get_absolute_url()))
    pages = list(edition.pages.defer("text"))
    page = next((candidate for candidate in pages if candidate.number == number), None)
    if page is None:
        raise Http404("No such page")
    zoomed = request.GET.get("zoom") == "1"
    context = {
        "edition": edition,
        "publication": edition.publication,
        "page": page,
        "pages": pages,
        "zoomed": zoomed,
        "previous_page": pages[number - 2] if number > 1 else None,
        "next_page": pages[number] if number < len(pages) else None,
    }
    return _private(render(request, "epaper/reader.html", context))


def page_text(request, title, date, number):
    try:
        edition = edition_for_reader_at(request.reader, title, date)
    except NotEntitled as denied:
        return _private(redirect(denied.edition.get_absolute_url()))
    page = page_of(edition, number)
    context = {
        "edition": edition,
        "publication": edition.publication,
        "page": page,
        "paragraphs": paragraphs(page.text),
        "previous_number": number - 1 if number > 1 else None,
        "next_number": number + 1 if number < edition.page_count else None,
    }
    return _private(render(request, "epaper/page_text.html", context))


def _file(name, content_type, *, max_age=FILE_MAX_AGE, **options):
    return serve_protected(name, content_type, **options), max_age


def _page_file(request, title, date, number, kind):
    try:
        edition = edition_for_reader_at(request.reader, title, date)
    except NotEntitled:
        return _forbidden()
    if not 1 <= number <= edition.page_count:
        raise Http404("No such page")
    response, max_age = _file(storage.page_file(edition.pk, edition.storage_token, number, kind), "image/webp")
    return _private(response, max_age)


def page_image(request, title, date, number):
    return _page_file(request, title, date, number, "screen")


def page_zoom(request, title, date, number):
    return _page_file(request, title, date, number, "zoom")


def page_thumb(request, title, date, number):
    return _page_file(request, title, date, number, "thumb")


def cover(request, title, date):
    """The front page, small: public, to show what is on sale."""
    edition = published_edition_at(title, date)
    response, max_age = _file(storage.cover_file(edition.pk, edition.storage_token), "image/webp", stream=True)
    patch_cache_control(response, public=True, max_age=max_age)
    return response


def download_pdf(request, title, date):
    try:
        edition = edition_for_reader_at(request.reader, title, date)
    except NotEntitled:
        return _forbidden()
    filename = f"{edition.publication.slug}-{edition.date.isoformat()}.pdf"
    response, _max_age = _file(
        storage.source_name(edition.pk, edition.storage_token),
        "application/pdf",
        as_attachment=True,
        filename=filename,
    )
    return _private(response)
