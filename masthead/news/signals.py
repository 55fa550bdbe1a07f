"""Keep what is derived from the page tree true when the tree changes: the
denormalised `section`/`publication` of articles, the cached navigation and the
cached story listings."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from masthead.news.listings import bump_listings_version
from masthead.news.navigation import bump_nav_version


def refresh_article_placement(page):
    """Set `section` and `publication` of every article at or below `page` from the tree."""
    from masthead.news.models import ArticlePage, PublicationPage, SectionPage

    sections = list(SectionPage.objects.descendant_of(page, inclusive=True))
    if sections:
        for section in sections:
            publication = PublicationPage.objects.ancestor_of(section).last()
            ArticlePage.objects.descendant_of(section).update(section=section, publication=publication)
        return
    section = SectionPage.objects.ancestor_of(page).last()
    publication = PublicationPage.objects.ancestor_of(page).last()
    ArticlePage.objects.descendant_of(page, inclusive=True).update(section=section, publication=publication)


def _is_structural(page):
    from masthead.news.models import HomePage, PublicationPage, SectionPage

    return isinstance(page, HomePage | PublicationPage | SectionPage) or page.specific_class in (
        HomePage,
        PublicationPage,
        SectionPage,
    )


@receiver(post_page_move)
def page_moved(sender, instance, **kwargs):
    refresh_article_placement(instance)
    bump_listings_version()
    if _is_structural(instance):
        bump_nav_version()


@receiver(page_published)
@receiver(page_unpublished)
def page_published_or_unpublished(sender, instance, **kwargs):
    bump_listings_version()
    if _is_structural(instance):
        bump_nav_version()


@receiver(post_delete, sender=Page)
def page_deleted(sender, instance, **kwargs):
    bump_listings_version()
    if _is_structural(instance):
        bump_nav_version()


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def site_changed(sender, instance, **kwargs):
    bump_nav_version()
