"""Property: whatever a file holds, loading it ends in a clean rejection or a correct load.

Hypothesis feeds the loader thousands of malformed files and cells — random bytes under
every extension, truncated and bit-flipped workbooks, valid files with hostile cells (wrong
types, huge and negative numbers, NaN, formulas, long text, control, bidi and zero-width
characters), CSV bytes in mixed encodings — and checks for each one: ``load_file`` never
raises and never fails internally; a rejection has problems, printable ones, and leaves every
table's row count as it was; what was loaded holds no control or invisible character.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from etl.load import FileResult, load_file
from etl.schema import DATA_TABLES, load_batch, rejected_row, score_fact, unit
from tests import filemakers as fm

SETTINGS = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
COUNTED = (*DATA_TABLES, load_batch, rejected_row)
CELLS_SEEN = {"cells": 0, "files": 0, "loaded": 0, "already_loaded": 0, "rejected": 0}

# --- strategies ---------------------------------------------------------------------------------

HOSTILE_CHARS = st.sampled_from(
    ["\x00", "\x1b[31m", "\x1b]0;x\x07", "\u202e", "\u202a", "\u2066", "\u200b", "\u200d",
     "\ufeff", "\u061c", "\x7f", "\x85", "\x0b", "\x0c", "\r\n", "\t", "\U000e0041", "\ud7ff"]
)  # fmt: skip
SPECIAL_TEXT = st.sampled_from(
    ["NaN", "nan", "inf", "-inf", "Infinity", "1e400", "1e5", "0x10", "1,234.5", "1.234,5",
     "2,5", "-0", "+1", "", " ", "KAD", "-", "Không áp dụng", "=1+1", "=SUM(E2:E3)",
     "#DIV/0!", "#N/A", "TRUE", "9" * 400, "[reverse]x", "[/]", "Sở Nội vụ", "ST-SNV"]
)  # fmt: skip
NUMBERS = (
    st.integers(-(10**30), 10**30)
    | st.sampled_from([2**31 - 1, 2**31, -(2**31) - 1, 9223372036854775296, 10**20, 3 * 10**9])
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.floats(min_value=-10, max_value=10)
)
TEXT = (
    st.text(max_size=40)
    | st.builds(lambda a, c, b: a + c + b, st.text(max_size=8), HOSTILE_CHARS, st.text(max_size=8))
    | st.integers(30, 40_000).map(lambda n: "x" * n)
)
CELL = NUMBERS | TEXT | SPECIAL_TEXT | st.none()
NON_FINITE = st.sampled_from([float("nan"), float("inf"), float("-inf")])


def _rows(kind: str) -> list[list[Any]]:
    return fm.workbook_rows() if kind == "workbook" else fm.scores_rows()


@st.composite
def hostile_table(draw: st.DrawFn) -> tuple[str, list[list[Any]], int]:
    """A valid scores table or unit workbook with 1–12 cells replaced by hostile values."""
    kind = draw(st.sampled_from(["scores", "workbook", "units"]))
    rows = fm.units_rows() if kind == "units" else _rows(kind)
    changes = draw(st.integers(1, 12))
    for _ in range(changes):
        row = draw(st.integers(0, len(rows) - 1))
        width = max(len(rows[row]), 9)
        column = draw(st.integers(0, width))
        rows[row] = list(rows[row]) + [None] * (column + 1 - len(rows[row]))
        rows[row][column] = draw(CELL)
    return kind, rows, changes


def _inject(data: bytes, draw: st.DrawFn) -> bytes:
    """One byte-level mutation: a foreign byte, a cp1258 word, a UTF-8 word, a cut, a NUL."""
    where = draw(st.integers(0, len(data)))
    mutation = draw(st.sampled_from(["byte", "cp1258", "utf8", "cut", "nul", "none"]))
    insert = {
        "byte": bytes([draw(st.integers(0x80, 0xFF))]),
        "cp1258": fm.cp1258_bytes("Điểm thẩm định"),
        "utf8": "Giải trình".encode(),
        "nul": b"\x00",
    }.get(mutation, b"")
    if mutation == "cut":
        return data[:where]
    return data[:where] + insert + data[where:]


# --- the warehouse ---------------------------------------------------------------------------


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
            for t in COUNTED
        }


class Run:
    """One warehouse with the tiny province, and a folder for the generated files."""

    def __init__(self, engine: Engine, folder: Path) -> None:
        self.engine = engine
        self.folder = folder
        fm.load_reference(engine, self.folder / "ref")
        self._names = itertools.count()

    def path(self, suffix: str) -> Path:
        return self.folder / f"f{next(self._names)}{suffix}"

    def load(self, path: Path, cells: int = 0) -> FileResult:
        """Load ``path`` and check the property."""
        before = row_counts(self.engine)
        result = load_file(self.engine, path)  # must not raise
        CELLS_SEEN["files"] += 1
        CELLS_SEEN["cells"] += cells
        assert result.status in ("loaded", "already_loaded", "rejected"), result.problems
        CELLS_SEEN[result.status] += 1
        if result.status == "rejected":
            assert result.problems, result
            assert row_counts(self.engine) == before, path
            for problem in result.problems:
                texts = (problem.sheet, problem.column, problem.value, problem.reason)
                assert all(t is None or t.isprintable() for t in texts), problem
        return result

    def check_stored_text(self) -> None:
        """No control or invisible character reached a code, name or free text."""
        with self.engine.connect() as conn:
            texts = [
                *conn.execute(sa.select(unit.c.code, unit.c.name, unit.c.group_code)).all(),
                *conn.execute(
                    sa.select(score_fact.c.explanation, score_fact.c.appraisal_note)
                ).all(),
            ]
        for row in texts:
            for text in row:
                if text is None:
                    continue
                assert "\x00" not in text and "\x1b" not in text and "\u202e" not in text
                assert "\u200b" not in text and "\ufeff" not in text, text


@pytest.fixture
def run(sqlite_engine: Engine, tmp_path: Path) -> Iterator[Run]:
    yield (run := Run(sqlite_engine, tmp_path))
    run.check_stored_text()


# --- the properties -------------------------------------------------------------------------

SUFFIXES = st.sampled_from([".csv", ".xlsx", ".xls", ".ods", ".xlsm", ".xlsb"])
PREFIXES = st.sampled_from(
    [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf", b"%PDF", b"<html>"]
)


@settings(SETTINGS, max_examples=300)
@given(prefix=PREFIXES, body=st.binary(max_size=3000), suffix=SUFFIXES)
def test_random_bytes_under_every_extension(run: Run, prefix: bytes, body: bytes, suffix: str):
    path = run.path(suffix)
    path.write_bytes(prefix + body)
    run.load(path)


@pytest.fixture(scope="module")
def workbook_bytes(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    folder = tmp_path_factory.mktemp("valid")
    return [
        fm.write_xlsx(folder / "scores.xlsx", fm.scores_rows(round_=2)).read_bytes(),
        fm.write_xlsx(folder / "unit.xlsx", fm.workbook_rows(round_=2)).read_bytes(),
        fm.write_xls(folder / "scores.xls", fm.scores_rows(round_=2)).read_bytes(),
    ]


@settings(SETTINGS, max_examples=200)
@given(which=st.integers(0, 2), cut=st.floats(0, 1), flips=st.lists(st.integers(0), max_size=6))
def test_truncated_and_corrupted_workbooks(
    run: Run, workbook_bytes: list[bytes], which: int, cut: float, flips: list[int]
):
    data = bytearray(workbook_bytes[which])
    for flip in flips:
        data[flip % len(data)] ^= 1 << (flip % 8)
    data = data[: max(1, int(len(data) * cut))] if cut < 1 else data
    path = run.path(".xls" if which == 2 else ".xlsx")
    path.write_bytes(bytes(data))
    run.load(path)


@settings(SETTINGS, max_examples=800)
@given(table=hostile_table(), as_csv=st.booleans(), data=st.data())
def test_hostile_cells(run: Run, table: tuple[str, list[list[Any]], int], as_csv: bool, data):
    _kind, rows, changes = table
    if as_csv:
        path = run.path(".csv")
        text = fm.csv_text([["" if v is None else v for v in row] for row in rows])
        raw = text.encode("utf-8", "surrogatepass")
        path.write_bytes(_inject(raw, data.draw) if data.draw(st.booleans()) else raw)
    else:
        path = run.path(".xlsx")
        clean = [[v if not isinstance(v, float) or v == v else None for v in r] for r in rows]
        try:
            fm.write_xlsx(path, clean)
        except (TypeError, ValueError, OverflowError, UnicodeEncodeError):
            return  # xlsxwriter itself refuses the value: no file to load
    run.load(path, cells=changes)


@settings(SETTINGS, max_examples=300)
@given(value=NON_FINITE | NUMBERS | SPECIAL_TEXT, column=st.sampled_from(["E", "F", "G"]))
def test_any_number_in_a_score_cell_of_an_xlsx(run: Run, value: object, column: str):
    """Every value (NaN and infinity too, written as the XML holds them) in a number cell."""
    import zipfile

    path = fm.write_xlsx(run.path(".xlsx"), fm.scores_rows(round_=2))
    xml = (
        b'<c r="%s4" t="str"><v>%s</v></c>'
        % (column.encode(), str(value).encode("utf-8", "replace"))
        if isinstance(value, str)
        else b'<c r="%s4"><v>%s</v></c>' % (column.encode(), repr(value).encode())
    )
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    start = sheet.index(b'<c r="%s4"' % column.encode())
    parts["xl/worksheets/sheet1.xml"] = (
        sheet[:start] + xml + sheet[sheet.index(b"</c>", start) + 4 :]
    )
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    run.load(path, cells=1)


def test_enough_files_and_cells_were_tried():
    """Run last (file order): the properties above saw thousands of files and cells."""
    if CELLS_SEEN["files"] == 0:
        pytest.skip("the property tests did not run in this process")
    print(f"\nproperty tests: {CELLS_SEEN}")
    assert CELLS_SEEN["files"] >= 1000 and CELLS_SEEN["cells"] >= 1000


@pytest.mark.postgres
@settings(SETTINGS, max_examples=60)
@given(table=hostile_table(), data=st.data())
def test_hostile_cells_on_postgres(pg_engine: Engine, tmp_path: Path, table, data):
    run = _pg_run(pg_engine, tmp_path)
    _kind, rows, changes = table
    path = run.path(".csv")
    text = fm.csv_text([["" if v is None else v for v in row] for row in rows])
    path.write_bytes(_inject(text.encode("utf-8", "surrogatepass"), data.draw))
    run.load(path, cells=changes)
    run.check_stored_text()


_PG_RUNS: dict[str, Run] = {}


def _pg_run(engine: Engine, folder: Path) -> Run:
    """One ``Run`` for all the examples of the test (its fixtures are not reset between them)."""
    key = str(engine.url)
    if key not in _PG_RUNS:
        _PG_RUNS[key] = Run(engine, folder)
    return _PG_RUNS[key]
