"""Evidence completeness: per unit, and unit × field, criterion or leaf."""

from __future__ import annotations

from typing import Literal

import pandas as pd
from sqlalchemy import Engine

from dashboard import metrics
from dashboard.queries.cache import cached
from dashboard.queries.frames import (
    per_unit,
    public,
    sorted_by_group,
    with_node_names,
    with_units,
)
from dashboard.queries.sql import Filter, aggregate

EvidenceLevel = Literal["field", "criterion", "leaf"]

_EVIDENCE_COLUMNS = [
    "evidence_required", "missing_evidence", "missing_evidence_share", "self_positive",
    "missing_explanation", "missing_explanation_share", "explained",
]  # fmt: skip


@cached
def unit_evidence(
    engine: Engine,
    year: int,
    round: int,
    group: str | None = None,
    field_code: str | None = None,
) -> pd.DataFrame:
    """Evidence completeness per unit, optionally within one field.

    Columns: ``unit_code``, ``unit_name``, ``group``, ``group_label``, ``evidence_required``
    (applicable self-scored leaves requiring evidence), ``missing_evidence`` (of those, self
    score > 0 and no document), ``missing_evidence_share`` (missing ÷ required),
    ``self_positive``, ``missing_explanation``, ``missing_explanation_share``, ``explained``.
    Sorted by group, then largest share missing first.
    """
    where = Filter(year=year, round=round, group=group, field_code=field_code)
    return per_unit(engine, where, metrics.EVIDENCE, "missing_evidence_share", _EVIDENCE_COLUMNS)


_LEVEL_DIMENSION: dict[EvidenceLevel, str] = {
    "field": "field_code",
    "criterion": "criterion_code",
    "leaf": "leaf_code",
}


@cached
def evidence_matrix(
    engine: Engine,
    year: int,
    round: int,
    group: str | None = None,
    level: EvidenceLevel = "field",
    field_code: str | None = None,
) -> pd.DataFrame:
    """Unit × node evidence matrix at field, criterion or leaf level (long format).

    Columns: ``unit_code``, ``unit_name``, ``group``, ``group_label``, ``node_code``,
    ``node_name``, ``node_order``, ``evidence_required``, ``missing_evidence``,
    ``missing_evidence_share``, ``self_positive``, ``missing_explanation``,
    ``missing_explanation_share``, ``explained``.
    """
    dimension = _LEVEL_DIMENSION[level]
    where = Filter(year=year, round=round, group=group, field_code=field_code)
    by = ["group", "unit_code", dimension]
    scored = metrics.derive_scores(aggregate(engine, where, by, metrics.EVIDENCE))
    table = with_units(scored, engine).rename(columns={dimension: "node_code"})
    table = with_node_names(table, engine, year, "node_code", "node")
    leading = ["unit_code", "unit_name", "group", "group_label", "node_code", "node_name",
               "node_order"]  # fmt: skip
    table = table[leading + _EVIDENCE_COLUMNS]
    return public(sorted_by_group(table, ["unit_name", "node_order"], [True, True]))
