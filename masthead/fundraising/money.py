"""Money as integer minor units plus an ISO 4217 code, and its conversion to and from what
people read and type. Amounts are never floats; display strings never enter arithmetic.

Currency facts come from CLDR (through Babel), not from a table of our own: the number of
decimals of each currency (`exponent`, CLDR's "digits": JPY, PYG, XPF 0; BHD, KWD 3), its
symbol, and the site locale's decimal and group marks. The ledger's minor unit of a currency
is 10^-exponent of it. A payment provider's own idea of a currency's minor unit (Stripe's
special cases) is applied at that provider's boundary only (payments/stripe_currencies.py).

Typed amounts are read by the site's locale (SITE_LOCALE): "12,50" is twelve and a half in
`de` or `fr`, and refused in `en`, with a sentence that says how to write it. Whatever could
mean two different amounts is refused, never guessed: "1,000" in `en` (one thousand, or one
written with a decimal comma?) must be written 1000 or 1.00.
"""

import unicodedata
from decimal import ROUND_DOWN, Context, Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal, get_currency_precision, get_currency_symbol, is_currency, list_currencies
from django.conf import settings

STYLES = ("amount_symbol", "symbol_amount", "amount_space_symbol", "locale")

# Separators a person may type between groups of digits whatever the locale: none of them is
# a decimal mark anywhere, so they are never ambiguous.
_SPACES = {" ", "\u00a0", "\u202f", "\u2009", "'", "\u2019"}
# Marks that are a decimal mark in some locales and a group mark in others.
_MARKS = {",", ".", "\u066b", "\u066c"}
_INVISIBLE = {"\u200e", "\u200f", "\u061c"}  # direction marks CLDR puts around numbers


class AmountError(ValueError):
    """A typed amount that is not one exact amount; str() is the sentence to show."""


def known_currency(code: str) -> bool:
    """An ISO 4217 code CLDR knows (current or historic)."""
    return bool(code) and code.upper() in _currencies()


@lru_cache(maxsize=1)
def _currencies() -> frozenset:
    return frozenset(list_currencies())


@lru_cache(maxsize=512)
def exponent(currency: str) -> int:
    """Decimals of the currency's minor unit in the ledger (CLDR): USD 2, JPY 0, KWD 3."""
    return get_currency_precision(currency.upper())


def symbol(currency: str) -> str:
    """The currency's symbol in the site locale ("$", "€", "¥", "NT$"), or its code."""
    return get_currency_symbol(currency.upper(), _locale())


def _locale() -> Locale:
    return site_locale(getattr(settings, "SITE_LOCALE", "en"))


@lru_cache(maxsize=16)
def site_locale(name: str) -> Locale:
    """The Babel locale for a SITE_LOCALE value ("en", "de_CH", "fr-FR"); ValueError if unknown."""
    try:
        return Locale.parse((name or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError) as error:
        raise ValueError(f"SITE_LOCALE “{name}” is not a locale CLDR knows (e.g. en, de, fr_CH).") from error


# -- reading -------------------------------------------------------------------------------


def to_minor(amount, currency: str, locale: Locale | None = None) -> int:
    """An amount in minor units of `currency`, exactly.

    A Decimal or int (a model field, a computed value) is taken as the number it is. A string
    is what a person typed, read by the site locale ("1,250.50" in en, "1.250,50" in de,
    "12,50 €" in fr). Raises AmountError with a sentence when it is not exactly one amount in
    that currency."""
    if isinstance(amount, (Decimal, int)) and not isinstance(amount, bool):
        return _scaled(Decimal(amount), str(amount), currency)
    return parse_amount(str(amount), currency, locale)


def _scaled(value: Decimal, typed: str, currency: str) -> int:
    if not value.is_finite():
        raise AmountError(f"“{typed}” is not an amount.")
    places = exponent(currency)
    scaled = value.scaleb(places)
    if scaled != scaled.to_integral_value():
        if places == 0:
            raise AmountError(f"{currency.upper()} amounts have no decimal places.")
        raise AmountError(f"{currency.upper()} amounts have at most {places} decimal places.")
    return int(scaled)


def decimal_mark(locale: Locale | None = None) -> str:
    """The decimal mark of `locale` (the site's by default): "." in en, "," in de and fr."""
    return _marks(locale or _locale())[0]


def _marks(locale: Locale) -> tuple[str, str, tuple[int, int]]:
    """(decimal mark, group mark, (primary, secondary) group sizes) of the locale, Latin digits."""
    decimal = locale.number_symbols.get("latn", {}).get("decimal", ".")
    group = locale.number_symbols.get("latn", {}).get("group", ",")
    grouping = locale.decimal_formats[None].grouping
    return decimal, group, grouping


def parse_amount(typed: str, currency: str, locale: Locale | None = None) -> int:
    """What a person typed, in minor units of `currency`, read by `locale` (the site's)."""
    locale = locale or _locale()
    currency = currency.upper()
    decimal, group, grouping = _marks(locale)
    text = _strip_currency("".join(ch for ch in typed.strip() if ch not in _INVISIBLE), currency, locale)
    sign = 1
    if text[:1] in ("-", "\u2212"):
        sign, text = -1, text[1:].strip()
    digits_only = "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)
    separators = [ch for ch in digits_only if not ch.isdecimal()]
    runs = _runs(digits_only)
    if not digits_only or runs is None or any(ch not in _SPACES | _MARKS | {decimal, group} for ch in separators):
        raise AmountError(f"“{typed}” is not an amount. Write it like {_example(locale, currency)}.")
    if sum(len(run) for run in runs) > 15:
        raise AmountError(f"“{typed}” is too large an amount.")
    if not separators:
        return sign * _scaled(Decimal(digits_only), typed, currency)

    spaces = _SPACES | ({group} if group in _SPACES or group.isspace() else set())

    def is_group(ch):
        return ch == group or ch in spaces

    # Read 1: the locale's own way (its decimal mark at most once, last; groups of the right size).
    if separators.count(decimal) <= 1 and all(is_group(ch) for ch in separators[:-1]) and (
        separators[-1] == decimal or is_group(separators[-1])
    ):
        if separators[-1] == decimal:
            whole, fraction = runs[:-1], runs[-1]
        else:
            whole, fraction = runs, ""
        if _grouped(whole, grouping):
            # One "," or "." before three digits is a thousands mark to some readers and a
            # decimal mark to others: 1,000 is one thousand or one. Not in a currency without
            # decimals, where only the first reading is an amount anyone writes.
            ambiguous = (len(separators) == 1 and separators[0] in _MARKS and len(runs[-1]) == 3
                         and _grouped(runs, grouping) and exponent(currency) > 0)
            number = Decimal("".join(whole) + ("." + fraction if fraction else ""))
            if not ambiguous or fraction:  # read as the locale's decimals: wrong places say so
                minor = _scaled(number, typed, currency)
                if not ambiguous:
                    return sign * minor
    raise AmountError(_how_to_write(typed, runs, separators, currency, locale))


def _runs(text: str) -> list[str] | None:
    """The digit runs between single separators; None if two separators touch, or one is at an end."""
    runs, current = [], ""
    for ch in text:
        if ch.isdecimal():
            current += ch
        else:
            if not current:
                return None
            runs.append(current)
            current = ""
    if not current:
        return None
    runs.append(current)
    return runs


def _grouped(runs: list[str], grouping: tuple[int, int]) -> bool:
    """Whether digit runs are groups as the locale writes them (1,234,567 or 12,34,567)."""
    if len(runs) == 1:
        return True
    primary, secondary = grouping
    first, middle, last = runs[0], runs[1:-1], runs[-1]
    return (len(last) == primary and all(len(run) == secondary for run in middle)
            and 1 <= len(first) <= secondary and not first.startswith("0"))


def _strip_currency(text: str, currency: str, locale: Locale) -> str:
    """ "12,50 €", "$12", "USD 12" → the number alone (only this currency's symbol or code)."""
    marks = {currency, currency.lower(), get_currency_symbol(currency, locale), get_currency_symbol(currency, "en")}
    for mark in sorted(marks, key=len, reverse=True):
        if text.startswith(mark):
            return text[len(mark):].strip()
        if text.endswith(mark):
            return text[: -len(mark)].strip()
    return text


def _written(number: Decimal, currency: str, locale: Locale) -> str:
    """A number as the site reads it without doubt: no group marks, the locale's decimal mark."""
    decimal = _marks(locale)[0]
    text = f"{number:f}"
    if "." not in text:
        return text
    whole, fraction = text.split(".")
    fraction = fraction.rstrip("0")
    if len(fraction) == 1 and exponent(currency) >= 2:
        fraction += "0"  # 12.50, not 12.5
    elif len(fraction) == 3 and _grouped([whole.lstrip("-"), fraction], (3, 3)):
        fraction += "0"  # 5.1250 KWD: "5.125" could be read as five thousand one hundred twenty-five
    return whole + (decimal + fraction if fraction else "")


def _example(locale: Locale, currency: str) -> str:
    whole = "1250"
    places = exponent(currency)
    if not places:
        return whole
    return f"{whole} or {whole}{_marks(locale)[0]}{'50'.ljust(places, '0')}"


def _how_to_write(typed: str, runs, separators, currency: str, locale: Locale) -> str:
    """The sentence for a number that can be read two ways, or not in the site's way at all:
    each plausible reading, written so that the site reads it without doubt."""
    readings = []
    if len(runs) > 1 and separators[-1] in _MARKS | {_marks(locale)[0]}:
        as_decimal = Decimal("".join(runs[:-1]) + "." + runs[-1])
        readings.append(as_decimal)
    if len(set(separators)) == 1 and not runs[0].startswith("0"):
        readings.append(Decimal("".join(runs)))
    choices, refusal = [], ""
    for number in readings:
        try:
            minor = _scaled(number, typed, currency)
        except AmountError as error:
            refusal = refusal or str(error)
            continue
        choices.append(f"{_written(number, currency, locale)} for {format_money(minor, currency)}")
    way = format_decimal(Decimal("1234.56"), locale=locale, decimal_quantization=False)
    if exponent(currency) == 0:
        way = format_decimal(Decimal("1234"), locale=locale)
    intro = f"“{typed}” is not clear here: this site writes amounts like {way}."
    if not choices:
        return f"{intro} {refusal or 'Write it like ' + _example(locale, currency) + '.'}"
    return f"{intro} Write {' or '.join(choices)}."


# -- writing -------------------------------------------------------------------------------


def to_major(minor: int, currency: str) -> Decimal:
    return Decimal(minor).scaleb(-exponent(currency))


def typed(minor: int, currency: str, locale: Locale | None = None) -> str:
    """The amount as a person would type it on this site ("5000", "12,50" in de): what a form
    shows in a field, read back by `to_minor` to the same minor units."""
    return ("-" if minor < 0 else "") + _written(to_major(abs(minor), currency), currency, locale or _locale())


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
    """The amount as readers see it, in the site's MONEY_FORMAT: "5,000 $" (amount_symbol),
    "$5,000" (symbol_amount), "5 000 €" (amount_space_symbol), or "locale": CLDR's currency
    format of SITE_LOCALE ("5.000 €" in de, "€5,000" in en). Decimals appear only when the
    amount has them, then all of the currency's (340.50, never 340.5)."""
    style = style or settings.MONEY_FORMAT
    currency = currency.upper()
    value = to_major(abs(minor), currency)
    whole = value == value.to_integral_value()
    sign = "-" if minor < 0 else ""
    if style == "locale":
        return sign + _babel_currency(value, currency, whole)
    digits = _digits(value, currency, whole)
    sym = symbol(currency)
    if style == "symbol_amount":
        return f"{sign}{sym}{digits}"
    if style == "amount_space_symbol":
        digits = digits.replace(",", "\u202f").replace(".", ",")
        return f"{sign}{digits}\u00a0{sym}"
    return f"{sign}{digits} {sym}"


def _digits(value: Decimal, currency: str, whole: bool) -> str:
    """ "5,000", "340.50": English marks (the fixed styles swap them), CLDR's decimals."""
    places = 0 if whole else exponent(currency)
    return f"{value:,.{places}f}"


def _babel_currency(value: Decimal, currency: str, whole: bool) -> str:
    from babel.numbers import format_currency, parse_pattern

    locale = _locale()
    pattern = parse_pattern(locale.currency_formats["standard"].pattern)
    if whole:
        pattern.frac_prec = (0, 0)
    else:
        places = exponent(currency)
        pattern.frac_prec = (places, places)
    return format_currency(value, currency, format=pattern, locale=locale, currency_digits=False)


def is_iso_currency(code: str) -> bool:
    """A currency CLDR lists as legal tender somewhere today (USD yes, XXX and ABC no)."""
    return bool(code) and is_currency(code.upper())
