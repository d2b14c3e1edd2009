"""Table exports: XLSX re-read with openpyxl gives the page's numbers; CSV opens in Excel.

No browser needed: tables are written by xlsxwriter / pandas from the query layer.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import Engine

from dashboard import queries
from dashboard.export import charts, tables
from dashboard.i18n import group_label
from dashboard.view import ViewState

VIEW = ViewState(year=2023, round=2)


@pytest.fixture(scope="module")
def engine(demo_engine: Engine) -> Engine:
    return demo_engine


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def sheet_rows(sheet) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_rankings_xlsx_has_one_sheet_per_group_with_the_metrics(engine) -> None:  # type: ignore[no-untyped-def]
    book = workbook(charts.export_table(engine, "rankings", VIEW, "xlsx"))
    expected = queries.rankings(engine, 2023, 2)
    labels = list(dict.fromkeys(group_label(g) for g in expected["group"]))
    assert book.sheetnames == [f"Xếp hạng - {label}"[:31] for label in labels] + ["Bộ lọc"]
    for label, name in zip(labels, book.sheetnames, strict=False):
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        rows = sheet_rows(sheet)
        part = expected[[group_label(g) == label for g in expected["group"]]]
        assert [r["Tên đơn vị"] for r in rows] == list(part["unit_name"])
        assert [r["Chỉ số (%)"] for r in rows] == [
            None if pd.isna(v) else v for v in part["index"]
        ]  # numbers stored as numbers, equal to the metrics
        assert [r["Hạng"] for r in rows] == [None if pd.isna(v) else int(v) for v in part["rank"]]
        header = [c.value for c in sheet[1]]
        index_col = header.index("Chỉ số (%)") + 1
        assert sheet.cell(row=2, column=index_col).number_format == "0.00"
        longest = max(len(str(n)) for n in part["unit_name"])
        assert sheet.column_dimensions["C"].width >= longest  # "Tên đơn vị" fits its names


def test_filters_sheet_names_the_view(engine) -> None:  # type: ignore[no-untyped-def]
    view = ViewState(year=2023, round=2, group="so_nganh", field="3")
    book = workbook(charts.export_table(engine, "gaps", view, "xlsx"))
    filters = {row[0]: row[1] for row in book["Bộ lọc"].iter_rows(min_row=2, values_only=True)}
    assert filters["Năm"] == "2023"
    assert filters["Lần"] == "2"
    assert filters["Nhóm"] == group_label("so_nganh") == "Sở, ban, ngành tỉnh"
    assert filters["Lĩnh vực"] == "3. Cải cách thủ tục hành chính"
    assert filters["Dữ liệu đến ngày"] == "04/12/2023"
    assert filters["Nguồn"] == "cchc-dashboard — Sở Nội vụ"
    gaps = sheet_rows(book.worksheets[0])
    expected = queries.unit_scores(engine, 2023, 2, "so_nganh", "3")
    assert [r["Chênh lệch (điểm)"] for r in gaps] == list(expected["gap_points"])


def test_csv_starts_with_bom_and_reads_back(engine) -> None:  # type: ignore[no-untyped-def]
    data = charts.export_table(engine, "evidence", VIEW.with_(group="huyen"), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    expected = queries.unit_evidence(engine, 2023, 2, "huyen")
    assert [r["Tên đơn vị"] for r in rows] == list(expected["unit_name"])
    assert [int(r["Thiếu TLKC"]) for r in rows] == list(expected["missing_evidence"])


def test_xlsx_cells_keep_types_and_sheet_names_stay_valid() -> None:
    frame = pd.DataFrame(
        {
            "unit_name": ["Sở Nội vụ", "Ban Dân tộc"],
            "index": [91.4321, float("nan")],
            "sent": [True, False],
            "sent_at": [datetime(2023, 12, 4, 16, 30), pd.NaT],
            "evidence_count": [3, 0],
        }
    )
    data = tables.to_xlsx(
        [
            tables.Table("Xếp hạng: Sở/ngành [2023]", frame),
            tables.Table("Xếp hạng: Sở/ngành [2023]", frame),
        ],
        [("Năm", "2023")],
    )
    book = workbook(data)
    assert book.sheetnames == ["Xếp hạng Sở ngành 2023", "Xếp hạng Sở ngành 2023 (2)", "Bộ lọc"]
    rows = sheet_rows(book.worksheets[0])
    assert rows[0] == {
        "Tên đơn vị": "Sở Nội vụ",
        "Chỉ số (%)": 91.4321,
        "Đã gửi": "Có",
        "Thời điểm gửi": datetime(2023, 12, 4, 16, 30),
        "Số TLKC": 3,
    }
    assert rows[1]["Chỉ số (%)"] is None and rows[1]["Đã gửi"] == "Không"


def test_cli_writes_a_table_file(demo_db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "xep-hang.xlsx"
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from dashboard.cli import main; sys.exit(main())",
         "export", "table", "--page", "xep-hang", "--year", "2023", "--round", "2",
         "--group", "huyen", "--out", str(out), "--db", demo_db_url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    book = workbook(out.read_bytes())
    assert book.sheetnames == ["Xếp hạng", "Bộ lọc"]
    names = [r["Tên đơn vị"] for r in sheet_rows(book["Xếp hạng"])]
    assert "Huyện Long Phú" in names and len(names) >= 10


def test_download_routes_answer_files_and_plain_errors(
    demo_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flask import Flask

    from dashboard.export import routes

    monkeypatch.setenv("CCHC_DATABASE_URL", demo_db_url)
    server = Flask("export-routes")
    routes.register(server)
    routes.register(server)  # a second call is harmless
    client = server.test_client()
    response = client.get("/export/table/gaps.csv?year=2023&round=2&group=huyen&lang=en")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition == 'attachment; filename="gaps-2023-round2-huyen.csv"'  # ?lang=en
    assert response.data.startswith(b"\xef\xbb\xbf")
    response = client.get("/export/table/xep-hang.xlsx?group=huyen")  # latest year and round
    assert response.status_code == 200
    assert workbook(response.data).sheetnames == ["Xếp hạng", "Bộ lọc"]
    response = client.get("/export/table/no-such-page.xlsx?year=2023")
    assert response.status_code == 404
    assert "Không có trang" in response.get_data(as_text=True)
    assert client.get("/export/table/rankings.docx").status_code == 404


def test_cli_refuses_a_year_the_warehouse_lacks(demo_db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from dashboard.cli import main; sys.exit(main())",
         "export", "table", "--page", "gaps", "--year", "1999", "--out", str(out),
         "--db", demo_db_url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "Không có dữ liệu năm 1999" in result.stderr
    assert not out.exists()


def test_a_table_exported_from_the_english_page_is_in_english(engine) -> None:  # type: ignore[no-untyped-def]
    book = workbook(charts.export_table(engine, "rankings", VIEW.with_(lang="en"), "xlsx"))
    labels = list(
        dict.fromkeys(group_label(g, "en") for g in queries.rankings(engine, 2023, 2)["group"])
    )
    assert book.sheetnames == [f"Rankings - {label}"[:31] for label in labels] + ["Filters"]
    header = [c.value for c in book[book.sheetnames[0]][1]]
    assert header[:4] == ["Rank", "Unit code", "Unit", "Group"] and "Index (%)" in header
    filters = {row[0]: row[1] for row in book["Filters"].iter_rows(min_row=2, values_only=True)}
    assert filters["Year"] == "2023" and filters["Round"] == "2"
    assert filters["Group"] == "All" and filters["Source"].startswith("cchc-dashboard")
    data = charts.export_table(engine, "gaps", VIEW.with_(lang="en"), "csv").decode("utf-8-sig")
    assert data.splitlines()[0].startswith("Unit code,Unit,Group,Self-assessed points")


def test_cli_exports_a_table_in_english(demo_db_url: str, tmp_path: Path) -> None:
    from dashboard.cli import main

    out = tmp_path / "ranking.csv"
    args = ["export", "table", "--page", "xep-hang", "--year", "2023", "--round", "2"]
    assert main([*args, "--lang", "en", "--db", demo_db_url, "--out", str(out)]) == 0
    header = out.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Rank,Unit code,Unit,Group,Points")
    assert main([*args, "--lang", "fr", "--db", demo_db_url, "--out", str(out)]) == 2
