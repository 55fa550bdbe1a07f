"""Settings for the test suite: the demo settings on SQLite in memory, or on
PostgreSQL and Redis when MASTHEAD_TEST_DATABASE_URL / MASTHEAD_TEST_REDIS_URL
are set (CI runs both)."""

import os
import tempfile

os.environ["MASTHEAD_DEMO"] = "1"
os.environ.setdefault("MASTHEAD_VAR_DIR", os.path.join(tempfile.gettempdir(), "masthead-test"))
os.environ["DATABASE_URL"] = os.environ.get("MASTHEAD_TEST_DATABASE_URL") or "sqlite:///:memory:"
os.environ["REDIS_URL"] = os.environ.get("MASTHEAD_TEST_REDIS_URL", "")
os.environ.setdefault("MASTHEAD_TASKS_IN_DATABASE", "1")
os.environ.pop("EMAIL_URL", None)
os.environ.pop("STRIPE_SECRET_KEY", None)
os.environ.pop("SEARCH_URL", None)

from masthead.settings import *  # noqa: E402,F403
from masthead.settings import DATABASES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "django.contrib.auth.hashers.Argon2PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # Concurrent sessions on one server each get their own test database.
    DATABASES["default"]["TEST"] = {"NAME": "test_masthead" + os.environ.get("MASTHEAD_TEST_DB_SUFFIX", "")}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
WHITENOISE_AUTOREFRESH = True
# The paywall writes each gate impression as it is shown, so no batch outlives its test.
MASTHEAD_FUNNEL_BATCH_SIZE = 1

# One process: its own bumps are seen at once; a test of another process's bump sets it lower.
MASTHEAD_SHARED_VERSIONS_REFRESH_SECONDS = 3600
