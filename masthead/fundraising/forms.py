"""Admin forms that take amounts as people write them (1,250.50) and store minor units."""

from django import forms
from django.conf import settings
from django.utils import timezone

from masthead.fundraising.models import LedgerEntry, MonthlyGoal
from masthead.fundraising.money import to_major, to_minor

CURRENCY_HELP = "ISO 4217 code, e.g. USD, EUR. The bar counts the site currency."


def _clean_currency(value: str) -> str:
    value = (value or "").strip().upper()
    if len(value) != 3 or not value.isalpha():
        raise forms.ValidationError("Enter a three-letter currency code such as USD or EUR.")
    return value


class AmountFormMixin:
    """Adds `amount` (major units, as typed) and turns it into `amount_minor`."""

    def clean_currency(self):
        return _clean_currency(self.cleaned_data.get("currency"))

    def clean(self):
        cleaned = super().clean()
        if "amount" in cleaned and cleaned.get("currency"):
            try:
                cleaned["amount_minor"] = to_minor(cleaned["amount"], cleaned["currency"])
            except ValueError as error:
                self.add_error("amount", str(error))
            else:
                if cleaned["amount_minor"] <= 0:
                    self.add_error("amount", "Enter an amount above zero.")
        return cleaned


class MonthlyGoalForm(AmountFormMixin, forms.ModelForm):
    amount = forms.CharField(label="Goal", help_text="In the currency below, e.g. 5000 or 5,000.00.")
    field_order = ["month", "amount", "currency"]

    class Meta:
        model = MonthlyGoal
        fields = ["month", "currency"]
        widgets = {"month": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"currency": CURRENCY_HELP}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["amount"] = to_major(self.instance.amount_minor, self.instance.currency)
        else:
            self.initial.setdefault("currency", settings.SITE_CURRENCY)
            self.initial.setdefault("month", timezone.localdate().replace(day=1))


class LedgerEntryForm(AmountFormMixin, forms.ModelForm):
    amount = forms.CharField(help_text="Always positive; refunds and disputes are counted as money going out.")
    field_order = ["kind", "amount", "currency", "occurred_at", "method", "donor_name", "donor_email", "note"]

    class Meta:
        model = LedgerEntry
        fields = ["kind", "currency", "occurred_at", "method", "donor_name", "donor_email", "note"]
        help_texts = {"currency": CURRENCY_HELP, "donor_email": "Private: for receipts only, never shown publicly."}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("currency", settings.SITE_CURRENCY)
        self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))

    def signed_amount_minor(self) -> int:
        outgoing = {LedgerEntry.Kind.REFUND, LedgerEntry.Kind.DISPUTE}
        amount = self.cleaned_data["amount_minor"]
        return -amount if self.cleaned_data["kind"] in outgoing else amount
