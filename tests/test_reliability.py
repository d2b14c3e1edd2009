"""Self-assessment reliability (:mod:`dashboard.queries.reliability`): the arithmetic on hand
counts, then a small warehouse on SQLite and PostgreSQL whose every number is computed by
hand below, checked against the one over-claim definition (:func:`metrics.over_claiming` on
the unit's leaves) and held to the data scope."""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest
from sqlalchemy import Engine

from dashboard import metrics, queries
from dashboard.queries.reliability import PERSISTENT_SHARE, period_rows, trend, unit_rows
from tests.warehouse_builder import NA, Leaf, Node, WarehouseBuilder

# --- the arithmetic ----------------------------------------------------------------------------


def test_the_trend_is_the_least_squares_slope_per_year() -> None:
    assert trend([]) is None
    assert trend([(2023, Fraction(1, 2))]) is None  # one year: no trend
    assert trend([(2021, Fraction(1, 2)), (2022, Fraction(1, 4)), (2023, Fraction(0))]) == (
        Fraction(-1, 4)
    )
    assert trend([(2021, Fraction(0)), (2023, Fraction(1))]) == Fraction(1, 2)  # a gap year
    # (−1)(−1/2) + 0 + (1)(0) over a spread of 2
    assert trend([(2021, Fraction(0)), (2022, Fraction(1)), (2023, Fraction(1, 2))]) == (
        Fraction(1, 4)
    )


def counts(*rows: tuple[str, int, int, int, int, int]) -> pd.DataFrame:
    columns = ["unit_code", "year", "round", "both_scored", "over_claimed", "over_claim_milli"]
    return pd.DataFrame(rows, columns=columns).assign(group="so_nganh")


def test_periods_and_units_from_counts() -> None:
    periods = period_rows(
        counts(
            ("U", 2022, 1, 4, 2, 2500),
            ("U", 2022, 2, 4, 1, 1000),
            ("U", 2023, 1, 2, 2, 3750),
            ("Z", 2023, 1, 5, 0, 0),
        )
    )
    assert periods["over_claimed_share"].tolist() == [0.5, 0.25, 1.0, 0.0]
    assert periods["over_claim_points"].tolist() == [2.5, 1.0, 3.75, 0.0]
    assert periods["mean_over_claim"].tolist()[:3] == [1.25, 1.0, 1.875]
    assert pd.isna(periods["mean_over_claim"].iloc[3])  # nothing over-claimed: no mean
    units = unit_rows(periods.iloc[::-1]).set_index("unit_code")  # any order
    u = units.loc["U"]
    assert (u["periods"], u["years"], u["years_over"]) == (3, 2, 2)
    assert (u["both_scored"], u["over_claimed"]) == (10, 5)
    assert u["over_claimed_share"] == 0.5 and u["mean_over_claim"] == 1.45  # 7.25 / 5
    # each year's first round: 2022 → 1/2 (round 2's 1/4 is left out), 2023 → 1
    assert (u["first_share"], u["last_share"], u["change"], u["trend"]) == (0.5, 1.0, 0.5, 0.5)
    assert u["lowest_year_share"] == 0.5 and bool(u["persistent"])
    z = units.loc["Z"]
    assert z["years"] == 1 and pd.isna(z["trend"]) and not bool(z["persistent"])


def test_the_threshold_is_reached_not_just_approached() -> None:
    at = unit_rows(period_rows(counts(("U", 2022, 1, 5, 1, 500), ("U", 2023, 1, 10, 2, 900))))
    below = unit_rows(period_rows(counts(("U", 2022, 1, 5, 1, 500), ("U", 2023, 1, 11, 2, 900))))
    assert Fraction(1, 5) == PERSISTENT_SHARE
    assert bool(at["persistent"].iloc[0])  # exactly 1/5 in both years
    assert not bool(below["persistent"].iloc[0]) and below["years_over"].iloc[0] == 1


# --- a small warehouse, both backends -----------------------------------------------------------

NODES = [
    Node("1", None, 30),
    Node("1.1", "1", 10),
    Node("1.2", "1", 10),
    Node("1.3", "1", 10),
    Node("2", None, 10),
    Node("2.1", "2", 10),
    Node("9", None, 20, method="survey"),
    Node("9.1", "9", 20, method="survey"),
]
HUYEN = [Node("H1", None, 10), Node("H1.1", "H1", 10)]
L = Leaf


def build(engine: Engine) -> None:
    """U over-claims in both years' first rounds (1/2, then 1); V in 2022 only (1/4; its 2023
    round 1 is clean, its round 2 not); H has one year; a survey leaf, a not-applicable leaf,
    an unappraised leaf and a self-only year are left out."""
    b = WarehouseBuilder(engine)
    b.units([("U", "Sở Alpha", "so_nganh"), ("V", "Sở Beta", "so_nganh"),
             ("H", "Huyện Gamma", "huyen")])  # fmt: skip
    for year in (2022, 2023, 2024):
        b.framework(year, "so_nganh", NODES)
    b.framework(2023, "huyen", HUYEN)
    survey = L(None, 20)
    b.scores(2022, 1, "U", {"1.1": L(10, 8), "1.2": L(10, 10), "1.3": L(5, 6),
                            "2.1": L(8, 7.5), "9.1": survey})  # fmt: skip
    b.scores(2022, 2, "U", {"1.1": L(9, 8), "1.2": L(10, 10), "1.3": L(5, 6),
                            "2.1": L(7.5, 7.5), "9.1": survey})  # fmt: skip
    b.scores(2023, 1, "U", {"1.1": L(10, 7), "1.2": L(10, 9.25), "1.3": NA,
                            "2.1": L(8, None), "9.1": survey})  # fmt: skip
    b.scores(2024, 1, "U", {"1.1": L(10, None), "1.2": L(10, None), "1.3": L(10, None),
                            "2.1": L(10, None), "9.1": L(None, None)})  # fmt: skip
    full = {"1.1": L(10, 10), "1.2": L(10, 10), "1.3": L(10, 10), "2.1": L(10, 10), "9.1": survey}
    b.scores(2022, 1, "V", {**full, "1.2": L(10, 9)})
    b.scores(2023, 1, "V", full)
    b.scores(2023, 2, "V", {**full, "1.1": L(10, 9)})
    b.scores(2023, 1, "H", {"H1.1": L(10, 4)})


@pytest.fixture
def warehouse(engine: Engine) -> Engine:
    build(engine)
    return engine


def test_the_reliability_of_each_unit(warehouse: Engine) -> None:
    found = queries.reliability(warehouse)
    periods = found.periods.set_index(["unit_code", "year", "round"])
    keys = ["both_scored", "over_claimed", "over_claimed_share", "over_claim_points",
            "mean_over_claim"]  # fmt: skip
    assert periods.loc[("U", 2022, 1), keys].tolist() == [4, 2, 0.5, 2.5, 1.25]
    assert periods.loc[("U", 2022, 2), keys].tolist() == [4, 1, 0.25, 1.0, 1.0]
    assert periods.loc[("U", 2023, 1), keys].tolist() == [2, 2, 1.0, 3.75, 1.875]
    assert periods.loc[("V", 2023, 2), keys].tolist() == [4, 1, 0.25, 1.0, 1.0]
    assert periods.loc[("V", 2023, 1), "over_claimed"] == 0
    assert ("U", 2024, 1) not in periods.index  # self-scored only: nothing to compare
    assert len(found.periods) == 7
    units = found.units.set_index("unit_code")
    assert list(found.units["unit_code"]) == ["U", "V", "H"]  # groups, persistent first
    u, v, h = units.loc["U"], units.loc["V"], units.loc["H"]
    assert (u["over_claimed_share"], u["mean_over_claim"], u["trend"]) == (0.5, 1.45, 0.5)
    assert bool(u["persistent"]) and u["unit_name"] == "Sở Alpha"
    # V: 2022 → 1/4, 2023 round 1 → 0 (its round 2's 1/4 is not the year's share)
    assert (v["over_claimed"], v["both_scored"], v["trend"]) == (2, 12, -0.25)
    assert v["over_claimed_share"] == pytest.approx(1 / 6) and v["mean_over_claim"] == 1.0
    assert (v["years"], v["years_over"], bool(v["persistent"])) == (2, 1, False)
    assert (h["years"], bool(h["persistent"]), h["over_claimed_share"]) == (1, False, 1.0)
    assert pd.isna(h["trend"]) and h["group_label"] == "UBND cấp huyện"


def test_over_claimed_leaves_are_those_metrics_calls_over_claiming(warehouse: Engine) -> None:
    found = queries.reliability(warehouse).periods
    for unit, year, round_, over, both in found[
        ["unit_code", "year", "round", "over_claimed", "both_scored"]
    ].itertuples(index=False):
        leaves = queries.unit_leaves(warehouse, int(year), int(round_), str(unit))
        compared = leaves["gap"].notna() & (leaves["method"] == "self")
        assert over == int(
            metrics.over_claiming(leaves.rename(columns={"gap": "gap_points"})).sum()
        )
        assert both == int(compared.sum())


def test_one_unit_one_group_and_the_scope(warehouse: Engine) -> None:
    mine = queries.reliability(warehouse, unit_code="V")
    assert set(mine.periods["unit_code"]) == {"V"} and list(mine.units["unit_code"]) == ["V"]
    assert list(queries.reliability(warehouse, group="huyen").units["unit_code"]) == ["H"]
    everyone = queries.reliability(warehouse).units.set_index("unit_code")
    with queries.scoped(frozenset({"U"})):
        scoped = queries.reliability(warehouse)
        with pytest.raises(queries.SelectionError):
            queries.reliability(warehouse, unit_code="V")
    assert list(scoped.units["unit_code"]) == ["U"] and set(scoped.periods["unit_code"]) == {"U"}
    assert scoped.units.iloc[0]["trend"] == everyone.loc["U", "trend"]  # its own rows, unchanged
