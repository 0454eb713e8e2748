"""Money as integer minor units plus an ISO 4217 code, and its conversion to and from what
people read and type. Amounts are never floats; display strings never enter arithmetic."""

from decimal import ROUND_DOWN, Context, Decimal, InvalidOperation

from django.conf import settings

# Minor-unit exponent per currency (ISO 4217); anything not listed has 2.
_EXPONENT = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "UGX": 0, "XAF": 0, "XOF": 0, "BHD": 3, "KWD": 3, "JOD": 3, "OMR": 3, "TND": 3, "IQD": 3, "LYD": 3}
_SYMBOL = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CHF": "CHF", "CAD": "$", "AUD": "$", "SEK": "kr", "NOK": "kr", "DKK": "kr", "PLN": "zł", "TRY": "₺", "INR": "₹"}

STYLES = ("amount_symbol", "symbol_amount", "amount_space_symbol")


def exponent(currency: str) -> int:
    return _EXPONENT.get(currency.upper(), 2)


def symbol(currency: str) -> str:
    return _SYMBOL.get(currency.upper(), currency.upper())


def to_minor(amount, currency: str) -> int:
    """Parse what a person typed ("1,250.50", "1250") into minor units, exactly.
    Raises ValueError with a sentence when it is not an amount in that currency."""
    text = str(amount).strip().replace(",", "").replace(" ", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{amount}” is not an amount. Write it like 1250 or 1250.50.")
    if not value.is_finite():
        raise ValueError(f"“{amount}” is not an amount.")
    scaled = value.scaleb(exponent(currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{currency} amounts have at most {exponent(currency)} decimal places.")
    return int(scaled)


def to_major(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-exponent(currency))


def convert(minor: int, currency: str, rate: Decimal, to_currency: str) -> int:
    """`minor` units of `currency` in minor units of `to_currency`, at `rate` units of
    `to_currency` per one unit of `currency` (a staff-entered rate, never a guessed one).
    Truncated toward zero, so a conversion never claims a cent more than the rate gives."""
    exact = Context(prec=60).multiply(Decimal(minor), Decimal(rate))
    scaled = exact.scaleb(exponent(to_currency) - exponent(currency))
    return int(scaled.to_integral_value(rounding=ROUND_DOWN))


def major_number(minor: int, currency: str) -> str:
    """The amount in major units as a plain number for machines ("340", "340.5", "-12.25")."""
    value = to_major(minor, currency)
    return str(int(value)) if value == value.to_integral_value() else f"{value.normalize():f}"


def format_money(minor: int, currency: str, style: str | None = None) -> str:
    """ "5,000 $" (amount_symbol), "$5,000" (symbol_amount) or "5 000 €" (amount_space_symbol).
    Cents appear only when the amount has them."""
    style = style or settings.MONEY_FORMAT
    places = exponent(currency)
    value = to_major(abs(minor), currency)
    digits = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.{places}f}"
    sign = "-" if minor < 0 else ""
    sym = symbol(currency)
    if style == "symbol_amount":
        return f"{sign}{sym}{digits}"
    if style == "amount_space_symbol":
        digits = digits.replace(",", "\u202f").replace(".", ",")
        return f"{sign}{digits}\u00a0{sym}"
    return f"{sign}{digits} {sym}"
