"""Money is exact in every currency: what a donor types, what Stripe is asked for, what the
ledger records from Stripe's signed event, and what the page shows, for every currency Stripe
takes; amounts typed in the site's locale, and the ambiguous ones refused in both forms."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import checks

from masthead.fundraising.actions import do_receive_stripe_event
from masthead.fundraising.forms import DonationForm
from masthead.fundraising.models import LedgerEntry, MonthlyGoal, StripeEvent
from masthead.fundraising.money import AmountError, exponent, format_money, parse_amount, site_locale, to_minor, typed
from masthead.fundraising.payments.stripe import StripeBackend
from masthead.fundraising.payments.stripe_currencies import STRIPE_CURRENCIES, from_stripe, to_stripe
from masthead.fundraising.tests import stripe_payloads as stripe
from masthead.testing.builders import make_staff

# Stripe's units, written out from https://docs.stripe.com/currencies independently of the
# module under test: whole units for the zero-decimal list, thousandths for the three-decimal
# ones, hundredths for every other one (ISK included: whole krónur × 100).
STRIPE_WHOLE = set("BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF".split())
STRIPE_THOUSANDTHS = set("BHD JOD KWD OMR TND".split())


def stripe_places(currency):
    return 0 if currency in STRIPE_WHOLE else 3 if currency in STRIPE_THOUSANDTHS else 2


def typed_gift(currency):
    """1,234 and, where the currency has decimals, a fraction Stripe can charge (…50, …500)."""
    places = exponent(currency)
    return "1234" + ("." + "5".ljust(places, "0") if places else "")


@pytest.mark.django_db
def test_every_stripe_currency_round_trips_exactly_from_typed_amount_to_the_page(settings, support_page):
    """One page for all 140 currencies (a page per currency costs a second each)."""
    settings.SITE_LOCALE, settings.MONEY_FORMAT = "en", "amount_symbol"
    wrong = {}
    for currency in sorted(STRIPE_CURRENCIES):
        settings.SITE_CURRENCY = currency
        text = typed_gift(currency)
        form = DonationForm({"amount": "other", "other_amount": text, "frequency": "one_time"}, page=support_page)
        if not form.is_valid():
            wrong[currency] = form.errors
            continue
        minor = form.cleaned_data["amount_minor"]
        params = StripeBackend("default", {}).checkout_params(form.donation(), success_url="s", cancel_url="c", description="Gift")
        unit_amount = params["line_items"][0]["price_data"]["unit_amount"]
        row, _ = do_receive_stripe_event(stripe.one_time_paid(intent=f"pi_{currency}", amount=unit_amount, currency=currency.lower()))
        entry = LedgerEntry.objects.filter(external_id=f"stripe:payment:pi_{currency}").first()
        shown = format_money(entry.amount_minor, currency) if entry else ""
        got = (minor, unit_amount, row.status, entry and (entry.amount_minor, entry.currency), shown and to_minor(shown, currency))
        expected = (int(Decimal(text).scaleb(exponent(currency))),
                    int(Decimal(text).scaleb(stripe_places(currency))),  # what Stripe's docs say to send
                    StripeEvent.Status.PROCESSED, (minor, currency),
                    minor)  # the figure on the page reads back as the same amount
        if got != expected:
            wrong[currency] = (got, expected, row.error)
    assert wrong == {}
    assert LedgerEntry.objects.count() == len(STRIPE_CURRENCIES) == 140


@pytest.mark.parametrize(
    "currency, minor, stripe_amount",
    [("PYG", 10000, 10000), ("JPY", 500, 500), ("XPF", 1200, 1200), ("ISK", 5, 500), ("HUF", 123456, 123456),
     ("TWD", 10050, 10050), ("UGX", 5000, 5000), ("KWD", 5120, 5120), ("USD", 1000, 1000), ("LAK", 5000, 500000)],
)
def test_the_ledger_and_stripe_count_in_their_own_units(currency, minor, stripe_amount):
    assert to_stripe(minor, currency) == stripe_amount
    assert from_stripe(stripe_amount, currency) == minor


def test_a_ten_thousand_guarani_gift_is_sent_to_stripe_as_ten_thousand():
    assert exponent("PYG") == 0
    assert to_minor("10000", "PYG") == 10000
    assert to_stripe(10000, "PYG") == 10000


@pytest.mark.parametrize(
    "currency, minor, message",
    [("KWD", 5125, "Stripe charges KWD in steps of 0.01 KWD."), ("BHD", 1, "Stripe charges BHD in steps of 0.01 BHD."),
     ("XXX", 100, "Stripe does not take payments in XXX."), ("IQD", 100, "Stripe does not take payments in IQD.")],
)
def test_an_amount_stripe_cannot_charge_exactly_is_refused_not_rounded(currency, minor, message):
    with pytest.raises(ValueError) as error:
        to_stripe(minor, currency)
    assert str(error.value) == message


def test_a_stripe_amount_the_ledger_cannot_hold_exactly_fails_loudly():
    with pytest.raises(ValueError) as error:
        from_stripe(4010, "ISK")  # 40.10 kr., a fractional króna charge of before April 2023
    assert str(error.value) == "Stripe reports 4010 in ISK minor units, a fraction of the ledger's unit."


@pytest.mark.django_db
def test_a_kuwaiti_dinar_gift_stripe_cannot_charge_is_refused_on_the_form(client, settings, support_page, stripe_keys):
    settings.SITE_CURRENCY = "KWD"
    response = client.post("/fundraising/donate/", {"amount": "other", "other_amount": "1234.125", "frequency": "one_time",
                                                    "donor_name": "Kept Name"}, HTTP_ORIGIN="http://testserver")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Stripe charges KWD in steps of 0.01 KWD." in html
    assert 'value="1234.125"' in html and 'value="Kept Name"' in html
    assert stripe_keys.requests == []


# -- typed amounts, by the site's locale ---------------------------------------------------

@pytest.mark.parametrize(
    "locale, text, minor",
    [("en", "1,250.50", 125050), ("en", "12.50", 1250), ("en", "1 000", 100000), ("en", "$12", 1200), ("en", "12,345,678", 1234567800),
     ("de", "12,50", 1250), ("de", "1.250,50", 125050), ("de", "0,50", 50), ("de", "10,00", 1000),
     ("fr", "12,50 €", 1250), ("fr", "1\u202f250,50", 125050), ("fr", "1 250,50", 125050),
     ("de_CH", "1’250.50", 125050), ("de_CH", "1'250.50", 125050), ("en_IN", "12,34,567.50", 123456750)],
)
def test_amounts_are_read_in_the_site_locale(locale, text, minor):
    currency = "EUR" if text.endswith("€") else "USD"
    assert parse_amount(text, currency, site_locale(locale)) == minor


@pytest.mark.parametrize(
    "locale, text, message",
    [
        ("en", "12,50", "“12,50” is not clear here: this site writes amounts like 1,234.56. Write 12.50 for 12.50 $ or 1250 for 1,250 $."),
        ("en", "10,00", "“10,00” is not clear here: this site writes amounts like 1,234.56. Write 10 for 10 $ or 1000 for 1,000 $."),
        ("en", "0,50", "“0,50” is not clear here: this site writes amounts like 1,234.56. Write 0.50 for 0.50 $."),
        ("en", "1,000", "“1,000” is not clear here: this site writes amounts like 1,234.56. Write 1 for 1 $ or 1000 for 1,000 $."),
        ("en", "1.250,50", "“1.250,50” is not clear here: this site writes amounts like 1,234.56. Write 1250.50 for 1,250.50 $."),
        ("en", "12,34,567", "“12,34,567” is not clear here: this site writes amounts like 1,234.56. Write 1234567 for 1,234,567 $."),
        ("de", "1.000", "“1.000” is not clear here: this site writes amounts like 1.234,56. Write 1 for 1 $ or 1000 for 1,000 $."),
        ("de", "12.50", "“12.50” is not clear here: this site writes amounts like 1.234,56. Write 12,50 for 12.50 $ or 1250 for 1,250 $."),
        ("fr", "1,000", "“1,000” is not clear here: this site writes amounts like 1\u202f234,56. Write 1 for 1 $ or 1000 for 1,000 $."),
        ("en", "ten", "“ten” is not an amount. Write it like 1250 or 1250.50."),
        ("de", "zehn", "“zehn” is not an amount. Write it like 1250 or 1250,50."),
        ("en", "12.345", "USD amounts have at most 2 decimal places."),
        ("en", "1234567890123456", "“1234567890123456” is too large an amount."),
    ],
)
def test_an_amount_that_could_mean_two_things_is_refused_with_how_to_write_it(settings, locale, text, message):
    settings.MONEY_FORMAT = "amount_symbol"
    with pytest.raises(AmountError) as error:
        parse_amount(text, "USD", site_locale(locale))
    assert str(error.value) == message


def test_thousands_in_a_currency_without_decimals_are_not_ambiguous():
    assert parse_amount("10,000", "JPY", site_locale("en")) == 10000
    assert parse_amount("10.000", "JPY", site_locale("de")) == 10000


@pytest.mark.parametrize("locale", ["en", "de", "fr", "de_CH", "en_IN"])
@pytest.mark.parametrize("currency, minor", [("USD", 125050), ("JPY", 1250), ("KWD", 5120), ("EUR", 5), ("USD", -1200)])
def test_an_amount_shown_in_a_form_field_reads_back_as_itself(locale, currency, minor):
    assert parse_amount(typed(minor, currency, site_locale(locale)), currency, site_locale(locale)) == minor


def test_machine_values_are_taken_as_the_numbers_they_are(settings):
    settings.SITE_LOCALE = "de"  # "2.000" typed would be two thousand; Decimal("2.000") is two
    assert to_minor(Decimal("2.000"), "USD") == 200
    assert to_minor(5, "JPY") == 5


# -- display ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "minor, currency, style, locale, text",
    [
        (1250, "EUR", "amount_space_symbol", "fr", "12,50\u00a0€"),
        (500000, "EUR", "amount_space_symbol", "fr", "5\u202f000\u00a0€"),
        (10000, "PYG", "amount_symbol", "en", "10,000 PYG"),
        (5, "ISK", "amount_symbol", "en", "5 ISK"),
        (5120, "KWD", "symbol_amount", "en", "KWD5.120"),
        (125050, "EUR", "locale", "de", "1.250,50\u00a0€"),
        (500000, "EUR", "locale", "de", "5.000\u00a0€"),
        (500000, "USD", "locale", "en", "$5,000"),
        (-1250, "CHF", "locale", "de_CH", "-CHF\u00a012.50"),
    ],
)
def test_money_is_shown_with_cldr_symbols_and_decimals(settings, minor, currency, style, locale, text):
    settings.SITE_LOCALE = locale
    assert format_money(minor, currency, style) == text


# -- both forms ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_decimal_comma_on_the_donation_form_of_an_en_site_is_refused_and_kept(client, support_page, dummy_payments):
    response = client.post("/fundraising/donate/", {"amount": "other", "other_amount": "12,50", "frequency": "one_time",
                                                    "donor_name": "Kept Name", "message": "kept message"},
                           HTTP_ORIGIN="http://testserver")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Write 12.50 for 12.50 $ or 1250 for 1,250 $." in html
    assert 'value="12,50"' in html and 'value="Kept Name"' in html and "kept message" in html
    assert dummy_payments == []


@pytest.mark.django_db
def test_decimal_comma_on_the_donation_form_of_a_comma_site_is_twelve_fifty(client, settings, support_page, dummy_payments):
    settings.SITE_LOCALE, settings.SITE_CURRENCY, settings.MONEY_FORMAT = "fr", "EUR", "amount_space_symbol"
    response = client.post("/fundraising/donate/", {"amount": "other", "other_amount": "12,50", "frequency": "one_time"},
                           HTTP_ORIGIN="http://testserver")
    assert response.status_code == 303
    [(_, donation, *_)] = dummy_payments
    assert (donation.amount_minor, donation.currency) == (1250, "EUR")


@pytest.mark.django_db
def test_a_fifty_cent_gift_written_with_a_comma_does_not_pass_the_minimum(client, settings, support_page, dummy_payments):
    settings.SITE_LOCALE = "de"
    response = client.post("/fundraising/donate/", {"amount": "other", "other_amount": "0,50", "frequency": "one_time"},
                           HTTP_ORIGIN="http://testserver")
    assert response.status_code == 400
    assert "The smallest gift by card is 2 $." in response.content.decode()


@pytest.fixture
def treasurer(client, site):
    client.force_login(make_staff("treasurer"))
    return client


def ledger_post(client, amount, currency="USD"):
    return client.post("/admin/ledger/new/", {
        "kind": "donation", "amount": amount, "currency": currency, "occurred_at": "2021-06-01 10:00", "method": "bank",
        "frequency": "one_time", "donor_name": "Kept Name", "note": "kept note"})


@pytest.mark.django_db
def test_a_bank_transfer_of_12_50_typed_with_a_comma_is_refused_in_the_ledger_form(treasurer):
    html = ledger_post(treasurer, "12,50").content.decode()
    assert "Write 12.50 for 12.50 $ or 1250 for 1,250 $." in html
    assert 'value="12,50"' in html and "Kept Name" in html and "kept note" in html
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_the_ledger_form_reads_a_comma_site_amount_as_written(treasurer, settings):
    settings.SITE_LOCALE = "de"
    assert ledger_post(treasurer, "1.250,50").status_code == 302
    assert LedgerEntry.objects.get().amount_minor == 125050


@pytest.mark.django_db
def test_an_unknown_currency_code_is_refused_in_the_ledger_form(treasurer):
    html = ledger_post(treasurer, "10", currency="ABC").content.decode()
    assert "ABC is not an ISO 4217 currency code. Enter one such as USD or EUR." in html
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_a_goal_edited_on_a_comma_site_shows_and_keeps_its_amount(treasurer, settings):
    settings.SITE_LOCALE = "de"
    treasurer.post("/admin/goals/new/", {"month": "2021-06-01", "amount": "2500,50", "currency": "EUR"})
    goal = MonthlyGoal.objects.get()
    assert goal.amount_minor == 250050
    assert 'value="2500,50"' in treasurer.get(f"/admin/goals/edit/{goal.pk}/").content.decode()


# -- system checks ---------------------------------------------------------------------------

def check_ids(**kwargs):
    return {message.id: message.msg for message in checks.run_checks(**kwargs) if message.id.startswith("fundraising.")}


def test_an_unknown_site_currency_is_an_error(settings):
    settings.SITE_CURRENCY = "XYZ"
    assert check_ids()["fundraising.E002"] == "SITE_CURRENCY “XYZ” is not an ISO 4217 currency code."


def test_a_site_currency_stripe_does_not_take_is_an_error_once_stripe_is_on(settings):
    settings.SITE_CURRENCY = "IRR"
    assert "fundraising.E003" not in check_ids()
    settings.MASTHEAD_PAYMENTS = {"default": {"BACKEND": "masthead.fundraising.payments.stripe.StripeBackend",
                                              "SECRET_KEY": "sk_test_x", "WEBHOOK_SECRET": "whsec_x"}}
    assert check_ids()["fundraising.E003"] == "Stripe does not take payments in IRR, the SITE_CURRENCY."


def test_an_unknown_locale_and_format_are_errors(settings):
    settings.SITE_LOCALE, settings.MONEY_FORMAT = "xx_YY", "dollars"
    found = check_ids()
    assert found["fundraising.E004"] == "SITE_LOCALE “xx_YY” is not a locale CLDR knows (e.g. en, de, fr_CH)."
    assert found["fundraising.E005"] == "MONEY_FORMAT “dollars” is not one of amount_symbol, symbol_amount, amount_space_symbol, locale."


def test_a_format_that_writes_a_decimal_mark_the_locale_does_not_read_is_a_warning(settings):
    settings.SITE_LOCALE, settings.MONEY_FORMAT = "en", "amount_space_symbol"
    assert check_ids()["fundraising.W002"].startswith("MONEY_FORMAT amount_space_symbol writes “,” before the cents")
    settings.SITE_LOCALE = "fr"
    assert "fundraising.W002" not in check_ids()


@pytest.mark.django_db
def test_a_goal_in_an_unknown_currency_is_reported_by_the_database_checks():
    MonthlyGoal.objects.create(month=date(2021, 6, 1), amount_minor=100, currency="QQQ")
    assert "fundraising.W003" not in check_ids()
    assert check_ids(databases=["default"])["fundraising.W003"] == "Goals or exchange rates use QQQ, not ISO 4217 currency codes."
