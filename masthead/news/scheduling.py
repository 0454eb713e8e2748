"""Scheduled publishing without cron: Wagtail publishes a page whose go-live time has come
(and unpublishes an expired one) only when its `publish_scheduled` command runs; the
worker's clock (core/clock.py) runs it every minute."""

from django.core.management import call_command


def publish_scheduled_pages():
    call_command("publish_scheduled", verbosity=0)
