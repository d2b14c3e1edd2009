"""The demo exports: deterministic, internally consistent, and telling the domain's story."""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import statistics
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import python_calamine as calamine
import sqlalchemy as sa
from sqlalchemy import Engine

from demo import run_demo, write_demo
from demo.csvfiles import read_records
from etl import kinds
from etl.cells import NOT_APPLICABLE
from etl.load import load_files
from etl.schema import DATA_TABLES, load_batch, submission
from tests.conftest import REPO

DATA = REPO / "data"
NA = NOT_APPLICABLE.value


def _csv(path: Path, kind: str) -> list[dict[str, str]]:
    """The rows of a CSV file of ``kind``, by column key (``unit_code``)."""
    return read_records(path, kinds.KINDS[kind].layout)


UNITS = {r["unit_code"]: r for r in _csv(DATA / "units.csv", "units")}
CODE_BY_NAME = {r["unit_name"]: code for code, r in UNITS.items()}
FRAMEWORK = {
    (int(r["year"]), r["group"], r["criterion_code"]): r
    for path in sorted((DATA / "frameworks").glob("*.csv"))
    for r in _csv(path, "framework")
}


@dataclass
class Workbook:
    unit_code: str
    year: int
    round: int
    headers: list[Any]
    rows: list[list[Any]]  # the table body, ``Tổng cộng`` last

    @property
    def group(self) -> str:
        return UNITS[self.unit_code]["group"]

    def leaves(self) -> list[list[Any]]:
        codes = [str(r[1]) for r in self.rows[:-1]]
        return [r for r in self.rows[:-1] if not any(c.startswith(f"{r[1]}.") for c in codes)]

    def criterion(self, row: list[Any]) -> dict[str, str]:
        return FRAMEWORK[(self.year, self.group, str(row[1]))]

    def self_leaves(self) -> list[list[Any]]:
        """Applicable, self-scored leaves."""
        return [
            r
            for r in self.leaves()
            if self.criterion(r)["method"] == "self" and isinstance(r[4], float)
        ]

    def gap(self) -> float:
        return sum(float(r[4]) - float(r[5]) for r in self.self_leaves())

    def index(self) -> float:
        total = self.rows[-1]
        return float(total[5]) / float(total[3]) * 100


def _read_workbook(path: Path) -> Workbook:
    sheet = calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    cells: list[list[Any]] = sheet.to_python()
    assert [cells[0][0], cells[1][0], cells[2][0]] == list(kinds.workbook.BLOCK_LABELS.values())
    return Workbook(
        unit_code=CODE_BY_NAME[str(cells[0][1])],
        year=int(cells[1][1]),
        round=int(cells[2][1]),
        headers=cells[3],
        rows=cells[4:],
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("demo")
    return out, write_demo(out)


@pytest.fixture(scope="module")
def workbooks(demo: tuple[Path, list[Path]]) -> list[Workbook]:
    return [_read_workbook(p) for p in demo[1] if p.suffix == ".xlsx"]


def _by_round(workbooks: list[Workbook]) -> dict[tuple[int, int], list[Workbook]]:
    grouped: dict[tuple[int, int], list[Workbook]] = defaultdict(list)
    for book in workbooks:
        grouped[(book.year, book.round)].append(book)
    return grouped


def _digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_write_demo_is_deterministic(demo: tuple[Path, list[Path]], tmp_path: Path) -> None:
    out, paths = demo
    again = write_demo(tmp_path)
    assert [p.relative_to(tmp_path) for p in again] == [p.relative_to(out) for p in paths]
    assert _digests(tmp_path) == _digests(out)


def test_one_workbook_per_unit_and_round_plus_submissions(
    demo: tuple[Path, list[Path]], workbooks: list[Workbook]
) -> None:
    _, paths = demo
    grouped = _by_round(workbooks)
    assert sorted(grouped) == [(y, r) for y in (2021, 2022, 2023) for r in (1, 2)]
    for key, books in grouped.items():
        expected = len(UNITS) - (3 if key == (2023, 2) else 0)
        assert len({b.unit_code for b in books}) == len(books) == expected
    assert sorted(p.name for p in paths if p.suffix == ".csv") == [
        f"submissions_{y}_lan{r}.csv" for y in (2021, 2022, 2023) for r in (1, 2)
    ]
    for book in workbooks:
        assert book.headers == list(kinds.workbook.HEADERS)
        assert book.rows[-1][1] == "Tổng cộng"


def test_parent_rows_and_total_are_the_sums_of_their_applicable_leaves(
    workbooks: list[Workbook],
) -> None:
    for book in workbooks:
        leaves = book.leaves()
        for row in book.rows:
            code = str(row[1])
            below = (
                leaves
                if code == "Tổng cộng"
                else [leaf for leaf in leaves if leaf is row or str(leaf[1]).startswith(code + ".")]
            )
            applicable = [leaf for leaf in below if leaf[5] != NA]
            if row in leaves:
                continue
            assert row[3] == pytest.approx(sum(float(leaf[3]) for leaf in applicable)), row
            if not applicable:
                assert row[4] == row[5] == NA
                continue
            for column in (4, 5):
                numbers = [float(leaf[column]) for leaf in applicable if leaf[column] != ""]
                if row[column] != "":
                    assert row[column] == pytest.approx(sum(numbers)), (book.unit_code, row)
                else:
                    assert column == 4 and not numbers


def test_leaf_scores_fit_their_criterion(workbooks: list[Workbook]) -> None:
    for book in workbooks:
        for row in book.leaves():
            criterion = book.criterion(row)
            assert row[2] == criterion["name"]
            assert row[3] == float(criterion["max_points"])
            if row[5] == NA:
                assert row[4] == NA
                continue
            appraised = float(row[5])
            assert 0 <= appraised <= float(row[3])
            if criterion["method"] == "survey":
                assert row[4] == "" and row[6] == "", "a survey criterion has no self score"
            else:
                self_score = float(row[4])
                assert 0 <= self_score <= float(row[3])
                assert (self_score * 4).is_integer() and (appraised * 4).is_integer()
                assert isinstance(row[6], float) and row[6] >= 0


def test_units_over_claim_in_round_1_and_much_less_in_round_2(workbooks: list[Workbook]) -> None:
    for year in (2021, 2022, 2023):
        grouped = _by_round(workbooks)
        first = statistics.mean(b.gap() for b in grouped[(year, 1)])
        second = statistics.mean(b.gap() for b in grouped[(year, 2)])
        assert 3 <= first <= 9, first
        assert 0 < second < first / 2, (first, second)


def _missing_evidence_rate(books: list[Workbook]) -> float:
    needing = [
        row
        for book in books
        for row in book.self_leaves()
        if book.criterion(row)["evidence_required"] == "1" and float(row[4]) > 0
    ]
    return sum(1 for row in needing if row[6] == 0) / len(needing)


def test_missing_evidence_falls_from_round_1_to_round_2(workbooks: list[Workbook]) -> None:
    grouped = _by_round(workbooks)
    for year in (2021, 2022, 2023):
        assert 0.15 <= _missing_evidence_rate(grouped[(year, 1)]) <= 0.30
        assert 0.02 <= _missing_evidence_rate(grouped[(year, 2)]) <= 0.09


def test_every_cut_has_an_appraiser_note_and_explanations_are_vietnamese(
    workbooks: list[Workbook],
) -> None:
    notes: set[str] = set()
    unexplained = {1: 0, 2: 0}
    for book in workbooks:
        for row in book.self_leaves():
            if float(row[5]) < float(row[4]):
                assert row[8], (book.unit_code, book.year, book.round, row)
                notes.add(str(row[8]))
            if float(row[4]) > 0 and row[7] == "":
                unexplained[book.round] += 1
            for text in (row[7], row[8]):
                assert unicodedata.normalize("NFC", str(text)) == text
    assert "Chưa có tài liệu kiểm chứng" in notes
    assert any(note.startswith("Đề nghị bổ sung") for note in notes)
    assert unexplained[1] > 2 * unexplained[2] > 0


def test_latest_round_is_not_yet_sent_by_three_units_and_late_for_one(
    demo: tuple[Path, list[Path]], workbooks: list[Workbook]
) -> None:
    out, _ = demo
    rounds = {(int(r["year"]), int(r["round"])): r for r in _csv(DATA / "rounds.csv", "rounds")}
    for (year, round_), spec in rounds.items():
        rows = _csv(out / f"submissions_{year}_lan{round_}.csv", "submissions")
        assert [r["unit_code"] for r in rows] == list(UNITS)
        opens = dt.datetime.strptime(spec["opens_at"], "%d/%m/%Y %H:%M")
        locks = dt.datetime.strptime(spec["locks_at"], "%d/%m/%Y %H:%M")
        unsent = {r["unit_code"] for r in rows if r["sent_at"] == ""}
        sent = [dt.datetime.strptime(r["sent_at"], "%d/%m/%Y %H:%M") for r in rows if r["sent_at"]]
        late = [moment for moment in sent if moment > locks]
        assert all(moment >= opens for moment in sent)
        books = {b.unit_code for b in workbooks if (b.year, b.round) == (year, round_)}
        assert books == set(UNITS) - unsent
        if (year, round_) == (2023, 2):
            assert len(unsent) == 3 and len(late) == 1
        else:
            assert not unsent and not late


def test_ban_dan_toc_has_criteria_not_applicable(workbooks: list[Workbook]) -> None:
    for book in workbooks:
        not_applicable = [row for row in book.leaves() if row[5] == NA]
        total_max = float(book.rows[-1][3])
        if book.unit_code == "ST-BDT":
            assert len(not_applicable) >= 8
            assert 80 <= total_max < 100
        else:
            assert not not_applicable


def test_indices_spread_with_a_clear_leader_and_laggard_and_one_exact_tie(
    workbooks: list[Workbook],
) -> None:
    latest = [b for b in workbooks if (b.year, b.round) == (2023, 2)]
    by_group: dict[str, list[float]] = defaultdict(list)
    for book in latest:
        by_group[book.group].append(book.index())
    for group, indices in by_group.items():
        ranked = sorted(indices, reverse=True)
        assert ranked[-1] >= 65 and ranked[0] <= 98, group
        assert ranked[0] - ranked[1] > 0.01 and ranked[-2] - ranked[-1] > 0.01, group
    ties = [
        (a.unit_code, b.unit_code)
        for a in latest
        for b in latest
        if a.unit_code < b.unit_code
        and a.group == b.group == "trung_uong"
        and a.rows[-1][5] == b.rows[-1][5]
        and a.rows[-1][3] == b.rows[-1][3]
    ]
    assert len(ties) == 1
    means = {
        year: statistics.mean(b.index() for b in workbooks if (b.year, b.round) == (year, 2))
        for year in (2021, 2023)
    }
    assert means[2023] > means[2021]


def test_national_scale_writer_smoke(tmp_path: Path, sqlite_engine: Engine) -> None:
    paths = write_demo(tmp_path / "a", scale="national", provinces=1)
    root = tmp_path / "a" / "national"
    units = _csv(root / "units_national.csv", "units")
    assert {u["province"] for u in units} == {"Hà Nội"}
    assert len({u["unit_code"] for u in units}) == len(units)
    assert sorted(p.name for p in (root / "frameworks").iterdir()) == [
        f"framework_{y}.csv" for y in range(2019, 2024)
    ]
    assert {(r["year"], r["round"]) for r in _csv(root / "rounds.csv", "rounds")} == {
        (str(y), str(n)) for y in range(2019, 2024) for n in (1, 2)
    }
    scores = sorted((root / "scores").glob("*.csv"))
    assert len(scores) == 5
    rows = _csv(scores[0], "scores")
    leaves = {
        (r["group"], r["criterion_code"])
        for r in _csv(root / "frameworks" / "framework_2019.csv", "framework")
        if not any(
            o["parent_code"] == r["criterion_code"] and o["group"] == r["group"]
            for o in _csv(root / "frameworks" / "framework_2019.csv", "framework")
        )
    }
    group = {u["unit_code"]: u["group"] for u in units}
    assert {(group[r["unit_code"]], r["criterion_code"]) for r in rows} <= leaves
    first = [u for u in units if u["province"] == "Hà Nội"]
    expected = sum(2 * sum(1 for g, _ in leaves if g == u["group"]) for u in first)
    assert len(rows) == expected
    assert paths[0] == root / "units_national.csv"
    again = write_demo(tmp_path / "b", scale="national", provinces=1)
    assert len(again) == len(paths)
    assert _digests(tmp_path / "b") == _digests(tmp_path / "a")
    loaded = load_files(sqlite_engine, paths, progress=False)
    assert [r.problems for r in loaded if r.status != "loaded"] == []
    stored = _table_counts(sqlite_engine)["score_fact"]
    assert stored == sum(len(_csv(path, "scores")) for path in scores)


def _table_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            table.name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in (*DATA_TABLES, load_batch)
        }


def test_run_demo_loads_everything_through_the_etl_and_again_changes_nothing(
    sqlite_engine: Engine, tmp_path: Path, workbooks: list[Workbook]
) -> None:
    results = run_demo(sqlite_engine, out_dir=tmp_path, progress=False)
    assert [r.problems for r in results if r.status != "loaded"] == []
    assert Counter(r.kind for r in results) == {
        "units": 1,
        "framework": 3,
        "rounds": 1,
        "workbook": len(workbooks),
        "submissions": 6,
    }
    counts = _table_counts(sqlite_engine)
    assert counts["unit"] == len(UNITS)
    assert counts["criterion"] == len(FRAMEWORK)
    assert counts["score_fact"] == sum(len(book.leaves()) for book in workbooks)
    assert counts["submission"] == 6 * len(UNITS)
    with sqlite_engine.connect() as conn:
        unsent = conn.execute(
            sa.select(submission.c.unit_code).where(submission.c.sent_at.is_(None))
        ).scalars()
        assert set(unsent) == {"ST-SNGV", "ST-TW-CTK", "ST-H-CULAODUNG"}

    again = run_demo(sqlite_engine, out_dir=tmp_path, progress=False)
    assert {r.status for r in again} == {"already_loaded"}
    assert _table_counts(sqlite_engine) == counts


def test_etl_does_not_import_the_demo() -> None:
    """``demo`` builds on ``etl`` (its headers, its loader), never the other way round."""
    for path in sorted((REPO / "etl").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not [n for n in names if n.split(".")[0] == "demo"], (path, node.lineno)
