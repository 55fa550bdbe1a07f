"""Turning agency items into draft articles for an editor to review.

Wire copy never goes live by itself: it arrives as a draft (or a new revision of
the draft it updates) in the chosen section, credited to its agency."""

import json

from django.db import transaction
from django.utils.text import slugify

from masthead.news.models import AccessLevel, ArticlePage, Topic
from masthead.wire.body import body_blocks
from masthead.wire.formats import WireItem
from masthead.wire.models import ReceivedWireItem, WireItemStatus


@transaction.atomic
def do_ingest_wire_item(item: WireItem, *, section, format_name, acting_user=None):
    received = ReceivedWireItem.objects.select_for_update().filter(guid=item.guid).first()
    if received is not None and received.version >= item.version and received.article_id:
        received.status = WireItemStatus.SKIPPED
        received.save(update_fields=["status", "received_at"])
        return received
    blocks = body_blocks(item.body_html)
    standfirst = item.standfirst or _first_sentence(blocks) or item.headline
    if received is not None and received.article_id:
        article = ArticlePage.objects.get(pk=received.article_id).get_latest_revision_as_object()
        article.title = item.headline
        article.draft_title = item.headline
        article.standfirst = standfirst
        article.body = json.dumps(blocks)
        article.agency_credit = item.agency
        article.save_revision(user=acting_user, log_action=True)
        received.version = item.version
        received.status = WireItemStatus.UPDATED
        received.save(update_fields=["version", "status", "received_at"])
        return received
    article = ArticlePage(
        title=item.headline,
        slug=_unique_slug(section, item.headline),
        standfirst=standfirst,
        body=json.dumps(blocks),
        agency_credit=item.agency,
        access_level=AccessLevel.METERED,
        live=False,
        owner=acting_user,
    )
    section.add_child(instance=article)
    topics = list(Topic.objects.filter(name__in=item.subjects))
    if topics:
        article.topics.set(topics)
    article.save_revision(user=acting_user, log_action=True)
    received, _ = ReceivedWireItem.objects.update_or_create(
        guid=item.guid,
        defaults={
            "version": item.version,
            "agency": item.agency,
            "format_name": format_name,
            "article": article,
            "status": WireItemStatus.CREATED,
        },
    )
    return received


def _unique_slug(section, headline):
    base = slugify(headline)[:70] or "wire-story"
    slug = base
    siblings = set(section.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    number = 2
    while slug in siblings:
        slug = f"{base}-{number}"
        number += 1
    return slug


def _first_sentence(blocks):
    for block in blocks:
        if block["type"] == "paragraph":
            from django.utils.html import strip_tags

            text = strip_tags(block["value"]).strip()
            return text.split(". ")[0][:400]
    return ""
