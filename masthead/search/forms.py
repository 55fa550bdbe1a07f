"""The search page's parameters. The query itself is free text and never
invalid; the filters, dates, sort and page are, and a malformed one is a 400."""

from django import forms
from django.utils.translation import gettext_lazy as _

from masthead.search.backends.base import SortOrder

MAX_PAGE = 1000


class SearchFiltersForm(forms.Form):
    publication = forms.SlugField(required=False, max_length=255)
    section = forms.SlugField(required=False, max_length=255)
    author = forms.SlugField(required=False, max_length=255)
    topic = forms.SlugField(required=False, max_length=255)
    sort = forms.ChoiceField(
        required=False,
        choices=[(SortOrder.RELEVANCE, _("Most relevant")), (SortOrder.NEWEST, _("Newest first"))],
    )
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_error = {"invalid": _("Enter a date like 2025-10-09.")}
        # "from" and "to" are Python keywords, so these two are added by name.
        self.fields["from"] = forms.DateField(required=False, input_formats=["%Y-%m-%d"], error_messages=date_error)
        self.fields["to"] = forms.DateField(required=False, input_formats=["%Y-%m-%d"], error_messages=date_error)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from") and cleaned.get("to") and cleaned["from"] > cleaned["to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        cleaned["sort"] = cleaned.get("sort") or SortOrder.RELEVANCE
        cleaned["page"] = cleaned.get("page") or 1
        return cleaned
