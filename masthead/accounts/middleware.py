"""Two account rules that apply across URLs we do not own:

- staff reach the Wagtail admin only with a second factor (TOTP) verified in
  this session, when settings.MASTHEAD_STAFF_REQUIRE_MFA is on;
- pages opened from an emailed link (they carry a token in the URL) never send
  that URL to another site: the redirect that moves a reset key out of the URL
  says `no-referrer`; pages holding a form say `same-origin`, because browsers
  send `Origin: null` with a form posted from a `no-referrer` page, which
  Django's CSRF check rightly refuses.
"""

import functools

from allauth.account.internal.flows.login import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect, render
from django.urls import get_urlconf, reverse
from django.utils.http import urlencode

ADMIN_PREFIX = "/admin/"
ADMIN_EXEMPT_PATHS = ("/admin/login/", "/admin/logout/")


def token_path_prefixes():
    return _token_path_prefixes(get_urlconf())


@functools.lru_cache(maxsize=8)
def _token_path_prefixes(urlconf):
    """Reversed once per URLconf rather than on every request."""
    return (
        reverse("account_reset_password", urlconf=urlconf) + "key/",
        reverse("account_confirm_email", args=["KEY"], urlconf=urlconf).removesuffix("KEY/"),
    )


def staff_second_factor_redirect(request):
    """Where a staff member must go before the admin, or None when they may pass."""
    if not settings.MASTHEAD_STAFF_REQUIRE_MFA:
        return None
    if not request.path.startswith(ADMIN_PREFIX) or request.path.startswith(ADMIN_EXEMPT_PATHS):
        return None
    user = request.user
    if not (user.is_authenticated and user.is_staff):
        return None
    query = urlencode({"next": request.get_full_path()})
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return redirect(f"{reverse('mfa_activate_totp')}?{query}")
    records = get_authentication_records(request, user)
    if not any(record.get("method") == "mfa" for record in records):
        return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
    return None


class AccountsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = staff_second_factor_redirect(request) or self.get_response(request)
        if request.path.startswith(token_path_prefixes()):
            if request.method == "POST" and response.status_code == 404:
                # A confirmation link posted again (a double click) or forged: say so plainly.
                response = render(request, "account/email_confirm.html", {"confirmation": None}, status=400)
            response["Referrer-Policy"] = "no-referrer" if 300 <= response.status_code < 400 else "same-origin"
        return response
