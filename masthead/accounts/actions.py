import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from masthead.accounts.models import ReaderProfile
from masthead.accounts.registry import erase_personal_data

logger = logging.getLogger(__name__)


@transaction.atomic
def do_update_preferences(user, *, name, publications, topics):
    profile, _created = ReaderProfile.objects.get_or_create(user=user)
    if profile.name != name:
        profile.name = name
        profile.save(update_fields=["name", "updated_at"])
    profile.preferred_publications.set(publications)
    profile.preferred_topics.set(topics)
    return profile


@transaction.atomic
def do_delete_account(user, *, acting_user):
    """Erase the reader's data in every registered module, then the account itself.

    Billing records the law requires are anonymised by billing's own `erase`,
    not deleted; the goodbye email goes out once the deletion has committed.
    """
    email = user.email
    user_id = user.pk
    erase_personal_data(user)
    user.delete()
    logger.info("account %s deleted by %s", user_id, "the reader" if acting_user.pk == user_id else acting_user.pk)
    body = render_to_string("accounts/email/account_deleted.txt", {"site_name": settings.WAGTAIL_SITE_NAME})
    transaction.on_commit(
        lambda: send_mail(
            f"Your {settings.WAGTAIL_SITE_NAME} account has been deleted",
            body,
            None,
            [email],
            fail_silently=True,
        )
    )
