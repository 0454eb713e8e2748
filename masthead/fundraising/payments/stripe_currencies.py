"""Stripe's currency rules, applied at the Stripe boundary only.

The ledger counts a currency in CLDR's minor unit (money.exponent). Stripe's API counts
amounts in its own minor unit, which differs for a few currencies: `to_stripe` converts what
the ledger means into what Stripe expects, `from_stripe` converts an amount in a Stripe event
back, and both refuse, with a sentence, an amount the other side cannot hold exactly (nothing
is ever rounded).

Source: Stripe, "Supported currencies", https://docs.stripe.com/currencies (sections
"Presentment currencies", "Zero-decimal currencies", "Three-decimal currencies" and
"Special cases"), as published in 2026:

- zero-decimal: the API amount is in whole units (ZERO_DECIMAL);
- three-decimal (BHD, JOD, KWD, OMR, TND): amounts in thousandths, and a charge's last digit
  must be 0 ("round amounts to the nearest ten"): masthead refuses rather than rounds;
- ISK: zero-decimal in fact, but the API keeps two decimals for backwards compatibility, so
  an amount is krónur × 100 and must be divisible by 100;
- HUF and TWD: charged with two decimals (only payouts are whole units, which masthead
  does not make); UGX: zero-decimal for charges (its two-decimal rule is for payouts).
"""

from masthead.fundraising.money import exponent

# Every presentment currency Stripe lists for card payments (source above).
STRIPE_CURRENCIES = frozenset("""
    USD AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD
    BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CVE CZK DJF DKK DOP DZD EGP ETB EUR FJD FKP GBP
    GEL GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR ISK JMD JOD JPY KES KGS KHR KMF KRW
    KWD KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MUR MVR MWK MXN MYR MZN NAD
    NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SEK
    SGD SHP SLE SOS SRD STD SZL THB TJS TND TOP TRY TTD TWD TZS UAH UGX UYU UZS VND VUV WST
    XAF XCD XCG XOF XPF YER ZAR ZMW
""".split())

ZERO_DECIMAL = frozenset("BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF".split())
THREE_DECIMAL = frozenset("BHD JOD KWD OMR TND".split())
# API decimals kept for backwards compatibility, though only whole units may be charged.
WHOLE_UNITS_ONLY = frozenset({"ISK"})


def supported(currency: str) -> bool:
    return currency.upper() in STRIPE_CURRENCIES


def stripe_exponent(currency: str) -> int:
    """Decimals of Stripe's API amounts in this currency."""
    currency = currency.upper()
    if currency in ZERO_DECIMAL:
        return 0
    if currency in THREE_DECIMAL:
        return 3
    return 2


def _step(currency: str) -> int:
    """The smallest chargeable amount step, in Stripe's units."""
    currency = currency.upper()
    if currency in THREE_DECIMAL:
        return 10
    if currency in WHOLE_UNITS_ONLY:
        return 10 ** stripe_exponent(currency)
    return 1


def refusal(minor: int, currency: str) -> str:
    """Why Stripe could not charge `minor` ledger units of `currency` exactly ("" if it can)."""
    currency = currency.upper()
    if not supported(currency):
        return f"Stripe does not take payments in {currency}."
    shift = stripe_exponent(currency) - exponent(currency)
    if shift < 0 and minor % 10 ** -shift:
        return f"Stripe charges {currency} in steps of {_step_text(currency)}."
    amount = minor * 10 ** shift if shift >= 0 else minor // 10 ** -shift
    if amount % _step(currency):
        return f"Stripe charges {currency} in steps of {_step_text(currency)}."
    return ""


def _step_text(currency: str) -> str:
    from decimal import Decimal

    step = Decimal(_step(currency)).scaleb(-stripe_exponent(currency))
    return f"{step.normalize():f} {currency}"


def to_stripe(minor: int, currency: str) -> int:
    """Ledger minor units → the `unit_amount` Stripe expects; ValueError if it is not exact."""
    reason = refusal(minor, currency)
    if reason:
        raise ValueError(reason)
    shift = stripe_exponent(currency) - exponent(currency)
    return minor * 10**shift if shift >= 0 else minor // 10**-shift


def from_stripe(amount: int, currency: str) -> int:
    """An amount from a Stripe event → ledger minor units; ValueError if the ledger's unit
    cannot hold it exactly (e.g. a fractional ISK charge made before Stripe forbade them)."""
    shift = exponent(currency) - stripe_exponent(currency)
    if shift >= 0:
        return amount * 10**shift
    if amount % 10**-shift:
        raise ValueError(f"Stripe reports {amount} in {currency.upper()} minor units, a fraction of the ledger's unit.")
    return amount // 10**-shift
