"""A reader's newsletter data, for the account's export and deletion."""

from masthead.newsletters.models import Subscriber, Suppression, email_hash


def _subscribers(user):
    return Subscriber.objects.filter(user=user) | Subscriber.objects.filter(email=user.email.lower())


def export(user):
    subscribers = []
    for subscriber in _subscribers(user).prefetch_related("subscriptions__newsletter_list"):
        subscribers.append(
            {
                "email": subscriber.email,
                "signed_up_at": subscriber.created_at.isoformat(),
                "confirmed_at": subscriber.confirmed_at.isoformat() if subscriber.confirmed_at else None,
                "suppressed": subscriber.suppression_reason or None,
                "lists": [
                    {
                        "list": subscription.newsletter_list.name,
                        "status": subscription.status,
                        "source": subscription.source,
                        "since": subscription.created_at.isoformat(),
                    }
                    for subscription in subscriber.subscriptions.all()
                ],
                "issues_sent": subscriber.deliveries.count(),
            }
        )
    return {"newsletter_subscribers": subscribers}


def erase(user):
    """Delete the subscriber and its delivery records; a bounce or complaint stays, as a hash only."""
    emails = {user.email.lower(), *_subscribers(user).values_list("email", flat=True)}
    _subscribers(user).delete()
    Suppression.objects.filter(email_hash__in=[email_hash(email) for email in emails]).update(email="")
