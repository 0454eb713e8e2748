"""The worker's clock: jobs that run on an interval inside `masthead worker`, listed by the
apps in MASTHEAD_PERIODIC_JOBS — scheduled publishing (news; Wagtail leaves it to cron),
Stripe retries (fundraising), comment housekeeping (comments).

Each job is (interval in seconds, dotted path of a callable taking no arguments). With
several workers (one per app server), a cache lock lets one of them run a job per interval,
so two servers never publish the same page twice.
"""

import logging
import threading
import time

from django.core.cache import cache
from django.db import close_old_connections

from masthead.core.backends import load_paths

log = logging.getLogger("masthead.clock")


def run_due(now: float, last_run: dict) -> list[str]:
    """Run every job whose interval has passed since it last ran here and whose lock this
    process wins. Returns the paths of the jobs it ran."""
    from django.conf import settings

    ran = []
    jobs = dict(load_paths("MASTHEAD_PERIODIC_JOBS"))
    for interval, path in settings.MASTHEAD_PERIODIC_JOBS:
        if now - last_run.get(path, 0) < interval:
            continue
        last_run[path] = now
        if not cache.add(f"masthead:periodic:{path}", "locked", timeout=max(interval - 1, 1)):
            continue  # another worker has it this interval
        try:
            jobs[path]()
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

    thread = threading.Thread(target=loop, name="masthead-clock", daemon=True)
    thread.start()
    return thread
