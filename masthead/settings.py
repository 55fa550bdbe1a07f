"""Masthead settings, read from the environment (twelve-factor).

`MASTHEAD_DEMO=1` (set by `make run` and the tests) allows running without a
SECRET_KEY: one is generated once and kept in `var/`. Outside the demo a missing
SECRET_KEY stops the process at start.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR / "masthead"
VAR_DIR = Path(os.environ.get("MASTHEAD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEMO = env_bool("MASTHEAD_DEMO")
DEBUG = env_bool("DEBUG")


def _secret_key():
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    if not DEMO:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (at least 50 random characters), "
            "or set MASTHEAD_DEMO=1 to run the demo with a generated key."
        )
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_URL)
SITE_IS_HTTPS = _site.scheme == "https"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or (
    ["*"] if DEMO else [_site.hostname or "localhost", "127.0.0.1", "localhost"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") or [f"{_site.scheme}://{_site.netloc}"]

INSTALLED_APPS = [
    "masthead.core",
    "masthead.news",
    "masthead.access",
    "masthead.accounts",
    "masthead.billing",
    "masthead.newsletters",
    "masthead.epaper",
    "masthead.search",
    "masthead.wire",
    "masthead.analytics",
    "masthead.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "anymail",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "masthead.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "masthead.core.sites.CurrentSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "masthead.access.middleware.ReaderMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Messages ("You have signed in") live in the session. The default storage tries a
# signed cookie first and builds its signer on every request, pages that never show
# a message included.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

ROOT_URLCONF = "masthead.urls"
WSGI_APPLICATION = "masthead.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "masthead.core.context_processors.site_chrome",
            ],
        },
    },
]

# Database: SQLite in var/ by default, in WAL mode with a busy timeout so web
# workers and the task worker can share it; DATABASE_URL for PostgreSQL.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'masthead.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Opening an SQLite connection and running the pragmas costs ~8 ms; keep it.
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=30000;PRAGMA foreign_keys=ON;"
        ),
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "masthead"),
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "masthead",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Rate-limit counters must be shared by every process (a limit kept per process
# grows with the number of workers): Redis at scale, a database table otherwise,
# either way answered from process memory while the store is down.
CACHES["ratelimit"] = {
    "BACKEND": "masthead.core.cache_backends.FailSafeCache",
    "LOCATION": "masthead_ratelimit",
    "OPTIONS": (
        {
            "STORE": "django_redis.cache.RedisCache",
            "STORE_OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
        if REDIS_URL
        else {"STORE": "django.core.cache.backends.db.DatabaseCache"}
    ),
}
if REDIS_URL:
    CACHES["ratelimit"]["LOCATION"] = REDIS_URL
    CACHES["ratelimit"]["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX", "masthead") + ":rl"

# Addresses and networks of the reverse proxies and load balancers in front of
# the site: only their X-Forwarded-For / Forwarded headers are believed
# (masthead/core/client_ip.py). Empty: the connecting address is the reader's.
MASTHEAD_TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# With the local-memory cache each process has its own: the version counters that
# drop cached pages, grants and policies are then shared through the database and
# read again at most this often (see masthead/core/cache_versions.py).
MASTHEAD_SHARED_VERSIONS_REFRESH_SECONDS = float(os.environ.get("MASTHEAD_SHARED_VERSIONS_REFRESH_SECONDS", "1"))

# Background work: the database queue (`masthead worker`) by default, RQ on Redis at scale.
if REDIS_URL and not env_bool("MASTHEAD_TASKS_IN_DATABASE"):
    INSTALLED_APPS.append("django_tasks_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
# NIST 800-63B: a minimum length and a list of common passwords; no composition rules.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
]
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Dublin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Media (images, documents) and protected files (the e-paper) live on this
# machine (`local`, the default) or on S3-compatible object storage (`s3`), chosen
# by MASTHEAD_STORAGE; see masthead/core/storage.py and docs/operators.md.
MASTHEAD_STORAGE = os.environ.get("MASTHEAD_STORAGE", "local").strip().lower()
MASTHEAD_PROTECTED_ROOT = Path(os.environ.get("MASTHEAD_PROTECTED_ROOT", VAR_DIR / "protected"))
# Protected files leave after the entitlement check: streamed through the web process
# (`stream`), or, on S3, as a redirect to a signed URL valid this many seconds (`signed`).
MASTHEAD_PROTECTED_DELIVERY = os.environ.get("MASTHEAD_PROTECTED_DELIVERY", "stream").strip().lower()
MASTHEAD_PROTECTED_URL_SECONDS = int(os.environ.get("MASTHEAD_PROTECTED_URL_SECONDS", "60"))
if MASTHEAD_STORAGE not in {"local", "s3"}:
    raise ImproperlyConfigured("MASTHEAD_STORAGE must be 'local' or 's3'.")
if MASTHEAD_PROTECTED_DELIVERY not in {"stream", "signed"}:
    raise ImproperlyConfigured("MASTHEAD_PROTECTED_DELIVERY must be 'stream' or 'signed'.")
if MASTHEAD_STORAGE == "s3":
    _s3 = {
        "endpoint_url": os.environ.get("MASTHEAD_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("MASTHEAD_S3_REGION") or None,
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "addressing_style": os.environ.get("MASTHEAD_S3_ADDRESSING_STYLE") or None,
    }
    if not os.environ.get("MASTHEAD_S3_MEDIA_BUCKET") or not os.environ.get("MASTHEAD_S3_PROTECTED_BUCKET"):
        raise ImproperlyConfigured(
            "MASTHEAD_STORAGE=s3 needs MASTHEAD_S3_MEDIA_BUCKET and MASTHEAD_S3_PROTECTED_BUCKET (two buckets: "
            "the protected one must never be public)."
        )
    _default_storage = {
        "BACKEND": "masthead.core.storage.MediaStorage",
        "OPTIONS": {
            **_s3,
            "bucket_name": os.environ["MASTHEAD_S3_MEDIA_BUCKET"],
            "custom_domain": os.environ.get("MASTHEAD_S3_MEDIA_DOMAIN") or None,
            "default_acl": os.environ.get("MASTHEAD_S3_MEDIA_ACL", "public-read") or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    _protected_storage = {
        "BACKEND": "masthead.core.storage.ProtectedS3Storage",
        "OPTIONS": {**_s3, "bucket_name": os.environ["MASTHEAD_S3_PROTECTED_BUCKET"]},
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    _protected_storage = {
        "BACKEND": "masthead.core.storage.ProtectedFileSystemStorage",
        "OPTIONS": {"location": MASTHEAD_PROTECTED_ROOT},
    }
STORAGES = {
    "default": _default_storage,
    "protected": _protected_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = 3600
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Upload bodies are refused as they arrive (masthead/core/uploads.py): each upload
# screen allows its own file limit; any other request body, this much.
FILE_UPLOAD_HANDLERS = [
    "masthead.core.uploads.BodyLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
MASTHEAD_MAX_REQUEST_BYTES = int(os.environ.get("MASTHEAD_MAX_REQUEST_BYTES", 10 * 1024 * 1024))

# Email: EMAIL_URL (smtp://user:pass@host:port, or smtp+tls://...) or the demo's file backend.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
MAIL_DIR = VAR_DIR / "mail"
if EMAIL_URL:
    _email = urlsplit(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or 25
    EMAIL_HOST_USER = _email.username or ""
    EMAIL_HOST_PASSWORD = _email.password or ""
    EMAIL_USE_TLS = _email.scheme in {"smtp+tls", "submission"}
    EMAIL_USE_SSL = _email.scheme == "smtps"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = MAIL_DIR
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Masthead <newsroom@masthead.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security headers. HSTS and secure cookies follow SITE_URL's scheme.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SITE_IS_HTTPS
CSRF_COOKIE_SECURE = SITE_IS_HTTPS
CSRF_COOKIE_SAMESITE = "Lax"
if SITE_IS_HTTPS:
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("MASTHEAD_GROUP_NAME", "Masthead")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
# Every document is checked to be what its name says (PDFs rewritten without
# active content: masthead/core/documents.py), then served through Wagtail's view
# (privacy checked), as an attachment with nosniff and `default-src 'none'`.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "masthead.core.documents.DocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "jpeg", "webp": "webp"}

# Uploads (see masthead/core/uploads.py, images.py, documents.py). Pillow's limits
# are set from these when Django starts; an image is decoded whole at upload, so
# the pixel limit bounds the memory one upload can take (about 4 bytes a pixel).
MASTHEAD_IMAGE_MAX_UPLOAD_BYTES = int(os.environ.get("MASTHEAD_IMAGE_MAX_UPLOAD_BYTES", 25 * 1024 * 1024))
MASTHEAD_IMAGE_MAX_PIXELS = int(os.environ.get("MASTHEAD_IMAGE_MAX_PIXELS", 60_000_000))
MASTHEAD_IMAGE_MAX_TEXT_CHUNK_BYTES = 1024 * 1024  # one PNG text chunk, decompressed
MASTHEAD_IMAGE_MAX_TEXT_MEMORY_BYTES = 8 * 1024 * 1024  # all of a PNG's text chunks
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = MASTHEAD_IMAGE_MAX_UPLOAD_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = MASTHEAD_IMAGE_MAX_PIXELS
WAGTAILIMAGES_IMAGE_FORM_BASE = "masthead.core.images.ImageForm"
MASTHEAD_DOCUMENT_MAX_UPLOAD_BYTES = int(os.environ.get("MASTHEAD_DOCUMENT_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))

# Masthead
MASTHEAD_SEARCH_URL = os.environ.get("SEARCH_URL", "")
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Background jobs that `masthead worker` runs on a clock (dotted paths to callables
# taking no argument; each must be idempotent). Apps append theirs below.
MASTHEAD_PERIODIC_JOBS = ["masthead.news.jobs.publish_scheduled_pages"]

# Modules that hold a reader's personal data: each offers export(user) -> dict
# and erase(user), used by the account page's download and deletion.
MASTHEAD_PERSONAL_DATA = []

# Callables `masthead demo` runs after the core group is loaded (plans, lists,
# editions...), each given the loader's context and idempotent.
MASTHEAD_DEMO_EXTRAS = []

# allauth: email is the only identifier.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
# The password is optional: a reader who leaves it empty registers with an emailed code.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True

# Feature modules add their settings below this line, each under its own heading.

# --- accounts ---
ACCOUNT_ADAPTER = "masthead.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "masthead.accounts.forms.SignupForm",
    "request_login_code": "masthead.accounts.forms.RequestLoginCodeForm",
}
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 600
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_IS_HTTPS else "http"
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
    "request_login_code": "20/m/ip,3/5m/key",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
LOGOUT_REDIRECT_URL = "/"
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Staff reach /admin/ only with a second factor (TOTP); off in the demo unless asked for.
MASTHEAD_STAFF_REQUIRE_MFA = env_bool("MASTHEAD_STAFF_REQUIRE_MFA", not DEMO)
MIDDLEWARE += ["masthead.accounts.middleware.AccountsMiddleware"]
MASTHEAD_PERSONAL_DATA.insert(0, "masthead.accounts.personal_data")

# --- epaper ---
# Page images, text and PDFs live in the `protected` storage (under `epaper/`) and
# are served only through views that check entitlements.
MASTHEAD_EPAPER_DROP_DIR = Path(os.environ.get("MASTHEAD_EPAPER_DROP_DIR", VAR_DIR / "epaper-drop"))
MASTHEAD_EPAPER_DROP_SETTLE_SECONDS = int(os.environ.get("MASTHEAD_EPAPER_DROP_SETTLE_SECONDS", "30"))
MASTHEAD_EPAPER_MAX_UPLOAD_BYTES = int(os.environ.get("MASTHEAD_EPAPER_MAX_UPLOAD_BYTES", 200 * 1024 * 1024))
MASTHEAD_EPAPER_MAX_PAGES = 400
MASTHEAD_EPAPER_MAX_PAGE_POINTS = 3000  # about 106 cm on a side
MASTHEAD_EPAPER_MAX_PIXELS = 16_000_000  # per rendered zoom image
MASTHEAD_EPAPER_PROCESSES = int(os.environ.get("MASTHEAD_EPAPER_PROCESSES", os.cpu_count() or 1))
MASTHEAD_EPAPER_RENDER = {}  # overrides for masthead.epaper.render.RenderSpec
MASTHEAD_EPAPER_STALLED_AFTER_SECONDS = 30 * 60
MASTHEAD_PERIODIC_JOBS.append("masthead.epaper.jobs.import_drop_folder")
MASTHEAD_PERIODIC_JOBS.append("masthead.epaper.jobs.requeue_stalled_processing")
MASTHEAD_DEMO_EXTRAS.append("masthead.epaper.demo.load_demo_editions")

# --- billing ---
# Days a reader keeps access after a failed renewal payment, while they update their card.
MASTHEAD_BILLING_GRACE_DAYS = int(os.environ.get("MASTHEAD_BILLING_GRACE_DAYS", "7"))
MASTHEAD_PERSONAL_DATA.append("masthead.billing.personal_data")
MASTHEAD_DEMO_EXTRAS.append("masthead.billing.demo.load_demo_plans")

# --- newsletters ---
NEWSLETTERS_FROM_EMAIL = os.environ.get("NEWSLETTERS_FROM_EMAIL", DEFAULT_FROM_EMAIL)
# Envelope sender (Return-Path): where SMTP bounces go, for `masthead newsletters bounces`.
NEWSLETTERS_BOUNCE_ADDRESS = os.environ.get("NEWSLETTERS_BOUNCE_ADDRESS", "bounces@masthead.example")
NEWSLETTERS_UNSUBSCRIBE_MAILTO = os.environ.get("NEWSLETTERS_UNSUBSCRIBE_MAILTO", "unsubscribe@masthead.example")
# "smtp" (pre-built bytes over parallel connections), "django" (EMAIL_BACKEND, e.g. anymail), or empty:
# SMTP when EMAIL_URL is set, Django's backend otherwise (the demo's mail files).
NEWSLETTERS_TRANSPORT = os.environ.get("NEWSLETTERS_TRANSPORT", "")
NEWSLETTERS_SMTP_CONNECTIONS = int(os.environ.get("NEWSLETTERS_SMTP_CONNECTIONS", "4"))
# An issue whose moment passed longer ago than this (worker down) is marked missed, not sent late.
NEWSLETTERS_LATE_LIMIT_MINUTES = int(os.environ.get("NEWSLETTERS_LATE_LIMIT_MINUTES", "180"))
# Sign-ups per client address per hour.
NEWSLETTERS_SIGNUP_RATE = int(os.environ.get("NEWSLETTERS_SIGNUP_RATE", "10"))
MASTHEAD_PERIODIC_JOBS.append("masthead.newsletters.jobs.send_due_newsletters")
MASTHEAD_PERSONAL_DATA.append("masthead.newsletters.personal_data")
MASTHEAD_DEMO_EXTRAS.append("masthead.newsletters.demo.load_demo_newsletters")

# --- access ---
# Published articles are answered from the render cache before Wagtail's routing;
# last, so every other middleware (sessions, auth, CSRF, accounts) has run.
MIDDLEWARE.append("masthead.access.middleware.PageFastPathMiddleware")
MASTHEAD_PERSONAL_DATA.append("masthead.access.personal_data")
# Gate impressions are written in batches of this many per web process (or every few seconds).
MASTHEAD_FUNNEL_BATCH_SIZE = int(os.environ.get("MASTHEAD_FUNNEL_BATCH_SIZE", "200"))

# --- search ---
# Reader-facing article search: a dotted path to a backend class, or empty to use
# OpenSearch when SEARCH_URL is set, else the database's own full-text search.
MASTHEAD_SEARCH_BACKEND = os.environ.get("MASTHEAD_SEARCH_BACKEND", "")
MASTHEAD_SEARCH_INDEX_PREFIX = os.environ.get("MASTHEAD_SEARCH_INDEX_PREFIX", "masthead")
MASTHEAD_DEMO_EXTRAS.append("masthead.search.demo.index_demo_articles")
