"""The PAR Index arithmetic against hand-computed values, and Vietnamese formatting."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

import pandas as pd
import pytest

from dashboard import formatting, metrics

# --- index and rounding ------------------------------------------------------------------------


def test_not_applicable_criteria_leave_the_maximum_thanh_hoa_ban_dan_toc() -> None:
    # Thanh Hóa 2023, Ban Dân tộc: 68.32 points of an applicable maximum of 84 -> 81.33 %.
    exact = metrics.exact_index(metrics.to_milli(68.32), metrics.to_milli(84))
    assert exact == Fraction(6832, 84)
    assert metrics.round_half_up(exact) == 81.33
    assert metrics.display_index(68320, 100000) == 68.32  # the same points over the full 100


def test_rounding_is_half_up_on_the_exact_value_not_the_float() -> None:
    # 91.425 as a float is 91.42499999…; the exact value rounds up.
    assert round(91.425, 2) == 91.42
    assert metrics.display_index(91425, 100000) == 91.43
    assert metrics.round_half_up(Fraction(2675, 1000)) == 2.68
    assert metrics.round_half_up(2.675) == 2.68
    assert metrics.round_half_up(Fraction(2, 3) * 100) == 66.67
    assert metrics.round_half_up(Fraction(1, 3) * 100) == 33.33
    assert metrics.round_half_up(Fraction(-6685, 1000)) == -6.69  # gaps round symmetrically
    assert metrics.round_half_up(Fraction(91651, 1000), 3) == 91.651


def test_milli_points_make_equal_indices_exactly_equal() -> None:
    assert metrics.to_milli(0.1 + 0.2) == 300
    assert metrics.to_milli(15.925) == 15925
    assert metrics.to_milli(None) is None
    # 75.6 / 84 and 90 / 100 are the same index, exactly.
    assert metrics.exact_index(75600, 84000) == metrics.exact_index(90000, 100000)


def test_no_index_without_points_or_maximum() -> None:
    assert metrics.exact_index(None, 84000) is None
    assert metrics.exact_index(1000, 0) is None
    assert metrics.display_index(None, 84000) is None


# --- rank and band -----------------------------------------------------------------------------


def test_equal_indices_share_a_rank_and_the_next_is_skipped() -> None:
    values = [Fraction(90), Fraction(9142, 100), metrics.exact_index(75600, 84000), Fraction(85)]
    assert metrics.competition_ranks(values) == [2, 1, 2, 4]


def test_rank_uses_the_unrounded_index() -> None:
    # 91.651 and 91.649 both display as 91.65 but are not tied.
    values = [Fraction(91649, 1000), Fraction(91651, 1000)]
    assert [metrics.round_half_up(v) for v in values] == [91.65, 91.65]
    assert metrics.competition_ranks(values) == [2, 1]


def test_units_without_an_index_get_no_rank() -> None:
    assert metrics.competition_ranks([None, Fraction(80), None, Fraction(80)]) == [None, 1, None, 1]


def test_rank_within_ranks_each_group_separately() -> None:
    frame = pd.DataFrame(
        {
            "group": ["so_nganh", "huyen", "so_nganh", "huyen", "so_nganh"],
            "value": [Fraction(90), Fraction(70), Fraction(95), Fraction(70), None],
        }
    )
    ranked = metrics.rank_within(frame, "value")
    assert ranked["rank"].tolist() == [2, 1, 1, 1, pd.NA]


def test_national_2022_bands() -> None:
    assert metrics.band(92.18) == "A"
    assert metrics.band(90) == "A"
    assert metrics.band(Fraction(89999, 1000)) == "B"
    assert metrics.band(80) == "B"
    assert metrics.band(79.99) == "C"
    assert metrics.band(70) == "C"
    assert metrics.band(69.99) == "D"
    assert metrics.band(None) is None


def test_bands_are_configuration() -> None:
    assert metrics.band(79.99, metrics.NATIONAL_2018_BANDS) == "B"
    assert metrics.band(74.5, metrics.NATIONAL_2018_BANDS) == "C"
    custom = [("Khá", 80.0), ("Tốt", 90.0), ("Trung bình", 65.0), ("Yếu", 0.0)]  # any order
    assert metrics.band(Fraction(90), custom) == "Tốt"
    assert metrics.band(Fraction(6499, 100), custom) == "Yếu"
    # below every bound: no band at all
    assert metrics.band(50, [("A", 90.0), ("B", 80.0)]) is None


def test_rank_change_is_places_gained() -> None:
    now = pd.Series([1, 4, 2], dtype="Int64")
    before = pd.Series([4, 2, pd.NA], dtype="Int64")
    assert metrics.rank_change(now, before).tolist() == [3, -2, pd.NA]


# --- scores from integer measures --------------------------------------------------------------


def _measures(**values: int) -> dict[str, int]:
    return {name: values.get(name, 0) for name in metrics.MEASURE_NAMES}


def test_derive_scores_final_self_and_gap_on_the_same_base() -> None:
    # Ban Dân tộc: self-scored leaves 4 + 6 + 10 + 34 = 54 applicable (16 not applicable),
    # survey 30.  Self 4 + 6 + 10 + 30 = 50; appraised 3 + 5.5 + 8 + 26.82 = 43.32; survey 25.
    unit_a = _measures(
        max_all_milli=84000, max_self_milli=54000, appraised_all_milli=68320,
        appraised_self_milli=43320, self_milli=50000, gap_milli=6680,
        n_leaves=5, n_self_leaves=4, n_self_scored=4, n_appraised=5, n_appraised_self=4,
        n_both=4, n_evidence_required=3, n_missing_evidence=2, n_self_positive=4,
        n_missing_explanation=3, n_explained=1,
    )  # fmt: skip
    # Not appraised yet: self scores only, one self leaf still blank.
    unit_t = _measures(
        max_all_milli=100000, max_self_milli=70000, self_milli=36000,
        n_leaves=6, n_self_leaves=5, n_self_scored=4, n_self_positive=4,
    )  # fmt: skip
    out = metrics.derive_scores(pd.DataFrame([unit_a, unit_t]))
    a, t = out.iloc[0], out.iloc[1]
    assert (a["points"], a["max_points"], a["index"]) == (68.32, 84.0, 81.33)
    assert a["lost_points"] == pytest.approx(15.68)
    assert (a["self_points"], a["self_max_points"], a["self_index"]) == (50.0, 54.0, 92.59)
    assert (a["appraised_self_points"], a["appraised_self_index"]) == (43.32, 80.22)
    assert a["gap_points"] == 6.68
    assert a["gap_index"] == 12.37  # 6.68 / 54
    assert a["missing_evidence_share"] == pytest.approx(2 / 3)
    assert a["missing_explanation_share"] == 0.75
    assert a["completeness"] == 1.0
    # "chưa thẩm định": no index, no points — never 0
    assert pd.isna(t["index"]) and t["index_exact"] is None and pd.isna(t["points"])
    assert pd.isna(t["gap_points"]) and pd.isna(t["appraised_self_index"])
    assert t["completeness"] == 0.0
    assert t["self_index"] == 51.43  # 36 / 70
    assert t["self_completeness"] == 0.8


def test_roll_up_sums_leaves_to_every_ancestor() -> None:
    tree = pd.DataFrame(
        {
            "code": ["1", "1.1", "1.1.1", "1.1.2", "1.2", "8"],
            "parent_code": [None, "1", "1.1", "1.1", "1", None],
            "max_points": [20, 10, 4, 6, 10, 30],
            "evidence_required": [False, False, True, False, True, False],
        }
    )
    leaves = pd.DataFrame(
        [
            {"leaf_code": "1.1.1", **_measures(max_all_milli=4000, self_milli=4000)},
            {"leaf_code": "1.1.2", **_measures(max_all_milli=6000, self_milli=5500)},
            {"leaf_code": "1.2", **_measures(max_all_milli=10000, self_milli=7250)},
        ]
    )
    out = metrics.roll_up(tree, leaves).set_index("code")
    assert out.loc["1.1", "self_milli"] == 9500
    assert out.loc["1", "self_milli"] == 16750
    assert out.loc["1", "max_all_milli"] == 20000
    assert out.loc["8", "max_all_milli"] == 0  # no rows: zeros, so no index
    assert out.loc["1.1.1", "framework_max_points"] == 4
    assert bool(out.loc["1.2", "requires_evidence"])


def test_mean_ignores_missing_values() -> None:
    assert metrics.mean_or_none([80.0, None, 90.0, float("nan")]) == 85.0
    assert metrics.mean_or_none([None]) is None


# --- Vietnamese formatting ---------------------------------------------------------------------


def test_numbers_use_decimal_comma_and_dot_thousands() -> None:
    assert formatting.number(91.43) == "91,43"
    assert formatting.number(1234.5, 1) == "1.234,5"
    assert formatting.number(1234567.891, 2) == "1.234.567,89"
    assert formatting.number(2.675) == "2,68"  # half-up on the decimal value
    assert formatting.number(-0.001) == "0,00"
    assert formatting.number(6.68, signed=True) == "+6,68"
    assert formatting.number(-3, signed=True) == "-3,00"
    assert formatting.integer(12345) == "12.345"
    assert formatting.number(None) == formatting.MISSING


def test_indices_points_and_shares() -> None:
    assert formatting.index(81.33) == "81,33"
    assert formatting.index(Fraction(6832, 84)) == "81,33"
    assert formatting.index(None) == "chưa thẩm định"
    assert formatting.index(float("nan")) == "chưa thẩm định"
    assert formatting.points(68.32) == "68,32"
    assert formatting.points(15.925) == "15,925"
    assert formatting.points(90.0) == "90"
    assert formatting.points(1000) == "1.000"
    assert formatting.percent(2 / 3) == "66,7%"
    assert formatting.rank_change(2) == "+2"
    assert formatting.rank_change(-1) == "-1"
    assert formatting.rank_change(None) == formatting.MISSING


def test_dates_are_day_month_year() -> None:
    assert formatting.datetime_vn(datetime(2023, 12, 4, 17, 0)) == "04/12/2023 17:00"
    assert formatting.datetime_vn(pd.Timestamp("2023-11-28 07:30")) == "28/11/2023 07:30"
    assert formatting.datetime_vn(date(2023, 12, 4)) == "04/12/2023"
    assert formatting.date_vn(datetime(2023, 12, 4, 17, 0)) == "04/12/2023"
    assert formatting.datetime_vn(pd.NaT) == formatting.MISSING
    assert formatting.datetime_vn(None) == formatting.MISSING
