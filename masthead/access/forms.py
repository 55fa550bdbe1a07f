"""Forms for the staff screens: granting an entitlement by hand."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from masthead.access.models import EntitlementKind


class GrantEntitlementForm(forms.Form):
    reader_email = forms.EmailField(label=_("Reader's email address"))
    kind = forms.ChoiceField(label=_("Kind"), choices=EntitlementKind.choices, initial=EntitlementKind.DIGITAL)
    publication = forms.ModelChoiceField(
        label=_("Title"),
        queryset=None,
        required=False,
        empty_label=_("Every title of the group"),
    )
    edition = forms.ModelChoiceField(
        label=_("E-paper edition"),
        queryset=None,
        required=False,
        help_text=_("Only for a single e-paper edition."),
    )
    starts_at = forms.DateTimeField(label=_("Starts"), required=False, help_text=_("Empty: now."))
    ends_at = forms.DateTimeField(label=_("Ends"), required=False, help_text=_("Empty: no end."))
    note = forms.CharField(
        label=_("Note"),
        max_length=250,
        required=False,
        help_text=_("Why, e.g. complimentary access for a contributor."),
    )

    def __init__(self, *args, **kwargs):
        from masthead.epaper.models import Edition
        from masthead.news.models import PublicationPage

        super().__init__(*args, **kwargs)
        self.fields["publication"].queryset = PublicationPage.objects.order_by("title")
        self.fields["edition"].queryset = Edition.objects.select_related("publication").order_by("-date")

    def clean_reader_email(self):
        email = self.cleaned_data["reader_email"]
        reader = get_user_model().objects.filter(email__iexact=email).first()
        if reader is None:
            raise forms.ValidationError(_("No reader has this email address."))
        self.cleaned_data["reader"] = reader
        return email

    def clean(self):
        cleaned = super().clean()
        kind, edition = cleaned.get("kind"), cleaned.get("edition")
        if kind == EntitlementKind.EPAPER_EDITION and edition is None:
            self.add_error("edition", _("Choose the edition this grant opens."))
        if kind != EntitlementKind.EPAPER_EDITION and edition is not None:
            self.add_error("edition", _("An edition only goes with the single-edition kind."))
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must come after the start."))
        return cleaned
