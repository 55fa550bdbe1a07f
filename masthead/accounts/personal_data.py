"""The reader's own account data, for the download and for erasure."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from masthead.accounts.models import ReaderProfile


def export(user):
    profile = ReaderProfile.objects.filter(user=user).prefetch_related("preferred_publications", "preferred_topics")
    profile = profile.first()
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "profile": {
            "name": profile.name,
            "preferred_titles": [page.title for page in profile.preferred_publications.all()],
            "preferred_topics": [topic.name for topic in profile.preferred_topics.all()],
        }
        if profile
        else None,
        "second_factors": [
            {"type": authenticator.type, "created_at": authenticator.created_at.isoformat()}
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
    }


def erase(user):
    ReaderProfile.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
