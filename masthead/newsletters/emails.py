"""Transactional newsletter emails (the confirmation). Issues go through sending.py."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from masthead.newsletters.rendering import inline_css
from masthead.newsletters.tokens import confirmation_token


def send_confirmation(subscriber):
    pending = [
        subscription.newsletter_list
        for subscription in subscriber.subscriptions.filter(status="pending").select_related("newsletter_list")
    ]
    if not pending:
        return
    context = {
        "lists": pending,
        "confirm_url": f"{settings.SITE_URL}/newsletters/confirm/{confirmation_token(subscriber.key)}/",
        "group_name": settings.WAGTAIL_SITE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=f"Confirm your newsletters from {settings.WAGTAIL_SITE_NAME}",
        body=render_to_string("newsletters/email/confirm.txt", context),
        from_email=settings.NEWSLETTERS_FROM_EMAIL,
        to=[subscriber.email],
    )
    message.attach_alternative(inline_css(render_to_string("newsletters/email/confirm.html", context)), "text/html")
    message.send()
