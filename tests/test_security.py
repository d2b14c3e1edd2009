"""Text from input files is data, never code (issue 7, cases 11–13 and 15).

A unit or criterion named like a formula or like HTML must come out of every export and every
chart exactly as written: not as a live spreadsheet formula, not as a link or a 90 px span in
a chart.  The server refuses oversized requests and answers with security headers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import openpyxl
import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder
from sqlalchemy import Engine, update

from dashboard.components.url_state import ViewState
from dashboard.export import charts, tables
from etl.db import get_engine
from etl.schema import criterion, score_fact, unit
from tests.warehouse_builder import build_scenario

FORMULA = '=HYPERLINK("http://x","y")'
AT_FORMULA = "@SUM(1)"
LINK = '<a href="http://evil.example/">Sở Y tế</a>'
BIG = '<span style="font-size:90px">Ban Dân tộc</span>'
CRITERION = "+Kế hoạch <b>CCHC</b> năm & báo cáo"
EXPLANATION = "-2+3 đã giải trình"
HOSTILE = {"T": FORMULA, "B": LINK, "E": AT_FORMULA, "A": BIG}
VIEW = ViewState(year=2023, round=2, group="so_nganh")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The shared scenario, with units, a field and a criterion named like formulas and HTML."""
    engine = get_engine(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'warehouse.db'}")
    build_scenario(engine)
    with engine.begin() as conn:
        for code, name in HOSTILE.items():
            conn.execute(update(unit).where(unit.c.code == code).values(name=name))
        conn.execute(update(criterion).where(criterion.c.code == "1").values(name=CRITERION))
        conn.execute(update(criterion).where(criterion.c.code == "1.2").values(name=CRITERION))
        conn.execute(
            update(score_fact).where(score_fact.c.unit_code == "T").values(explanation=EXPLANATION)
        )
    yield engine
    engine.dispose()


# --- 11. spreadsheets: text is never a formula ------------------------------------------------


def _cells(data: bytes) -> list[openpyxl.cell.Cell]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


@pytest.mark.parametrize("slug", ["rankings", "unit"])
def test_xlsx_export_keeps_formula_like_names_as_text(hostile: Engine, slug: str) -> None:
    view = VIEW.with_(unit="T") if slug == "unit" else VIEW
    cells = _cells(charts.export_table(hostile, slug, view, "xlsx"))
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula anywhere
    texts = {c.value: c.data_type for c in cells if isinstance(c.value, str)}
    expected = [FORMULA, AT_FORMULA] if slug == "rankings" else [CRITERION, EXPLANATION]
    for name in expected:
        assert texts[name] == "s", name  # shown exactly as written, as text
    numbers = [c.value for c in cells if c.data_type == "n" and c.value is not None]
    assert numbers and all(isinstance(v, int | float) for v in numbers)  # numbers stay numbers


def test_csv_export_neutralises_formula_like_text_but_not_numbers(hostile: Engine) -> None:
    data = charts.export_table(hostile, "rankings", VIEW, "csv")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    names = [row["Tên đơn vị"] for row in rows]
    assert "'" + FORMULA in names and "'" + AT_FORMULA in names
    assert FORMULA not in names and AT_FORMULA not in names
    assert LINK in names  # harmless text is left as it is

    frame = pd.DataFrame(
        {
            "unit_name": ["-Sở", "+Sở", "\tSở", "\rSở", "Sở Nội vụ", None],
            "gap": [-1.5, -2.0, 0.5, 1.0, -0.25, -3.0],
            "rank_change": pd.array([-1, 2, None, 0, -4, 1], dtype="Int64"),
        }
    )
    text = tables.to_csv(frame).decode("utf-8-sig")
    out = list(csv.reader(io.StringIO(text)))
    assert [r[0] for r in out[1:]] == ["'-Sở", "'+Sở", "'\tSở", "'\rSở", "Sở Nội vụ", ""]
    assert [r[1] for r in out[1:]] == ["-1.5", "-2.0", "0.5", "1.0", "-0.25", "-3.0"]
    assert [r[2] for r in out[1:]] == ["-1", "2", "", "0", "-4", "1"]


def test_xlsx_writer_never_turns_text_into_formulas_numbers_or_links() -> None:
    frame = pd.DataFrame(
        {"unit_name": [FORMULA, "0123", "http://evil.example/", "-1,5"], "gap": [-1.5, 2, 0, 1]}
    )
    book = openpyxl.load_workbook(io.BytesIO(tables.to_xlsx([tables.Table("T", frame)])))
    sheet = book.worksheets[0]
    assert [(c.value, c.data_type) for c in sheet["A"][1:]] == [
        (FORMULA, "s"),
        ("0123", "s"),  # a code keeps its leading zero
        ("http://evil.example/", "s"),
        ("-1,5", "s"),
    ]
    assert all(c.hyperlink is None for c in sheet["A"])
    assert [c.value for c in sheet["B"][1:]] == [-1.5, 2, 0, 1]


# --- 12. charts: names are drawn as written, never as HTML ------------------------------------


def _every_chart(engine: Engine) -> Iterator[tuple[str, str, str]]:
    """(page, chart, the figure's JSON as sent to the browser) for every chart of every page."""
    views = {
        "unit": VIEW.with_(unit="B"),
        "criteria": VIEW.with_(field="1"),
        "evidence": VIEW.with_(field="1"),
    }
    for slug, named in charts.CHARTS.items():
        for name in named:
            view = views.get(slug, VIEW)
            if slug == "gaps" and name == "rounds":
                view = view.with_(round=None)
            figure = charts.chart(engine, slug, view, name).figure
            yield slug, name, json.dumps(figure, cls=PlotlyJSONEncoder, ensure_ascii=False)


def test_no_chart_lets_a_name_from_the_data_become_html(hostile: Engine) -> None:
    shown: dict[str, set[str]] = {}
    for slug, name, figure in _every_chart(hostile):
        for raw in ('<a href=\\"http://evil', '<span style=\\"font-size', "<b>CCHC"):
            assert raw not in figure, (slug, name, raw)
        for escaped in ("&lt;a href", "&lt;span style", "&lt;b&gt;CCHC&lt;/b&gt; năm &amp;"):
            if escaped in figure:
                shown.setdefault(escaped, set()).add(f"{slug}/{name}")
    # every hostile name does reach the charts (so the assertions above mean something)
    assert len(shown) == 3, shown
    assert {"rankings/bars", "gaps/scatter", "progress/timeline"} <= shown["&lt;a href"]
    assert "criteria/lost" in shown["&lt;span style"]
    assert "gaps/criteria" in shown["&lt;b&gt;CCHC&lt;/b&gt; năm &amp;"]


def test_ranking_chart_keeps_codes_for_clicks_and_escapes_what_it_draws(hostile: Engine) -> None:
    from dashboard import queries
    from dashboard.figures.rankings import ranking_bars

    fig = ranking_bars(queries.rankings(hostile, 2023, 2, "so_nganh"), lang="vi")
    ticks = dict(zip(fig.layout.yaxis.tickvals, fig.layout.yaxis.ticktext, strict=True))
    assert "&lt;a href=" in ticks["B"] and "<a" not in ticks["B"]
    assert "&lt;span style=" in ticks["A"]
    hovers = {row[0]: row[1] for trace in fig.data for row in trace.customdata}
    assert hovers["B"] == '&lt;a href="http://evil.example/"&gt;Sở Y tế&lt;/a&gt;'
    assert hovers["E"] == AT_FORMULA  # nothing to escape: unchanged


def test_exported_chart_caption_and_title_are_plain_text() -> None:
    from dashboard.export.images import PaperBox, framed

    spec = {"data": [], "layout": {"height": 400, "width": 600}}
    out = framed(spec, PaperBox(80, 40, 340), "Xếp hạng <i>x</i>", ["Đơn vị: " + LINK, "Nguồn"])
    assert out["layout"]["title"]["text"] == "Xếp hạng &lt;i&gt;x&lt;/i&gt;"
    caption = out["layout"]["annotations"][-1]["text"]
    assert caption.startswith("Đơn vị: &lt;a href=") and caption.endswith("<br>Nguồn")
