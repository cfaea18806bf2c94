"""Money and quantities: exact ratios, rounding a line to 10 KRW, and text for the trace.

Amounts are computed exactly: every policy parameter is a Decimal read from text, hence a ratio of two
integers (`ratio`), and every quantity of time is whole seconds, so a line's amount before rounding is
one fraction `numerator / denominator` of integers. Only the final half-up rounding to 10 KRW
(`round_ratio`) rounds; the trace shows rounded texts (`cents_ratio_text`, `hours_ratio_text`) that the
arithmetic never reads back.
"""

from __future__ import annotations

from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    FloatOperation,
    InvalidOperation,
    Overflow,
)

# Every evaluation runs in this context (see engine.assess), not in whatever the caller's thread has set:
# 50 significant digits keep products of fees, seconds and rates exact, and the one division per line
# correct far below a tenth of a won. Traps make an accidental float or a division by zero fail loudly.
CONTEXT = Context(
    prec=50, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero, Overflow, FloatOperation]
)

ZERO = Decimal(0)
ONE = Decimal(1)
SECONDS_PER_HOUR = Decimal(3600)
_TENS = Decimal("1E1")
_CENTS = Decimal("0.01")
_HOURS_SHOWN = Decimal("0.0001")


def round_line(amount: Decimal) -> int:
    """A line rounded half up to the nearest 10 KRW (POLICY §2): 1,045 -> 1,050, 1,041.67 -> 1,040."""
    return int(amount.quantize(_TENS, rounding=ROUND_HALF_UP, context=CONTEXT))


def ratio(value: Decimal | int) -> tuple[int, int]:
    """A Decimal or int as `(numerator, denominator)` integers, exactly (0.30 -> (3, 10))."""
    if isinstance(value, int):
        return value, 1
    return value.as_integer_ratio()


def round_ratio(numerator: int, denominator: int) -> int:
    """`numerator / denominator` (non-negative) rounded half up to the nearest 10 KRW, exactly."""
    return (numerator + 5 * denominator) // (10 * denominator) * 10


def _scaled_text(numerator: int, denominator: int, scale: int, digits: int) -> str:
    # The value to `digits` decimals, half up, without trailing zeros: (1, 3, 100, 2) -> "0.33".
    if denominator == 1:
        return str(numerator)
    units = (2 * numerator * scale + denominator) // (2 * denominator)
    whole, part = divmod(units, scale)
    if not part:
        return str(whole)
    return f"{whole}.{part:0{digits}d}".rstrip("0")


def cents_ratio_text(numerator: int, denominator: int) -> str:
    """The exact amount `numerator / denominator` shown to the won's hundredth (11,794.35)."""
    return _scaled_text(numerator, denominator, 100, 2)


def hours_ratio_text(seconds_numerator: int, seconds_denominator: int = 1) -> str:
    """Hours of `numerator / denominator` seconds for the trace, at most 4 decimals (see `hours_text`)."""
    return _scaled_text(seconds_numerator, seconds_denominator * 3600, 10000, 4)


def share_ratio_text(numerator: int, denominator: int) -> str:
    """A share such as the part of a launch window lost, at most 4 decimals: "0.5625"."""
    return _scaled_text(numerator, denominator, 10000, 4)


def number_text(value: Decimal | int) -> str:
    """A Decimal as plain text without exponent or trailing zeros: 22.50000 -> "22.5", 9.9E+3 -> "9900"."""
    if isinstance(value, int):
        return str(value)
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(CONTEXT), "f")


def _fixed_text(value: Decimal, step: Decimal) -> str:
    # Quantized to a negative exponent, str() is plain notation; trailing zeros then go.
    text = str(value.quantize(step, rounding=ROUND_HALF_UP, context=CONTEXT))
    return text.rstrip("0").rstrip(".")


def hours_text(seconds: Decimal | int) -> str:
    """Hours for the trace, at most 4 decimals: 81000 s -> "22.5", 36060 s -> "10.0167".

    Only the text is rounded; amounts are always computed from the exact seconds.
    """
    return _fixed_text(CONTEXT.divide(Decimal(seconds), SECONDS_PER_HOUR), _HOURS_SHOWN)


def ratio_text(value: Decimal) -> str:
    """A share such as the part of a launch window lost, at most 4 decimals: "0.5625"."""
    return _fixed_text(value, _HOURS_SHOWN)


def cents_text(amount: Decimal) -> str:
    """The amount before rounding, shown to the won's hundredth as POLICY §6 does (11,794.35)."""
    return _fixed_text(amount, _CENTS)


def to_decimal(value: object) -> Decimal:
    """A Decimal from an int, a numeric text or a YAML float (via its shortest text). Raises ValueError."""
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, int | str):
        try:
            number = Decimal(value.strip() if isinstance(value, str) else value)
        except ArithmeticError:
            raise ValueError("not a number") from None
        if not number.is_finite():
            raise ValueError("not a finite number")
        return number
    raise ValueError("not a number")
