"""The e-paper in the Wagtail admin: editions with their processing progress,
upload (title, date, PDF), replace, delete."""

from collections import Counter

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from masthead.epaper.actions import do_delete_edition, do_upload_edition
from masthead.epaper.models import Edition, EditionStatus
from masthead.epaper.render import PdfRejected
from masthead.news.models import PublicationPage

PERMISSION = "epaper.change_edition"


def _megabytes(size):
    return f"{size / (1024 * 1024):.0f} MB"


class PdfField(forms.FileField):
    def clean(self, data, initial=None):
        uploaded = super().clean(data, initial)
        limit = settings.MASTHEAD_EPAPER_MAX_UPLOAD_BYTES
        if uploaded is not None and uploaded.size > limit:
            raise forms.ValidationError(
                f"The file is {_megabytes(uploaded.size)}; the limit is {_megabytes(limit)}.", code="too_large"
            )
        return uploaded


class ReplaceForm(forms.Form):
    pdf = PdfField(
        label="PDF",
        help_text="The whole edition as one PDF. Readers keep seeing the current version until the new one is ready.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class UploadForm(ReplaceForm):
    publication = forms.ModelChoiceField(PublicationPage.objects.order_by("path"), label="Title")
    date = forms.DateField(label="Edition date", widget=forms.DateInput(attrs={"type": "date"}))

    field_order = ["publication", "date", "pdf"]


def _require(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def _upload_too_large(request):
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    return declared > settings.MASTHEAD_EPAPER_MAX_UPLOAD_BYTES + 64 * 1024


def _too_large_message():
    return f"The file is larger than the limit of {_megabytes(settings.MASTHEAD_EPAPER_MAX_UPLOAD_BYTES)}."


def _store(request, form, *, publication, date):
    try:
        return do_upload_edition(
            publication=publication,
            date=date,
            source=form.cleaned_data["pdf"],
            file_name=form.cleaned_data["pdf"].name,
            acting_user=request.user,
        )
    except PdfRejected as rejection:
        form.add_error("pdf", rejection.message)
        return None


def editions_chart(editions_by_title):
    """Bars of published editions per title, as data for a small inline SVG."""
    top = max(editions_by_title.values(), default=0) or 1
    return [
        {"label": label, "count": count, "width": round(300 * count / top), "y": index * 26}
        for index, (label, count) in enumerate(sorted(editions_by_title.items()))
    ]


def index(request):
    _require(request)
    editions = Edition.objects.select_related("publication").order_by("-date", "publication__path")
    page = Paginator(editions, 50).get_page(request.GET.get("p"))
    counts = Counter(
        Edition.objects.filter(status=EditionStatus.PUBLISHED).values_list("publication__title", flat=True)
    )
    bars = editions_chart(counts)
    context = {
        "page": page,
        "bars": bars,
        "chart_height": max(26 * len(bars), 26),
        "refresh": any(edition.is_processing for edition in page),
    }
    return render(request, "epaper/admin/index.html", context)


def upload(request):
    _require(request)
    if request.method == "POST" and _upload_too_large(request):
        context = {"form": UploadForm(), "upload_error": _too_large_message()}
        return render(request, "epaper/admin/upload.html", context, status=413)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        edition = _store(request, form, publication=form.cleaned_data["publication"], date=form.cleaned_data["date"])
        if edition is not None:
            messages.success(request, f"{edition}: uploaded, processing {edition.job_pages_total} pages.")
            return redirect("epaper_admin:detail", edition.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "epaper/admin/upload.html", {"form": form}, status=status)


def detail(request, edition_id):
    _require(request)
    edition = get_object_or_404(Edition.objects.select_related("publication"), pk=edition_id)
    if request.method == "POST" and _upload_too_large(request):
        form = ReplaceForm()
        upload_error = _too_large_message()
        status = 413
    else:
        form = ReplaceForm(request.POST or None, request.FILES or None)
        upload_error = ""
        status = 200
        if request.method == "POST":
            if form.is_valid() and _store(request, form, publication=edition.publication, date=edition.date):
                messages.success(request, f"{edition}: new PDF uploaded; it replaces the current one when ready.")
                return redirect("epaper_admin:detail", edition.pk)
            status = 400
    context = {
        "edition": edition,
        "form": form,
        "upload_error": upload_error,
        "pages": list(edition.pages.defer("text")) if edition.is_published else [],
        "refresh": edition.is_processing,
    }
    return render(request, "epaper/admin/detail.html", context, status=status)


@require_POST
def delete(request, edition_id):
    _require(request)
    edition = get_object_or_404(Edition.objects.select_related("publication"), pk=edition_id)
    label = str(edition)
    if edition.entitlements.exists():
        messages.error(request, f"{label}: readers have bought this edition, so it stays. Replace its PDF instead.")
        return redirect("epaper_admin:detail", edition.pk)
    do_delete_edition(edition, acting_user=request.user)
    messages.success(request, f"{label}: deleted.")
    return redirect(reverse("epaper_admin:index"))
