"""What Stripe tells masthead: every verified webhook event, and the monthly donors.

A `StripeEvent` row is written in the same transaction as the ledger rows its event causes,
under a unique event id, so an event delivered twice is recorded once. Its status says what
happened when it was handled; an event that failed or refers to a payment not seen yet is
kept and tried again (actions.py), never dropped.
"""

from django.db import models


class StripeEvent(models.Model):
    class Status(models.TextChoices):
        PROCESSED = "processed", "Processed"  # its ledger rows, if any, are written
        IGNORED = "ignored", "Ignored"  # nothing to record; `note` says why
        WAITING = "waiting", "Waiting"  # refers to a gift not recorded yet; tried again when it is
        FAILED = "failed", "Failed"  # the handler raised; `error` has the traceback; retried with back-off

    # Stripe's event id (evt_…). Unique: the constraint, not a lookup, stops a second delivery.
    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100, db_index=True)
    api_version = models.CharField(max_length=50, blank=True)
    livemode = models.BooleanField(default=False)
    created_at = models.DateTimeField()  # when Stripe created the event; the ledger dates gifts by it
    received_at = models.DateTimeField(auto_now_add=True)
    payload = models.JSONField()  # the verified body: retries are handled from it, not from Stripe's API
    status = models.CharField(max_length=10, choices=Status.choices, db_index=True)
    note = models.CharField(max_length=500, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Space-delimited Stripe ids (" pi_… cus_… ") this event waits for: recording a gift with
    # one of them retries it at once.
    waiting_for = models.CharField(max_length=500, blank=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        app_label = "fundraising"
        ordering = ["-received_at", "-pk"]
        verbose_name = "Stripe event"

    def __str__(self):
        return f"{self.type} {self.event_id} ({self.get_status_display().lower()})"


class MonthlyDonor(models.Model):
    """A monthly gift by card: one Stripe subscription. Not money (the ledger has every
    payment); this records who gives each month, for the "active monthly donors" figure and
    for the link that lets a donor manage or cancel the gift."""

    subscription_ref = models.CharField(max_length=255, unique=True)
    customer_ref = models.CharField(max_length=255, db_index=True)
    donor_name = models.CharField(max_length=200, blank=True)
    donor_email = models.EmailField(blank=True)  # private: never in public output
    amount_minor = models.BigIntegerField()  # per month, in minor units of `currency`
    currency = models.CharField(max_length=3)  # ISO 4217, upper case
    started_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)

    wagtail_reference_index_ignore = True

    class Meta:
        app_label = "fundraising"
        ordering = ["-started_at"]

    def __str__(self):
        from masthead.fundraising.money import format_money

        return f"{format_money(self.amount_minor, self.currency)} a month since {self.started_at:%Y-%m-%d}"
