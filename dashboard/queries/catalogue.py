"""What the warehouse holds: rounds and years, units, groups, the criteria framework, and
the checks that a (year, round, group) selection or a framework node exists."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Engine

from dashboard.i18n import group_label
from dashboard.queries.cache import SelectionError, cached, has_schema
from dashboard.queries.sql import Filter, read, scored_keys
from etl.schema import assessment_round, criterion, unit

# The usual order of the groups (their names: dashboard.i18n.group_label); other codes follow.
GROUP_ORDER = ("so_nganh", "su_nghiep", "trung_uong", "huyen")


def group_sort_key(code: str) -> tuple[int, str]:
    """Sorts groups in the usual order, unknown codes last by code."""
    return (GROUP_ORDER.index(code) if code in GROUP_ORDER else len(GROUP_ORDER), code)


@cached(unit_free=True)
def rounds(engine: Engine) -> pd.DataFrame:
    """Every (year, round) with scores or a schedule.

    Columns: ``year``, ``round``, ``opens_at``, ``locks_at`` (datetime or NaT),
    ``has_scores`` (bool).  Sorted by year, round.
    """
    if not has_schema(engine):
        columns = ["year", "round", "opens_at", "locks_at", "has_scores"]
        return pd.DataFrame(columns=columns)
    keys = scored_keys(engine).c
    scored = read(engine, sa.select(keys.year, keys.round).distinct())
    scheduled = read(
        engine,
        sa.select(
            assessment_round.c.year,
            assessment_round.c.round,
            assessment_round.c.opens_at,
            assessment_round.c.locks_at,
        ),
    )
    scored["has_scores"] = True
    out = scheduled.merge(scored, on=["year", "round"], how="outer")
    out["has_scores"] = out["has_scores"].eq(True)
    for column in ("opens_at", "locks_at"):
        out[column] = pd.to_datetime(out[column])
    out["year"] = out["year"].astype("int64")
    out["round"] = out["round"].astype("int64")
    return out.sort_values(["year", "round"]).reset_index(drop=True)


def years(engine: Engine) -> list[int]:
    """Years with scores, ascending."""
    table = rounds(engine)
    return sorted({int(y) for y in table.loc[table["has_scores"], "year"]})


def rounds_of(engine: Engine, year: int) -> list[int]:
    """Rounds of ``year`` with scores, ascending."""
    table = rounds(engine)
    chosen = table[(table["year"] == year) & table["has_scores"]]
    return sorted(int(r) for r in chosen["round"])


def latest(engine: Engine) -> tuple[int, int] | None:
    """The latest (year, round) with scores, or ``None`` on an empty warehouse."""
    all_years = years(engine)
    if not all_years:
        return None
    return all_years[-1], rounds_of(engine, all_years[-1])[-1]


@cached
def units(engine: Engine, group: str | None = None) -> pd.DataFrame:
    """Units. Columns: ``unit_code``, ``unit_name``, ``group``, ``group_label``, ``province``.

    Sorted by group (the usual order, unknown codes last) then unit name.
    """
    stmt = sa.select(
        unit.c.code.label("unit_code"),
        unit.c.name.label("unit_name"),
        unit.c.group_code.label("group"),
        unit.c.province,
    )
    if group is not None:
        stmt = stmt.where(unit.c.group_code == group)
    out = read(engine, stmt)
    out["group_label"] = [group_label(g) for g in out["group"]]
    out["_order"] = [group_sort_key(g)[0] for g in out["group"]]
    out = out.sort_values(["_order", "group", "unit_name", "unit_code"]).drop(columns="_order")
    return out[["unit_code", "unit_name", "group", "group_label", "province"]].reset_index(
        drop=True
    )


@cached(unit_free=True)
def groups(engine: Engine, year: int | None = None) -> pd.DataFrame:
    """Groups present (with scores in ``year``, or in the units list when ``year`` is None).

    Columns: ``group``, ``label``.  Usual order first, unknown codes after, by code.
    """
    if year is None:
        codes = set(read(engine, sa.select(unit.c.group_code).distinct())["group_code"])
    else:
        keys = scored_keys(engine).c
        stmt = sa.select(keys.group_code).where(keys.year == year).distinct()
        codes = set(read(engine, stmt)["group_code"])
    ordered = sorted(codes, key=group_sort_key)
    return pd.DataFrame({"group": ordered, "label": [group_label(g) for g in ordered]})


@cached(unit_free=True)
def framework(engine: Engine, year: int, group: str | None = None) -> pd.DataFrame:
    """The criteria tree of a year (one group, or all groups).

    Columns: ``group``, ``code``, ``parent_code``, ``field_code``, ``level`` (1 field,
    2 criterion, 3+ sub-criterion), ``is_leaf``, ``sort_key``, ``name``, ``max_points``,
    ``evidence_required``, ``method``.  In framework order.
    """
    c = criterion.c
    stmt = sa.select(
        c.group_code.label("group"),
        c.code,
        c.parent_code,
        c.field_code,
        c.level,
        c.is_leaf,
        c.sort_key,
        c.name,
        c.max_points,
        c.evidence_required,
        c.method,
    ).where(c.year == year)
    if group is not None:
        stmt = stmt.where(c.group_code == group)
    out = read(engine, stmt.order_by(c.group_code, c.sort_key))
    out["is_leaf"] = out["is_leaf"].astype(bool)
    out["evidence_required"] = out["evidence_required"].astype(bool)
    return out


def fields(engine: Engine, year: int, group: str) -> pd.DataFrame:
    """The fields of a framework: :func:`framework` rows with ``level == 1``."""
    tree = framework(engine, year, group)
    return tree[tree["level"] == 1].reset_index(drop=True)


def criteria(engine: Engine, year: int, group: str, field_code: str | None = None) -> pd.DataFrame:
    """The criteria (level 2) of a framework, optionally of one field."""
    tree = framework(engine, year, group)
    chosen = tree[tree["level"] == 2]
    if field_code is not None:
        chosen = chosen[chosen["field_code"] == field_code]
    return chosen.reset_index(drop=True)


def _descendant_leaves(tree: pd.DataFrame, node: str) -> tuple[str, ...]:
    """Leaf codes under ``node`` (itself if a leaf) in one group's framework."""
    children: dict[str, list[str]] = {}
    for code, parent in zip(tree["code"], tree["parent_code"], strict=True):
        if isinstance(parent, str) and parent:
            children.setdefault(parent, []).append(code)
    leaves = set(tree.loc[tree["is_leaf"], "code"])
    found: list[str] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current in leaves:
            found.append(current)
        stack.extend(children.get(current, []))
    return tuple(sorted(found))


def node_filter(engine: Engine, year: int, group: str | None, node: str) -> Filter:
    """A filter on the leaves under ``node`` (a field, criterion or leaf code) in each group."""
    tree = framework(engine, year, group)
    if tree.empty or node not in set(tree["code"]):
        raise SelectionError(
            f"Không có tiêu chí {node} trong bộ tiêu chí năm {year} / "
            f"criterion {node} is not in the {year} framework"
        )
    pairs = tuple(
        (str(g), _descendant_leaves(part, node)) for g, part in tree.groupby("group", sort=True)
    )
    return Filter(leaves=pairs)


def check_selection(
    engine: Engine, year: int, round: int | None = None, group: str | None = None
) -> int:
    """Validate a (year, round, group) selection; return the round (default: latest of the year).

    Raises :class:`SelectionError` with a Vietnamese + English message.
    """
    available = years(engine)
    if year not in available:
        listed = ", ".join(str(y) for y in available) or "—"
        raise SelectionError(
            f"Không có dữ liệu năm {year} (các năm có dữ liệu: {listed}) / "
            f"no data for year {year} (years available: {listed})"
        )
    year_rounds = rounds_of(engine, year)
    if round is None:
        round = year_rounds[-1]
    elif round not in year_rounds:
        listed = ", ".join(str(r) for r in year_rounds)
        raise SelectionError(
            f"Năm {year} không có lần {round} (các lần: {listed}) / "
            f"year {year} has no round {round} (rounds: {listed})"
        )
    if group is not None:
        present = list(groups(engine, year)["group"])
        if group not in present:
            listed = ", ".join(present)
            raise SelectionError(
                f"Không có nhóm {group} trong năm {year} (các nhóm: {listed}) / "
                f"no group {group} in {year} (groups: {listed})"
            )
    return round


def unit_names(engine: Engine, codes: Iterable[str]) -> dict[str, str]:
    """``{unit_code: unit_name}`` for the given codes (unknown codes map to themselves)."""
    table = units(engine)
    known = dict(zip(table["unit_code"], table["unit_name"], strict=True))
    return {code: known.get(code, code) for code in codes}


def node_name(engine: Engine, year: int, group: str | None, code: str) -> str:
    """``"1.2. Báo cáo CCHC định kỳ"``: a framework node's code and name (the code alone
    when the year's framework does not have it)."""
    tree = framework(engine, year, group)
    match = tree.loc[tree["code"] == code, "name"]
    return f"{code}. {match.iloc[0]}" if len(match) else code
