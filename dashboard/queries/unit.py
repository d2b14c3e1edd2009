"""One unit: its leaf rows, what it is missing, its scorecard and its history."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Engine

from dashboard import metrics
from dashboard.i18n import group_label
from dashboard.queries.cache import cached, unknown_unit
from dashboard.queries.catalogue import framework, node_filter, units
from dashboard.queries.frames import plain, public, with_node_names
from dashboard.queries.sql import Filter, aggregate, read, scored_keys, sf
from etl.summary import BOTH_SCORED, MISSING_EVIDENCE, MISSING_EXPLANATION, milli

_LEAF_COLUMNS = (
    sf.criterion_code,
    sf.field_code,
    sf.method,
    sf.max_points,
    sf.applicable,
    sf.self_score,
    sf.appraised_score,
    sf.evidence_required,
    sf.evidence_count,
    sf.explanation,
    sf.appraisal_note,
    sa.case((BOTH_SCORED, milli(sf.self_score) - milli(sf.appraised_score))).label("gap_milli"),
    sa.case((MISSING_EVIDENCE, 1), else_=0).label("missing_evidence"),
    sa.case((MISSING_EXPLANATION, 1), else_=0).label("missing_explanation"),
)


def _unit_row(engine: Engine, unit_code: str) -> pd.Series:
    known = units(engine)
    match = known[known["unit_code"] == unit_code]
    if match.empty:
        raise unknown_unit(unit_code)
    return match.iloc[0]


def _unit_group(engine: Engine, unit_code: str) -> str:
    return str(_unit_row(engine, unit_code)["group"])


def unit_province(engine: Engine, unit_code: str) -> str:
    """The province of a unit: its rank is taken among its group's units of that province."""
    return str(_unit_row(engine, unit_code)["province"])


@cached
def unit_leaves(
    engine: Engine, year: int, round: int, unit_code: str, node: str | None = None
) -> pd.DataFrame:
    """One unit's leaf rows (optionally under one field/criterion), in framework order.

    Columns: ``criterion_code``, ``criterion_name``, ``field_code``, ``method``,
    ``max_points``, ``applicable``, ``self_score``, ``appraised_score``, ``gap`` (self −
    appraised where both are scored), ``evidence_required``, ``evidence_count``,
    ``explanation``, ``appraisal_note``, ``missing_evidence``, ``missing_explanation`` (bools).
    """
    group = _unit_group(engine, unit_code)
    stmt = sa.select(*_LEAF_COLUMNS).where(
        sf.year == year, sf.round == round, sf.unit_code == unit_code
    )
    if node is not None:
        codes = dict(node_filter(engine, year, group, node).leaves or ()).get(group, ())
        stmt = stmt.where(sf.criterion_code.in_(codes))
    leaves = read(engine, stmt)
    leaves["group"] = group
    leaves = with_node_names(leaves, engine, year, "criterion_code", "criterion")
    leaves = leaves.sort_values(["criterion_order", "criterion_code"]).reset_index(drop=True)
    leaves["gap"] = metrics.points_column(leaves, "gap_milli")
    for flag in ("applicable", "evidence_required", "missing_evidence", "missing_explanation"):
        leaves[flag] = leaves[flag].astype(bool)
    columns = [
        "criterion_code", "criterion_name", "field_code", "method", "max_points", "applicable",
        "self_score", "appraised_score", "gap", "evidence_required", "evidence_count",
        "explanation", "appraisal_note", "missing_evidence", "missing_explanation",
    ]  # fmt: skip
    return leaves[columns]


def missing_items(
    engine: Engine, year: int, round: int, unit_code: str, node: str | None = None
) -> pd.DataFrame:
    """The leaves of one unit missing evidence or explanation (columns of :func:`unit_leaves`)."""
    leaves = unit_leaves(engine, year, round, unit_code, node)
    chosen = leaves["missing_evidence"] | leaves["missing_explanation"]
    return leaves[chosen].reset_index(drop=True)


@dataclass
class Scorecard:
    """One unit in one (year, round): its tree, its index and rank, its history."""

    unit_code: str
    unit_name: str
    group: str
    group_label: str
    province: str
    year: int
    round: int
    index: float | None
    self_index: float | None
    rank: int | None
    units_ranked: int
    band: str | None
    completeness: float | None
    tree: pd.DataFrame = field(repr=False)
    fields: pd.DataFrame = field(repr=False)
    history: pd.DataFrame = field(repr=False)

    def restricted(self, units: frozenset[str]) -> Scorecard:
        """The scorecard, to a scope holding its unit (another scope: as an unknown unit)."""
        if self.unit_code not in units:
            raise unknown_unit(self.unit_code)
        return self


@cached
def scorecard(engine: Engine, year: int, round: int, unit_code: str) -> Scorecard:
    """The scorecard of one unit.

    ``tree`` — every framework node in order: ``code``, ``parent_code``, ``field_code``,
    ``level``, ``is_leaf``, ``sort_key``, ``name``, ``method``, ``framework_max_points``,
    ``requires_evidence`` + the score columns rolled up over the node's leaves
    (``max_points`` is the applicable maximum; ``missing_evidence`` etc. are counts), plus
    for leaves ``self_score``, ``appraised_score``, ``gap``, ``applicable``,
    ``evidence_count``, ``explanation``, ``appraisal_note``.
    ``fields`` — the level-1 rows of ``tree``.  ``history`` — :func:`unit_history`.
    """
    group = _unit_group(engine, unit_code)
    where = Filter(year=year, round=round, unit_code=unit_code)
    leaf_measures = aggregate(engine, where, ["leaf_code"])
    tree = framework(engine, year, group)
    rolled = metrics.derive_scores(metrics.roll_up(tree, leaf_measures))
    leaves = unit_leaves(engine, year, round, unit_code)
    detail = leaves[
        ["criterion_code", "self_score", "appraised_score", "gap", "applicable", "evidence_count",
         "explanation", "appraisal_note"]
    ].rename(columns={"criterion_code": "code"})  # fmt: skip
    tree_table = public(rolled.merge(detail, on="code", how="left"))
    history = unit_history(engine, unit_code)
    now = history[(history["year"] == year) & (history["round"] == round)]

    def current(column: str) -> Any:
        return plain(now[column].iloc[0]) if len(now) else None

    name = units(engine)
    return Scorecard(
        unit_code=unit_code,
        unit_name=str(name.loc[name["unit_code"] == unit_code, "unit_name"].iloc[0]),
        group=group,
        group_label=group_label(group),
        province=unit_province(engine, unit_code),
        year=year,
        round=round,
        index=current("index"),
        self_index=current("self_index"),
        rank=current("rank"),
        units_ranked=current("units_ranked") or 0,
        band=current("band"),
        completeness=current("completeness"),
        tree=tree_table,
        fields=tree_table[tree_table["level"] == 1].reset_index(drop=True),
        history=history,
    )


@cached
def unit_history(engine: Engine, unit_code: str) -> pd.DataFrame:
    """A unit across years and rounds, ranked within its group each time.

    Columns: ``year``, ``round``, ``index``, ``self_index``, ``completeness``, ``rank``
    (appraised), ``self_rank``, ``units_ranked``, ``band``.  Sorted by year, round.
    (Gaps per round: :func:`dashboard.queries.gap_rounds`.)
    """
    group = _unit_group(engine, unit_code)
    keys = scored_keys(engine).c
    periods = read(
        engine, sa.select(keys.year, keys.round).where(keys.unit_code == unit_code).distinct()
    )
    if periods.empty:
        return pd.DataFrame(
            columns=["year", "round", "index", "self_index", "completeness", "rank",
                     "self_rank", "units_ranked", "band"]
        )  # fmt: skip
    pairs = tuple((int(y), int(r)) for y, r in zip(periods["year"], periods["round"], strict=True))
    where = Filter(group=group, periods=pairs, province=unit_province(engine, unit_code))
    measures = metrics.measures_of(metrics.FINAL, metrics.SELF)
    scored = metrics.derive_scores(
        aggregate(engine, where, ["year", "round", "unit_code"], measures)
    )
    scored = metrics.rank_within(
        scored, "index_exact", by=["year", "round"], counts=("scored_leaves", "applicable_leaves")
    )
    scored = metrics.rank_within(
        scored,
        "self_index_exact",
        by=["year", "round"],
        out_col="self_rank",
        counts=("self_scored_leaves", "self_applicable_leaves"),
    )
    scored["units_ranked"] = scored.groupby(["year", "round"])["rank"].transform("count")
    mine = scored[scored["unit_code"] == unit_code]
    mine = mine.assign(band=metrics.band_column(mine, "index_exact"))  # its own rows only
    columns = [
        "year", "round", "index", "self_index", "completeness", "rank", "self_rank",
        "units_ranked", "band",
    ]  # fmt: skip
    return public(mine[columns].sort_values(["year", "round"]))
