from allauth.account.forms import RequestLoginCodeForm as AllauthRequestLoginCodeForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from django import forms
from django.utils.translation import gettext_lazy as _

from masthead.accounts.models import ReaderProfile
from masthead.news.models import PublicationPage, Topic


class SignupForm(AllauthSignupForm):
    """Email and an optional password: leave it empty and we email a code instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password1" in self.fields:
            self.fields["password1"].required = False
            self.fields["password1"].help_text = _(
                "At least 8 characters; avoid common passwords. Leave it empty to register with a one-time "
                "code sent to your email instead."
            )

    def signup(self, request, user):
        ReaderProfile.objects.get_or_create(user=user)


class RequestLoginCodeForm(AllauthRequestLoginCodeForm):
    """Too many codes asked for one address gets the same 429 page as every other limit."""

    def clean_email(self):
        try:
            return super().clean_email()
        except forms.ValidationError as error:
            if getattr(error, "code", None) == "too_many_login_attempts":
                raise ImmediateHttpResponse(respond_429(allauth_context.request)) from None
            raise


class ProfileForm(forms.ModelForm):
    preferred_publications = forms.ModelMultipleChoiceField(
        queryset=PublicationPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Titles you read"),
    )
    preferred_topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Topics you follow"),
    )

    class Meta:
        model = ReaderProfile
        fields = ["name", "preferred_publications", "preferred_topics"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_publications"].queryset = PublicationPage.objects.live().order_by("title")
        self.fields["preferred_topics"].queryset = Topic.objects.order_by("name")


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for proof: the password, or a code we emailed."""

    password = forms.CharField(
        label=_("Your password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("Code from the email"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )
    confirm = forms.BooleanField(label=_("Yes, delete my account and my personal data"), required=True)

    def __init__(self, *args, user, code_checker, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.code_checker = code_checker
        if not user.has_usable_password():
            del self.fields["password"]

    def clean(self):
        cleaned_data = super().clean()
        password = cleaned_data.get("password")
        code = (cleaned_data.get("code") or "").strip()
        if password and self.user.check_password(password):
            return cleaned_data
        if code and self.code_checker(code):
            return cleaned_data
        if password or code:
            raise forms.ValidationError(_("That password or code is not right."), code="bad_proof")
        raise forms.ValidationError(
            _("Enter your password, or ask for a code by email and enter it."), code="missing_proof"
        )
