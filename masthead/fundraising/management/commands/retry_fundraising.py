from django.core.management.base import BaseCommand

from masthead.fundraising.actions import retry_due


class Command(BaseCommand):
    help = (
        "Retry the Stripe events that failed or wait for a gift and are due, and send receipts "
        "that never went out. The task queue does this by itself; run it from cron as a safety net "
        "(e.g. every 10 minutes) or after an outage."
    )

    def handle(self, *args, **options):
        counts = retry_due()
        self.stdout.write(f"Retried {counts['events']} Stripe event(s); sent {counts['receipts']} missing receipt(s).")
