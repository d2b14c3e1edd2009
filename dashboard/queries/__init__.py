"""The one read-only query layer over the warehouse.

Every aggregate is a SQL ``GROUP BY`` that returns integer sums ("milli-points" and leaf
counts, see :data:`MEASURES`) over ``score_fact``, or, per unit and per unit × field, over the
summaries the ETL keeps in step with it (:mod:`etl.summary`);
:func:`dashboard.metrics.derive_scores` turns them into indices, gaps and shares, and this
module adds names, ranks and bands.  Only one unit's scorecard reads leaf rows.  Results are
pandas DataFrames whose columns each function's docstring lists; floats are ``NaN`` and
counts/ranks ``<NA>`` where there is no value (an unappraised round has no index — "chưa
thẩm định" — never 0).  :func:`records` turns any result into JSON-safe dicts for Dash.

Score columns shared by many results (from :func:`dashboard.metrics.derive_scores`):

* ``max_points``, ``points``, ``index``, ``index_exact``, ``completeness``, ``lost_points`` —
  the final (appraised) index: appraised + survey points over the whole applicable maximum;
* ``self_max_points``, ``self_points``, ``self_index``, ``self_completeness`` — self-scored
  criteria only; ``appraised_self_points``, ``appraised_self_index`` — appraised points on
  that same base; ``gap_points``, ``gap_index`` — self − appraised over leaves where both are
  scored (positive = over-claimed);
* ``evidence_required``, ``missing_evidence``, ``missing_evidence_share``,
  ``self_positive``, ``missing_explanation``, ``missing_explanation_share``, ``explained``,
  ``applicable_leaves``, ``scored_leaves``.

Caching: results are cached under (warehouse URL, data version, function, arguments), the
data version being ``max(load_batch.id)`` and ``count(load_batch)``; every call reads the
version, so every gunicorn worker answers the same and a new load invalidates at once.  The
default cache is a small in-process LRU; :func:`configure_cache` plugs in a shared one
(e.g. Flask-Caching on Redis).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any, Literal, ParamSpec, Protocol, TypeVar

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.sql.elements import ColumnElement

from dashboard import metrics
from etl.schema import (
    assessment_round,
    criterion,
    load_batch,
    score_fact,
    submission,
    unit,
    unit_field_summary,
    unit_summary,
)
from etl.summary import (
    BOTH_SCORED,
    HAS_EXPLANATION,
    MEASURES,
    MISSING_EVIDENCE,
    MISSING_EXPLANATION,
    milli,
    summary_in_step,
    total,
)

Score = Literal["appraised", "self"]
EvidenceLevel = Literal["field", "criterion", "leaf"]

GROUP_LABELS: dict[str, str] = {
    "so_nganh": "Sở, ban, ngành",
    "su_nghiep": "Đơn vị sự nghiệp công lập",
    "trung_uong": "Cơ quan Trung ương đặt tại tỉnh",
    "huyen": "UBND cấp huyện",
}
GROUP_ORDER = tuple(GROUP_LABELS)


def group_label(code: str) -> str:
    """The Vietnamese label of a group code; an unknown code is shown as itself."""
    return GROUP_LABELS.get(code, code)


def _group_sort_key(code: str) -> tuple[int, str]:
    return (GROUP_ORDER.index(code) if code in GROUP_ORDER else len(GROUP_ORDER), code)


class SelectionError(ValueError):
    """A year, round, group, unit or criterion the warehouse does not hold (bilingual message)."""


# --- cache -------------------------------------------------------------------------------------


class CacheBackend(Protocol):
    def get(self, key: str) -> Any: ...

    def set(self, key: str, value: Any) -> Any: ...


class LocalCache:
    """A bounded in-process LRU: the default, correct across workers thanks to the versioned key."""

    def __init__(self, maxsize: int = 256) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()  # the development server answers from several threads

    def get(self, key: str) -> Any:
        with self._lock:
            if key not in self._data:
                return None
            self._data.move_to_end(key)
            return self._data[key]

    def set(self, key: str, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_cache: CacheBackend = LocalCache()


def configure_cache(backend: CacheBackend | None) -> None:
    """Use ``backend`` (anything with ``get(key)``/``set(key, value)``); ``None``: a fresh LRU."""
    global _cache
    _cache = backend if backend is not None else LocalCache()


_WITH_SCHEMA: set[str] = set()


def has_schema(engine: Engine) -> bool:
    """Whether the warehouse's tables exist (``cchc`` creates them; the app only reads): a
    new, empty warehouse is shown as "no data yet", not as an error."""
    key = _engine_key(engine)
    if key not in _WITH_SCHEMA and sa.inspect(engine).has_table(load_batch.name):
        _WITH_SCHEMA.add(key)
    return key in _WITH_SCHEMA


def data_version(engine: Engine) -> tuple[int, int]:
    """``(max(load_batch.id), count(load_batch))``: changes with every load."""
    if not has_schema(engine):
        return 0, 0
    with engine.connect() as conn:
        row = conn.execute(sa.select(sa.func.max(load_batch.c.id), sa.func.count())).one()
    return int(row[0] or 0), int(row[1] or 0)


P = ParamSpec("P")
R = TypeVar("R")


def _engine_key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def cached(func: Callable[P, R]) -> Callable[P, R]:
    """Cache ``func(engine, ...)`` under the warehouse's data version; callers get a copy."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        engine = args[0]
        assert isinstance(engine, Engine)
        material = (
            func.__qualname__,
            _engine_key(engine),
            data_version(engine),
            args[1:],
            sorted(kwargs.items()),
        )
        key = "cchc:" + hashlib.sha256(pickle.dumps(material)).hexdigest()
        hit = _cache.get(key)
        if hit is None:
            hit = func(*args, **kwargs)
            _cache.set(key, hit)
        return copy.deepcopy(hit)

    return wrapper


# --- SQL building blocks -----------------------------------------------------------------------

sf = score_fact.c
assert tuple(MEASURES) == metrics.MEASURE_NAMES
_SCORES = metrics.measures_of(metrics.FINAL, metrics.SELF, metrics.SAME_BASE, metrics.GAP)

# The level-2 criterion above a leaf, found by joining the framework twice: trees up to four
# levels deep (field → criterion → sub-criterion → sub-sub-criterion); a leaf at level 1 or 2
# is its own criterion.
_leaf = criterion.alias("leaf_node")
_parent = criterion.alias("parent_node")
_CRITERION_OF_LEAF = sa.func.coalesce(
    sa.case(
        (_leaf.c.level <= 2, _leaf.c.code),
        (_leaf.c.level == 3, _leaf.c.parent_code),
        else_=_parent.c.parent_code,
    ),
    sf.criterion_code,
)

_DIMENSIONS: dict[str, ColumnElement[Any]] = {
    "year": sf.year,
    "round": sf.round,
    "unit_code": sf.unit_code,
    "group": sf.group_code,
    "field_code": sf.field_code,
    "criterion_code": _CRITERION_OF_LEAF,  # the level-2 criterion above each leaf
    "leaf_code": sf.criterion_code,
}


@dataclass(frozen=True)
class Filter:
    """Which leaves an aggregate covers."""

    year: int | None = None
    round: int | None = None
    group: str | None = None
    unit_code: str | None = None
    field_code: str | None = None
    leaves: tuple[tuple[str, tuple[str, ...]], ...] | None = None  # ((group, leaf codes), ...)
    periods: tuple[tuple[int, int], ...] | None = None  # ((year, round), ...)

    def clauses(self, table: sa.Table = score_fact) -> list[ColumnElement[bool]]:
        """The WHERE clauses on ``table`` (``score_fact`` or a summary that has the columns)."""
        c = table.c
        pairs = (
            ("year", self.year),
            ("round", self.round),
            ("group_code", self.group),
            ("unit_code", self.unit_code),
            ("field_code", self.field_code),
        )
        out: list[ColumnElement[bool]] = [
            c[col] == value for col, value in pairs if value is not None
        ]
        if self.periods is not None:  # lets the (year, round, group) index serve the query
            out.append(sa.tuple_(c.year, c.round).in_([tuple(p) for p in self.periods]))
        if self.leaves is not None:
            out.append(
                sa.or_(
                    sa.false(),
                    *(
                        sa.and_(c.group_code == group, c.criterion_code.in_(codes))
                        for group, codes in self.leaves
                        if codes
                    ),
                )
            )
        return out


_UNIT_DIMENSIONS = frozenset({"year", "round", "unit_code", "group"})


def _summary_for(where: Filter, by: Sequence[str]) -> sa.Table | None:
    """The summary table an aggregate can read instead of ``score_fact``, if any."""
    if where.leaves is not None:
        return None
    if where.field_code is None and _UNIT_DIMENSIONS.issuperset(by):
        return unit_summary
    if (_UNIT_DIMENSIONS | {"field_code"}).issuperset(by):
        return unit_field_summary
    return None


def _trusted(engine: Engine, summary: sa.Table) -> bool:
    """Whether ``summary`` is in step with ``score_fact`` (see :mod:`etl.summary`)."""
    try:
        with engine.connect() as conn:
            return summary_in_step(conn, summary)
    except (sa.exc.OperationalError, sa.exc.ProgrammingError):  # no summary table yet
        return False


def _scored_keys(engine: Engine) -> sa.Table:
    """Where to look up which (year, round, unit, group) have scores: the unit summary (a row
    per unit and round) when it is in step, else ``score_fact`` (a row per leaf)."""
    return unit_summary if _trusted(engine, unit_summary) else score_fact


def _from_summary(
    summary: sa.Table, where: Filter, by: Sequence[str], measures: Sequence[str]
) -> sa.Select[Any]:
    """The aggregate over a summary table's rows: the sums of their sums."""
    dims = [summary.c["group_code" if name == "group" else name] for name in by]
    stmt = sa.select(
        *(dim.label(name) for dim, name in zip(dims, by, strict=True)),
        *(total(summary.c[name]).label(name) for name in measures),
    )
    return stmt.where(*where.clauses(summary)).group_by(*dims)


def _from_facts(where: Filter, by: Sequence[str], measures: Sequence[str]) -> sa.Select[Any]:
    """The aggregate over the leaf rows of ``score_fact``."""
    dims = [_DIMENSIONS[name].label(name) for name in by]
    stmt = sa.select(*dims, *(MEASURES[name].label(name) for name in measures))
    if "criterion_code" in by:
        stmt = stmt.select_from(
            score_fact.outerjoin(
                _leaf,
                sa.and_(
                    _leaf.c.year == sf.year,
                    _leaf.c.group_code == sf.group_code,
                    _leaf.c.code == sf.criterion_code,
                ),
            ).outerjoin(
                _parent,
                sa.and_(
                    _parent.c.year == _leaf.c.year,
                    _parent.c.group_code == _leaf.c.group_code,
                    _parent.c.code == _leaf.c.parent_code,
                ),
            )
        )
    else:
        stmt = stmt.select_from(score_fact)
    return stmt.where(*where.clauses()).group_by(*(_DIMENSIONS[name] for name in by))


def _aggregate(
    engine: Engine,
    where: Filter,
    by: Sequence[str],
    measures: Sequence[str] = metrics.MEASURE_NAMES,
) -> pd.DataFrame:
    """``SELECT by..., measures... WHERE ... GROUP BY by...`` as a DataFrame.

    Unit- and field-level aggregates read the unit summaries when they are in step with
    ``score_fact`` (identical sums, a few rows per unit instead of every leaf); others, and
    any aggregate while the summaries lag, read ``score_fact``.  Every measure costs time on
    every leaf row, so callers ask only for the blocks they use.
    """
    summary = _summary_for(where, by)
    if summary is not None and _trusted(engine, summary):
        stmt = _from_summary(summary, where, by, measures)
    else:
        stmt = _from_facts(where, by, measures)
    frame = _fetch(engine, stmt)
    for name in measures:
        frame[name] = frame[name].astype("int64")
    return frame


_POINT_COLUMNS = ("max_points", "self_score", "appraised_score")


def _fetch(engine: Engine, stmt: sa.Select[Any]) -> pd.DataFrame:
    with engine.connect() as conn:
        result = conn.execute(stmt)
        return pd.DataFrame([tuple(row) for row in result], columns=list(result.keys()))


def _read(engine: Engine, stmt: sa.Select[Any]) -> pd.DataFrame:
    """Rows as a DataFrame; points as float64 and counts as Int64 on every backend."""
    frame = _fetch(engine, stmt)
    for column in frame.columns:
        if column in _POINT_COLUMNS:
            frame[column] = pd.to_numeric(frame[column]).astype("float64")
        elif column == "evidence_count":
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
    return frame


def _public(frame: pd.DataFrame) -> pd.DataFrame:
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


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-safe dicts (missing values → ``None``, datetimes → ISO strings)."""
    out = frame.astype(object).where(frame.notna(), None)
    rows: list[dict[str, Any]] = [
        {str(key): value for key, value in row.items()} for row in out.to_dict("records")
    ]
    for row in rows:
        for key, value in row.items():
            if isinstance(value, datetime | pd.Timestamp):
                row[key] = value.isoformat()
            elif isinstance(value, Fraction):
                row[key] = float(value)
    return rows


# --- catalogue ---------------------------------------------------------------------------------


@cached
def rounds(engine: Engine) -> pd.DataFrame:
    """Every (year, round) with scores or a schedule.

    Columns: ``year``, ``round``, ``opens_at``, ``locks_at`` (datetime or NaT),
    ``has_scores`` (bool).  Sorted by year, round.
    """
    if not has_schema(engine):
        columns = ["year", "round", "opens_at", "locks_at", "has_scores"]
        return pd.DataFrame(columns=columns)
    keys = _scored_keys(engine).c
    scored = _read(engine, sa.select(keys.year, keys.round).distinct())
    scheduled = _read(
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
    out = _read(engine, stmt)
    out["group_label"] = [group_label(g) for g in out["group"]]
    out["_order"] = [_group_sort_key(g)[0] for g in out["group"]]
    out = out.sort_values(["_order", "group", "unit_name", "unit_code"]).drop(columns="_order")
    return out[["unit_code", "unit_name", "group", "group_label", "province"]].reset_index(
        drop=True
    )


@cached
def groups(engine: Engine, year: int | None = None) -> pd.DataFrame:
    """Groups present (with scores in ``year``, or in the units list when ``year`` is None).

    Columns: ``group``, ``label``.  Usual order first, unknown codes after, by code.
    """
    if year is None:
        codes = set(_read(engine, sa.select(unit.c.group_code).distinct())["group_code"])
    else:
        keys = _scored_keys(engine).c
        stmt = sa.select(keys.group_code).where(keys.year == year).distinct()
        codes = set(_read(engine, stmt)["group_code"])
    ordered = sorted(codes, key=_group_sort_key)
    return pd.DataFrame({"group": ordered, "label": [group_label(g) for g in ordered]})


@cached
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
    out = _read(engine, stmt.order_by(c.group_code, c.sort_key))
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


def _node_filter(engine: Engine, year: int, group: str | None, node: str) -> Filter:
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


# --- unit-level scores, rankings ---------------------------------------------------------------


def _with_units(frame: pd.DataFrame, engine: Engine) -> pd.DataFrame:
    names = units(engine)[["unit_code", "unit_name"]]
    out = frame.merge(names, on="unit_code", how="left")
    out["unit_name"] = out["unit_name"].fillna(out["unit_code"])
    out["group_label"] = [group_label(g) for g in out["group"]]
    return out


def _sorted_by_group(frame: pd.DataFrame, then: list[str], ascending: list[bool]) -> pd.DataFrame:
    out = frame.assign(_order=[_group_sort_key(g)[0] for g in frame["group"]])
    out = out.sort_values(
        ["_order", "group", *then], ascending=[True, True, *ascending], na_position="last"
    )
    return out.drop(columns="_order").reset_index(drop=True)


_INDEX_OF: dict[Score, tuple[str, str, str, str]] = {
    # score kind → (points, max_points, index_exact, completeness) columns of derive_scores
    "appraised": ("points", "max_points", "index_exact", "completeness"),
    "self": ("self_points", "self_max_points", "self_index_exact", "self_completeness"),
}


def _ranked_units(
    engine: Engine, year: int, round: int, group: str | None, score: Score, bands: metrics.Bands
) -> pd.DataFrame:
    block = metrics.FINAL if score == "appraised" else metrics.SELF
    where = Filter(year=year, round=round, group=group)
    scored = metrics.derive_scores(_aggregate(engine, where, ["group", "unit_code"], block))
    points, max_points, exact, completeness = _INDEX_OF[score]
    table = pd.DataFrame(
        {
            "unit_code": scored["unit_code"],
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
        table, "index_exact", by=["group"], counts=("scored_leaves", "applicable_leaves")
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
) -> pd.DataFrame:
    """The ranking table, ranked within each group on the exact index.

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
    table = _ranked_units(engine, year, round, group, score, bands)
    prev_round = _previous_round(engine, year, round)
    comparisons = {"prev_round_rank": (year, prev_round), "prev_year_rank": (year - 1, round)}
    for column, (y, r) in comparisons.items():
        if r is not None and r in rounds_of(engine, y):
            earlier = _ranked_units(engine, y, r, group, score, bands)[["unit_code", "rank"]]
            earlier = earlier.rename(columns={"rank": column})
            table = table.merge(earlier, on="unit_code", how="left")
        else:
            table[column] = pd.NA
        table[column] = table[column].astype("Int64")
    table["prev_round"] = pd.Series([prev_round] * len(table), index=table.index, dtype="Int64")
    table["rank_change_round"] = metrics.rank_change(table["rank"], table["prev_round_rank"])
    table["rank_change_year"] = metrics.rank_change(table["rank"], table["prev_year_rank"])
    table = _with_units(table, engine)
    columns = [
        "rank", "unit_code", "unit_name", "group", "group_label", "points", "max_points", "index",
        "index_exact", "band", "completeness", "scored_leaves", "applicable_leaves", "prev_round",
        "prev_round_rank", "rank_change_round", "prev_year_rank", "rank_change_year",
    ]  # fmt: skip
    # Unfinished units (no rank) after the ranked ones, by their index so far.
    order = ["rank", "index", "unit_code"]
    return _public(_sorted_by_group(table[columns], order, [True, False, True]))


def _unit_name_first(frame: pd.DataFrame, leading: list[str]) -> pd.DataFrame:
    rest = [c for c in frame.columns if c not in leading]
    return frame[leading + rest]


@cached
def unit_scores(
    engine: Engine,
    year: int,
    round: int,
    group: str | None = None,
    field_code: str | None = None,
) -> pd.DataFrame:
    """Every score column (module docstring) per unit, optionally over one field's leaves.

    Columns: ``unit_code``, ``unit_name``, ``group``, ``group_label`` + the score columns.
    Sorted by group, then ``gap_points`` largest first (the gaps page's order).
    """
    where = Filter(year=year, round=round, group=group, field_code=field_code)
    scored = metrics.derive_scores(_aggregate(engine, where, ["group", "unit_code"]))
    table = _with_units(scored, engine)
    table = _unit_name_first(table, ["unit_code", "unit_name", "group", "group_label"])
    return _public(_sorted_by_group(table, ["gap_points", "unit_code"], [False, True]))


@cached
def field_scores(engine: Engine, year: int, round: int, group: str | None = None) -> pd.DataFrame:
    """Unit × field sub-indices (self, appraised, gap).

    Columns: ``unit_code``, ``unit_name``, ``group``, ``group_label``, ``field_code``,
    ``field_name``, ``field_order`` + the score columns.  Sorted by group, unit, field order.
    """
    where = Filter(year=year, round=round, group=group)
    by = ["group", "unit_code", "field_code"]
    scored = metrics.derive_scores(_aggregate(engine, where, by, _SCORES))
    table = _with_node_names(_with_units(scored, engine), engine, year, "field_code", "field")
    table = _unit_name_first(
        table,
        ["unit_code", "unit_name", "group", "group_label", "field_code", "field_name",
         "field_order"],
    )  # fmt: skip
    return _public(_sorted_by_group(table, ["unit_name", "field_order"], [True, True]))


def _with_node_names(
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


@cached
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
    ``self_points``, ``appraised_self_points``, ``self_max_points``.
    """
    where = Filter(year=year, round=round, group=group, field_code=field_code)
    by = ["group", "field_code", "criterion_code", "unit_code"]
    measures = metrics.measures_of(metrics.SELF, metrics.SAME_BASE, metrics.GAP)
    raw = _aggregate(engine, where, by, measures)
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
    totals = _with_node_names(totals, engine, year, "criterion_code", "criterion")
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
    scored = metrics.derive_scores(_aggregate(engine, where, by, _SCORES))
    table = _with_units(scored, engine)
    columns = [
        "round", "unit_code", "unit_name", "group", "group_label", "self_index",
        "appraised_self_index", "gap_points", "gap_index", "index",
    ]  # fmt: skip
    return _public(_sorted_by_group(table[columns], ["unit_name", "round"], [True, True]))


# --- evidence ----------------------------------------------------------------------------------

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
    raw = _aggregate(engine, where, ["group", "unit_code"], metrics.EVIDENCE)
    scored = metrics.derive_scores(raw)
    table = _with_units(scored, engine)
    table = table[["unit_code", "unit_name", "group", "group_label", *_EVIDENCE_COLUMNS]]
    return _public(_sorted_by_group(table, ["missing_evidence_share", "unit_code"], [False, True]))


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
    scored = metrics.derive_scores(_aggregate(engine, where, by, metrics.EVIDENCE))
    table = _with_units(scored, engine).rename(columns={dimension: "node_code"})
    table = _with_node_names(table, engine, year, "node_code", "node")
    leading = ["unit_code", "unit_name", "group", "group_label", "node_code", "node_name",
               "node_order"]  # fmt: skip
    table = table[leading + _EVIDENCE_COLUMNS]
    return _public(_sorted_by_group(table, ["unit_name", "node_order"], [True, True]))


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


def _unit_group(engine: Engine, unit_code: str) -> str:
    known = units(engine)
    match = known[known["unit_code"] == unit_code]
    if match.empty:
        raise SelectionError(f"Không có đơn vị {unit_code} / unknown unit {unit_code}")
    return str(match["group"].iloc[0])


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
        codes = dict(_node_filter(engine, year, group, node).leaves or ()).get(group, ())
        stmt = stmt.where(sf.criterion_code.in_(codes))
    leaves = _read(engine, stmt)
    leaves["group"] = group
    leaves = _with_node_names(leaves, engine, year, "criterion_code", "criterion")
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


# --- scorecard ---------------------------------------------------------------------------------


@dataclass
class Scorecard:
    """One unit in one (year, round): its tree, its index and rank, its history."""

    unit_code: str
    unit_name: str
    group: str
    group_label: str
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


def _none(value: Any) -> Any:
    """A plain Python value (numpy scalars unwrapped); ``None`` for any missing value."""
    if value is None or pd.isna(value):
        return None
    return value.item() if hasattr(value, "item") else value


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
    leaf_measures = _aggregate(engine, where, ["leaf_code"])
    tree = framework(engine, year, group)
    rolled = metrics.derive_scores(metrics.roll_up(tree, leaf_measures))
    leaves = unit_leaves(engine, year, round, unit_code)
    detail = leaves[
        ["criterion_code", "self_score", "appraised_score", "gap", "applicable", "evidence_count",
         "explanation", "appraisal_note"]
    ].rename(columns={"criterion_code": "code"})  # fmt: skip
    tree_table = _public(rolled.merge(detail, on="code", how="left"))
    history = unit_history(engine, unit_code)
    now = history[(history["year"] == year) & (history["round"] == round)]

    def current(column: str) -> Any:
        return _none(now[column].iloc[0]) if len(now) else None

    name = units(engine)
    return Scorecard(
        unit_code=unit_code,
        unit_name=str(name.loc[name["unit_code"] == unit_code, "unit_name"].iloc[0]),
        group=group,
        group_label=group_label(group),
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
    (Gaps per round: :func:`gap_rounds`.)
    """
    group = _unit_group(engine, unit_code)
    keys = _scored_keys(engine).c
    periods = _read(
        engine, sa.select(keys.year, keys.round).where(keys.unit_code == unit_code).distinct()
    )
    if periods.empty:
        return pd.DataFrame(
            columns=["year", "round", "index", "self_index", "completeness", "rank",
                     "self_rank", "units_ranked", "band"]
        )  # fmt: skip
    pairs = tuple((int(y), int(r)) for y, r in zip(periods["year"], periods["round"], strict=True))
    where = Filter(group=group, periods=pairs)
    measures = metrics.measures_of(metrics.FINAL, metrics.SELF)
    scored = metrics.derive_scores(
        _aggregate(engine, where, ["year", "round", "unit_code"], measures)
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
    return _public(mine[columns].sort_values(["year", "round"]))


# --- criterion explorer ------------------------------------------------------------------------


@cached
def criterion_explorer(
    engine: Engine, year: int, round: int, group: str, node: str
) -> pd.DataFrame:
    """Each unit on one field or criterion (any framework node) of a group.

    Columns: ``unit_code``, ``unit_name``, ``group``, ``group_label`` + the score columns over
    the node's leaves (``max_points``, ``points``, ``index``, ``lost_points``, ``gap_points``,
    ``missing_evidence_share``, ``explained`` …).  Sorted by ``lost_points`` largest first.
    """
    where = _node_filter(engine, year, group, node)
    where = Filter(year=year, round=round, group=group, leaves=where.leaves)
    scored = metrics.derive_scores(_aggregate(engine, where, ["group", "unit_code"]))
    table = _unit_name_first(
        _with_units(scored, engine), ["unit_code", "unit_name", "group", "group_label"]
    )
    return _public(table.sort_values(["lost_points", "unit_code"], ascending=[False, True]))


@cached
def explanations(
    engine: Engine, year: int, round: int, group: str, node: str, unit_code: str | None = None
) -> pd.DataFrame:
    """Explanations and appraiser notes given under one node (only leaves that have either).

    Columns: ``unit_code``, ``unit_name``, ``criterion_code``, ``criterion_name``,
    ``self_score``, ``appraised_score``, ``evidence_count``, ``explanation``,
    ``appraisal_note``.  Sorted by unit name, framework order.
    """
    leaves = dict(_node_filter(engine, year, group, node).leaves or ()).get(group, ())
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
    rows = _read(engine, stmt)
    rows["group"] = group
    rows = _with_node_names(_with_units(rows, engine), engine, year, "criterion_code", "criterion")
    rows = rows.sort_values(["unit_name", "criterion_order"])
    columns = [
        "unit_code", "unit_name", "criterion_code", "criterion_name", "self_score",
        "appraised_score", "evidence_count", "explanation", "appraisal_note",
    ]  # fmt: skip
    return rows[columns].reset_index(drop=True)


# --- progress and overview ---------------------------------------------------------------------


@dataclass
class Progress:
    """Who has sent their round's results."""

    year: int
    round: int
    opens_at: datetime | None
    locks_at: datetime | None
    units: pd.DataFrame = field(repr=False)
    counts: dict[str, int] = field(default_factory=dict)


def _expected_units(engine: Engine, year: int, round: int) -> pd.DataFrame:
    """Units expected to send: those of groups with a framework or scores in the year,
    plus any unit with a submission; all units when the year has neither."""
    everyone = units(engine)
    expected_groups = set(framework(engine, year)["group"]) | set(groups(engine, year)["group"])
    sent = _read(
        engine,
        sa.select(submission.c.unit_code).where(
            submission.c.year == year, submission.c.round == round
        ),
    )
    if not expected_groups:
        return everyone
    chosen = everyone["group"].isin(expected_groups) | everyone["unit_code"].isin(
        set(sent["unit_code"])
    )
    return everyone[chosen]


@cached
def progress(engine: Engine, year: int, round: int) -> Progress:
    """Submission progress of a round.

    ``units`` columns: ``unit_code``, ``unit_name``, ``group``, ``group_label``, ``sent``
    (bool), ``sent_at`` (NaT if not sent), ``late`` (sent after the lock time), ``report_attached``,
    ``approved``.  A unit without a submission row has not sent.  Sorted: not sent first, then
    by group and name.  ``counts``: ``units``, ``sent``, ``not_sent``, ``late``,
    ``report_attached``, ``approved``.
    """
    schedule = rounds(engine)
    match = schedule[(schedule["year"] == year) & (schedule["round"] == round)]
    opens_at = _none(match["opens_at"].iloc[0]) if len(match) else None
    locks_at = _none(match["locks_at"].iloc[0]) if len(match) else None
    s = submission.c
    rows = _read(
        engine,
        sa.select(s.unit_code, s.sent_at, s.report_attached, s.approved).where(
            s.year == year, s.round == round
        ),
    )
    table = _expected_units(engine, year, round).merge(rows, on="unit_code", how="left")
    table["sent_at"] = pd.to_datetime(table["sent_at"])
    table["sent"] = table["sent_at"].notna()
    table["late"] = (
        table["sent"] & (table["sent_at"] > pd.Timestamp(locks_at))
        if locks_at is not None
        else False
    )
    for column in ("report_attached", "approved"):
        table[column] = table[column].fillna(False).astype(bool)
    table = table[
        ["unit_code", "unit_name", "group", "group_label", "sent", "sent_at", "late",
         "report_attached", "approved"]
    ]  # fmt: skip
    table = _sorted_by_group(
        table.assign(_sent=table["sent"]), ["_sent", "unit_name"], [True, True]
    )
    table = table.drop(columns="_sent")
    counts = {
        "units": len(table),
        "sent": int(table["sent"].sum()),
        "not_sent": int((~table["sent"]).sum()),
        "late": int(table["late"].sum()),
        "report_attached": int(table["report_attached"].sum()),
        "approved": int(table["approved"].sum()),
    }
    return Progress(year, round, opens_at, locks_at, table, counts)


@cached
def overview(engine: Engine, year: int, round: int) -> pd.DataFrame:
    """One row per group for the leadership overview.

    Columns: ``group``, ``group_label``, ``units`` (expected to send, or with scores),
    ``ranked_units`` (with an index), ``mean_index``, ``best_unit_code``, ``best_unit``,
    ``best_index``,
    ``worst_unit_code``, ``worst_unit``, ``worst_index``, ``mean_self_index``,
    ``mean_gap_points``, ``evidence_required``, ``missing_evidence``,
    ``missing_evidence_share``, ``unsent``.
    """
    table = unit_scores(engine, year, round)
    ranking = rankings(engine, year, round)
    sent = progress(engine, year, round).units
    rows: list[dict[str, Any]] = []
    for code, part in table.groupby("group", sort=False):
        ranked = ranking[(ranking["group"] == code) & ranking["rank"].notna()]
        ranked = ranked.sort_values(["index_exact", "unit_name"], ascending=[False, True])
        required = int(part["evidence_required"].sum())
        missing = int(part["missing_evidence"].sum())
        best = ranked.iloc[0] if len(ranked) else None
        worst = ranked.iloc[-1] if len(ranked) else None
        rows.append(
            {
                "group": code,
                "group_label": group_label(str(code)),
                "units": max(len(part), int((sent["group"] == code).sum())),
                "ranked_units": len(ranked),
                "mean_index": metrics.round_half_up(metrics.mean_or_none(ranked["index_exact"])),
                "best_unit_code": None if best is None else best["unit_code"],
                "best_unit": None if best is None else best["unit_name"],
                "best_index": None if best is None else best["index"],
                "worst_unit_code": None if worst is None else worst["unit_code"],
                "worst_unit": None if worst is None else worst["unit_name"],
                "worst_index": None if worst is None else worst["index"],
                "mean_self_index": metrics.round_half_up(
                    metrics.mean_or_none(part["self_index_exact"])
                ),
                "mean_gap_points": metrics.round_half_up(metrics.mean_or_none(part["gap_points"])),
                "evidence_required": required,
                "missing_evidence": missing,
                "missing_evidence_share": metrics.share(missing, required),
                "unsent": int((~sent.loc[sent["group"] == code, "sent"]).sum()),
            }
        )
    columns = [
        "group", "group_label", "units", "ranked_units", "mean_index", "best_unit_code",
        "best_unit", "best_index", "worst_unit_code", "worst_unit", "worst_index",
        "mean_self_index", "mean_gap_points", "evidence_required", "missing_evidence",
        "missing_evidence_share", "unsent",
    ]  # fmt: skip
    return _sorted_by_group(pd.DataFrame(rows, columns=columns), [], [])


def unit_names(engine: Engine, codes: Iterable[str]) -> dict[str, str]:
    """``{unit_code: unit_name}`` for the given codes (unknown codes map to themselves)."""
    table = units(engine)
    known = dict(zip(table["unit_code"], table["unit_name"], strict=True))
    return {code: known.get(code, code) for code in codes}
