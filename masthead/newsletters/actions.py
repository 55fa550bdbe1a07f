"""Every write the newsletters app makes: `do_*`, atomic, side effects on commit."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from masthead.newsletters.models import (
    Issue,
    IssueItem,
    IssueStatus,
    NewsletterList,
    Subscriber,
    Subscription,
    SubscriptionStatus,
    Suppression,
    email_hash,
)
from masthead.newsletters.schedule import send_moment

CONFIRMATION_RESEND_SECONDS = 600
_validate_email = EmailValidator()


def normalise_email(raw):
    """A lower-cased address with an ASCII domain, or ValidationError with a message a reader understands."""
    email = (raw or "").strip()
    if not email:
        raise ValidationError(_("Enter your email address."))
    if len(email) > 254:
        raise ValidationError(_("That email address is too long."))
    try:
        _validate_email(email)
    except ValidationError:
        raise ValidationError(_("Enter a valid email address, like name@example.com.")) from None
    local, _at, domain = email.rpartition("@")
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValidationError(_("Enter a valid email address, like name@example.com.")) from None
    return f"{local}@{domain}".lower()


def is_suppressed(email):
    return Suppression.objects.filter(email_hash=email_hash(email)).exists()


@transaction.atomic
def do_request_subscription(email, lists, *, source, verified_user=None):
    """Ask for `lists` for `email`. Double opt-in: the address gets a confirmation
    email and nothing else until it is confirmed, unless `verified_user` (a logged-in
    reader whose account address is this one and verified) vouches for it.

    Returns nothing a view could reveal: the caller answers the same for known and
    unknown addresses.
    """
    lists = [newsletter_list for newsletter_list in lists if newsletter_list.is_active]
    if not lists or is_suppressed(email):
        return
    subscriber, _created = Subscriber.objects.get_or_create(email=email)
    if verified_user is not None and subscriber.user_id is None:
        subscriber.user = verified_user
        subscriber.save(update_fields=["user"])
    vouched = verified_user is not None
    needs_confirmation = False
    for newsletter_list in lists:
        subscription, _created = Subscription.objects.get_or_create(
            subscriber=subscriber, newsletter_list=newsletter_list, defaults={"source": source}
        )
        if subscription.status == SubscriptionStatus.ACTIVE:
            continue
        if vouched:
            subscription.status = SubscriptionStatus.ACTIVE
        else:
            subscription.status = SubscriptionStatus.PENDING
            needs_confirmation = True
        subscription.source = source
        subscription.save(update_fields=["status", "source", "updated_at"])
    if vouched and subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    if needs_confirmation and cache.add(f"newsletters:confirm-sent:{subscriber.pk}", 1, CONFIRMATION_RESEND_SECONDS):
        from masthead.newsletters.emails import send_confirmation

        transaction.on_commit(lambda: send_confirmation(subscriber))


@transaction.atomic
def do_confirm_subscriber(subscriber):
    """The reader followed the confirmation link: their pending lists start."""
    now = timezone.now()
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = now
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber.subscriptions.filter(status=SubscriptionStatus.PENDING).update(
        status=SubscriptionStatus.ACTIVE, updated_at=now
    )


@transaction.atomic
def do_unsubscribe(subscriber, newsletter_list=None):
    """Leave one list, or every list when `newsletter_list` is None. A send in
    progress re-checks before each message, so no further mail goes out."""
    subscriptions = subscriber.subscriptions.exclude(status=SubscriptionStatus.UNSUBSCRIBED)
    if newsletter_list is not None:
        subscriptions = subscriptions.filter(newsletter_list=newsletter_list)
    return subscriptions.update(status=SubscriptionStatus.UNSUBSCRIBED, updated_at=timezone.now())


@transaction.atomic
def do_resubscribe(subscriber, newsletter_list):
    """The undo on the unsubscribe page. Only for a confirmed address."""
    if not subscriber.is_confirmed or not newsletter_list.is_active:
        return 0
    return subscriber.subscriptions.filter(newsletter_list=newsletter_list).update(
        status=SubscriptionStatus.ACTIVE, updated_at=timezone.now()
    )


@transaction.atomic
def do_set_preferences(subscriber, wanted_lists):
    """The preference centre: exactly `wanted_lists`, nothing else."""
    wanted_ids = {newsletter_list.pk for newsletter_list in wanted_lists if newsletter_list.is_active}
    now = timezone.now()
    status = SubscriptionStatus.ACTIVE if subscriber.is_confirmed else SubscriptionStatus.PENDING
    for list_id in wanted_ids:
        subscription, created = Subscription.objects.get_or_create(
            subscriber=subscriber, newsletter_list_id=list_id, defaults={"status": status, "source": "preferences"}
        )
        if not created and subscription.status == SubscriptionStatus.UNSUBSCRIBED:
            subscription.status = status
            subscription.save(update_fields=["status", "updated_at"])
    subscriber.subscriptions.exclude(newsletter_list_id__in=wanted_ids).exclude(
        status=SubscriptionStatus.UNSUBSCRIBED
    ).update(status=SubscriptionStatus.UNSUBSCRIBED, updated_at=now)


@transaction.atomic
def do_suppress(email, reason, detail=""):
    """A hard bounce or a complaint: never write to this address again."""
    email = email.strip().lower()
    suppression, created = Suppression.objects.get_or_create(
        email_hash=email_hash(email), defaults={"email": email, "reason": reason, "detail": detail[:300]}
    )
    Subscriber.objects.filter(email=email, suppressed_at__isnull=True).update(
        suppressed_at=timezone.now(), suppression_reason=reason
    )
    return created


@transaction.atomic
def do_lift_suppression(email):
    Suppression.objects.filter(email_hash=email_hash(email)).delete()
    Subscriber.objects.filter(email=email.strip().lower()).update(suppressed_at=None, suppression_reason="")


@transaction.atomic
def do_pin_story(issue, article_id, *, acting_user):
    """Pin a story at the end of the pinned ones (or keep its place if already pinned)."""
    last = issue.items.filter(pinned=True).order_by("-position").values_list("position", flat=True).first()
    item, created = IssueItem.objects.get_or_create(
        issue=issue, article_id=article_id, defaults={"pinned": True, "position": (last or 0) + 1}
    )
    if not created and (not item.pinned or item.removed):
        item.pinned, item.removed, item.position = True, False, (last or 0) + 1
        item.save(update_fields=["pinned", "removed", "position"])
    _mark_edited(issue, acting_user)


@transaction.atomic
def do_remove_story(issue, article_id, *, acting_user):
    IssueItem.objects.update_or_create(
        issue=issue, article_id=article_id, defaults={"removed": True, "pinned": False, "position": 0}
    )
    _mark_edited(issue, acting_user)


@transaction.atomic
def do_restore_story(issue, article_id, *, acting_user):
    issue.items.filter(article_id=article_id).delete()
    _mark_edited(issue, acting_user)


@transaction.atomic
def do_set_story_order(issue, article_ids, *, acting_user):
    """Reorder: the stories shown become pinned in the given order, so the ranking cannot reshuffle them."""
    for position, article_id in enumerate(article_ids, start=1):
        IssueItem.objects.update_or_create(
            issue=issue, article_id=article_id, defaults={"pinned": True, "removed": False, "position": position}
        )
    _mark_edited(issue, acting_user)


@transaction.atomic
def do_set_intro(issue, intro, *, acting_user):
    if issue.intro == intro:
        return
    issue.intro = intro
    issue.save(update_fields=["intro"])
    _mark_edited(issue, acting_user)


def _mark_edited(issue, acting_user):
    issue.edited_at = timezone.now()
    issue.edited_by = acting_user
    issue.save(update_fields=["edited_at", "edited_by"])


def do_ensure_issue(newsletter_list, local_date):
    """The issue for this list and date, created once whoever asks first."""
    moment = send_moment(newsletter_list.schedule(), local_date)
    issue, created = Issue.objects.get_or_create(
        newsletter_list=newsletter_list, local_date=local_date, defaults={"send_at": moment}
    )
    if not created and issue.send_at != moment and issue.status == IssueStatus.SCHEDULED:
        # The list's send time or zone changed since the issue was prepared.
        Issue.objects.filter(pk=issue.pk, status=IssueStatus.SCHEDULED).update(send_at=moment)
        issue.send_at = moment
    return issue


def lists_by_slugs(slugs):
    return list(NewsletterList.objects.filter(slug__in=[slug for slug in slugs if slug], is_active=True))
