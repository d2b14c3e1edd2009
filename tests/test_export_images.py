"""Chart exports (PNG/SVG/PDF) rendered by kaleido in the real Chromium, from the demo warehouse.

What a user checks: the file opens (right signature), a PNG is sharp enough to print (at least
twice the on-screen size), the PDF's text has the unit names with their diacritics and the
index in Vietnamese format, the caption with the filters and the source sits under the chart,
a second export is fast, and without Chromium the command says so in Vietnamese and English.
"""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard import formatting, queries
from dashboard.export import charts, images
from dashboard.i18n import t
from dashboard.view import UnknownPageError, ViewState
from tests.services import chromium_paths

VIEW = ViewState(year=2023, round=2, group="huyen")
SIGNATURES = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<svg", "pdf": b"%PDF-"}


@pytest.fixture(scope="module", autouse=True)
def _chromium() -> None:
    chromium_paths()  # skips (fails under CCHC_REQUIRE_SERVICES) without Chromium


@pytest.fixture(scope="module")
def engine(demo_engine: Engine) -> Engine:
    return demo_engine


@pytest.fixture(scope="module")
def exported(engine) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    return {fmt: charts.export_chart(engine, "rankings", VIEW, fmt) for fmt in images.FORMATS}


@pytest.fixture(scope="module")
def ranking(engine):  # type: ignore[no-untyped-def]
    return queries.rankings(engine, 2023, 2, "huyen")


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "chart.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


@pytest.mark.parametrize("fmt", images.FORMATS)
def test_each_format_has_its_signature(exported: dict[str, bytes], fmt: str) -> None:
    assert exported[fmt].lstrip().startswith(SIGNATURES[fmt])


def test_png_is_at_least_twice_the_layout_size(engine, exported: dict[str, bytes]) -> None:  # type: ignore[no-untyped-def]
    layout = charts.chart(engine, "rankings", VIEW).figure.layout
    width, height = struct.unpack(">II", exported["png"][16:24])
    assert width >= 2 * images.DEFAULT_WIDTH
    assert height >= 2 * layout.height  # plus the caption band


def test_pdf_text_has_names_with_diacritics_and_vietnamese_numbers(
    exported: dict[str, bytes],
    ranking,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    text = pdf_text(exported["pdf"], tmp_path)
    for name, index in zip(ranking["unit_name"], ranking["index"], strict=True):
        assert name in text  # "Huyện Cù Lao Dung", "Thị xã Vĩnh Châu", NFC diacritics
        assert formatting.index(index) in text  # "93,98", never "93.98"
    assert "Xếp hạng Chỉ số CCHC — năm 2023, lần 2" in text
    assert "Nhóm: UBND cấp huyện" in text
    assert t("caption.source", "vi") in text
    assert not re.search(r"\b\d{2}\.\d{2}\b", text)  # no English decimal point anywhere


def test_caption_sits_under_the_axis_title(exported: dict[str, bytes]) -> None:
    svg = exported["svg"].decode("utf-8")
    axis_title_y = float(re.search(r'class="xtitle"[^>]*\by="([0-9.]+)"', svg).group(1))  # type: ignore[union-attr]
    caption = re.search(r'<g class="annotation"[^>]*>.*?Bộ lọc: Năm 2023', svg, re.S)
    assert caption is not None
    caption_y = float(re.findall(r"translate\([0-9.]+,\s*([0-9.]+)\)", caption.group(0))[-1])
    assert caption_y > axis_title_y
    height = float(re.search(r'<svg[^>]*height="([0-9.]+)"', svg).group(1))  # type: ignore[union-attr]
    assert caption_y < height


def test_title_and_caption_leave_the_plot_area_unchanged(engine) -> None:  # type: ignore[no-untyped-def]
    figure = charts.chart(engine, "rankings", VIEW).figure
    spec = images._base_layout(figure, 1000, int(figure.layout.height))
    plain = images.measure_paper(spec)
    framed = images.framed(spec, plain, "Tiêu đề", images.caption_lines("Năm 2023", None))
    again = images.measure_paper(framed)
    assert again.left == pytest.approx(plain.left, abs=3)  # same margins (± rounding)
    assert again.bottom - again.top == pytest.approx(plain.bottom - plain.top, abs=3)
    assert again.top == pytest.approx(plain.top + images.TITLE_BAND, abs=3)  # title band only


def test_second_export_reuses_the_browser() -> None:
    timings = images.measure_chart_export(repeats=3)
    # A browser started per image costs several seconds; one persistent browser well under one.
    assert timings["next_median_s"] < 2.5, timings
    assert timings["new_chart_s"] < 3.0, timings


def test_missing_chromium_is_explained_not_a_traceback(demo_db_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "BROWSER_PATH": str(tmp_path / "no-chromium")}
    out = tmp_path / "chart.png"
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from dashboard.cli import main; sys.exit(main())",
         "export", "chart", "--page", "rankings",
         "--year", "2023", "--round", "2", "--out", str(out), "--db", demo_db_url],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "không tìm thấy hoặc không khởi động được trình duyệt Chromium" in result.stderr
    assert "Cannot export chart images" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_unknown_page_and_format_are_refused(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UnknownPageError, match="Không có trang"):
        charts.export_chart(engine, "no-such-page", VIEW, "png")
    with pytest.raises(images.ExportError, match="không hỗ trợ"):
        images.export_figure(charts.chart(engine, "xep-hang", VIEW).figure, "gif")
