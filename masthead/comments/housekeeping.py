"""The hourly housekeeping of comments: the moderators' digest and removing IP addresses
past their retention. The clock in `masthead worker` (MASTHEAD_PERIODIC_JOBS,
masthead/core/clock.py) enqueues it every hour, and makes sure that with several workers
only one does."""

import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from masthead.comments.actions import do_purge_ip_addresses
from masthead.comments.policy import current_policy
from masthead.comments.tasks import send_moderation_digest

log = logging.getLogger("masthead.comments")


@task()
def purge_old_ip_addresses() -> int:
    days = current_policy().ip_retention_days
    removed = do_purge_ip_addresses(timezone.now() - timedelta(days=days))
    if removed:
        log.info("removed the IP address of %d comment(s) older than %d days", removed, days)
    return removed


@task()
def hourly_housekeeping() -> dict:
    return {"digest": send_moderation_digest.call(), "ip_removed": purge_old_ip_addresses.call()}


def hourly_housekeeping_job() -> None:
    """The periodic job (settings.MASTHEAD_PERIODIC_JOBS): queue the housekeeping."""
    hourly_housekeeping.enqueue()
