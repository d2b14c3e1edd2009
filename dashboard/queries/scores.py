"""Unit-level scores: rankings, every score column per unit or per unit × field, and gaps
(self − appraised) per criterion and per round."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import pandas as pd
from sqlalchemy import Engine

from dashboard import metrics
from dashboard.i18n import group_label
from dashboard.queries.cache import cached, in_scope, scoped
from dashboard.queries.catalogue import rounds_of, units
from dashboard.queries.frames import (
    per_unit,
    public,
    sorted_by_group,
    unit_name_first,
    with_node_names,
    with_units,
)
from dashboard.queries.sql import Filter, aggregate

Score = Literal["appraised", "self"]

# The blocks of measures field_scores and gap_rounds read.
_SCORES = metrics.measures_of(metrics.FINAL, metrics.SELF, metrics.SAME_BASE, metrics.GAP)


_INDEX_OF: dict[Score, tuple[str, str, str, str]] = {
    # score kind → (points, max_points, index_exact, completeness) columns of derive_scores
    "appraised": ("points", "max_points", "index_exact", "completeness"),
    "self": ("self_points", "self_max_points", "self_index_exact", "self_completeness"),
}


# Units are ranked within their province and group (the PAR Index's rule: a province ranks
# its own departments, districts, …); one province's warehouse ranks within groups alone.
RANKED_WITHIN = ["province", "group"]


def with_province(frame: pd.DataFrame, engine: Engine) -> pd.DataFrame:
    """``frame`` (with ``unit_code``) plus its units' ``province`` (read for every unit: a
    rank is taken among the whole province's group, whatever the scope asking)."""
    with scoped(None):
        provinces = units(engine).set_index("unit_code")["province"]
    return frame.assign(province=frame["unit_code"].map(provinces).fillna(""))


def _ranked_units(
    engine: Engine,
    year: int,
    round: int,
    group: str | None,
    score: Score,
    bands: metrics.Bands,
    province: str | None = None,
) -> pd.DataFrame:
    block = metrics.FINAL if score == "appraised" else metrics.SELF
    where = Filter(year=year, round=round, group=group, province=province)
    scored = metrics.derive_scores(aggregate(engine, where, ["group", "unit_code"], block))
    scored = with_province(scored, engine)
    points, max_points, exact, completeness = _INDEX_OF[score]
    table = pd.DataFrame(
        {
            "unit_code": scored["unit_code"],
            "province": scored["province"],
            "group": scored["group"],
            "points": scored[points],
            "max_points": scored[max_points],
            "index_exact": scored[exact],
            "index": [metrics.round_half_up(v) for v in scored[exact]],
            "completeness": scored[completeness],
            "scored_leaves": scored["self_scored_leaves" if score == "self" else "scored_leaves"],
            "applicable_leaves": scored[
                "self_applicable_leaves" if score == "self" else "applicable_leaves"
            ],
        }
    )
    table["index"] = table["index"].astype("float64")
    table["band"] = metrics.band_column(table, "index_exact", bands)
    return metrics.rank_within(
        table, "index_exact", by=RANKED_WITHIN, counts=("scored_leaves", "applicable_leaves")
    )


def _previous_round(engine: Engine, year: int, round: int) -> int | None:
    earlier = [r for r in rounds_of(engine, year) if r < round]
    return earlier[-1] if earlier else None


@cached
def rankings(
    engine: Engine,
    year: int,
    round: int,
    group: str | None = None,
    score: Score = "appraised",
    bands: metrics.Bands = metrics.DEFAULT_BANDS,
    province: str | None = None,
) -> pd.DataFrame:
    """The ranking table, ranked within each province and group on the exact index
    (:data:`RANKED_WITHIN`; ``province``: one province's units only).

    Columns: ``rank`` (Int64; <NA> without an index), ``unit_code``, ``unit_name``, ``group``,
    ``group_label``, ``points``, ``max_points``, ``index`` (2 decimals, half-up),
    ``index_exact`` (float of the exact index), ``band``, ``completeness`` (scored ÷ applicable
    leaves), ``scored_leaves``, ``applicable_leaves``, ``prev_round`` (the previous round of the
    year with scores, or <NA>), ``prev_round_rank``, ``rank_change_round``, ``prev_year_rank``
    (same round, previous year), ``rank_change_year`` (positive = moved up).
    ``score="appraised"``: final index (appraised + survey over the applicable maximum);
    ``score="self"``: self points over the self-scored criteria's maximum.
    Sorted by group, rank.
    """
    table = _ranked_units(engine, year, round, group, score, bands, province)
    prev_round = _previous_round(engine, year, round)
    comparisons = {"prev_round_rank": (year, prev_round), "prev_year_rank": (year - 1, round)}
    for column, (y, r) in comparisons.items():
        if r is not None and r in rounds_of(engine, y):
            earlier = _ranked_units(engine, y, r, group, score, bands, province)
            earlier = earlier[["unit_code", "rank"]]
            earlier = earlier.rename(columns={"rank": column})
            table = table.merge(earlier, on="unit_code", how="left")
        else:
            table[column] = pd.NA
        table[column] = table[column].astype("Int64")
    table["prev_round"] = pd.Series([prev_round] * len(table), index=table.index, dtype="Int64")
    table["rank_change_round"] = metrics.rank_change(table["rank"], table["prev_round_rank"])
    table["rank_change_year"] = metrics.rank_change(table["rank"], table["prev_year_rank"])
    table = with_units(table, engine)
    columns = [
        "rank", "unit_code", "unit_name", "province", "group", "group_label", "points",
        "max_points", "index",
        "index_exact", "band", "completeness", "scored_leaves", "applicable_leaves", "prev_round",
        "prev_round_rank", "rank_change_round", "prev_year_rank", "rank_change_year",
    ]  # fmt: skip
    # Unfinished units (no rank) after the ranked ones, by their index so far.
    order = ["province", "rank", "index", "unit_code"]
    return public(sorted_by_group(table[columns], order, [True, True, False, True]))


@dataclass(frozen=True)
class GroupIndices:
    """The indices of a group's ranked units, lowest first, and their mean: numbers only —
    no unit's name or code, not even in their order."""

    values: tuple[float, ...]  # as shown: two decimals, half-up
    mean: float | None  # of the exact indices (metrics.mean_rounded), as the overview's


@cached(unit_free=True)  # numbers that name no unit: what a unit's account sees of its peers
def group_indices(
    engine: Engine,
    year: int,
    round: int,
    group: str,
    score: Score = "appraised",
    province: str | None = None,
) -> GroupIndices:
    """The distribution a unit's rank is taken in: the index of every unit of ``group`` (of
    ``province``: a unit is ranked within its province) ranked in (``year``, ``round``) on
    ``score`` (the population of :func:`rankings`' ranks and of the scorecard's
    ``units_ranked``, whatever the scope), and their mean."""
    table = _ranked_units(engine, year, round, group, score, metrics.DEFAULT_BANDS, province)
    ranked = table[table["rank"].notna()]
    values = tuple(sorted(float(v) for v in ranked["index"]))
    return GroupIndices(values, metrics.mean_rounded(ranked["index_exact"]))


@cached
def unit_scores(
    engine: Engine,
    year: int,
    round: int,
    group: str | None = None,
    field_code: str | None = None,
) -> pd.DataFrame:
    """Every score column (package docstring) per unit, optionally over one field's leaves.

    Columns: ``unit_code``, ``unit_name``, ``group``, ``group_label`` + the score columns.
    Sorted by group, then ``gap_points`` largest first (the gaps page's order).
    """
    where = Filter(year=year, round=round, group=group, field_code=field_code)
    return per_unit(engine, where, metrics.MEASURE_NAMES, "gap_points")


@cached
def field_scores(engine: Engine, year: int, round: int, group: str | None = None) -> pd.DataFrame:
    """Unit × field sub-indices (self, appraised, gap).

    Columns: ``unit_code``, ``unit_name``, ``group``, ``group_label``, ``field_code``,
    ``field_name``, ``field_order`` + the score columns.  Sorted by group, unit, field order.
    """
    where = Filter(year=year, round=round, group=group)
    by = ["group", "unit_code", "field_code"]
    scored = metrics.derive_scores(aggregate(engine, where, by, _SCORES))
    table = with_node_names(with_units(scored, engine), engine, year, "field_code", "field")
    table = unit_name_first(
        table,
        ["unit_code", "unit_name", "group", "group_label", "field_code", "field_name",
         "field_order"],
    )  # fmt: skip
    return public(sorted_by_group(table, ["unit_name", "field_order"], [True, True]))


@cached(unit_free=True)
def criterion_gaps(
    engine: Engine,
    year: int,
    round: int,
    group: str | None = None,
    field_code: str | None = None,
) -> pd.DataFrame:
    """Criterion-level gap totals across units, largest over-claim first.

    Columns: ``group``, ``group_label``, ``criterion_code``, ``criterion_name``,
    ``criterion_order``, ``field_code``, ``units`` (units with both scores on it),
    ``over_claiming_units`` (gap > 0), ``gap_points`` (total), ``mean_gap_points``,
    ``self_points``, ``appraised_self_points``, ``self_max_points``.  Summed over the
    scope's units only (:func:`dashboard.queries.cache.in_scope`).
    """
    where = Filter(year=year, round=round, group=group, field_code=field_code)
    by = ["group", "field_code", "criterion_code", "unit_code"]
    measures = metrics.measures_of(metrics.SELF, metrics.SAME_BASE, metrics.GAP)
    raw = in_scope(aggregate(engine, where, by, measures))
    per_unit = metrics.derive_scores(raw)
    per_unit["over"] = per_unit["gap_points"] > 0
    per_unit["has_gap"] = per_unit["gap_points"].notna()
    totals = (
        per_unit.groupby(["group", "field_code", "criterion_code"], sort=False)
        .agg(
            units=("has_gap", "sum"),
            over_claiming_units=("over", "sum"),
            gap_milli=("gap_milli", "sum"),
            self_milli=("self_milli", "sum"),
            appraised_self_milli=("appraised_self_milli", "sum"),
            max_self_milli=("max_self_milli", "sum"),
        )
        .reset_index()
    )
    for column in ("gap", "self", "appraised_self", "max_self"):
        totals[f"{column}_points"] = metrics.points_column(totals, f"{column}_milli")
    totals["gap_points"] = totals["gap_points"].where(totals["units"] > 0)
    totals["mean_gap_points"] = [
        metrics.round_half_up(Fraction(int(g), 1000 * int(n))) if n else None
        for g, n in zip(totals["gap_milli"], totals["units"], strict=True)
    ]
    totals["mean_gap_points"] = totals["mean_gap_points"].astype("float64")
    totals = totals.rename(columns={"max_self_points": "self_max_points"})
    totals = with_node_names(totals, engine, year, "criterion_code", "criterion")
    totals["group_label"] = [group_label(g) for g in totals["group"]]
    totals["units"] = totals["units"].astype("Int64")
    totals["over_claiming_units"] = totals["over_claiming_units"].astype("Int64")
    columns = [
        "group", "group_label", "criterion_code", "criterion_name", "criterion_order", "field_code",
        "units", "over_claiming_units", "gap_points", "mean_gap_points", "self_points",
        "appraised_self_points", "self_max_points",
    ]  # fmt: skip
    out = totals[columns].sort_values(
        ["gap_points", "criterion_order"], ascending=[False, True], na_position="last"
    )
    return out.reset_index(drop=True)


@cached
def gap_rounds(engine: Engine, year: int, group: str | None = None) -> pd.DataFrame:
    """Per-unit gap in every round of ``year`` (round 1 vs round 2 …), long format.

    Columns: ``round``, ``unit_code``, ``unit_name``, ``group``, ``group_label``,
    ``self_index``, ``appraised_self_index``, ``gap_points``, ``gap_index``, ``index``.
    Sorted by group, unit name, round.
    """
    where = Filter(year=year, group=group)
    by = ["round", "group", "unit_code"]
    scored = metrics.derive_scores(aggregate(engine, where, by, _SCORES))
    table = with_units(scored, engine)
    columns = [
        "round", "unit_code", "unit_name", "group", "group_label", "self_index",
        "appraised_self_index", "gap_points", "gap_index", "index",
    ]  # fmt: skip
    return public(sorted_by_group(table[columns], ["unit_name", "round"], [True, True]))
