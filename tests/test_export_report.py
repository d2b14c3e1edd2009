"""The leadership report pack (PDF and DOCX) from the demo warehouse, read back as a user would:
python-docx for Word, pdftotext for the PDF."""

from __future__ import annotations

import io
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest

from dashboard import formatting, queries
from dashboard.export import report
from dashboard.export.report_data import band_rule, collect_report
from dashboard.export.report_model import ReportData
from dashboard.i18n import group_label
from etl.db import get_engine
from tests.services import chromium_paths

ISSUED = date(2023, 12, 8)


@pytest.fixture(scope="module")
def engine(demo_db_url: str):  # type: ignore[no-untyped-def]
    engine = get_engine(demo_db_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def data(engine) -> ReportData:  # type: ignore[no-untyped-def]
    chromium_paths()  # the charts need Chromium (skip, or fail under CCHC_REQUIRE_SERVICES)
    return collect_report(engine, 2023, 2, issued=ISSUED)


@pytest.fixture(scope="module")
def pdf_text(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("report") / "bao-cao.pdf"
    path.write_bytes(report.render(data, "pdf"))
    result = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)
    return result.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def document(data: ReportData) -> docx.document.Document:
    return docx.Document(io.BytesIO(report.render(data, "docx")))


def ranking_tables(document: docx.document.Document) -> list[list[list[str]]]:
    out = []
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and rows[0][0] == "Hạng":
            out.append(rows)
    return out


def test_docx_has_one_ranking_table_per_group_with_its_units(engine, document) -> None:  # type: ignore[no-untyped-def]
    groups = list(queries.groups(engine, 2023)["group"])
    tables = ranking_tables(document)
    assert len(tables) == len(groups) == 4
    for group, rows in zip(groups, tables, strict=True):
        expected = queries.rankings(engine, 2023, 2, group)
        assert [r[1] for r in rows[1:]] == list(expected["unit_name"])
        assert [r[4] for r in rows[1:]] == [formatting.index(v) for v in expected["index"]]
        assert rows[1][0] == "1"


def test_docx_title_block_and_page_numbers(document) -> None:  # type: ignore[no-untyped-def]
    block = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert block[0] == "UBND TỈNH SÓC TRĂNG\nSỞ NỘI VỤ"
    assert block[1] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    assert block[3] == "Sóc Trăng, ngày 08 tháng 12 năm 2023"
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Kết quả thẩm định Chỉ số cải cách hành chính năm 2023 (lần 2)" in texts
    footer = document.sections[0].footer.paragraphs[0]._p.xml
    assert "NUMPAGES" in footer and "PAGE" in footer
    assert len(document.inline_shapes) >= 4  # at least one chart per group


def test_pdf_has_title_block_every_group_and_page_numbers(engine, pdf_text: str) -> None:  # type: ignore[no-untyped-def]
    for line in (
        "UBND TỈNH SÓC TRĂNG",
        "SỞ NỘI VỤ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Sóc Trăng, ngày 08 tháng 12 năm 2023",
        "BÁO CÁO",
        "Kết quả thẩm định Chỉ số cải cách hành chính năm 2023 (lần 2)",
        "Nơi nhận:",
        "Trang 1/",
    ):
        assert line in pdf_text, line
    for position, group in enumerate(queries.groups(engine, 2023)["group"]):
        roman = ("I", "II", "III", "IV")[position]
        assert f"{roman}. {group_label(group).upper()}" in pdf_text
    pages = int(pdf_text.split("Trang 1/")[1].split()[0])
    assert f"Trang {pages}/{pages}" in pdf_text


def test_pdf_states_the_numbers_of_the_metrics(engine, data: ReportData, pdf_text: str) -> None:  # type: ignore[no-untyped-def]
    huyen = next(g for g in data.groups if g.code == "huyen")
    progress = queries.progress(engine, 2023, 2).units
    missing = progress[(progress["group"] == "huyen") & ~progress["sent"]]
    for name in missing["unit_name"]:
        assert name in huyen.not_sent and name in pdf_text
    scores = queries.unit_scores(engine, 2023, 2, "huyen")
    over = int((scores["gap_points"] > 0).sum())
    assert f"Có {over}/{huyen.gap.units} đơn vị tự chấm cao hơn kết quả thẩm định" in pdf_text
    top = queries.rankings(engine, 2023, 2, "huyen").iloc[0]
    assert formatting.index(float(top["index"])) in pdf_text
    assert band_rule() == (
        "loại A: từ 90% trở lên; loại B: từ 80% đến dưới 90%; loại C: từ 70% đến dưới 80%; "
        "loại D: dưới 70%"
    )


def test_single_group_report_and_unknown_year(engine) -> None:  # type: ignore[no-untyped-def]
    data = collect_report(engine, 2023, 2, "huyen", issued=ISSUED, with_charts=False)
    document = docx.Document(io.BytesIO(report.render(data, "docx")))
    assert len(ranking_tables(document)) == 1
    with pytest.raises(queries.SelectionError, match="Không có dữ liệu năm 1999"):
        collect_report(engine, 1999, 1)


def test_report_filename() -> None:
    assert report.report_filename(2023, 2, None, "pdf") == "bao-cao-cchc-2023-lan2.pdf"
    assert (
        report.report_filename(2023, 2, "so_nganh", "docx")
        == "bao-cao-cchc-2023-lan2-so-nganh.docx"
    )


def test_example_report_is_committed() -> None:
    example = Path(__file__).resolve().parent.parent / "docs" / "bao-cao-mau.pdf"
    assert example.read_bytes().startswith(b"%PDF-")
