"""Vietnamese display of numbers and dates: ``91,43``, ``1.234,5``, ``04/12/2023 17:00``.

Decimal comma, ``.`` between thousands; rounding half-up on the decimal value (``2,675`` →
``2,68``), never the binary float's.  Missing values print as :data:`MISSING`, an index that
does not exist yet as :data:`NOT_APPRAISED`.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import pandas as pd

MISSING = "—"
NOT_APPRAISED = "chưa thẩm định"

Number = int | float | Decimal | Fraction


def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _decimal(value: Number) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):  # numpy floats too (np.float64 subclasses float)
        return Decimal(repr(float(value)))
    if hasattr(value, "item"):  # numpy integers
        return Decimal(value.item())
    return Decimal(value)


def number(value: Number | None, decimals: int = 2, *, signed: bool = False) -> str:
    """``1234.5`` → ``1.234,50`` (``decimals=1``: ``1.234,5``); ``signed`` adds ``+`` to gains."""
    if _is_missing(value):
        return MISSING
    assert value is not None
    rounded = _decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0,00"
    text = f"{rounded:,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return f"+{text}" if signed and rounded > 0 else text


def integer(value: Number | None) -> str:
    """``12345`` → ``12.345``."""
    return number(value, 0)


def index(value: Number | None) -> str:
    """An index with two decimals (``91,43``); no index yet → ``chưa thẩm định``."""
    return NOT_APPRAISED if _is_missing(value) else number(value, 2)


def points(value: Number | None) -> str:
    """Points with up to three decimals, trailing zeros dropped (``68,32``, ``15,925``, ``90``)."""
    if _is_missing(value):
        return MISSING
    text = number(value, 3)
    return text.rstrip("0").rstrip(",") if "," in text else text


def percent(share: Number | None, decimals: int = 1) -> str:
    """A share 0–1 as a percentage: ``0.6667`` → ``66,7%``."""
    if _is_missing(share):
        return MISSING
    assert share is not None
    return f"{number(_decimal(share) * 100, decimals)}%"


def rank_change(value: int | None) -> str:
    """Places gained: ``+2``, ``-1``, ``0``; missing → ``—``."""
    if _is_missing(value):
        return MISSING
    assert value is not None
    return f"+{int(value)}" if value > 0 else str(int(value))


def datetime_vn(value: datetime | date | None) -> str:
    """``dd/mm/yyyy HH:MM`` (a date alone: ``dd/mm/yyyy``)."""
    if _is_missing(value):
        return MISSING
    assert value is not None
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def date_vn(value: datetime | date | None) -> str:
    """``dd/mm/yyyy``."""
    if _is_missing(value):
        return MISSING
    assert value is not None
    return value.strftime("%d/%m/%Y")
