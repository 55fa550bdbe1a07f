"""The demo's newsletters: a daily digest per title and one for the group, a
weekly sport list, and a few confirmed readers. Idempotent."""

import datetime

from django.utils import timezone

from masthead.newsletters.models import Cadence, NewsletterList, Subscriber, Subscription, SubscriptionStatus


def load_demo_newsletters(context):
    lists = []
    group, _created = NewsletterList.objects.get_or_create(
        slug="daily-digest",
        defaults={
            "name": "The Daily Digest",
            "description": "The most important stories from every title, every evening at 5pm.",
            "offered_by_default": True,
        },
    )
    lists.append(group)
    for position, publication in enumerate(context.publications, start=1):
        newsletter_list, created = NewsletterList.objects.get_or_create(
            slug=f"{publication.slug}-daily",
            defaults={
                "name": f"{publication.title} daily",
                "description": f"The day's most important stories from {publication.title}, every evening at 5pm.",
                "sort_order": position,
            },
        )
        if created:
            newsletter_list.publications.set([publication])
        lists.append(newsletter_list)
    sport, _created = NewsletterList.objects.get_or_create(
        slug="weekly-sport",
        defaults={
            "name": "Weekly sport",
            "description": "The week's sport from every title, on Saturday mornings.",
            "section_slug": "sport",
            "cadence": Cadence.WEEKLY,
            "weekday": 5,
            "send_time": datetime.time(9, 0),
            "sort_order": 50,
        },
    )
    lists.append(sport)
    readers = list(getattr(context, "readers", {}).values())
    emails = [reader.email for reader in readers if getattr(reader, "email", "")]
    emails += [f"newsletter.reader{number}@example.org" for number in range(1, 6)]
    for index, email in enumerate(emails):
        subscriber, _created = Subscriber.objects.get_or_create(
            email=email.lower(), defaults={"confirmed_at": timezone.now()}
        )
        for newsletter_list in (group, lists[1 + index % max(1, len(lists) - 2)], sport)[: 2 + index % 2]:
            Subscription.objects.get_or_create(
                subscriber=subscriber,
                newsletter_list=newsletter_list,
                defaults={"status": SubscriptionStatus.ACTIVE, "source": "demo"},
            )
    context.stdout.write(f"Newsletters: {len(lists)} lists, {len(emails)} confirmed subscribers.")
