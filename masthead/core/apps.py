from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "masthead.core"
    label = "core"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from masthead.core import checks, ratelimit, sites  # noqa: F401 (checks registers itself)
        from masthead.core.images import apply_pillow_limits

        ratelimit.share_allauth_store()
        apply_pillow_limits()

        post_save.connect(sites.bump_sites_version, sender=Site, dispatch_uid="core-site-saved")
        post_delete.connect(sites.bump_sites_version, sender=Site, dispatch_uid="core-site-deleted")
        page_published.connect(sites.bump_for_page, dispatch_uid="core-site-root-published")
        page_unpublished.connect(sites.bump_for_page, dispatch_uid="core-site-root-unpublished")
        post_page_move.connect(sites.bump_for_page, dispatch_uid="core-site-root-moved")

        def page_deleted(sender, instance, **kwargs):
            if isinstance(instance, Page):
                sites.bump_for_page(instance=instance)

        post_delete.connect(page_deleted, dispatch_uid="core-site-root-deleted")
