"""Version counters with the local-memory cache: each process has its own cache, so
a change made in one (an editor publishing, a webhook granting a subscription)
reaches the others through the database."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from masthead.core import cache_versions
from masthead.core.models import CacheVersion

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not isinstance(caches["default"], LocMemCache), reason="with a shared cache the counters live in the cache"
    ),
]

KEY = "tests:version"


def another_process_bumps(key):
    """What `bump` in another process leaves behind: the row moved on, this process's copy not."""
    row, created = CacheVersion.objects.get_or_create(key=key, defaults={"value": 2})
    if not created:
        CacheVersion.objects.filter(key=key).update(value=row.value + 1)


def test_a_bump_is_seen_at_once_by_the_process_that_made_it():
    before = cache_versions.current(KEY)
    cache_versions.bump(KEY)
    assert cache_versions.current(KEY) == before + 1
    assert CacheVersion.objects.get(key=KEY).value == before + 1


def test_another_processes_bump_is_seen_once_the_refresh_interval_has_passed(settings):
    before = cache_versions.current(KEY)
    another_process_bumps(KEY)
    assert cache_versions.current(KEY) == before  # read at most once per interval
    settings.MASTHEAD_SHARED_VERSIONS_REFRESH_SECONDS = 0
    assert cache_versions.current(KEY) == before + 1


def in_another_process(action):
    """Run `action` as another process would: with a cache of its own, and leaving this
    process's copy of the counters as it was."""
    from django.test import override_settings

    kept = (dict(cache_versions._table.loaded), cache_versions._table.loaded_at)
    other_cache = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "other"}}
    with override_settings(CACHES=other_cache):
        cache_versions.forget_local()
        action()
    cache_versions._table.loaded, cache_versions._table.loaded_at = kept


def test_a_grant_made_in_another_process_reaches_this_ones_cached_grants(settings, group):
    from masthead.access import lookups
    from masthead.access.actions import do_grant_entitlement
    from tests.factories import make_reader

    reader = make_reader()
    publication = group.publications[0]
    assert lookups.digital_entitlements(reader.pk) == (frozenset(), False)  # cached in this process
    in_another_process(lambda: do_grant_entitlement(reader, kind="digital", publication=publication, source="test"))
    assert lookups.digital_entitlements(reader.pk) == (frozenset(), False)  # until the counters are read again
    settings.MASTHEAD_SHARED_VERSIONS_REFRESH_SECONDS = 0
    assert lookups.digital_entitlements(reader.pk) == (frozenset({publication.pk}), False)


def test_an_article_published_in_another_process_replaces_the_cached_page(client, settings, group):
    from tests.factories import make_article

    article = make_article(group.section, "First headline", access_level="free")
    assert "First headline" in client.get(article.url).content.decode()

    def publish_new_revision():
        page = type(article).objects.get(pk=article.pk)
        page.title = "Corrected headline"
        page.save_revision().publish()

    in_another_process(publish_new_revision)
    settings.MASTHEAD_SHARED_VERSIONS_REFRESH_SECONDS = 0
    html = client.get(article.url).content.decode()
    assert "Corrected headline" in html and "First headline" not in html
