"""Round follow-up: the leaves the appraisal flagged (:mod:`dashboard.findings`), the points at
stake, the ranking if they were recovered, and what became of the flags in the next round."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Engine

from dashboard import findings, metrics
from dashboard.explanations import flag_series
from dashboard.i18n import group_label
from dashboard.queries.cache import cached, scoped
from dashboard.queries.catalogue import framework, rounds_of
from dashboard.queries.frames import public, sorted_by_group, with_node_names, with_units
from dashboard.queries.scores import rankings
from dashboard.queries.sql import Filter, read, scored_keys, sf
from etl.summary import (
    BOTH_SCORED,
    HAS_EXPLANATION,
    MISSING_EVIDENCE,
    MISSING_EXPLANATION,
    SELF_POSITIVE,
    milli,
)

_DEDUCTED = sa.and_(BOTH_SCORED, sf.self_score > sf.appraised_score)
_EXPLAINED = sa.and_(SELF_POSITIVE, HAS_EXPLANATION)
_COLUMNS = (
    sf.unit_code,
    sf.group_code.label("group"),
    sf.field_code,
    sf.criterion_code,
    sf.max_points,
    sf.self_score,
    sf.appraised_score,
    sf.evidence_count,
    sf.explanation,
    sf.appraisal_note,
    sa.case((MISSING_EVIDENCE, 1), else_=0).label("missing_evidence"),
    sa.case((MISSING_EXPLANATION, 1), else_=0).label("missing_explanation"),
    sa.case((_EXPLAINED, 1), else_=0).label("explained"),
    sa.case((_DEDUCTED, milli(sf.self_score) - milli(sf.appraised_score)), else_=0).label(
        "deduction_milli"
    ),
)
FINDING_COLUMNS = [
    "unit_code", "unit_name", "group", "group_label", "field_code", "criterion_code",
    "criterion_name", "parent_criterion", "max_points", "self_score", "appraised_score",
    "deduction", "evidence_count", "explanation", "appraisal_note", "missing_evidence",
    "missing_explanation", "unspecific_explanation", "rule", "at_stake", "flagged",
    "deduction_milli", "at_stake_milli",
]  # fmt: skip
COUNT_COLUMNS = [
    "flagged", "missing_evidence", "missing_explanation", "unspecific_explanation",
    "explained", "deduction_milli", "at_stake_milli",
]  # fmt: skip


def _criterion_of_leaf(engine: Engine, year: int) -> dict[tuple[str, str], str]:
    """(group, leaf code) → the level-2 criterion above it (a level-1/2 leaf: itself)."""
    tree = framework(engine, year)
    keys = list(zip(tree["group"], tree["code"], strict=True))
    parent = dict(zip(keys, tree["parent_code"], strict=True))
    level = dict(zip(keys, tree["level"], strict=True))
    out: dict[tuple[str, str], str] = {}
    for key in parent:
        group, code = key
        while level.get((group, code), 1) > 2 and isinstance(parent.get((group, code)), str):
            code = str(parent[(group, code)])
        out[key] = code
    return out


@cached
def leaf_findings(
    engine: Engine, year: int, round: int, group: str | None = None, unit_code: str | None = None
) -> pd.DataFrame:
    """Every flagged leaf (a problem or a deduction, :mod:`dashboard.findings`) of the units of
    ``group`` (or one unit), in group, unit and framework order.

    Columns (:data:`FINDING_COLUMNS`): names, ``parent_criterion`` (the level-2 criterion),
    scores, ``deduction`` and ``at_stake`` (points), the explanation, the appraiser's note, the
    three problems (bools), ``rule`` (the id of the explanation rule broken, or ``None``).
    """
    where = Filter(year=year, round=round, group=group, unit_code=unit_code)
    stmt = sa.select(*_COLUMNS).where(
        *where.clauses(), sa.or_(MISSING_EVIDENCE, MISSING_EXPLANATION, _EXPLAINED, _DEDUCTED)
    )
    rows = read(engine, stmt)

    explained = rows["explained"].astype(bool)
    texts = rows["explanation"].where(explained, None)
    rows["rule"] = flag_series(texts) if len(rows) else pd.Series(dtype=object)
    found = findings.with_findings(rows)
    found = found[found["flagged"]].reset_index(drop=True)
    found["deduction"] = metrics.points_column(found, "deduction_milli")
    found["at_stake"] = metrics.points_column(found, "at_stake_milli")
    above = _criterion_of_leaf(engine, year)
    found["parent_criterion"] = [
        above.get((g, c), c) for g, c in zip(found["group"], found["criterion_code"], strict=True)
    ]
    found = with_node_names(with_units(found, engine), engine, year, "criterion_code", "criterion")
    found = sorted_by_group(found, ["unit_name", "unit_code", "criterion_order"], [True] * 3)
    return public(found[FINDING_COLUMNS])


@cached
def finding_counts(
    engine: Engine, year: int, round: int, group: str | None = None, by: str = "unit_code"
) -> pd.DataFrame:
    """Counts of :func:`leaf_findings` per unit (``by="unit_code"``), per unit × field
    (``"field_code"``), × criterion (``"parent_criterion"``) or × leaf (``"criterion_code"``).

    Columns: ``unit_code``, ``group`` (and ``by``), :data:`COUNT_COLUMNS` (leaf counts;
    ``explained`` counts unspecific explanations' population only among flagged leaves, so
    use ``queries.unit_evidence`` for the share's base), ``deduction`` and ``at_stake``
    (points).  Units with nothing flagged are absent."""
    found = leaf_findings(engine, year, round, group)
    keys = ["group", "unit_code"] + ([] if by == "unit_code" else [by])
    summed = found.assign(explained=~found["missing_explanation"]).groupby(keys, sort=False)
    counts = summed[COUNT_COLUMNS].sum().reset_index()
    for name in COUNT_COLUMNS:
        counts[name] = counts[name].astype("int64")
    counts["deduction"] = metrics.points_column(counts, "deduction_milli")
    counts["at_stake"] = metrics.points_column(counts, "at_stake_milli")
    return public(counts)


@cached
def stake_ranking(engine: Engine, year: int, round: int, group: str | None = None) -> pd.DataFrame:
    """The ranking (:func:`dashboard.queries.rankings`) with each unit's points at stake, its
    index and rank if it recovered them ("hạng nếu bổ sung đủ", :func:`findings.rank_if_recovered`)
    and its counts of flagged leaves (``missing_evidence``, ``unspecific_explanation``, …)."""
    with scoped(None):  # ranks are the whole group's; the result is restricted to the scope
        ranked = rankings(engine, year, round, group)
        counts = finding_counts(engine, year, round, group)
    stake = dict(zip(counts["unit_code"], counts["at_stake_milli"], strict=True))
    out = findings.rank_if_recovered(ranked, pd.Series(stake, dtype="int64"))
    extra = counts[["unit_code", "flagged", "missing_evidence", "missing_explanation",
                    "unspecific_explanation"]]  # fmt: skip
    out = out.merge(extra, on="unit_code", how="left")
    for name in extra.columns[1:]:
        out[name] = out[name].fillna(0).astype("int64")
    return public(out)


@dataclass
class FollowUp:
    """What became of the flags of the round before ``round`` (``previous``; ``None``: the
    year's first round, nothing to follow up)."""

    year: int
    round: int
    previous: int | None
    items: pd.DataFrame = field(repr=False)  # unit_code, criterion_code, problem, status, names
    per_unit: pd.DataFrame = field(repr=False)  # unit_code, unit_name, group, fixed/open/new…
    per_group: pd.DataFrame = field(repr=False)  # group, group_label, fixed/open/new…

    def restricted(self, units: frozenset[str]) -> FollowUp:
        """Only ``units``' items and rows, the group counts counted again from them."""
        chosen = self.items[self.items["unit_code"].isin(units)].reset_index(drop=True)
        per_unit = self.per_unit[self.per_unit["unit_code"].isin(units)].reset_index(drop=True)
        return FollowUp(self.year, self.round, self.previous, chosen, per_unit,
                        _per_group(chosen))  # fmt: skip


def _per_group(items: pd.DataFrame) -> pd.DataFrame:
    counts = findings.status_counts(items, ["group"])
    counts["group_label"] = [group_label(g) for g in counts["group"]]
    return counts


def _scored_units(engine: Engine, year: int, round: int) -> set[str]:
    keys = scored_keys(engine).c
    stmt = sa.select(keys.unit_code).where(keys.year == year, keys.round == round).distinct()
    return set(read(engine, stmt)["unit_code"])


@cached
def follow_up(engine: Engine, year: int, round: int, group: str | None = None) -> FollowUp:
    """The items (unit, leaf, problem) flagged in the previous round of ``year`` and in
    ``round``: fixed, still open or new; counted per unit and per group.  Only units with
    scores in ``round`` are followed up (one that has not sent fixed nothing)."""
    earlier = [r for r in rounds_of(engine, year) if r < round]
    previous = earlier[-1] if earlier else None
    now = findings.items(leaf_findings(engine, year, round, group))
    before = (
        findings.items(leaf_findings(engine, year, previous, group))
        if previous is not None
        else now.iloc[0:0]
    )
    # A unit with no scores in ``round`` (it has not sent) fixed nothing: its earlier items are
    # not followed up (the page lists it as not sent), never counted as fixed.
    before = before[before["unit_code"].isin(_scored_units(engine, year, round))]
    compared = (
        findings.compare_items(before, now)
        if previous is not None
        else before.assign(status=pd.Series(dtype=str))
    )
    compared = with_units(compared, engine)
    compared = with_node_names(compared, engine, year, "criterion_code", "criterion")
    compared = sorted_by_group(compared, ["unit_name", "criterion_order", "problem"], [True] * 3)
    per_unit = findings.status_counts(compared, ["group", "unit_code"])
    per_unit = with_units(per_unit, engine)
    return FollowUp(year, round, previous, public(compared), public(per_unit),
                    _per_group(compared))  # fmt: skip
