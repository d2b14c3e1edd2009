"""Shaping results: unit names and group labels, framework names and order, group order,
and the public form of a result (raw measures dropped, exact indices as floats)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from dashboard import metrics
from dashboard.i18n import group_label
from dashboard.queries.catalogue import framework, group_sort_key, units
from dashboard.queries.sql import Filter, aggregate
from etl.summary import MEASURES

UNIT_COLUMNS = ["unit_code", "unit_name", "group", "group_label"]


def public(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop the raw integer measures; exact indices (Fractions) become floats."""
    out = frame.drop(columns=[c for c in MEASURES if c in frame.columns])
    for column in out.columns:
        if column.endswith("_exact"):
            out[column] = pd.Series(
                [float(v) if isinstance(v, Fraction) else float("nan") for v in out[column]],
                index=out.index,
                dtype="float64",
            )
    return out.reset_index(drop=True)


def with_units(frame: pd.DataFrame, engine: Engine) -> pd.DataFrame:
    """Add ``unit_name`` (the code if unknown) and ``group_label`` to rows with ``unit_code``
    and ``group``."""
    names = units(engine)[["unit_code", "unit_name"]]
    out = frame.merge(names, on="unit_code", how="left")
    out["unit_name"] = out["unit_name"].fillna(out["unit_code"])
    out["group_label"] = [group_label(g) for g in out["group"]]
    return out


def sorted_by_group(frame: pd.DataFrame, then: list[str], ascending: list[bool]) -> pd.DataFrame:
    """Rows sorted by group (usual order), then by ``then`` (missing values last)."""
    out = frame.assign(_order=[group_sort_key(g)[0] for g in frame["group"]])
    out = out.sort_values(
        ["_order", "group", *then], ascending=[True, True, *ascending], na_position="last"
    )
    return out.drop(columns="_order").reset_index(drop=True)


def unit_name_first(frame: pd.DataFrame, leading: list[str]) -> pd.DataFrame:
    """The ``leading`` columns first, the others after in their order."""
    rest = [c for c in frame.columns if c not in leading]
    return frame[leading + rest]


def per_unit(
    engine: Engine,
    where: Filter,
    measures: Sequence[str],
    largest_first: str,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per unit under ``where``: the scores derived from ``measures``
    (:func:`dashboard.metrics.derive_scores`) after the unit's code, name, group and label,
    only ``columns`` of them when given; sorted by group, then ``largest_first`` largest
    first, then unit code."""
    scored = metrics.derive_scores(aggregate(engine, where, ["group", "unit_code"], measures))
    table = unit_name_first(with_units(scored, engine), UNIT_COLUMNS)
    if columns is not None:
        table = table[[*UNIT_COLUMNS, *columns]]
    return public(sorted_by_group(table, [largest_first, "unit_code"], [False, True]))


def with_node_names(
    frame: pd.DataFrame, engine: Engine, year: int, code_col: str, prefix: str
) -> pd.DataFrame:
    """Add ``{prefix}_name`` and ``{prefix}_order`` from the framework (code shown if unknown)."""
    tree = framework(engine, year)[["group", "code", "name", "sort_key"]]
    names = tree.rename(
        columns={"code": code_col, "name": f"{prefix}_name", "sort_key": f"{prefix}_order"}
    )
    out = frame.merge(names, on=["group", code_col], how="left")
    out[f"{prefix}_name"] = out[f"{prefix}_name"].fillna(out[code_col])
    return out


def plain(value: Any) -> Any:
    """A plain Python value (numpy scalars unwrapped); ``None`` for any missing value."""
    if value is None or pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value
