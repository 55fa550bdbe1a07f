from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "masthead.access"
    label = "access"
    verbose_name = "Paywall and entitlements"

    def ready(self):
        from allauth.account.signals import user_signed_up
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from masthead.access import funnel, lookups, render_cache
        from masthead.access.models import AccessPolicy, Entitlement
        from masthead.access.signals import entitlement_granted

        page_published.connect(render_cache.forget_routes, dispatch_uid="access-published")
        page_unpublished.connect(render_cache.forget_routes, dispatch_uid="access-unpublished")
        post_page_move.connect(render_cache.forget_bodies_and_routes, dispatch_uid="access-moved")
        post_delete.connect(_forget_deleted_page, dispatch_uid="access-page-deleted")
        for model in (Site, PageViewRestriction, AccessPolicy):
            post_save.connect(render_cache.forget_routes, sender=model, dispatch_uid=f"access-saved-{model.__name__}")
            post_delete.connect(
                render_cache.forget_routes, sender=model, dispatch_uid=f"access-deleted-{model.__name__}"
            )
        post_save.connect(lookups.forget_policies, sender=AccessPolicy, dispatch_uid="access-policy-saved")
        post_delete.connect(lookups.forget_policies, sender=AccessPolicy, dispatch_uid="access-policy-deleted")
        post_save.connect(lookups.forget_entitlements, sender=Entitlement, dispatch_uid="access-entitlement-saved")
        post_delete.connect(lookups.forget_entitlements, sender=Entitlement, dispatch_uid="access-entitlement-deleted")
        user_signed_up.connect(funnel.on_user_signed_up, dispatch_uid="access-funnel-signup")
        entitlement_granted.connect(funnel.on_entitlement_granted, dispatch_uid="access-funnel-granted")


def _forget_deleted_page(sender, instance, **kwargs):
    from wagtail.models import Page

    from masthead.access import render_cache

    if isinstance(instance, Page):
        render_cache.forget_bodies_and_routes()
