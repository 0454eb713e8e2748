"""What the newsroom aims for each month, and the rates staff set for other currencies.

Both apply from their month on: a month without its own goal (or rate) uses the latest
earlier one. Neither is money received, so both are editable; the ledger never is.
"""

from django.conf import settings
from django.db import models


def first_of_month(day):
    return day.replace(day=1)


class AppliesFromAMonth(models.Model):
    """Stored as the month's first day and an upper-case currency code, however entered."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.month = first_of_month(self.month)
        self.currency = self.currency.upper()
        super().save(*args, **kwargs)


class MonthlyGoal(AppliesFromAMonth):
    """The goal for one month. A month without its own goal uses the latest earlier one."""

    month = models.DateField(unique=True, help_text="Any day of the month; stored as its first day.")
    amount_minor = models.BigIntegerField()  # in minor units of `currency` (cents for USD)
    currency = models.CharField(max_length=3)  # ISO 4217, upper case

    class Meta:
        app_label = "fundraising"
        ordering = ["-month"]
        constraints = [models.CheckConstraint(condition=models.Q(amount_minor__gt=0), name="goal_amount_positive")]

    def __str__(self):
        from masthead.fundraising.money import format_money

        return f"{self.month:%B %Y}: {format_money(self.amount_minor, self.currency)}"


class ExchangeRate(AppliesFromAMonth):
    """How much one unit of `currency` counts for in the site currency, from `month` on.

    Entered by staff (what the bank actually paid, or the rate the newsroom reports with).
    The goal bar converts a gift in another currency only with one of these; without it the
    gift is listed separately, never converted at a guessed rate.
    """

    month = models.DateField(help_text="Any day of the month; stored as its first day. Applies to later months too, until a newer rate.")
    currency = models.CharField(max_length=3, help_text="The other currency, e.g. EUR.")  # ISO 4217, upper case
    # Exact decimal (never a float): site-currency units per one unit of `currency`.
    rate = models.DecimalField(max_digits=20, decimal_places=10)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "fundraising"
        ordering = ["-month", "currency"]
        constraints = [
            models.UniqueConstraint(fields=["month", "currency"], name="one_rate_per_month_and_currency"),
            models.CheckConstraint(condition=models.Q(rate__gt=0), name="rate_positive"),
        ]

    def __str__(self):
        return f"{self.month:%B %Y}: 1 {self.currency} = {self.rate.normalize():f} {settings.SITE_CURRENCY}"
