"""How allauth behaves on this site: safe `next` paths, links built from
SITE_URL, registration by emailed code, a 429 page for too many failed logins."""

from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from django.conf import settings
from django.forms import ValidationError
from django.urls import reverse

from masthead.accounts.paths import is_site_path, site_url
from masthead.core.client_ip import client_ip


def next_path_of(request):
    """The `next` a reader brought with them, if it is a path on this site."""
    if request is None:
        return None
    candidate = request.POST.get("next") if request.method == "POST" else None
    candidate = candidate or request.GET.get("next")
    return candidate if is_site_path(candidate) else None


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        """The address allauth's limits count "per ip": the reader's, behind trusted proxies only."""
        return client_ip(request) or "unknown"

    def is_safe_url(self, url):
        return is_site_path(url)

    def get_reset_password_from_key_url(self, key):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return site_url(path.replace("UID-KEY", quote(key)))

    def get_email_confirmation_url(self, request, emailconfirmation):
        path = reverse("account_confirm_email", args=[emailconfirmation.key])
        return site_url(path, next=next_path_of(request or allauth_context.request))

    def send_mail(self, template_prefix, email, context):
        context = dict(context)
        context["current_site"] = SimpleNamespace(
            name=settings.WAGTAIL_SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc
        )
        context["site_url"] = settings.SITE_URL
        if "signup_url" in context:
            context["signup_url"] = site_url(reverse("account_signup"))
        if "password_reset_url" in context and template_prefix != "account/email/password_reset_key":
            context["password_reset_url"] = site_url(reverse("account_reset_password"))
        super().send_mail(template_prefix, email, context)

    def is_login_by_code_required(self, login):
        """A reader who registers without a password proves the address with a code."""
        if login.signup and self._is_passwordless_signup(login):
            return True
        return super().is_login_by_code_required(login)

    def _is_passwordless_signup(self, login):
        if login.user is not None:
            return not login.user.has_usable_password()
        request = allauth_context.request
        return request is not None and request.method == "POST" and not request.POST.get("password1")

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth prefixes the address with the request's Host; varying the Host
        # header must not buy an attacker more guesses at one account.
        return credentials.get("email", "").lower()

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            raise ImmediateHttpResponse(respond_429(request)) from None
