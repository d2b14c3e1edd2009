"""The long scores file read a column at a time: the fast path of ``etl.kinds.scores.parse``.

A national file has hundreds of thousands of rows, nearly always clean.  Here each column is
converted whole: every distinct text in it goes once through the column's own converter
(``etl.cells``, the very function the per-row path calls), so each value is exactly what the
per-row path would read; then the checks of the per-row path run over whole columns (required
cells, plausible years, known units and criteria, duplicates, score ranges, survey criteria
without self scores, subtotals) and the plan is built from the columns.

The fast path never reports anything: at the first sign of any problem — or of anything it
does not handle, such as a cell that is not text — it gives up (``None``) and the per-row path
reads the file again, naming every bad cell exactly as it always has.  A rejected file costs
what it cost before; a clean file is read several times faster.  ``ENABLED = False`` sends
every file down the per-row path (the tests compare both).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter
from typing import Any

import numpy as np

from etl.cells import NOT_APPLICABLE, CellError, to_text
from etl.columns import Table, blank_row
from etl.kinds.base import TOLERANCE, CriterionInfo, Framework, Plan, Reference, single
from etl.limits import MAX_CELL_CHARS, MAX_YEAR, MIN_YEAR

ENABLED = True
"""False: every scores file is read by the per-row path (the tests compare both paths)."""

KEY_COLUMNS = ("year", "round", "unit_code", "criterion_code")
SCORE_COLUMNS = (
    "year",
    "round",
    "unit_code",
    "criterion_code",
    "group_code",
    "field_code",
    "method",
    "evidence_required",
    "max_points",
    "applicable",
    "self_score",
    "appraised_score",
    "evidence_count",
    "explanation",
    "appraisal_note",
)
"""The columns of a score plan's leaf rows (``Plan.score_columns``): the keys of a record of
``etl.kinds.scoring.leaf_record``."""

Column = list[Any]
Floats = np.ndarray[Any, np.dtype[np.float64]]
Flags = np.ndarray[Any, np.dtype[np.bool_]]


class _GiveUp(Exception):
    """Something the per-row path must look at (a problem, or a cell this path does not read)."""


def parse_fast(table: Table, ref: Reference) -> Plan | None:
    """The plan of a clean long scores file, or None: then the per-row path reads it."""
    if not ENABLED or any(key not in table.columns for key in KEY_COLUMNS):
        return None
    try:
        return _plan(_read_columns(table), ref)
    except _GiveUp:
        return None


def _read_columns(table: Table) -> dict[str, _Read]:
    """Every column of ``table`` as the per-row path reads it, blank rows left out; gives up
    on a bad cell or an empty required one."""
    data = table.sheet.rows[table.header_index + 1 :]
    width = max(table.columns.values()) + 1
    ragged = min(map(len, data), default=width) < width
    cells = {key: _cells(data, index, ragged) for key, index in table.columns.items()}
    read = _without_blank_rows(
        {key: _convert(cells[key], table.converter(key)) for key in cells}, data
    )
    years = read["year"].values
    if not years or any(None in read[key].values for key in KEY_COLUMNS):
        raise _GiveUp  # a required cell is empty
    return read


def _plan(read: dict[str, _Read], ref: Reference) -> Plan:
    values = {key: column.values for key, column in read.items()}
    years, rounds, units, codes = (values[key] for key in KEY_COLUMNS)
    n = len(years)
    _check_periods(years, rounds)
    groups = _groups(units, ref)
    frameworks = _frameworks(years, groups, ref)
    criteria, ids = _criteria(years, groups, codes, frameworks)
    if len(set(zip(years, rounds, units, codes, strict=True))) != n:
        raise _GiveUp  # a duplicate row
    scores = [read.get(key) or _Read.blank(n) for key in ("self_score", "appraised_score")]
    points = [score.derive(_points, float) for score in scores]
    leaf = _attribute(criteria, ids, "is_leaf", bool)
    _check_ranges(criteria, ids, points, leaf)
    stored = [score.derive(_stored) for score in scores]
    if not leaf.all():
        _check_subtotals(
            [years, rounds, units, codes], stored, [s.values for s in scores], leaf,
            [frameworks[pair] for pair in zip(years, groups, strict=True)],
        )  # fmt: skip
    applicable = ~(
        scores[0].derive(_not_applicable, bool) | scores[1].derive(_not_applicable, bool)
    )
    columns: dict[str, Column] = {
        "year": years,
        "round": rounds,
        "unit_code": units,
        "criterion_code": codes,
        "group_code": groups,
        **{
            name: _attribute(criteria, ids, name).tolist()
            for name in ("field_code", "method", "evidence_required", "max_points")
        },
        "applicable": applicable.tolist(),
        "self_score": stored[0],
        "appraised_score": stored[1],
        "evidence_count": _evidence(values, n),
        "explanation": values.get("explanation") or [None] * n,
        "appraisal_note": values.get("appraisal_note") or [None] * n,
    }
    unit_keys = set(zip(years, rounds, units, strict=True))
    if not leaf.all():
        mask = leaf.tolist()
        columns = {name: list(compress(column, mask)) for name, column in columns.items()}
    group_of = dict(zip(units, groups, strict=True))
    return Plan(
        rows=len(columns["year"]),
        year=single(set(columns["year"])),
        round=single(set(columns["round"])),
        unit_code=single(set(columns["unit_code"])),
        frameworks={key: frameworks[key[0], group_of[key[2]]] for key in unit_keys},
        score_columns=columns,
    )


# --- cells -----------------------------------------------------------------------------------


@dataclass
class _Read:
    """A column as read: each cell's value and, for a column of text, the value of each
    distinct text (``derive`` then works once per distinct text, not once per row)."""

    cells: Column
    values: Column
    by_text: dict[str, Any] | None

    @staticmethod
    def blank(n: int) -> _Read:
        return _Read([""] * n, [None] * n, {"": None})

    def derive(self, function: Callable[[Any], Any], dtype: type | None = None) -> Any:
        """``function`` of each cell's value: a list, or an array of ``dtype``."""
        if self.by_text is None:
            derived: Any = map(function, self.values)
        else:
            table = {text: function(value) for text, value in self.by_text.items()}
            derived = map(table.__getitem__, self.cells)
        return list(derived) if dtype is None else np.fromiter(derived, dtype, len(self.cells))

    def only(self, keep: list[bool]) -> _Read:
        return _Read(list(compress(self.cells, keep)), list(compress(self.values, keep)),
                     self.by_text)  # fmt: skip


def _points(value: Any) -> float:
    return value if type(value) is float else np.nan


def _stored(value: Any) -> float | None:
    return value if type(value) is float else None


def _not_applicable(value: Any) -> bool:
    return value is NOT_APPLICABLE


def _cells(data: list[list[Any]], index: int, ragged: bool) -> Column:
    """Column ``index`` of every data row (a row too short has no cell there: None)."""
    if not ragged:
        return list(map(itemgetter(index), data))
    return [cells[index] if index < len(cells) else None for cells in data]


def _convert(cells: Column, convert: Callable[[object], object]) -> _Read:
    """Each cell as the per-row path reads it (``Table.rows``); gives up on any bad cell.

    Text is converted once per distinct value; other cells (numbers from a workbook) one by
    one, since ``1``, ``1.0`` and ``True`` are equal as keys but not as cells.
    """
    kinds = set(map(type, cells))
    try:
        if kinds <= {str}:
            texts = set(cells)
            texts.discard("")
            if convert is to_text and _kept_as_written(texts):
                return _Read(cells, list(map({"": None}.get, cells, cells)), None)
            table = {text: convert(text) for text in texts}
            table[""] = None
            return _Read(cells, list(map(table.__getitem__, cells)), table)
        if any(not issubclass(kind, str | int | float | type(None)) for kind in kinds):
            raise _GiveUp  # a date, a BadCell, …: the per-row path says what it is
        values = [None if cell is None or cell == "" else convert(cell) for cell in cells]
        return _Read(cells, values, None)
    except CellError:
        raise _GiveUp from None


def _kept_as_written(texts: set[str]) -> bool:
    """Whether ``to_text`` gives back every one of ``texts`` (none empty) as it is: all
    printable (no control, bidi or zero-width character to reject or strip, and no white space
    but the plain space), no space at either end, NFC (a line break between two texts never
    composes with either), and within the length limit."""
    if not "".join(texts).isprintable():
        return False
    ends = "\x00".join(texts)  # NUL is not printable: it only separates the texts here
    return (
        not (ends.startswith(" ") or ends.endswith(" ") or "\x00 " in ends or " \x00" in ends)
        and unicodedata.is_normalized("NFC", "\n".join(texts))
        and max(map(len, texts), default=0) <= MAX_CELL_CHARS
    )


def _without_blank_rows(read: dict[str, _Read], data: list[list[Any]]) -> dict[str, _Read]:
    """The columns without the blank rows, which the per-row path skips; a row that has no
    year but is not blank is a problem."""
    years = read["year"].values
    if None not in years:
        return read
    missing = [i for i, year in enumerate(years) if year is None]
    if not all(blank_row(data[i]) for i in missing):
        raise _GiveUp
    keep = [True] * len(data)
    for i in missing:
        keep[i] = False
    return {key: column.only(keep) for key, column in read.items()}


def _evidence(values: dict[str, Column], n: int) -> Column:
    """The count of evidence documents: the count column, else the list of documents."""
    counts, documents = values.get("evidence_count"), values.get("evidence_documents")
    if counts is None or documents is None:
        return counts or documents or [None] * n
    return [c if c is not None else d for c, d in zip(counts, documents, strict=True)]


# --- checks ----------------------------------------------------------------------------------


def _check_periods(years: Column, rounds: Column) -> None:
    if any(not MIN_YEAR <= year <= MAX_YEAR for year in set(years)):
        raise _GiveUp
    if any(round_ < 1 for round_ in set(rounds)):
        raise _GiveUp


def _groups(units: Column, ref: Reference) -> Column:
    """The group of each row's unit; gives up on an unknown unit."""
    group_of: dict[str, str] = {}
    for code in set(units):
        info = ref.units.get(str(code))
        if info is None:
            raise _GiveUp
        group_of[code] = info.group_code
    return list(map(group_of.__getitem__, units))


def _frameworks(years: Column, groups: Column, ref: Reference) -> dict[Any, Framework]:
    """The framework of every (year, group) the rows name; gives up when one is missing."""
    found: dict[Any, Framework] = {}
    for year, group in set(zip(years, groups, strict=True)):
        framework = ref.framework(year, group)
        if framework is None:
            raise _GiveUp
        found[year, group] = framework
    return found


def _criteria(
    years: Column, groups: Column, codes: Column, frameworks: dict[Any, Framework]
) -> tuple[list[CriterionInfo], np.ndarray[Any, np.dtype[np.intp]]]:
    """The criteria the rows name and each row's index among them; gives up on a code its
    framework does not have."""
    index: dict[tuple[Any, Any, Any], int] = {}
    criteria: list[CriterionInfo] = []
    for year, group, code in set(zip(years, groups, codes, strict=True)):
        info = frameworks[year, group].criteria.get(str(code))
        if info is None:
            raise _GiveUp
        index[year, group, code] = len(criteria)
        criteria.append(info)
    ids = np.fromiter(
        map(index.__getitem__, zip(years, groups, codes, strict=True)), np.intp, len(years)
    )
    return criteria, ids


def _attribute(
    criteria: list[CriterionInfo], ids: np.ndarray[Any, Any], name: str, dtype: type = object
) -> np.ndarray[Any, Any]:
    """An attribute of each row's criterion."""
    return np.array([getattr(info, name) for info in criteria], dtype=dtype)[ids]


def _check_ranges(
    criteria: list[CriterionInfo],
    ids: np.ndarray[Any, Any],
    points: list[Floats],
    leaf: Flags,
) -> None:
    """What ``leaf_record`` checks, on every leaf row at once (NaN: not a number, no check)."""
    ceiling = _attribute(criteria, ids, "max_points", float) + 1e-9
    survey = np.array([info.method == "survey" for info in criteria], dtype=bool)[ids]
    bad = survey & ~np.isnan(points[0])
    for column in points:
        bad |= (column < 0) | (column > ceiling)
    if (bad & leaf).any():
        raise _GiveUp


def _check_subtotals(
    keys: list[Column], stored: list[Column], given: list[Column], leaf: Flags,
    frameworks: list[Framework],
) -> None:  # fmt: skip
    """``etl.kinds.scoring.check_subtotals`` over the columns: each parent row's scores are
    the sums of its leaves' scores in the file (blank and not applicable count 0)."""
    is_leaf = leaf.tolist()
    rows = list(zip(*keys, strict=True))
    sums = {
        (row[:3], row[3]): (s or 0.0, a or 0.0)
        for row, s, a, own in zip(rows, *stored, is_leaf, strict=True)
        if own
    }
    for i, own in enumerate(is_leaf):
        if own:
            continue
        key, code = rows[i][:3], rows[i][3]
        leaves = frameworks[i].leaves_under[code]
        for index, score in enumerate(given):
            value = score[i]
            if not isinstance(value, float):
                continue
            total = sum(sums.get((key, leaf_code), (0.0, 0.0))[index] for leaf_code in leaves)
            if abs(value - total) > TOLERANCE:
                raise _GiveUp
