"""Money without floats: integer minor units per ISO 4217 currency, percentages in basis points."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CURRENCY = re.compile(r"^[A-Z]{3}$")
# Currencies whose minor unit is not a hundredth (ISO 4217); every other code has two decimals.
MINOR_DIGITS = {
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG"), 0),
    **dict.fromkeys(("RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
}
# A billion minor units per customer (10 million euros) times the largest segment
# (2 billion customers) still fits a signed 64-bit column.
AMOUNT_MAX_MINOR = 10**9
BASIS_POINTS = 10_000


def minor_digits(currency: str) -> int:
    """How many decimals the currency's minor unit has (JPY 0, EUR 2, KWD 3)."""
    return MINOR_DIGITS.get(currency, 2)


def parse_money(text: str, currency: str) -> int:
    """'1,250.50' in `currency` as minor units; ValueError with a sentence for a person."""
    try:
        amount = Decimal(text.strip().replace(",", "").replace(" ", ""))
    except InvalidOperation:
        raise ValueError(f"Enter an amount such as 25 or 12.50 ({currency}).") from None
    if not amount.is_finite() or amount <= 0:
        raise ValueError("Enter an amount above zero.")
    digits = minor_digits(currency)
    minor = amount.scaleb(digits)
    if minor != minor.to_integral_value():
        unit = "no minor unit" if digits == 0 else f"{digits} decimals"
        raise ValueError(f"{currency} has {unit}: enter at most {digits} decimals.")
    if minor > AMOUNT_MAX_MINOR:
        raise ValueError(f"Keep the amount per customer to {major(AMOUNT_MAX_MINOR, currency):,}.")
    return int(minor)


def parse_percent(text: str) -> int:
    """'12.5%' as basis points (1250); ValueError with a sentence for a person."""
    try:
        value = Decimal(text.strip().rstrip("%").strip())
    except InvalidOperation:
        raise ValueError("Enter a percentage such as 10% or 12.5%.") from None
    if not value.is_finite() or not 0 < value <= 100:
        raise ValueError("A percentage is above 0 and at most 100.")
    points = value * 100
    if points != points.to_integral_value():
        raise ValueError("Enter a percentage with at most 2 decimals.")
    return int(points)


def major(minor: int, currency: str) -> Decimal:
    """Minor units as an exact amount in the currency's major unit (1250 EUR -> 12.50)."""
    digits = minor_digits(currency)
    return Decimal(minor).scaleb(-digits).quantize(Decimal(1).scaleb(-digits))


def percent_of(basis_minor: int, points: int) -> int:
    """`points` basis points of `basis_minor`, rounded half up to a whole minor unit."""
    exact = Decimal(basis_minor) * points / BASIS_POINTS
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_text(points: int) -> str:
    """Basis points as a percentage without trailing zeros (1250 -> '12.5%')."""
    return f"{(Decimal(points) / 100).normalize():f}%"
