"""Self-assessment reliability: how often, and by how much, a unit's self scores exceed the
appraisal, in every year and round, and whether it keeps doing so.

Definitions (one of each; the arithmetic is exact, on integer counts and milli-points):

* the **population** of a period (year, round) of a unit: its applicable self-scored leaves
  with both a self and an appraised score (``etl.summary.BOTH_SCORED``, the population of
  ``gap_points``);
* an **over-claimed** leaf: one of those whose gap, self − appraised, is above 0 — the
  leaf-level reading of :func:`dashboard.metrics.over_claiming` (``gap_points > 0``), and the
  leaves :mod:`dashboard.findings` calls deductions;
* ``over_claimed_share`` = over-claimed ÷ population; ``mean_over_claim`` = the points
  over-claimed on them ÷ their number (points per over-claimed leaf);
* a unit's ``over_claimed_share`` and ``mean_over_claim`` pool all its periods (sums of
  leaves and points, not means of shares);
* a **year's share** is that of the year's first round with a share: the self-assessment as the
  unit first sent it.  Later rounds re-score after the appraisal's feedback (their shares fall
  every year: the demo's 14 % in round 1 against 4 % in round 2), so a trend over every period
  would follow the rounds' sawtooth, and a year whose round 2 is not in yet would look worse;
  years are compared on like rounds;
* ``trend``: the least-squares slope of the year shares against the year, in share per year
  (−0.05: five percentage points fewer over-claimed leaves a year); ``None`` with fewer than
  two years.  ``first_share`` / ``last_share``: the first and last years' shares, ``change``
  their difference;
* **persistent** over-claimer: a unit with at least :data:`PERSISTENT_MIN_YEARS` years whose
  share reaches :data:`PERSISTENT_SHARE` in every one of them (``years_over`` = the years at
  or above it) — the one threshold of the leadership list on the rankings page.

A period without any leaf scored on both sides (self-scored only, not appraised yet) has no
share and no row.  Counts are summed in SQL per unit and period: no leaf row leaves the
warehouse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Engine

from dashboard import metrics
from dashboard.queries.cache import cached
from dashboard.queries.frames import sorted_by_group, with_units
from dashboard.queries.sql import Filter, read, sf
from etl.summary import BOTH_SCORED, milli, total

PERSISTENT_SHARE = Fraction(1, 5)
"""A year counts against a unit when at least a fifth of its compared leaves were over-claimed."""
PERSISTENT_MIN_YEARS = 2
""""Year after year": at least two years, every one of them at or above the threshold."""

_GAP = milli(sf.self_score) - milli(sf.appraised_score)
OVER_CLAIMED = sa.and_(BOTH_SCORED, _GAP > 0)

PERIOD_COLUMNS = [
    "unit_code", "unit_name", "group", "group_label", "year", "round", "both_scored",
    "over_claimed", "over_claimed_share", "over_claim_points", "mean_over_claim",
]  # fmt: skip
UNIT_COLUMNS = [
    "unit_code", "unit_name", "group", "group_label", "periods", "first_year", "last_year",
    "years", "years_over", "both_scored", "over_claimed", "over_claimed_share",
    "mean_over_claim", "first_share", "last_share", "change", "trend", "lowest_year_share",
    "persistent",
]  # fmt: skip


@dataclass
class Reliability:
    """``periods``: one row per unit × (year, round) (:data:`PERIOD_COLUMNS`); ``units``: one
    row per unit (:data:`UNIT_COLUMNS`)."""

    periods: pd.DataFrame = field(repr=False)
    units: pd.DataFrame = field(repr=False)

    def restricted(self, units: frozenset[str]) -> Reliability:
        """Only ``units``' rows (each row is computed from its own unit's leaves only)."""
        return Reliability(
            self.periods[self.periods["unit_code"].isin(units)].reset_index(drop=True),
            self.units[self.units["unit_code"].isin(units)].reset_index(drop=True),
        )


# --- the arithmetic: pure, on the integer counts -------------------------------------------------


def _share(part: int, whole: int) -> Fraction | None:
    return Fraction(part, whole) if whole else None


def _float(value: Fraction | None) -> float:
    return float("nan") if value is None else float(value)


def _mean_points(over_milli: int, over: int) -> Fraction | None:
    """Points over-claimed per over-claimed leaf."""
    return Fraction(over_milli, over * metrics.MILLI) if over else None


def trend(points: Sequence[tuple[int, Fraction]]) -> Fraction | None:
    """The least-squares slope of ``(x, y)`` points (years, shares); ``None`` for fewer than
    two distinct ``x``."""
    if len({x for x, _ in points}) < 2:
        return None
    n = len(points)
    mean_x = Fraction(sum(x for x, _ in points), n)
    mean_y = sum((y for _, y in points), Fraction(0)) / n
    spread = sum(((x - mean_x) ** 2 for x, _ in points), Fraction(0))
    return sum(((x - mean_x) * (y - mean_y) for x, y in points), Fraction(0)) / spread


def period_rows(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts per unit and period (``both_scored``, ``over_claimed``, ``over_claim_milli``)
    with ``over_claimed_share``, ``over_claim_points`` and ``mean_over_claim``."""
    out = counts.copy()
    both, over, milli_ = (out[c].astype("int64").tolist() for c in
                          ("both_scored", "over_claimed", "over_claim_milli"))  # fmt: skip
    index = out.index
    out["over_claimed_share"] = pd.Series(
        [_float(_share(o, b)) for o, b in zip(over, both, strict=True)], index=index, dtype=float
    )
    out["over_claim_points"] = pd.Series([m / metrics.MILLI for m in milli_], index=index,
                                         dtype="float64")  # fmt: skip
    out["mean_over_claim"] = pd.Series(
        [_float(_mean_points(m, o)) for m, o in zip(milli_, over, strict=True)], index=index,
        dtype="float64",
    )  # fmt: skip
    return out


def year_shares(periods: pd.DataFrame) -> list[tuple[int, Fraction]]:
    """One unit's ``(year, share)`` of each year's first round (module docstring), by year."""
    first = periods.sort_values(["year", "round"]).drop_duplicates("year")
    return [
        (int(y), Fraction(int(o), int(b)))
        for y, o, b in zip(first["year"], first["over_claimed"], first["both_scored"], strict=True)
    ]


def _summary(unit: pd.DataFrame) -> dict[str, object]:
    """One unit's row of :data:`UNIT_COLUMNS` from its period rows (any order)."""
    both, over = int(unit["both_scored"].sum()), int(unit["over_claimed"].sum())
    yearly = year_shares(unit)
    shares = [share for _, share in yearly]
    years_over = sum(share >= PERSISTENT_SHARE for share in shares)
    return {
        "periods": len(unit),
        "first_year": yearly[0][0],
        "last_year": yearly[-1][0],
        "years": len(yearly),
        "years_over": years_over,
        "both_scored": both,
        "over_claimed": over,
        "over_claimed_share": _float(_share(over, both)),
        "mean_over_claim": _float(_mean_points(int(unit["over_claim_milli"].sum()), over)),
        "first_share": float(shares[0]),
        "last_share": float(shares[-1]),
        "change": float(shares[-1] - shares[0]),
        "trend": _float(trend(yearly)),
        "lowest_year_share": float(min(shares)),
        "persistent": len(shares) >= PERSISTENT_MIN_YEARS and years_over == len(shares),
    }


def unit_rows(periods: pd.DataFrame) -> pd.DataFrame:
    """One row per unit of :func:`period_rows` rows (with ``unit_code`` and ``group``):
    pooled share and mean, the year shares' first, last, ``change``, ``trend`` and lowest,
    ``years_over`` (years at or above the threshold) and ``persistent``."""
    keys = ["unit_code", "group"]
    rows = [{**dict(zip(keys, key, strict=True)), **_summary(part)}
            for key, part in periods.groupby(keys, sort=False)]  # fmt: skip
    columns = keys + [c for c in UNIT_COLUMNS if c not in (*keys, "unit_name", "group_label")]
    return pd.DataFrame(rows, columns=columns)


# --- the query ------------------------------------------------------------------------------------


def _counts(engine: Engine, unit_code: str | None, group: str | None) -> pd.DataFrame:
    """Compared and over-claimed leaves, and the points over-claimed, per unit and period."""
    keys = (sf.group_code, sf.unit_code, sf.year, sf.round)
    stmt = (
        sa.select(
            sf.group_code.label("group"),
            sf.unit_code,
            sf.year,
            sf.round,
            total(sa.literal_column("1")).label("both_scored"),
            total(sa.case((OVER_CLAIMED, 1), else_=0)).label("over_claimed"),
            total(sa.case((OVER_CLAIMED, _GAP), else_=0)).label("over_claim_milli"),
        )
        .where(BOTH_SCORED, *Filter(group=group, unit_code=unit_code).clauses())
        .group_by(*keys)
    )
    counts = read(engine, stmt)
    for column in ("year", "round", "both_scored", "over_claimed", "over_claim_milli"):
        counts[column] = counts[column].astype("int64")
    return counts


@cached
def reliability(
    engine: Engine, unit_code: str | None = None, group: str | None = None
) -> Reliability:
    """The self-assessment reliability of every unit (of ``group``, or one unit) over every
    year and round (module docstring).  Periods in group order, unit name, year and round;
    units in group order, persistent ones first, then the largest pooled share."""
    periods = period_rows(_counts(engine, unit_code, group))
    units = with_units(unit_rows(periods), engine)
    units = sorted_by_group(
        units, ["persistent", "over_claimed_share", "unit_name"], [False, False, True]
    )
    periods = sorted_by_group(with_units(periods, engine), ["unit_name", "year", "round"],
                              [True, True, True])  # fmt: skip
    return Reliability(periods[PERIOD_COLUMNS], units[UNIT_COLUMNS].reset_index(drop=True))
