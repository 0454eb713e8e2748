"""System checks (`masthead check`, and at every start): payments configured by halves, and
money settings (currency, locale, format) that CLDR or Stripe would not understand."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register()
def stripe_keys_come_in_pairs(app_configs, **kwargs):
    config = settings.MASTHEAD_PAYMENTS.get("default") or {}
    if not config.get("BACKEND", "").endswith("payments.stripe.StripeBackend"):
        return []
    secret, webhook = bool(config.get("SECRET_KEY")), bool(config.get("WEBHOOK_SECRET"))
    if secret == webhook:
        return []
    missing = "STRIPE_WEBHOOK_SECRET" if secret else "STRIPE_SECRET_KEY"
    return [Warning(
        f"Card gifts are off: {missing} is not set.",
        hint="Both Stripe keys are needed; without the webhook secret no payment could be recorded. See docs/operations.md.",
        id="fundraising.W001",
    )]


def _stripe_configured() -> bool:
    config = settings.MASTHEAD_PAYMENTS.get("default") or {}
    return config.get("BACKEND", "").endswith("payments.stripe.StripeBackend") and bool(config.get("SECRET_KEY"))


@register()
def money_settings_are_known(app_configs, **kwargs):
    """SITE_CURRENCY an ISO 4217 code CLDR knows (and Stripe takes, when Stripe is on),
    SITE_LOCALE a CLDR locale, MONEY_FORMAT one of the styles, and the two agreeing on the
    decimal mark (a site that writes 12,50 € must read 12,50)."""
    from masthead.fundraising.money import STYLES, is_iso_currency, site_locale
    from masthead.fundraising.payments.stripe_currencies import supported

    errors = []
    currency = settings.SITE_CURRENCY
    if not is_iso_currency(currency):
        errors.append(Error(
            f"SITE_CURRENCY “{currency}” is not an ISO 4217 currency code.",
            hint="Set it to a code such as USD, EUR or JPY (docs/operations.md).", id="fundraising.E002",
        ))
    elif _stripe_configured() and not supported(currency):
        errors.append(Error(
            f"Stripe does not take payments in {currency}, the SITE_CURRENCY.",
            hint="Choose a currency Stripe supports (https://docs.stripe.com/currencies), or leave the Stripe keys empty.",
            id="fundraising.E003",
        ))
    try:
        locale = site_locale(settings.SITE_LOCALE)
    except ValueError as error:
        errors.append(Error(str(error), hint="docs/operations.md lists the setting.", id="fundraising.E004"))
        locale = None
    if settings.MONEY_FORMAT not in STYLES:
        errors.append(Error(
            f"MONEY_FORMAT “{settings.MONEY_FORMAT}” is not one of {', '.join(STYLES)}.", id="fundraising.E005",
        ))
    elif locale is not None and settings.MONEY_FORMAT != "locale":
        writes = "," if settings.MONEY_FORMAT == "amount_space_symbol" else "."
        reads = locale.number_symbols.get("latn", {}).get("decimal", ".")
        if writes != reads:
            errors.append(Warning(
                f"MONEY_FORMAT {settings.MONEY_FORMAT} writes “{writes}” before the cents, but SITE_LOCALE "
                f"{settings.SITE_LOCALE} reads “{reads}” there: readers would type amounts the site refuses.",
                hint="Choose a SITE_LOCALE with the same decimal mark, or MONEY_FORMAT=locale.", id="fundraising.W002",
            ))
    return errors


@register(Tags.database)
def goal_currencies_are_known(app_configs, databases=None, **kwargs):
    """Goals and exchange rates in a currency CLDR does not know (entered before the forms
    checked codes) would be counted in a unit nobody can name: listed here."""
    from django.db import DatabaseError

    from masthead.fundraising.models import ExchangeRate, MonthlyGoal
    from masthead.fundraising.money import known_currency

    if not databases:  # only `masthead check --database default` and `migrate` read the database
        return []
    try:
        codes = set(MonthlyGoal.objects.values_list("currency", flat=True).distinct())
        codes |= set(ExchangeRate.objects.values_list("currency", flat=True).distinct())
    except DatabaseError:  # not migrated yet
        return []
    unknown = sorted(code for code in codes if not known_currency(code))
    if not unknown:
        return []
    return [Warning(
        f"Goals or exchange rates use {', '.join(unknown)}, not ISO 4217 currency codes.",
        hint="Correct them under Fundraising › Goals and Exchange rates.", id="fundraising.W003",
    )]
