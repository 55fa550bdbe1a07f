from django import template
from django.urls import reverse
from django.utils.http import urlencode

from masthead.accounts.for_you import stories_for_reader
from masthead.accounts.paths import is_site_path

register = template.Library()


@register.inclusion_tag("accounts/includes/for_you_block.html", takes_context=True)
def for_you(context):
    """The home page's "For you" block: nothing for anonymous readers."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    has_preferences, stories = stories_for_reader(user)
    return {"show": True, "has_preferences": has_preferences, "stories": stories, "request": request}


@register.simple_tag(takes_context=True)
def after_confirm_url(context):
    """Where the email confirmation button leads when the reader is not in the middle of
    registering in this browser: back to their `next` when logged in, else to log in first."""
    request = context["request"]
    next_path = request.GET.get("next")
    next_path = next_path if is_site_path(next_path) else None
    if request.user.is_authenticated:
        return next_path or reverse("accounts:home")
    login_url = reverse("account_login")
    return f"{login_url}?{urlencode({'next': next_path})}" if next_path else login_url
