"""Numbers and dates as the view's language writes them.

=================  ======================  ======================
``lang``           ``"vi"`` (the default)  ``"en"``
=================  ======================  ======================
decimals           ``91,43``               ``91.43``
thousands          ``1.234,5``             ``1,234.5``
signed             ``+3,20``               ``+3.20``
share              ``66,7%``               ``66.7%``
date               ``04/12/2023``          ``2023-12-04`` (ISO 8601)
date and time      ``04/12/2023 17:00``    ``2023-12-04 17:00``
=================  ======================  ======================

English dates are ISO 8601 (year first) rather than ``04/12/2023``, which an English reader
may take for the 12th of April.  Rounding is half-up on the decimal value (``2,675`` →
``2,68``), never the binary float's.  Missing values print as :data:`MISSING`, an index that
does not exist yet as ``chưa thẩm định`` / ``not appraised yet``.

Every function takes ``lang`` as a keyword, Vietnamese by default.  Charts get the same
separators through Plotly's ``layout.separators`` (:func:`plotly_separators`) and the same date
patterns (:func:`date_pattern`, strftime and d3-time-format alike).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import pandas as pd

from dashboard.i18n import DEFAULT_LANG, lang_of, t

MISSING = "—"
NOT_APPRAISED = t("format.not_appraised", "vi")

Number = int | float | Decimal | Fraction

# (decimal sign, thousands separator) per language; Plotly's ``separators`` is the two joined.
SEPARATORS = {"vi": (",", "."), "en": (".", ",")}
DATE_PATTERNS = {"vi": "%d/%m/%Y", "en": "%Y-%m-%d"}


def _separators(lang: str) -> tuple[str, str]:
    return SEPARATORS[lang_of(lang)]


def plotly_separators(lang: str = DEFAULT_LANG) -> str:
    """Plotly's ``layout.separators`` for ``lang``: ``",."`` (Vietnamese), ``".,"`` (English)."""
    return "".join(_separators(lang))


def date_pattern(lang: str = DEFAULT_LANG, *, time: bool = False) -> str:
    """``%d/%m/%Y`` (vi) or ``%Y-%m-%d`` (en), `` %H:%M`` added with ``time``; the directives
    mean the same to ``strftime`` and to Plotly (d3-time-format: ``tickformat``, ``%{x|…}``)."""
    pattern = DATE_PATTERNS[lang_of(lang)]
    return f"{pattern} %H:%M" if time else pattern


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


def number(
    value: Number | None, decimals: int = 2, *, signed: bool = False, lang: str = DEFAULT_LANG
) -> str:
    """``1234.5`` → ``1.234,50`` (``lang="en"``: ``1,234.50``; ``decimals=1``: ``1.234,5``);
    ``signed`` adds ``+`` to gains."""
    if _is_missing(value):
        return MISSING
    assert value is not None
    rounded = _decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0,00"
    decimal_sign, thousands = _separators(lang)
    text = f"{rounded:,.{decimals}f}".translate(str.maketrans(",.", thousands + decimal_sign))
    return f"+{text}" if signed and rounded > 0 else text


def integer(value: Number | None, *, lang: str = DEFAULT_LANG) -> str:
    """``12345`` → ``12.345`` (``lang="en"``: ``12,345``)."""
    return number(value, 0, lang=lang)


def index(value: Number | None, *, lang: str = DEFAULT_LANG) -> str:
    """An index with two decimals (``91,43``); no index yet → ``chưa thẩm định``."""
    if _is_missing(value):
        return t("format.not_appraised", lang)
    return number(value, 2, lang=lang)


def points(value: Number | None, *, lang: str = DEFAULT_LANG) -> str:
    """Points with up to three decimals, trailing zeros dropped (``68,32``, ``15,925``, ``90``)."""
    if _is_missing(value):
        return MISSING
    text = number(value, 3, lang=lang)
    decimal_sign, _ = _separators(lang)
    return text.rstrip("0").rstrip(decimal_sign) if decimal_sign in text else text


def percent(share: Number | None, decimals: int = 1, *, lang: str = DEFAULT_LANG) -> str:
    """A share 0–1 as a percentage: ``0.6667`` → ``66,7%`` (``lang="en"``: ``66.7%``)."""
    if _is_missing(share):
        return MISSING
    assert share is not None
    return f"{number(_decimal(share) * 100, decimals, lang=lang)}%"


def rank_change(value: int | None) -> str:
    """Places gained: ``+2``, ``-1``, ``0``; missing → ``—`` (the same in every language)."""
    if _is_missing(value):
        return MISSING
    assert value is not None
    return f"+{int(value)}" if value > 0 else str(int(value))


def datetime_vn(value: datetime | date | None, *, lang: str = DEFAULT_LANG) -> str:
    """``dd/mm/yyyy HH:MM`` (a date alone: ``dd/mm/yyyy``); ``lang="en"``: ``yyyy-mm-dd HH:MM``."""
    if _is_missing(value):
        return MISSING
    assert value is not None
    return value.strftime(date_pattern(lang, time=isinstance(value, datetime)))


def date_vn(value: datetime | date | None, *, lang: str = DEFAULT_LANG) -> str:
    """``dd/mm/yyyy``; ``lang="en"``: ``yyyy-mm-dd``."""
    if _is_missing(value):
        return MISSING
    assert value is not None
    return value.strftime(date_pattern(lang))
