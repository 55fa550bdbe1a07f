"""A one-time code, emailed to confirm an account deletion, kept (hashed) in the session."""

import secrets
import time

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.crypto import constant_time_compare, salted_hmac

SESSION_KEY = "accounts_deletion_code"
CODE_TIMEOUT_SECONDS = 600
MAX_ATTEMPTS = 5
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _digest(user, code):
    return salted_hmac("masthead.accounts.deletion", f"{user.pk}:{code.upper()}").hexdigest()


def send_deletion_code(request, user):
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    request.session[SESSION_KEY] = {"digest": _digest(user, code), "at": time.time(), "attempts": 0}
    body = render_to_string("accounts/email/deletion_code.txt", {"code": code, "site_name": settings.WAGTAIL_SITE_NAME})
    send_mail(f"Your {settings.WAGTAIL_SITE_NAME} account deletion code", body, None, [user.email])


def code_checker(request, user):
    def check(code):
        state = request.session.get(SESSION_KEY)
        if not state or time.time() - state["at"] > CODE_TIMEOUT_SECONDS or state["attempts"] >= MAX_ATTEMPTS:
            request.session.pop(SESSION_KEY, None)
            return False
        if constant_time_compare(state["digest"], _digest(user, code)):
            request.session.pop(SESSION_KEY, None)
            return True
        state["attempts"] += 1
        request.session[SESSION_KEY] = state
        return False

    return check
