from django import template

from masthead.newsletters.models import NewsletterList, Subscription, SubscriptionStatus

register = template.Library()


@register.simple_tag
def account_newsletter_choices(user):
    """Every active list and this reader's status on it, for /account/."""
    lists = list(NewsletterList.objects.filter(is_active=True))
    statuses = {}
    if user.is_authenticated and user.email:
        statuses = dict(
            Subscription.objects.filter(subscriber__email=user.email.lower())
            .exclude(status=SubscriptionStatus.UNSUBSCRIBED)
            .values_list("newsletter_list_id", "status")
        )
    rows = [{"list": newsletter_list, "status": statuses.get(newsletter_list.pk, "")} for newsletter_list in lists]
    return {"rows": rows, "pending": SubscriptionStatus.PENDING in statuses.values()}
