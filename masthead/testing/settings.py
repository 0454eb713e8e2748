"""Settings for the test suite: the real settings, with fast hashing, immediate tasks and a
private cache, database name and media folder per run so that parallel runs never collide."""

import hashlib
import os
import tempfile
import uuid
from urllib.parse import urlsplit, urlunsplit

from masthead.settings import *  # noqa: F403
from masthead.settings import DATABASES, REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Links in mail, feeds and receipts are built on BASE_URL (masthead/core/site.py); the test
# client's host, so that they are the addresses a test request would use.
BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="masthead-test-media-")

# Two checkouts testing against the same PostgreSQL must not share a test database.
_checkout = hashlib.sha1(os.getcwd().encode()).hexdigest()[:8]
DATABASES["default"].setdefault("TEST", {})
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"]["NAME"] = None  # in memory
else:
    DATABASES["default"]["TEST"]["NAME"] = f"test_masthead_{_checkout}"

if REDIS_URL:
    # Other checkouts' suites may use the same Redis at the same time: clear() (run before
    # every test) removes only this run's keys instead of FLUSHDB, and each checkout uses
    # its own database number, so a suite still on Django's FLUSHDB cannot wipe this one.
    _redis = urlsplit(REDIS_URL)
    _location = urlunsplit(_redis._replace(path=f"/{1 + int(_checkout, 16) % 15}"))
    _prefix = f"masthead-test-{uuid.uuid4().hex[:12]}"
    CACHES = {
        "default": {"BACKEND": "masthead.testing.redis_cache.PrefixedFailSoftRedisCache", "LOCATION": _location, "KEY_PREFIX": _prefix},
        "pages": {"BACKEND": "masthead.testing.redis_cache.PrefixedRedisCache", "LOCATION": _location, "KEY_PREFIX": _prefix},
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
