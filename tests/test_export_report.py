"""The leadership report pack (PDF and DOCX) from the demo warehouse, read back as a user would:
python-docx for Word, pdftotext for the PDF.  Vietnamese by default, word for word as before;
English with ``?lang=en`` or ``cchc export report --lang en``; in both, the numbers of
``queries.rankings`` and ``queries.overview`` for the view."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine

from dashboard import formatting, queries
from dashboard.cli import main
from dashboard.export import charts, images, report, routes
from dashboard.export.report.data import band_rule, collect_report
from dashboard.export.report.model import ReportData
from dashboard.i18n import Lang, group_label
from dashboard.view import View
from tests.services import chromium_paths

ISSUED = date(2023, 12, 8)
VIEW = View(2023, 2)
ROMAN = ("I", "II", "III", "IV")
# Headings and fixed words of the Vietnamese report that the English one must not contain.
VIETNAMESE = ("Xếp hạng", "xếp hạng", "Báo cáo", "BÁO CÁO", "Kết quả", "Xếp loại", "Chênh lệch",
              "Tài liệu kiểm chứng", "Hình ", "Trang 1/", "Nơi nhận", "Cơ quan, đơn vị", "CỘNG HÒA",
              "Độc lập", "GIÁM ĐỐC", "UBND CẤP HUYỆN", "đơn vị")  # fmt: skip


@pytest.fixture(scope="module")
def engine(demo_engine: Engine) -> Engine:
    return demo_engine


@pytest.fixture(scope="module")
def data(engine: Engine) -> ReportData:
    chromium_paths()  # the charts need Chromium (skip, or fail under CCHC_REQUIRE_SERVICES)
    return collect_report(engine, VIEW, issued=ISSUED)


def pdf_to_text(body: bytes, folder: Path) -> str:
    path = folder / "report.pdf"
    path.write_bytes(body)
    result = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)
    return result.stdout.decode("utf-8")


def flat(text: str) -> str:
    """The text with every run of white space (line ends included) as one space."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def pdf_text(data: ReportData, tmp_path_factory: pytest.TempPathFactory) -> str:
    return pdf_to_text(report.render(data, "pdf"), tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def document(data: ReportData) -> docx.document.Document:
    return docx.Document(io.BytesIO(report.render(data, "docx")))


def ranking_tables(document: docx.document.Document, header: str = "Hạng") -> list[list[list[str]]]:
    out = []
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and rows[0][0] == header:
            out.append(rows)
    return out


def paragraphs(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def docx_text(document: docx.document.Document) -> str:
    """Every paragraph, then every table cell, one a line."""
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*paragraphs(document), *cells])


def assert_rankings_match(engine: Engine, tables: list[list[list[str]]], groups: list[str],
                          lang: Lang) -> None:  # fmt: skip
    """Each ranking table lists its group's units, points and indices as ``queries.rankings``."""
    assert len(tables) == len(groups)
    for group, rows in zip(groups, tables, strict=True):
        expected = queries.rankings(engine, 2023, 2, group)
        assert [r[1] for r in rows[1:]] == list(expected["unit_name"])
        assert [r[2] for r in rows[1:]] == [formatting.number(v, lang=lang) for v in
                                            expected["points"]]  # fmt: skip
        assert [r[4] for r in rows[1:]] == [formatting.index(v, lang=lang) for v in
                                            expected["index"]]  # fmt: skip
        assert rows[1][0] == "1"


def summary_sentences(engine: Engine, group: str, lang: Lang) -> list[str]:
    """What the report must say about ``group``, its numbers from ``queries.overview`` (units,
    ranked units, not sent, mean self index) and the gaps page's units (``unit_scores``)."""
    row = queries.overview(engine, 2023, 2).set_index("group").loc[group]
    scores = queries.unit_scores(engine, 2023, 2, group)
    both = scores[scores["self_index"].notna() & scores["appraised_self_index"].notna()]
    # Every unit of the demo that self-scored was appraised too, so the overview's mean self
    # index (over units with a self index) is the report's (over units with both indices).
    assert len(both) == int(scores["self_index"].notna().sum())
    over, units = int((scores["gap_points"] > 0).sum()), len(both)
    mean = formatting.number(row["mean_self_index"], lang=lang)
    ranked, unsent, total = int(row["ranked_units"]), int(row["unsent"]), int(row["units"])
    top = formatting.index(queries.rankings(engine, 2023, 2, group)["index"].iloc[0], lang=lang)
    if lang == "vi":
        sent = (f"Còn {unsent}/{total} đơn vị chưa gửi kết quả tự đánh giá:" if unsent
                else f"Tất cả {total} đơn vị đã gửi kết quả tự đánh giá.")  # fmt: skip
        return [f"Trong {ranked} đơn vị được xếp loại, có loại A:", sent, top,
                f"Có {over}/{units} đơn vị tự chấm cao hơn kết quả thẩm định. "
                f"Chỉ số tự chấm bình quân {mean}%, chỉ số thẩm định bình quân"]  # fmt: skip
    sent = (f"Units yet to send their self-assessment ({unsent} of {total}):" if unsent
            else f"All {total} units have sent their self-assessment.")  # fmt: skip
    return [f"Of the {ranked} units banded: ", sent, top,
            f"{over} of {units} units scored themselves higher than the appraisal did. "
            f"Mean self-assessed index {mean}%, mean appraised index"]  # fmt: skip


def groups_of(engine: Engine) -> list[str]:
    return [str(g) for g in queries.groups(engine, 2023)["group"]]


# --- Vietnamese: as it always was ---------------------------------------------------------


def test_docx_has_one_ranking_table_per_group_with_its_units(engine, document) -> None:  # type: ignore[no-untyped-def]
    groups = groups_of(engine)
    assert len(groups) == 4
    assert_rankings_match(engine, ranking_tables(document), groups, "vi")


def test_docx_title_block_and_page_numbers(document) -> None:  # type: ignore[no-untyped-def]
    block = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert block[0] == "UBND TỈNH SÓC TRĂNG\nSỞ NỘI VỤ"
    assert block[1] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    assert block[2] == "Số:       /BC-SNV"
    assert block[3] == "Sóc Trăng, ngày 08 tháng 12 năm 2023"
    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Kết quả thẩm định Chỉ số cải cách hành chính năm 2023 (lần 2)" in texts
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text == "Trang 1/1"  # the fields' placeholders, filled in by Word
    assert "NUMPAGES" in footer._p.xml and "PAGE" in footer._p.xml
    assert document.core_properties.language == "vi-VN"
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
    for position, group in enumerate(groups_of(engine)):
        assert f"{ROMAN[position]}. {group_label(group).upper()}" in pdf_text
    pages = int(pdf_text.split("Trang 1/")[1].split()[0])
    assert f"Trang {pages}/{pages}" in pdf_text


def test_pdf_states_the_numbers_of_the_metrics(engine, data: ReportData, pdf_text: str) -> None:  # type: ignore[no-untyped-def]
    huyen = next(g for g in data.groups if g.code == "huyen")
    progress = queries.progress(engine, 2023, 2).units
    missing = progress[(progress["group"] == "huyen") & ~progress["sent"]]
    for name in missing["unit_name"]:
        assert name in huyen.not_sent and name in pdf_text
    for group in groups_of(engine):
        for sentence in summary_sentences(engine, group, "vi"):
            assert sentence in flat(pdf_text), sentence
    assert band_rule() == (
        "loại A: từ 90% trở lên; loại B: từ 80% đến dưới 90%; loại C: từ 70% đến dưới 80%; "
        "loại D: dưới 70%"
    )


def test_report_numbers_are_the_overview_numbers(engine, data: ReportData) -> None:  # type: ignore[no-untyped-def]
    overview = queries.overview(engine, 2023, 2).set_index("group")
    for group in data.groups:
        row = overview.loc[group.code]
        assert sum(n for _, n in group.bands) == row["ranked_units"]
        assert (len(group.not_sent), group.total_units) == (row["unsent"], row["units"])
        assert group.gap.mean_self_index == row["mean_self_index"]


def test_single_group_vietnamese_text_word_for_word(engine) -> None:  # type: ignore[no-untyped-def]
    data = collect_report(engine, VIEW.with_(group="huyen"), issued=ISSUED, with_charts=False)
    document = docx.Document(io.BytesIO(report.render(data, "docx")))
    assert len(ranking_tables(document)) == 1
    assert ranking_tables(document)[0][0] == [
        "Hạng", "Cơ quan, đơn vị", "Điểm đạt", "Điểm tối đa", "Chỉ số (%)", "Xếp loại"]  # fmt: skip
    texts = paragraphs(document)
    for text in (
        "Căn cứ Quyết định số 3119/QĐ-UBND ngày 05/11/2021 của Ủy ban nhân dân tỉnh Sóc Trăng "
        "về Bộ Chỉ số cải cách hành chính; căn cứ kết quả tự đánh giá, chấm điểm của các cơ "
        "quan, đơn vị và kết quả thẩm định lần 2 năm 2023, Sở Nội vụ báo cáo kết quả thẩm định "
        "Chỉ số cải cách hành chính năm 2023 như sau:",
        "Phạm vi số liệu: năm 2023, lần thẩm định 2, nhóm UBND cấp huyện. Số liệu cập nhật đến "
        "ngày 04/12/2023.",
        "Cách xếp loại: loại A: từ 90% trở lên; loại B: từ 80% đến dưới 90%; loại C: từ 70% "
        "đến dưới 80%; loại D: dưới 70%.",
        "I. UBND CẤP HUYỆN",
        "1. Kết quả xếp hạng",
        "2. Xếp loại",
        "Trong 10 đơn vị được xếp loại, có loại A: 1 đơn vị; loại B: 7 đơn vị; loại C: 2 đơn "
        "vị; loại D: 0 đơn vị.",
        "3. Chênh lệch giữa điểm tự chấm và điểm thẩm định",
        "Có 10/10 đơn vị tự chấm cao hơn kết quả thẩm định. Chỉ số tự chấm bình quân 83,41%, "
        "chỉ số thẩm định bình quân 81,25% (tính trên các tiêu chí đơn vị tự chấm).",
        "Các đơn vị có mức chênh lệch lớn nhất (điểm chỉ số):",
        "4. Tài liệu kiểm chứng",
        "Các đơn vị thiếu nhiều tài liệu kiểm chứng nhất:",
        "5. Đơn vị chưa gửi kết quả",
        "Còn 1/11 đơn vị chưa gửi kết quả tự đánh giá: Huyện Cù Lao Dung.",
        "Trên đây là báo cáo kết quả thẩm định Chỉ số cải cách hành chính năm 2023 (lần 2) của "
        "Sở Nội vụ./.",
    ):
        assert text in texts, text
    with pytest.raises(queries.SelectionError, match="Không có dữ liệu năm 1999"):
        collect_report(engine, View(1999, 1))


def test_report_filename() -> None:
    assert report.report_filename(VIEW, "pdf") == "bao-cao-cchc-2023-lan2.pdf"
    assert (
        report.report_filename(VIEW.with_(group="so_nganh"), "docx")
        == "bao-cao-cchc-2023-lan2-so-nganh.docx"
    )
    english = VIEW.with_(group="huyen", lang="en")
    assert report.report_filename(english, "pdf") == "par-index-report-2023-round2-huyen.pdf"


def test_example_report_is_committed() -> None:
    example = Path(__file__).resolve().parent.parent / "docs" / "bao-cao-mau.pdf"
    assert example.read_bytes().startswith(b"%PDF-")


# --- English: ?lang=en and cchc export report --lang en --------------------------------------


@pytest.fixture(scope="module")
def client(demo_db_url: str) -> Iterator[FlaskClient]:
    from flask import Flask

    chromium_paths()
    images.warm_up()  # the renders are timed by the export deadline, the browser's start is not
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CCHC_DATABASE_URL", demo_db_url)
        server = Flask("export-report")
        routes.register(server)
        yield server.test_client()


def english_checks(text: str, groups: list[str]) -> None:
    """English headings present, the Vietnamese ones absent."""
    for line in (
        "REPORT",
        "Appraisal results of the Administrative Reform Index 2023 (round 2)",
        "1. Rankings",
        "2. Bands",
        "3. Gap between self-assessed and appraised scores",
        "4. Evidence documents",
        "5. Units that have not sent results",
        "Recipients:",
        "SOCIALIST REPUBLIC OF VIET NAM",
        "Banding rule: band A: 90% and above; band B: from 80% to below 90%; band C: from 70% "
        "to below 80%; band D: below 70%.",
    ):
        assert line in flat(text), line
    for position, group in enumerate(groups):
        assert f"{ROMAN[position]}. {group_label(group, 'en').upper()}" in text
    for word in VIETNAMESE:
        assert word not in text, word


def test_route_gives_an_english_pdf_and_docx(client: FlaskClient, engine: Engine,
                                             tmp_path: Path) -> None:  # fmt: skip
    query = "?year=2023&round=2&group=huyen&lang=en"
    response = client.get("/export/report.pdf" + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="par-index-report-2023-round2-huyen.pdf"'
    )
    text = pdf_to_text(response.data, tmp_path)
    english_checks(text, ["huyen"])
    assert "Page 1/" in text
    for sentence in summary_sentences(engine, "huyen", "en"):
        assert sentence in flat(text), sentence
    as_of = charts.data_date(engine, VIEW.with_(lang="en"))
    assert f"Data as of {as_of}." in flat(text) and as_of == "2023-12-04"

    response = client.get("/export/report.docx" + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    document = docx.Document(io.BytesIO(response.data))
    assert_rankings_match(engine, ranking_tables(document, "Rank"), ["huyen"], "en")
    assert ranking_tables(document, "Hạng") == []
    assert document.sections[0].footer.paragraphs[0].text == "Page 1/1"
    assert document.core_properties.language == "en-GB"
    english_checks(docx_text(document), ["huyen"])

    vietnamese = client.get("/export/report.docx?year=2023&round=2&group=huyen")
    assert vietnamese.headers["Content-Disposition"] == (
        'attachment; filename="bao-cao-cchc-2023-lan2-huyen.docx"'
    )
    assert len(ranking_tables(docx.Document(io.BytesIO(vietnamese.data)))) == 1


def test_cli_gives_an_english_pdf_and_docx(engine: Engine, demo_db_url: str,
                                           tmp_path: Path) -> None:  # fmt: skip
    chromium_paths()
    common = ["export", "report", "--year", "2023", "--round", "2", "--lang", "en",
              "--date", "08/12/2023", "--db", demo_db_url]  # fmt: skip
    pdf = tmp_path / "report.pdf"
    assert main([*common, "--out", str(pdf)]) == 0
    text = pdf_to_text(pdf.read_bytes(), tmp_path)
    groups = groups_of(engine)
    english_checks(text, groups)
    assert "Soc Trang, 2023-12-08" in text
    for group in groups:
        for sentence in summary_sentences(engine, group, "en"):
            assert sentence in flat(text), sentence

    word = tmp_path / "report.docx"
    assert main([*common, "--group", "huyen", "--out", str(word)]) == 0
    document = docx.Document(str(word))
    assert_rankings_match(engine, ranking_tables(document, "Rank"), ["huyen"], "en")
    block = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert block == [
        "SOC TRANG PROVINCIAL PEOPLE'S COMMITTEE\nDEPARTMENT OF HOME AFFAIRS",
        "SOCIALIST REPUBLIC OF VIET NAM\nIndependence - Freedom - Happiness",
        "No.:       /BC-SNV",
        "Soc Trang, 2023-12-08",
    ]
    english_checks(docx_text(document), ["huyen"])

    assert main([*common, "--lang", "fr", "--out", str(word)]) == 2  # usage error
    refused = ["export", "report", "--year", "1999", "--out", str(word), "--db", demo_db_url]
    assert main(refused) == 2
