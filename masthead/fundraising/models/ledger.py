"""The donation ledger: append-only, exact, and the only source of every figure.

Every gift, refund or dispute is one `LedgerEntry` in integer minor units and an ISO currency
code, signed (a refund is negative). Totals, the goal bar and reports are sums over entries;
nothing is ever edited in place. A mistake is put right by a correction: a reversal entry
(kind "correction", the exact negative of the entry, in its month) that names the entry it
corrects, optionally with the right figures re-entered as a new entry that names the one it
replaces. Each entry names its source: the staff member who entered it, or the Stripe event
that reported it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    pass


class LedgerEntry(models.Model):
    class Kind(models.TextChoices):
        DONATION = "donation", "Donation"
        REFUND = "refund", "Refund"
        DISPUTE = "dispute", "Dispute"
        DISPUTE_WON = "dispute_won", "Dispute won"
        CORRECTION = "correction", "Correction"

    class Method(models.TextChoices):
        CARD = "card", "Card"
        BANK = "bank", "Bank transfer"
        CRYPTO = "crypto", "Crypto"
        CASH = "cash", "Cash"
        CHEQUE = "cheque", "Cheque"
        OTHER = "other", "Other"

    class Frequency(models.TextChoices):
        ONE_TIME = "one_time", "One-time"
        MONTHLY = "monthly", "Monthly"

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DONATION)
    # Signed, in minor units of `currency`: donations and won disputes positive, refunds and
    # disputes negative. The bar for a month is the sum of its entries in the site currency.
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)  # ISO 4217, upper case
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.OTHER)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.ONE_TIME)
    donor_name = models.CharField(max_length=200, blank=True)
    donor_email = models.EmailField(blank=True)  # private: never in public output
    # The donor's own words; shown publicly only with `show_publicly`.
    message = models.CharField(max_length=500, blank=True)
    # The donor asked to appear (name and message) on the public supporters list.
    show_publicly = models.BooleanField(default=False)
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # the staff member who entered it; None for entries from a payment provider
    stripe_event = models.ForeignKey(
        "fundraising.StripeEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )  # the webhook event that reported it; None for entries made by staff
    # Names the movement of money at the provider, e.g. "stripe:payment:pi_…" or
    # "stripe:refund:ch_…:1000". Unique: however many events report the same payment (a
    # Checkout session and its first invoice, a replayed event), it is recorded once.
    external_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    # Provider references, to tie refunds and disputes to their gift and to find a monthly
    # donor's customer record: the PaymentIntent, invoice or charge; the customer; the subscription.
    payment_ref = models.CharField(max_length=255, blank=True, db_index=True)
    customer_ref = models.CharField(max_length=255, blank=True, db_index=True)
    subscription_ref = models.CharField(max_length=255, blank=True)
    # A correction names the entry it reverses (its amount is exactly minus that entry's, so
    # the pair sums to zero); one-to-one, so no entry is ever reversed twice.
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction"
    )
    # The entry re-entered with the right figures names the one it replaces (one at most).
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replacement"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Wagtail's "usage" index has nothing to say about money and would queue a task per entry.
    wagtail_reference_index_ignore = True

    class Meta:
        app_label = "fundraising"
        ordering = ["-occurred_at", "-pk"]
        verbose_name_plural = "ledger entries"
        indexes = [models.Index(fields=["currency", "occurred_at"], name="ledger_month")]

    def __str__(self):
        from masthead.fundraising.money import format_money

        return f"{self.get_kind_display()} {format_money(self.amount_minor, self.currency)} on {self.occurred_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("Ledger entries are never changed; record a correcting entry instead.")
        self.currency = self.currency.upper()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Ledger entries are never deleted; record a correcting entry instead.")

    @property
    def reference(self) -> str:
        """The reference printed on receipts and quoted by donors: year and entry number."""
        return f"{timezone.localtime(self.occurred_at):%Y}-{self.pk:06d}"

    def amount_text(self) -> str:
        from masthead.fundraising.money import format_money

        return format_money(self.amount_minor, self.currency)

    amount_text.short_description = "Amount"

    def source(self) -> str:
        """Where the entry came from: the Stripe event that reported it, or who entered it."""
        if self.stripe_event_id:
            return f"Stripe {self.stripe_event.event_id}"
        if self.recorded_by_id:
            return f"Staff: {self.recorded_by.get_username()}"
        return "Imported"

    def why_not_correctable(self) -> str | None:
        """Why staff may not correct this entry, or None. Stripe's entries record money that
        really moved at Stripe: the ledger must keep matching Stripe's balance, so a wrong card
        gift is refunded at Stripe (its refund event records it), never reversed here."""
        if self.stripe_event_id or (self.external_id or "").startswith("stripe:"):
            return (f"Entry {self.reference} came from Stripe: refund it in Stripe's dashboard; "
                    "the refund is recorded here when Stripe reports it.")
        if self.kind == self.Kind.CORRECTION:
            return f"Entry {self.reference} is itself a correction: it cannot be corrected."
        if getattr(self, "correction", None) is not None:  # the reverse one-to-one (None: not corrected)
            return f"Entry {self.reference} has already been corrected."
        return None

    def correction_text(self) -> str:
        """How the entry takes part in a correction, for the ledger list and exports. Reads the
        related rows the list selects with it (LedgerEntryViewSet.get_queryset)."""
        if self.corrects_id:
            return f"Corrects {self.corrects.reference}: {self.note}"
        parts = []
        if self.replaces_id:
            parts.append(f"Re-entered for {self.replaces.reference}")
        correction = getattr(self, "correction", None)
        if correction is not None:
            parts.append(f"Corrected by {correction.reference}")
        return "; ".join(parts)

    correction_text.short_description = "Correction"

    def amount_major(self) -> str:
        """The amount as an exact decimal number ("-12.50"), for spreadsheets."""
        from masthead.fundraising.money import to_major

        return f"{to_major(self.amount_minor, self.currency):f}"

    amount_major.short_description = "Amount (major units)"


class Receipt(models.Model):
    """A receipt email sent for one donation: its row is what stops a second one."""

    entry = models.OneToOneField(LedgerEntry, on_delete=models.PROTECT, related_name="receipt")
    sent_to = models.EmailField()  # private, like the entry's donor_email
    sent_at = models.DateTimeField(default=timezone.now)

    wagtail_reference_index_ignore = True

    class Meta:
        app_label = "fundraising"

    def __str__(self):
        return f"Receipt {self.entry.reference}"
