"""Forms that take amounts as people write them (1,250.50; 1.250,50 where SITE_LOCALE says
so) and produce minor units: the reader's donation form, and the admin's goal, ledger and
exchange-rate forms. An amount that could mean two things is refused with a sentence saying
how to write it, and the form comes back with everything that was typed."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.utils import timezone

from masthead.core.reader_text import clean_name
from masthead.fundraising.models.goals import ExchangeRate, MonthlyGoal
from masthead.fundraising.models.ledger import LedgerEntry
from masthead.fundraising.money import format_money, known_currency, to_minor, typed
from masthead.fundraising.payments import Donation, backend
from masthead.fundraising.payments.base import MONTHLY, ONE_TIME

CURRENCY_HELP = "ISO 4217 code, e.g. USD, EUR. The bar counts the site currency."
OTHER = "other"


def _clean_currency(value: str) -> str:
    value = (value or "").strip().upper()
    if len(value) != 3 or not value.isalpha():
        raise forms.ValidationError("Enter a three-letter currency code such as USD or EUR.")
    if not known_currency(value):
        raise forms.ValidationError(f"{value} is not an ISO 4217 currency code. Enter one such as USD or EUR.")
    return value


class DonationForm(forms.Form):
    """The reader's gift: a preset or their own amount, once or monthly, optional name and
    message. Validated against the page's limits; the amount charged is what this form
    cleaned, and the amount recorded is what Stripe's signed event says was paid."""

    amount = forms.ChoiceField(widget=forms.RadioSelect, required=False, error_messages={
        "invalid_choice": "Please choose one of the amounts shown, or enter your own."})
    other_amount = forms.CharField(label="Other amount", required=False, max_length=20,
                                   widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "aria-describedby": "other-amount-help"}))
    frequency = forms.ChoiceField(widget=forms.RadioSelect, initial=ONE_TIME)
    donor_name = forms.CharField(label="Your name", required=False, max_length=200,
                                 widget=forms.TextInput(attrs={"autocomplete": "name"}))
    message = forms.CharField(label="A message", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
                              error_messages={"max_length": "Please shorten your message to 500 characters (it has %(show_value)d)."})
    public = forms.BooleanField(label="Show my name and message on the list of supporters", required=False)

    def __init__(self, *args, page, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.currency = settings.SITE_CURRENCY
        self.minimum, self.maximum = page.card_limits()
        presets = page.presets()
        self.fields["amount"].choices = [(str(p), format_money(p, self.currency)) for p in presets] + [(OTHER, "Other")]
        if presets:
            self.fields["amount"].initial = str(presets[min(1, len(presets) - 1)])
        frequencies = [(ONE_TIME, "Once")] + ([(MONTHLY, "Monthly")] if page.allow_monthly else [])
        self.fields["frequency"].choices = frequencies
        self.fields["other_amount"].help_text = (
            f"From {format_money(self.minimum, self.currency)} to {format_money(self.maximum, self.currency)}."
        )

    def _amount_minor(self) -> int | None:
        typed = (self.cleaned_data.get("other_amount") or "").strip()
        choice = self.cleaned_data.get("amount") or ""
        if typed:  # what the reader typed wins over a preset left selected
            try:
                return to_minor(typed, self.currency)
            except ValueError as error:
                self.add_error("other_amount", str(error))
                return None
        if choice and choice != OTHER:
            return int(choice)
        self.add_error("other_amount", "Please choose an amount or enter your own.")
        return None

    def clean(self):
        cleaned = super().clean()
        amount = self._amount_minor()
        if amount is not None:
            field = "other_amount"
            if amount < self.minimum:
                self.add_error(field, f"The smallest gift by card is {format_money(self.minimum, self.currency)}.")
            elif amount > self.maximum:
                self.add_error(field, f"The largest gift by card is {format_money(self.maximum, self.currency)}. "
                                      "For more, please use one of the other ways to give below.")
            elif reason := backend().amount_refusal(amount, self.currency):
                self.add_error(field, reason)
            else:
                cleaned["amount_minor"] = amount
        if cleaned.get("public") and not clean_name(cleaned.get("donor_name") or ""):
            self.add_error("donor_name", "Please enter the name to show, or untick the box.")
        return cleaned

    def donation(self) -> Donation:
        data = self.cleaned_data
        return Donation(
            amount_minor=data["amount_minor"], currency=self.currency, frequency=data["frequency"],
            donor_name=clean_name(data["donor_name"]), message=data["message"].strip(), public=data["public"],
        )


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
    amount = forms.CharField(label="Goal", help_text="In the currency below, e.g. 5000.")
    field_order = ["month", "amount", "currency"]

    class Meta:
        model = MonthlyGoal
        fields = ["month", "currency"]
        widgets = {"month": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"currency": CURRENCY_HELP}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["amount"] = typed(self.instance.amount_minor, self.instance.currency)
        else:
            self.initial.setdefault("currency", settings.SITE_CURRENCY)
            self.initial.setdefault("month", timezone.localdate().replace(day=1))


class LedgerEntryForm(AmountFormMixin, forms.ModelForm):
    amount = forms.CharField(help_text="Always positive; refunds and disputes are counted as money going out.")
    send_receipt = forms.BooleanField(required=False, label="Email a receipt to the donor",
                                      help_text="Needs the donor's email; uses the organisation details of the support page.")
    field_order = ["kind", "amount", "currency", "occurred_at", "method", "frequency", "donor_name", "donor_email",
                   "send_receipt", "show_publicly", "message", "note"]

    class Meta:
        model = LedgerEntry
        fields = ["kind", "currency", "occurred_at", "method", "frequency", "donor_name", "donor_email",
                  "show_publicly", "message", "note"]
        help_texts = {
            "currency": CURRENCY_HELP,
            "donor_email": "Private: for receipts only, never shown publicly.",
            "show_publicly": "The donor agreed to be named (with their message) on the public supporters list.",
            "message": "The donor's own words, shown on the supporters list if they agreed.",
        }

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("currency", settings.SITE_CURRENCY)
        self.initial.setdefault("occurred_at", timezone.localtime().replace(second=0, microsecond=0))
        # A correction names the entry it corrects: it is made from that entry ("Correct this entry").
        self.fields["kind"].choices = [c for c in self.fields["kind"].choices if c[0] != LedgerEntry.Kind.CORRECTION]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("send_receipt") and not cleaned.get("donor_email"):
            self.add_error("donor_email", "Enter the donor's email to send a receipt.")
        return cleaned

    def signed_amount_minor(self) -> int:
        outgoing = {LedgerEntry.Kind.REFUND, LedgerEntry.Kind.DISPUTE}
        amount = self.cleaned_data["amount_minor"]
        return -amount if self.cleaned_data["kind"] in outgoing else amount


class LedgerCorrectionForm(AmountFormMixin, forms.Form):
    """Correct an entry: why (required), and optionally the right figures to re-enter."""

    reason = forms.CharField(max_length=400, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Kept on the correction, e.g. “typed 1000 for 100” or “entered twice”.")
    amount = forms.CharField(required=False, label="Right amount",
                             help_text="Leave empty to cancel the entry (entered twice, not a gift). Always positive.")
    currency = forms.CharField(max_length=3, help_text=CURRENCY_HELP)
    occurred_at = forms.DateTimeField(label="Right date", help_text="Of the re-entered gift, if it is re-entered.")

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("currency", entry.currency)
        self.initial.setdefault("occurred_at", timezone.localtime(entry.occurred_at).replace(microsecond=0))

    def clean(self):
        if not (self.cleaned_data.get("amount") or "").strip():
            self.cleaned_data.pop("amount", None)  # a reversal only
        return super().clean()


class ExchangeRateForm(forms.ModelForm):
    rate = forms.CharField(help_text="Units of the site currency for one unit of the other currency, e.g. 1.0825.")

    class Meta:
        model = ExchangeRate
        fields = ["month", "currency", "rate"]
        widgets = {"month": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("month", timezone.localdate().replace(day=1))
        self.fields["rate"].label = f"Rate (in {settings.SITE_CURRENCY})"

    def clean_currency(self):
        currency = _clean_currency(self.cleaned_data.get("currency"))
        if currency == settings.SITE_CURRENCY:
            raise forms.ValidationError(f"{currency} is the site currency: it needs no rate.")
        return currency

    def clean_rate(self):
        text = (self.cleaned_data.get("rate") or "").strip().replace(",", ".")
        try:
            rate = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(f"“{text}” is not a rate. Write it like 1.0825.")
        if not rate.is_finite() or rate <= 0 or rate >= 10**10:
            raise forms.ValidationError("Enter a rate above zero and below 10,000,000,000.")
        if rate != rate.quantize(Decimal("1e-10")):
            raise forms.ValidationError("Use at most 10 decimal places.")
        return rate
