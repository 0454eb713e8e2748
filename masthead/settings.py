"""Django settings for masthead: environment in (masthead/config.py), embedded defaults.

With nothing set this is the embedded stack: SQLite in WAL mode, a SQLite cache shared by the
worker processes and the database task queue, all under ./var. DATABASE_URL and REDIS_URL move
it to PostgreSQL and Redis. docs/operations.md documents every variable.
"""

import secrets
from pathlib import Path

import dj_database_url

from masthead.config import env, env_bool, env_list

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env("MASTHEAD_VAR_DIR")).resolve()


def _secret_key() -> str:
    if env("SECRET_KEY"):
        return env("SECRET_KEY")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Proxies whose X-Forwarded-For is believed (masthead/core/client.py); none by default.
MASTHEAD_TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
BASE_URL = env("BASE_URL").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL

if env_bool("BEHIND_HTTPS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    # A request the proxy says came over plain http is sent to https (check --deploy W008);
    # nginx answering on port 80 may redirect first, this covers any other way in.
    SECURE_SSL_REDIRECT = True
    USE_X_FORWARDED_HOST = True

INSTALLED_APPS = [
    "masthead.core",
    "masthead.pagecache",
    "masthead.news",
    "masthead.comments",
    "masthead.fundraising",
    "masthead.demo",
    "masthead.wordpress",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
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
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "masthead.core.csp.ContentSecurityPolicyMiddleware",  # the same header for every reader
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Public forms (comments, donations) are exempt from the token check and verified by
    # their Origin instead, so cached pages carry no per-reader token: see masthead/core/same_origin.py.
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # /?p=123 and the other old WordPress query links (the home page would answer them).
    "masthead.wordpress.middleware.OldQueryLinkMiddleware",
]

# `check --deploy` with the production settings of docs/operations.md passes without these
# two (a test runs it): HSTS for subdomains (W005) and the browsers' preload list (W021)
# are decisions about the whole domain, not this site; nginx can add them.
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
# Wagtail compares ArticlePage's search fields with Page's by identity; ArticlePage indexes
# the title through NormalisedSearchField (news/normalise.py) and keeps every other core field.
SILENCED_SYSTEM_CHECKS.append("wagtailsearch.W001")

ROOT_URLCONF = "masthead.urls"
WSGI_APPLICATION = "masthead.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "masthead.news.chrome.chrome",
                "masthead.fundraising.support.support_url_context",
            ],
        },
    },
]


def _databases() -> dict:
    url = env("DATABASE_URL")
    if url:
        database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path = VAR_DIR / "masthead.sqlite3"
        # Readers' emails, IPs and password hashes: readable by masthead's user only, like the
        # secret key. SQLite gives its -wal and -shm files the database file's mode.
        path.touch(mode=0o600, exist_ok=True)
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        database = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            # One connection per worker process, kept: opening one costs its PRAGMAs and
            # SQLite's parse of the whole schema (~100 tables) on the first statement, a
            # large part of an uncached page's render (bench/render.sh). Workers run one
            # thread each; a connection found broken is replaced (health checks).
            "CONN_MAX_AGE": None,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers and one writer work at once across worker processes;
                # IMMEDIATE takes the write lock at BEGIN, so writers queue (busy timeout)
                # instead of failing with "database is locked" halfway through.
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA busy_timeout=5000;"
                    "PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    return {"default": database}


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # "default" answers a miss when Redis is away (masthead/core/redis_cache.py); the page
    # cache reads the same Redis through "pages", which raises, so that a purge Redis did
    # not take is kept and made again (masthead/pagecache/store.py).
    # Every Redis connection (both aliases and the task queue) gives up after 0.5 s, and after
    # one such failure the whole process skips Redis for 1 s at a time until it answers
    # again, so a frozen Redis costs a request at most 0.5 s (masthead/core/redis_breaker.py).
    from masthead.core import redis_breaker

    _REDIS_OPTIONS = redis_breaker.cache_options(REDIS_URL)
    CACHES = {
        "default": {
            "BACKEND": "masthead.core.redis_cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "masthead",
            "OPTIONS": _REDIS_OPTIONS,
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "masthead",
            "OPTIONS": _REDIS_OPTIONS,
        },
    }
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": redis_breaker.rq_queue(REDIS_URL)}
    INSTALLED_APPS.append("django_rq")
else:
    # SQLite databases under var/cache, not local memory: every worker process sees the same
    # entries and counts the same rate limits atomically (shards, size and timeouts are the
    # backend's defaults: masthead/core/cache.py). Disposable: deleting it loses nothing.
    CACHES = {"default": {"BACKEND": "masthead.core.cache.EmbeddedCache", "LOCATION": str(VAR_DIR / "cache")}}
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# The shared page cache in front of Django (masthead/pagecache/, masthead/wsgi.py): entries,
# tag versions and locks live in this cache alias, so every worker and app server shares them.
MASTHEAD_PAGE_CACHE = {
    "ENABLED": env_bool("PAGE_CACHE"),
    "CACHE": "pages" if REDIS_URL else "default",
    "MAX_AGE": int(env("PAGE_CACHE_MAX_AGE")),
    "S_MAXAGE": int(env("PAGE_CACHE_S_MAXAGE")),
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
SERVE_MEDIA = env_bool("SERVE_MEDIA")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Static files are served straight from the installed packages: no collectstatic step, so
# `masthead demo` and `masthead serve` start in seconds. nginx can serve STATIC_ROOT after
# `masthead collectstatic` instead (docs/operations.md).
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = 3600

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# A comment is at most a few KiB; no public form needs more than this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = int(env("EMAIL_PORT"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SITE_CURRENCY = env("SITE_CURRENCY").upper()
MONEY_FORMAT = env("MONEY_FORMAT")
SITE_LOCALE = env("SITE_LOCALE")

# Card gifts (masthead/fundraising/payments/): Stripe Checkout once both Stripe keys are set;
# without them the card option is hidden and the offline ways to give still show.
MASTHEAD_PAYMENTS = {
    "default": {
        "BACKEND": "masthead.fundraising.payments.stripe.StripeBackend",
        "SECRET_KEY": env("STRIPE_SECRET_KEY"),
        "WEBHOOK_SECRET": env("STRIPE_WEBHOOK_SECRET"),
        "API_BASE": env("STRIPE_API_BASE"),
    }
}

# Article feeds (masthead/news/feeds.py): excerpt or full content, and the WebSub hub
# pinged on publish (masthead/news/websub.py).
MASTHEAD_FEED_CONTENT = "full" if env("FEED_CONTENT").lower() == "full" else "excerpt"
MASTHEAD_WEBSUB_HUB = env("WEBSUB_HUB_URL")

WAGTAIL_SITE_NAME = "masthead"
# Sign-in throttling (masthead/core/login.py, docs/operations.md "Signing in"): failures per
# account and per address (network block) within the lockout period, then locked until it ends.
WAGTAILADMIN_USER_LOGIN_FORM = "masthead.core.login.ThrottledLoginForm"
MASTHEAD_IP_BAN_DAYS = int(env("IP_BAN_DAYS"))  # 0: IP bans never expire
MASTHEAD_LOGIN_FAILURES_PER_ACCOUNT = 5
MASTHEAD_LOGIN_FAILURES_PER_ADDRESS = 20
MASTHEAD_LOGIN_LOCKOUT_MINUTES = 15
# Wagtail's database backend (SQLite FTS5, PostgreSQL full text) with an index update on
# publish that touches only the article's own row (masthead/news/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "masthead.news.search_backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAIL_I18N_ENABLED = False
# Editors' avatars: an uploaded one or Wagtail's default, never Gravatar (it would send a hash
# of every editor's email to a third party from the admin, and show a broken image offline).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# The moderation pipeline: each check is `(comment, context) -> Verdict | None`; a site adds
# its own by appending a dotted path. See masthead/comments/moderation.py.
# Their thresholds are edited in the admin (Settings → Comment settings).
MASTHEAD_COMMENT_CHECKS = [
    "masthead.comments.checks.honeypot",
    "masthead.comments.checks.fill_time",
    "masthead.comments.checks.blocked_sender",
    "masthead.comments.checks.duplicate",
    "masthead.comments.checks.banned_terms",
    "masthead.comments.checks.suspect_terms",
    "masthead.comments.checks.too_many_links",
    "masthead.comments.checks.first_comment_from_email",
    "masthead.comments.checks.spam_score",
    "masthead.comments.checks.reader_reports",
]
# The learned spam classifier behind the spam_score check (masthead/comments/classifier/).
MASTHEAD_SPAM_CLASSIFIER = {"default": {"BACKEND": "masthead.comments.classifier.logistic.LogisticClassifier"}}

# (interval in seconds, dotted path): run by `masthead worker`, see masthead/core/clock.py.
MASTHEAD_PERIODIC_JOBS = [
    (60, "masthead.news.scheduling.publish_scheduled_pages"),
    # Stripe events whose handling failed, and receipts that never went out.
    (60, "masthead.fundraising.actions.retry_due"),
    # Comments: the moderators' hourly digest and removing IP addresses past retention.
    (3600, "masthead.comments.housekeeping.hourly_housekeeping_job"),
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"masthead": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
