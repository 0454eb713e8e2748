"""Monthly goals, the donation ledger and the support page.

The ledger is append-only: every gift, refund or dispute is one `LedgerEntry` in integer
minor units and an ISO currency code, signed (a refund is negative). Totals, the goal bar and
reports are sums over entries; nothing is ever edited in place. A correction is a new entry.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page


def first_of_month(day):
    return day.replace(day=1)


class MonthlyGoal(models.Model):
    """The goal for one month. A month without its own goal uses the latest earlier one."""

    month = models.DateField(unique=True, help_text="Any day of the month; stored as its first day.")
    amount_minor = models.BigIntegerField()  # in minor units of `currency` (cents for USD)
    currency = models.CharField(max_length=3)  # ISO 4217, upper case

    class Meta:
        ordering = ["-month"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_minor__gt=0), name="goal_amount_positive")]

    def __str__(self):
        from masthead.fundraising.money import format_money

        return f"{self.month:%B %Y}: {format_money(self.amount_minor, self.currency)}"

    def save(self, *args, **kwargs):
        self.month = first_of_month(self.month)
        self.currency = self.currency.upper()
        super().save(*args, **kwargs)


class AppendOnlyError(Exception):
    pass


class LedgerEntry(models.Model):
    class Kind(models.TextChoices):
        DONATION = "donation", "Donation"
        REFUND = "refund", "Refund"
        DISPUTE = "dispute", "Dispute"
        DISPUTE_WON = "dispute_won", "Dispute won"

    class Method(models.TextChoices):
        CARD = "card", "Card"
        BANK = "bank", "Bank transfer"
        CRYPTO = "crypto", "Crypto"
        CASH = "cash", "Cash"
        CHEQUE = "cheque", "Cheque"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.DONATION)
    # Signed, in minor units of `currency`: donations and won disputes positive, refunds and
    # disputes negative. The bar for a month is the sum of its entries in the site currency.
    amount_minor = models.BigIntegerField()
    currency = models.CharField(max_length=3)  # ISO 4217, upper case
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.OTHER)
    donor_name = models.CharField(max_length=200, blank=True)
    donor_email = models.EmailField(blank=True)  # private: never in public output
    note = models.CharField(max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # the staff member who entered it; None for entries from a payment provider
    # The provider's id of the event that caused this entry (e.g. a Stripe event id);
    # unique, so an event delivered twice cannot be recorded twice.
    external_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
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


class GivingWayBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, help_text="e.g. Bank transfer, Bitcoin, Cheque")
    details = blocks.TextBlock(help_text="Account details, address or instructions, shown as written.")

    class Meta:
        icon = "form"
        template = "fundraising/blocks/giving_way.html"


class SupportPage(Page):
    """Where every "Support <site>" link leads: this month's progress and the ways to give."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    ways_to_give = StreamField([("way", GivingWayBlock())], blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("ways_to_give")]
    parent_page_types = ["news.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    template = "fundraising/support_page.html"

    def get_context(self, request, *args, **kwargs):
        from masthead.fundraising.progress import current_progress

        context = super().get_context(request, *args, **kwargs)
        context["progress"] = current_progress()
        return context
