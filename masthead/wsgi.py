"""The WSGI application `masthead serve` runs: Django, behind the shared page cache
(masthead/pagecache/wsgi.py) unless PAGE_CACHE=false."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "masthead.settings")
application = get_wsgi_application()

if settings.MASTHEAD_PAGE_CACHE["ENABLED"]:
    from masthead.pagecache.wsgi import PageCache

    application = PageCache(application)
