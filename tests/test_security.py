"""Text from input files is data, never code (issue 7, cases 11–13 and 15).

A unit or criterion named like a formula or like HTML must come out of every export and every
chart exactly as written: not as a live spreadsheet formula, not as a link or a 90 px span in
a chart.  The server refuses oversized requests and answers with security headers.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import time
from collections.abc import Iterator
from typing import Any

import openpyxl
import pandas as pd
import pytest
from plotly.utils import PlotlyJSONEncoder
from selenium.webdriver.common.by import By
from sqlalchemy import Engine, update

from dashboard import specs
from dashboard.export import charts, tables
from dashboard.view import ViewState
from etl.db import get_engine
from etl.schema import criterion, score_fact, unit
from tests import test_leadership_pages as shell
from tests.signin import signed_in
from tests.test_leadership_pages import TIMEOUT, visit, wait_until
from tests.warehouse_builder import build_scenario

browser = shell.browser  # the app server and Chromium of tests/test_leadership_pages.py, per module

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
    for slug, named in specs.CHARTS.items():
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


# --- 15. security headers, and pages still render under the policy ----------------------------


def test_every_answer_carries_the_security_headers(
    hostile: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.app import server

    monkeypatch.setenv("CCHC_DATABASE_URL", _url(hostile))
    client = signed_in(server.test_client())  # as the tests' leader (tests/signin.py)
    for path in ("/", "/xep-hang?year=2023", "/_dash-layout", "/assets/app.css", "/nope.txt"):
        headers = client.get(path).headers
        policy = dict(
            part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";")
        )
        assert policy["default-src"] == "'self'"
        assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
        assert policy["img-src"] == "'self' data: blob:"
        assert policy["style-src"] == "'self' 'unsafe-inline'"
        scripts = policy["script-src"].split()
        assert scripts[0] == "'self'" and all(s.startswith("'sha256-") for s in scripts[1:])
        assert "http" not in headers["Content-Security-Policy"]  # no other host, no CDN
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin"
    page = client.get("/")
    policy, html = page.headers["Content-Security-Policy"], page.get_data(as_text=True)
    html = re.sub(r"<!--\[if IE\]>.*?<!\[endif\]-->", "", html, flags=re.S)  # never runs
    inline = re.findall(r"<script(?: id=\"_dash-renderer\"[^>]*)?>(.*?)</script>", html, re.S)
    assert len(inline) > 1  # Dash's own inline scripts: each allowed by its hash, nothing else
    for script in inline:
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


PAGES = [
    ("/", "Tổng quan"),
    ("/xep-hang", "Xếp hạng"),
    ("/chenh-lech", "Chênh lệch"),
    ("/tai-lieu-kiem-chung", "Tài liệu kiểm chứng"),
    ("/don-vi?unit=B", "Đơn vị"),
    ("/tieu-chi?field=1", "Tiêu chí"),
    ("/tien-do", "Tiến độ"),
]


@pytest.mark.browser
def test_pages_render_under_the_policy_and_it_is_enforced(
    browser: Any, hostile: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCHC_DATABASE_URL", _url(hostile))
    browser.get_logs()
    for path, title in PAGES:
        visit(browser, path + ("&" if "?" in path else "?") + "year=2023&round=2")
        browser.wait_for_text_to_equal("h1", title, timeout=TIMEOUT)
        wait_until(lambda: browser.driver.find_elements(By.CSS_SELECTOR, ".cchc-graph .main-svg"),
                   f"a chart on {path}")  # fmt: skip
    time.sleep(0.5)
    problems = [e for e in browser.get_logs() if e["level"] == "SEVERE" or "Policy" in e["message"]]
    assert problems == []
    # the policy is in force: a script injected into the page does not run, and is reported
    ran = browser.driver.execute_script(
        "const s = document.createElement('script');"
        "s.textContent = 'window.cchcInjected = 1'; document.head.appendChild(s);"
        "return window.cchcInjected === 1;"
    )
    assert ran is False
    assert any("Content Security Policy" in e["message"] for e in browser.get_logs())


@pytest.mark.browser
def test_a_unit_named_like_html_shows_as_text_in_the_ranking_chart(
    browser: Any, hostile: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCHC_DATABASE_URL", _url(hostile))
    visit(browser, "/xep-hang?year=2023&round=2&group=so_nganh")

    def labels() -> list[str]:
        return [e.text for e in browser.driver.find_elements(By.CSS_SELECTOR, ".ytick text")]

    wait_until(lambda: any("evil" in label for label in labels()), "the unit's tick label")
    assert any('<a href="http://evil' in label for label in labels())  # shown as written
    assert any('<span style="font-size:90px">' in label for label in labels())
    chart = browser.driver.find_elements(By.CSS_SELECTOR, ".cchc-graph")[0]
    assert chart.find_elements(By.CSS_SELECTOR, "a[href*='evil']") == []  # no link
    big = [e for e in chart.find_elements(By.CSS_SELECTOR, "text, tspan")
           if e.value_of_css_property("font-size") == "90px"]  # fmt: skip
    assert big == []
