"""The criterion explorer: one framework node across the units of a group, and the
explanations and appraiser notes given under it."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Engine

from dashboard import metrics
from dashboard.queries.cache import cached
from dashboard.queries.catalogue import node_filter
from dashboard.queries.frames import public, unit_name_first, with_node_names, with_units
from dashboard.queries.sql import Filter, aggregate, read, sf
from etl.summary import HAS_EXPLANATION


@cached
def criterion_explorer(
    engine: Engine, year: int, round: int, group: str, node: str
) -> pd.DataFrame:
    """Each unit on one field or criterion (any framework node) of a group.

    Columns: ``unit_code``, ``unit_name``, ``group``, ``group_label`` + the score columns over
    the node's leaves (``max_points``, ``points``, ``index``, ``lost_points``, ``gap_points``,
    ``missing_evidence_share``, ``explained`` …).  Sorted by ``lost_points`` largest first.
    """
    where = node_filter(engine, year, group, node)
    where = Filter(year=year, round=round, group=group, leaves=where.leaves)
    scored = metrics.derive_scores(aggregate(engine, where, ["group", "unit_code"]))
    table = unit_name_first(
        with_units(scored, engine), ["unit_code", "unit_name", "group", "group_label"]
    )
    return public(table.sort_values(["lost_points", "unit_code"], ascending=[False, True]))


@cached
def explanations(
    engine: Engine, year: int, round: int, group: str, node: str, unit_code: str | None = None
) -> pd.DataFrame:
    """Explanations and appraiser notes given under one node (only leaves that have either).

    Columns: ``unit_code``, ``unit_name``, ``criterion_code``, ``criterion_name``,
    ``self_score``, ``appraised_score``, ``evidence_count``, ``explanation``,
    ``appraisal_note``.  Sorted by unit name, framework order.
    """
    leaves = dict(node_filter(engine, year, group, node).leaves or ()).get(group, ())
    has_note = sa.func.coalesce(sa.func.trim(sf.appraisal_note), "") != ""
    stmt = sa.select(
        sf.unit_code,
        sf.criterion_code,
        sf.self_score,
        sf.appraised_score,
        sf.evidence_count,
        sf.explanation,
        sf.appraisal_note,
    ).where(
        sf.year == year,
        sf.round == round,
        sf.group_code == group,
        sf.criterion_code.in_(leaves),
        sa.or_(HAS_EXPLANATION, has_note),
    )
    if unit_code is not None:
        stmt = stmt.where(sf.unit_code == unit_code)
    rows = read(engine, stmt)
    rows["group"] = group
    rows = with_node_names(with_units(rows, engine), engine, year, "criterion_code", "criterion")
    rows = rows.sort_values(["unit_name", "criterion_order"])
    columns = [
        "unit_code", "unit_name", "criterion_code", "criterion_name", "self_score",
        "appraised_score", "evidence_count", "explanation", "appraisal_note",
    ]  # fmt: skip
    return rows[columns].reset_index(drop=True)
