"""Jobs that run on a clock inside `masthead worker`: publishing pages whose scheduled time
has come (Wagtail leaves that to cron), and any job an app lists in MASTHEAD_PERIODIC_JOBS.

Each job is (interval in seconds, dotted path of a callable taking no arguments). With
several workers (one per app server), a cache lock lets one of them run a job per interval,
so two servers never publish the same page twice.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import close_old_connections
from django.utils.module_loading import import_string

log = logging.getLogger("masthead.periodic")


def publish_scheduled_pages():
    """Publish pages whose go-live time has passed, unpublish expired ones (Wagtail)."""
    call_command("publish_scheduled", verbosity=0)


def run_due(now: float, last_run: dict) -> list[str]:
    """Run every job whose interval has passed since it last ran here and whose lock this
    process wins. Returns the paths of the jobs it ran."""
    ran = []
    for interval, path in settings.MASTHEAD_PERIODIC_JOBS:
        if now - last_run.get(path, 0) < interval:
            continue
        last_run[path] = now
        if not cache.add(f"masthead:periodic:{path}", "locked", timeout=max(interval - 1, 1)):
            continue  # another worker has it this interval
        try:
            import_string(path)()
            ran.append(path)
        except Exception:  # a failing job must not stop the others or the worker
            log.exception("periodic job %s failed", path)
    return ran


def start(tick: float = 5.0) -> threading.Thread:
    """Run due jobs every `tick` seconds in a daemon thread."""

    def loop():
        last_run: dict = {}
        while True:
            close_old_connections()  # as Django does around each request
            run_due(time.time(), last_run)
            time.sleep(tick)

    thread = threading.Thread(target=loop, name="masthead-periodic", daemon=True)
    thread.start()
    return thread
