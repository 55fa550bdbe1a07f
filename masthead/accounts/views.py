import json

from allauth.core.ratelimit import consume_or_429
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods

from masthead.accounts import deletion, mailbox
from masthead.accounts.actions import do_delete_account, do_update_preferences
from masthead.accounts.forms import DeleteAccountForm, ProfileForm
from masthead.accounts.models import ReaderProfile
from masthead.accounts.registry import ErasureBlocked, export_personal_data, prepare_erasure

# Deletion codes emailed, and deletion attempts (password or code guesses), per reader.
DELETION_RATE_LIMITS = {"deletion_code": "3/10m/user", "deletion_attempt": "10/10m/user"}
MAIL_PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-src 'self'; "
    "frame-ancestors 'none'; base-uri 'self'; object-src 'none'; form-action 'self'"
)
MAIL_HTML_POLICY = (
    "default-src 'none'; img-src data: https:; style-src 'unsafe-inline'; frame-ancestors 'self'; "
    "base-uri 'none'; form-action 'none'; sandbox allow-popups allow-popups-to-escape-sandbox "
    "allow-top-navigation-by-user-activation"
)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def account_home(request):
    profile, _created = ReaderProfile.objects.get_or_create(user=request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        do_update_preferences(
            request.user,
            name=form.cleaned_data["name"],
            publications=form.cleaned_data["preferred_publications"],
            topics=form.cleaned_data["preferred_topics"],
        )
        messages.success(request, _("Your preferences are saved."))
        return redirect("accounts:home")
    return render(request, "accounts/account.html", {"form": form, "profile": profile})


@never_cache
@login_required
@require_http_methods(["GET"])
def export_data(request):
    data = {
        "exported_at": timezone.now().isoformat(),
        "site": settings.SITE_URL,
        "data": export_personal_data(request.user),
    }
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    user = request.user
    sending_code = request.POST.get("action") == "send_code"
    if request.method == "POST":
        action = "deletion_code" if sending_code else "deletion_attempt"
        too_many = consume_or_429(request, action=action, config=DELETION_RATE_LIMITS, user=user)
        if too_many:
            return too_many
    if request.method == "POST" and sending_code:
        deletion.send_deletion_code(request, user)
        messages.info(request, _("We have emailed you a code. Enter it below to confirm."))
        return redirect("accounts:delete")
    form = DeleteAccountForm(
        request.POST if request.method == "POST" else None,
        user=user,
        code_checker=deletion.code_checker(request, user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            # Before logging out: if a subscription cannot be cancelled, the reader stays
            # logged in with everything as it was, and is told so.
            prepare_erasure(user)
        except ErasureBlocked as blocked:
            messages.error(request, blocked.message)
            return render(request, "accounts/delete.html", {"form": form}, status=503)
        logout(request)
        do_delete_account(user, acting_user=user)
        return render(request, "accounts/deleted.html")
    return render(request, "accounts/delete.html", {"form": form})


def _staff_in_demo(request):
    """The mail viewer exists only in the demo, and only for staff."""
    if not settings.DEMO:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_staff:
        raise Http404
    return None


@never_cache
def mail_list(request):
    refusal = _staff_in_demo(request)
    if refusal:
        return refusal
    return render(request, "accounts/mail/list.html", {"mails": mailbox.list_messages()})


@never_cache
def mail_message(request, message_id):
    refusal = _staff_in_demo(request)
    if refusal:
        return refusal
    message = mailbox.get_message(message_id)
    if message is None:
        raise Http404
    context = {
        "message_id": message_id,
        "message": message,
        "subject": str(message.get("Subject", "")),
        "headers": [(name, str(message.get(name, ""))) for name in ("From", "To", "Date", "Subject")],
        "text_body": mailbox.body_of(message, "plain"),
        "has_html": mailbox.body_of(message, "html") is not None,
    }
    response = render(request, "accounts/mail/message.html", context)
    response["Content-Security-Policy"] = MAIL_PAGE_POLICY
    return response


@never_cache
@xframe_options_sameorigin
def mail_message_html(request, message_id):
    refusal = _staff_in_demo(request)
    if refusal:
        return refusal
    message = mailbox.get_message(message_id)
    html = mailbox.body_of(message, "html") if message is not None else None
    if html is None:
        raise Http404
    response = HttpResponse('<base target="_blank">' + html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = MAIL_HTML_POLICY
    response["Referrer-Policy"] = "no-referrer"
    return response
