"""The ``cchc`` command: exit codes, output formats, the --db fallback, its subcommands, and
the same numbers as the pages and the exports for the same view."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from dashboard import queries
from dashboard.cli import commands, main
from dashboard.export.charts import export_table
from dashboard.i18n import column_header
from dashboard.view import PAGES, ViewState, require
from tests import filemakers as fm
from tests.warehouse_builder import build_scenario


@pytest.fixture
def db(sqlite_engine: Engine) -> str:
    build_scenario(sqlite_engine)
    return str(sqlite_engine.url)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_rank_csv_has_exactly_the_documented_columns(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "rank", "--year", "2023", "--round", "1", "--format", "csv",
                       "--db", db)  # fmt: skip
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["rank", "unit_code", "unit_name", "group", "points", "max_points", "index"]
    assert rows[1:6] == [
        ["1", "T", "Sở Tư pháp", "so_nganh", "91.425", "100", "91.43"],
        ["2", "B", "Sở Nội vụ", "so_nganh", "90", "100", "90.00"],
        ["2", "D", "Sở Ngoại vụ", "so_nganh", "75.6", "84", "90.00"],
        ["4", "E", "Sở Y tế", "so_nganh", "85", "100", "85.00"],
        ["5", "A", "Ban Dân tộc", "so_nganh", "68.32", "84", "81.33"],
    ]


def test_rank_defaults_to_the_latest_round_of_the_year(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "rank", "--year", "2023", "--group", "so_nganh", "--format",
                       "json", "--db", db)  # fmt: skip
    assert code == 0
    data = json.loads(out)
    a = next(row for row in data if row["unit_code"] == "A")
    assert a == {
        "rank": 4, "unit_code": "A", "unit_name": "Ban Dân tộc", "group": "so_nganh",
        "points": 74.5, "max_points": 84.0, "index": 88.69,
    }  # fmt: skip
    assert {row["group"] for row in data} == {"so_nganh"}


def test_rank_table_is_vietnamese_formatted(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rank", "--year", "2023", "--round", "1", "--db", db)
    assert code == 0
    assert "81,33" in out and "68,32" in out and "91,43" in out
    assert "Xếp hạng" in out and "lần 1" in out


def test_unappraised_round_says_so_and_has_no_rank(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "rank", "--year", "2024", "--db", db)
    assert code == 0
    assert out.count("chưa thẩm định") == 2
    code, out, _ = run(capsys, "rank", "--year", "2024", "--format", "json", "--db", db)
    assert [(r["rank"], r["index"]) for r in json.loads(out)] == [(None, None), (None, None)]
    code, out, _ = run(capsys, "rank", "--year", "2024", "--score", "self", "--format", "csv",
                       "--db", db)  # fmt: skip
    assert "T,Sở Tư pháp,so_nganh,36,70,51.43" in out


def test_gaps_per_unit_on_the_self_scored_base(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "gaps", "--year", "2023", "--round", "1", "--group", "so_nganh",
                       "--format", "csv", "--db", db)  # fmt: skip
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert list(rows[0]) == [
        "unit_code", "unit_name", "group", "max_points", "self_points", "appraised_points",
        "self_index", "appraised_index", "gap_points",
    ]  # fmt: skip
    assert rows[0]["unit_code"] == "E"  # largest over-claim first
    a = next(r for r in rows if r["unit_code"] == "A")
    assert (a["max_points"], a["self_points"], a["appraised_points"]) == ("54", "50", "43.32")
    assert (a["self_index"], a["appraised_index"], a["gap_points"]) == ("92.59", "80.22", "6.68")


def test_evidence_per_unit_optionally_per_field(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "evidence", "--year", "2023", "--round", "1", "--format", "json",
                       "--db", db)  # fmt: skip
    assert code == 0
    a = next(r for r in json.loads(out) if r["unit_code"] == "A")
    assert (a["required"], a["missing"], a["missing_share"]) == (3, 2, 0.6667)
    code, out, _ = run(capsys, "evidence", "--year", "2023", "--round", "1", "--field", "2",
                       "--format", "json", "--db", db)  # fmt: skip
    a = next(r for r in json.loads(out) if r["unit_code"] == "A")
    assert (a["required"], a["missing"]) == (1, 0)
    code, out, _ = run(capsys, "evidence", "--year", "2023", "--round", "1", "--db", db)
    assert "66,7%" in out


# --- the same view, the same numbers: CLI, pages (dashboard.queries) and exports ---------------


def _exported(engine: Engine, page: str, state: ViewState, *columns: str) -> list[tuple]:
    """Columns of the page's XLSX export (its first sheet), read back with openpyxl."""
    data = export_table(engine, page, state, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    header, *rows = sheet.iter_rows(values_only=True)
    at = [header.index(column_header(c)) for c in columns]
    return [tuple(row[i] for i in at) for row in rows]


def test_rank_gives_the_ranks_and_indices_of_the_page_and_the_export(
    db: str, sqlite_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    state = ViewState(year=2023, group="so_nganh")  # the round: the latest, wherever resolved
    view = require(sqlite_engine, state, PAGES["rankings"])
    assert (view.year, view.round, view.group) == (2023, 2, "so_nganh")
    code, out, _ = run(capsys, "rank", "--year", "2023", "--group", "so_nganh", "--format", "csv",
                       "--db", db)  # fmt: skip
    assert code == 0
    cli = [(r["unit_code"], int(r["rank"]), float(r["index"]))
           for r in csv.DictReader(io.StringIO(out))]  # fmt: skip
    page = queries.rankings(sqlite_engine, view.year, view.round, view.group, score=view.score)
    assert cli == list(zip(page["unit_code"], page["rank"], page["index"], strict=True))
    assert cli == _exported(sqlite_engine, "rankings", state, "unit_code", "rank", "index")
    assert ("A", 4, 88.69) in cli  # round 2, not round 1 (A was 5th, 81.33)


def test_rank_with_stake_gives_the_points_at_stake_of_the_page_and_the_export(
    db: str, sqlite_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "rank", "--year", "2023", "--round", "2", "--group", "so_nganh",
                       "--stake", "--format", "json", "--db", db)  # fmt: skip
    assert code == 0
    cli = [(r["unit_code"], r["at_stake"], r["rank_if_recovered"]) for r in json.loads(out)]
    state = ViewState(year=2023, round=2, group="so_nganh")
    exported = _exported(sqlite_engine, "rankings", state, "unit_code", "at_stake",
                         "rank_if_recovered")  # fmt: skip
    assert [(u, s or 0, r) for u, s, r in cli] == [(u, s or 0, r) for u, s, r in exported]
    assert any(s for _, s, _ in cli)  # something is at stake in the scenario
    code, _, err = run(capsys, "rank", "--year", "2023", "--score", "self", "--stake", "--db", db)
    assert code == 2 and "only with the appraised score" in err


def test_gaps_and_evidence_show_the_group_and_numbers_of_the_export(
    db: str, sqlite_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    # No --group: the pages compare units within one group, the year's first (so_nganh); the
    # CLI shows that group too, not every group.
    code, out, _ = run(capsys, "gaps", "--year", "2023", "--field", "2", "--format", "json",
                       "--db", db)  # fmt: skip
    assert code == 0
    cli = {r["unit_code"]: r["gap_points"] for r in json.loads(out)}
    exported = dict(_exported(sqlite_engine, "gaps", ViewState(year=2023, field="2"),
                              "unit_code", "gap_points"))  # fmt: skip
    assert cli == exported and set(cli) == {"A", "B", "D", "E", "T"}
    assert sum(cli.values()) / len(cli) == pytest.approx(3.395)  # the mean gap, both ways
    code, out, _ = run(capsys, "evidence", "--year", "2023", "--round", "1", "--format", "csv",
                       "--db", db)  # fmt: skip
    cli_missing = {r["unit_code"]: int(r["missing"]) for r in csv.DictReader(io.StringIO(out))}
    state = ViewState(year=2023, round=1)
    assert cli_missing == dict(
        _exported(sqlite_engine, "evidence", state, "unit_code", "missing_evidence")
    )
    assert cli_missing["A"] == 2 and sum(cli_missing.values()) == 2


def test_a_table_title_names_the_group_shown(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "gaps", "--year", "2023", "--db", db)
    assert code == 0
    assert "Sở, ban, ngành tỉnh" in out and "tất cả các nhóm" not in out
    code, out, _ = run(capsys, "rank", "--year", "2023", "--db", db)
    assert "tất cả các nhóm" in out  # rankings list every group unless one is chosen


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["rank", "--year", "2030"], "Không có dữ liệu năm 2030"),
        (["rank", "--year", "2023", "--round", "5"], "year 2023 has no round 5"),
        (["rank", "--year", "2023", "--group", "xa"], "no group xa"),
        (["gaps", "--year", "2023", "--field", "99"], "no field 99"),
        (["evidence", "--year", "2030"], "no data for year 2030"),
    ],
)
def test_unknown_selection_exits_2_with_a_bilingual_message(
    db: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args, "--db", db)
    assert code == 2
    assert message in err
    assert " / " in err  # Vietnamese / English
    assert out == ""


@pytest.mark.parametrize(
    "args",
    [
        ["rank"],  # --year is required
        ["rank", "--year", "2023", "--format", "xml"],
        ["rank", "--year", "twenty"],
        ["nonsense"],
        [],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    assert main(args) == 2


def test_db_falls_back_to_the_environment(
    db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCHC_DATABASE_URL", db)
    code, out, _ = run(capsys, "rank", "--year", "2022", "--format", "csv")
    assert code == 0
    assert out.splitlines()[1].startswith("1,A,Ban Dân tộc")


def test_every_subcommand_is_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    names = ["load", "migrate", "pull", "demo", "batches", "undo", "serve", "user", "rank", "gaps",
             "evidence", "progress", "export", "audit", "explanations", "bench"]  # fmt: skip
    assert list(commands()) == names
    assert all(name in out for name in names)


# --- load ---------------------------------------------------------------------------------------


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_load_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'w.db'}"
    units = _write(
        tmp_path / "don_vi.csv",
        ",".join(fm.UNITS_HEADER) + "\nST-SNV,Sở Nội vụ,so_nganh,Sóc Trăng\n",
    )
    code, out, _ = run(capsys, "load", str(units), "--db", db)
    assert code == 0, out
    code, out, _ = run(capsys, "load", str(units), "--db", db)  # already loaded
    assert code == 0, out
    bad = _write(
        tmp_path / "diem.csv",
        ",".join(fm.SCORES_HEADER) + "\n2023,1,KHONG-CO,1.1,2,2,1,,\n",
    )
    code, out, _ = run(capsys, "load", str(bad), "--db", db)
    assert code == 1, out
    code, _, err = run(capsys, "load", str(tmp_path / "missing.xlsx"), "--db", db)
    assert code == 2
    assert "missing.xlsx" in err


def test_empty_warehouse_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "rank", "--year", "2023", "--db", f"sqlite:///{tmp_path / 'e.db'}")
    assert code == 2
    assert "Không có dữ liệu năm 2023" in err and "no data for year 2023" in err
