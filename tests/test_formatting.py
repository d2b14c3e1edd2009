"""Numbers and dates in the view's language: ``0,66`` in Vietnamese, ``0.66`` under ``?lang=en``.

(The Vietnamese defaults themselves are pinned in tests/test_metrics.py.)
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dashboard import formatting


@pytest.mark.parametrize(
    ("value", "decimals", "signed", "vi", "en"),
    [
        (0.66, 2, False, "0,66", "0.66"),
        (3.2, 2, True, "+3,20", "+3.20"),
        (-3.2, 2, True, "-3,20", "-3.20"),
        (1234.5, 2, False, "1.234,50", "1,234.50"),
        (1234567.891, 2, False, "1.234.567,89", "1,234,567.89"),
        (2.675, 2, False, "2,68", "2.68"),  # half-up on the decimal value, in both
        (-0.001, 2, True, "0,00", "0.00"),  # no "-0"
        (Fraction(6832, 84), 2, False, "81,33", "81.33"),
        (Decimal("12.5"), 1, False, "12,5", "12.5"),
        (np.float64(91.425), 2, False, "91,43", "91.43"),
        (np.int64(12345), 0, False, "12.345", "12,345"),
    ],
)
def test_numbers_in_both_languages(
    value: formatting.Number, decimals: int, signed: bool, vi: str, en: str
) -> None:
    assert formatting.number(value, decimals, signed=signed) == vi  # Vietnamese by default
    assert formatting.number(value, decimals, signed=signed, lang="vi") == vi
    assert formatting.number(value, decimals, signed=signed, lang="en") == en


def test_integers_indices_points_and_shares_in_english() -> None:
    assert formatting.integer(12345, lang="en") == "12,345"
    assert formatting.integer(12345) == "12.345"
    assert formatting.index(Fraction(6832, 84), lang="en") == "81.33"
    assert formatting.index(None, lang="en") == "not appraised yet"
    assert formatting.index(None) == formatting.NOT_APPRAISED == "chưa thẩm định"
    assert formatting.points(15.925, lang="en") == "15.925"
    assert formatting.points(68.3, lang="en") == "68.3"
    assert formatting.points(90.0, lang="en") == "90"  # trailing zeros and the point dropped
    assert formatting.points(1000, lang="en") == "1,000"
    assert formatting.points(1000) == "1.000"  # the thousands dot is not a decimal sign
    assert formatting.percent(2 / 3, lang="en") == "66.7%"
    assert formatting.percent(0.5, 0, lang="en") == "50%"
    missing_values: list[Any] = [None, float("nan"), pd.NA]
    for missing in missing_values:
        assert formatting.number(missing, lang="en") == formatting.MISSING
        assert formatting.percent(missing, lang="en") == formatting.MISSING


def test_an_unknown_language_is_vietnamese() -> None:
    assert formatting.number(0.66, lang="fr") == "0,66"
    assert formatting.number(0.66, lang=" EN ") == "0.66"
    assert formatting.plotly_separators("de") == ",."


def test_dates_are_iso_in_english() -> None:
    at = datetime(2023, 12, 4, 17, 0)
    assert formatting.datetime_vn(at, lang="en") == "2023-12-04 17:00"
    assert formatting.datetime_vn(at) == "04/12/2023 17:00"
    assert formatting.date_vn(at, lang="en") == "2023-12-04"
    assert formatting.datetime_vn(date(2023, 12, 4), lang="en") == "2023-12-04"
    assert formatting.datetime_vn(pd.Timestamp("2023-11-28 07:30"), lang="en") == (
        "2023-11-28 07:30"
    )
    not_a_time: Any = pd.NaT
    assert formatting.date_vn(not_a_time, lang="en") == formatting.MISSING


def test_plotly_gets_the_same_separators_and_date_patterns() -> None:
    # Plotly's layout.separators: the decimal sign, then the thousands separator
    assert formatting.plotly_separators() == ",."
    assert formatting.plotly_separators("vi") == ",."
    assert formatting.plotly_separators("en") == ".,"
    assert formatting.date_pattern("vi", time=True) == "%d/%m/%Y %H:%M"
    assert formatting.date_pattern("en") == "%Y-%m-%d"
