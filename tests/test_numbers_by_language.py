"""Numbers and dates on the pages follow the view's language (issue 8, item 10): ``0.66`` and
``+3.20`` under ``?lang=en``, ``0,66`` and ``+3,20`` in Vietnamese, ``2023-12-04 17:00`` and
``04/12/2023 17:00``.

Pure tests on the grids' row builders, the tiles, cards and lines of text in both languages,
and the graph config; then each page in a real headless Chromium on the demo warehouse (the app
and the browser are started as in tests/test_leadership_pages.py, its fixtures): in English no
Vietnamese decimal is left and the known values read the English way, in Vietnamese the same
values keep their decimal commas.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import Engine

from dashboard import formatting, metrics, queries
from dashboard.components import layout
from dashboard.components.criteria import explanation_rows
from dashboard.components.criteria import unit_rows as criterion_rows
from dashboard.components.evidence import closed_text, item_rows
from dashboard.components.evidence import unit_rows as evidence_rows
from dashboard.components.grid import gap_text, index_text
from dashboard.components.options import schedule_text
from dashboard.components.states import duration_text, status_text
from dashboard.components.tables import count_text, ranking_rows, scorecard_rows, share_text
from dashboard.components.unit_picker import picker_rows
from dashboard.theme import CLOUD_BUTTONS, graph_config
from dashboard.view import PAGES, View, ViewState, resolve
from tests import test_leadership_pages as shell
from tests.test_leadership_pages import no_console_errors, visit, wait_until

_browser_available = shell._browser_available
browser = shell.browser
demo = shell.demo


def pages() -> SimpleNamespace:
    """The page modules, as Dash Pages imported them when the app was made (importing them
    again under their package name would register every page twice)."""
    import dash

    import dashboard.app  # noqa: F401  registers the pages

    by_path = {page["path"]: sys.modules[page["module"]] for page in dash.page_registry.values()}
    slugs = ("criteria", "gaps", "overview", "progress", "unit")
    return SimpleNamespace(**{slug: by_path[PAGES[slug].url] for slug in slugs})


def text_of(component: Any) -> str:
    """Every string a Dash component tree shows, joined by spaces."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    return text_of(getattr(component, "children", None))


# --- the row builders --------------------------------------------------------------------------

RANKING = pd.DataFrame(
    {
        "rank": [1, None],
        "unit_code": ["ST-A", "ST-B"],
        "unit_name": ["Sở A", "Sở B"],
        "group": ["so_nganh", "so_nganh"],
        "points": [1234.5, 80.06],
        "max_points": [1500.0, 87.0],
        "index": [94.79, 92.02],
        "band": ["A", None],
        "scored_leaves": [83, 10],
        "applicable_leaves": [83, 72],
        "rank_change_round": [2, None],
        "rank_change_year": [-1, None],
        "missing_evidence": [1234, 3],
        "missing_evidence_share": [0.6607, 0.125],
    }
)


@pytest.mark.parametrize(
    ("lang", "index", "points", "max_points", "share", "missing"),
    [
        ("vi", "94,79", "1.234,5", "1.500", "66,1%", "1.234"),
        ("en", "94.79", "1,234.5", "1,500", "66.1%", "1,234"),
    ],
)
def test_a_ranking_row_is_written_in_the_view_language(
    lang: str, index: str, points: str, max_points: str, share: str, missing: str
) -> None:
    row = ranking_rows(RANKING, lang).iloc[0]
    assert (row["index__text"], row["points__text"], row["max_points__text"]) == (
        index, points, max_points,
    )  # fmt: skip
    assert (row["rank__text"], row["rank_change_round__text"]) == ("1", "▲2")
    assert row["rank_change_year__text"] == "▼1"
    assert row["index"] == 94.79  # the grid still sorts the number
    picked = picker_rows(RANKING, lang).iloc[0]
    assert (picked["index__text"], picked["missing_evidence__text"]) == (index, missing)
    assert picked["missing_evidence_share__text"] == share


def test_an_unfinished_unit_says_so_in_each_language() -> None:
    assert ranking_rows(RANKING, "vi").iloc[1]["rank__text"].startswith("Chưa xếp hạng")
    assert ranking_rows(RANKING, "en").iloc[1]["rank__text"].startswith("Not ranked")


TREE = pd.DataFrame(
    {
        "code": ["1", "1.1"],
        "name": ["Lĩnh vực", "Tiêu chí"],
        "level": [1, 2],
        "is_leaf": [False, True],
        "applicable": [None, True],
        "max_points": [12.5, 1.5],
        "framework_max_points": [15.0, 1.5],
        "method": ["self", "self"],
        "self_score": [None, 1.25],
        "self_points": [10.75, None],
        "appraised_score": [None, 1.0],
        "points": [7.55, None],
        "gap": [None, 0.25],
        "gap_points": [3.2, None],
        "evidence_count": [None, 1234],
        "missing_evidence": [None, False],
        "explanation": [None, "—"],
        "appraisal_note": [None, None],
    }
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", {"max": "12,5 / 15", "self": "10,75", "appraised": "7,55", "gap": "+3,20"}),
        ("en", {"max": "12.5 / 15", "self": "10.75", "appraised": "7.55", "gap": "+3.20"}),
    ],
)
def test_the_scorecard_is_written_in_the_view_language(lang: str, expected: dict[str, str]) -> None:
    rows = scorecard_rows(TREE, lang).set_index("code")
    assert {k: rows.loc["1", f"{k}__text"] for k in expected} == expected
    leaf = rows.loc["1.1"]
    assert (leaf["self__text"], leaf["appraised__text"]) == (
        ("1,25", "1") if lang == "vi" else ("1.25", "1")
    )
    assert leaf["gap__text"] == ("+0,25" if lang == "vi" else "+0.25")
    assert leaf["evidence__text"] == ("1.234" if lang == "vi" else "1,234")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_criteria_and_evidence_grids_are_written_in_the_view_language(lang: str) -> None:
    vi = lang == "vi"
    table = pd.DataFrame(
        {
            "unit_code": ["ST-A"],
            "unit_name": ["Sở A"],
            "criterion_code": ["1.1"],
            "criterion_name": ["Tiêu chí"],
            "index": [0.66],
            "self_index": [None],
            "lost_points": [1234.5],
            "gap_points": [3.2],
            "missing_evidence_share": [0.125],
            "self_score": [15.925],
            "appraised_score": [0.5],
            "evidence_count": [1234],
            "evidence_required": [1500],
            "missing_evidence": [1234],
            "missing_explanation": [0],
        }
    )
    row = criterion_rows(table, lang).iloc[0]
    assert row["index__text"] == ("0,66" if vi else "0.66")
    assert row["self_index__text"] == ("Chưa thẩm định" if vi else "Not appraised yet")
    assert row["lost_points__text"] == ("1.234,50" if vi else "1,234.50")
    assert row["gap_points__text"] == ("+3,20" if vi else "+3.20")
    assert row["missing_evidence_share__text"] == ("12,5%" if vi else "12.5%")
    note = explanation_rows(table, lang).iloc[0]
    assert note["self_score__text"] == ("15,925" if vi else "15.925")
    assert note["appraised_score__text"] == ("0,5" if vi else "0.5")
    assert note["evidence_count__text"] == ("1.234" if vi else "1,234")
    evidence = evidence_rows(table, lang).iloc[0]
    assert evidence["evidence_required__text"] == ("1.500" if vi else "1,500")
    assert evidence["missing_evidence_share__text"] == ("12,5%" if vi else "12.5%")
    item = item_rows(table, lang).iloc[0]
    assert item["self_score__text"] == ("15,925" if vi else "15.925")
    assert item["evidence_count__text"] == ("1.234" if vi else "1,234")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_gaps_grid_is_written_in_the_view_language(lang: str) -> None:
    scores = pd.DataFrame(
        {"self_index": [97.99], "appraised_self_index": [94.79], "gap_points": [3.2],
         "gap_index": [-0.5]}
    )  # fmt: skip
    row = pages().gaps.table_rows(scores, lang).iloc[0]
    vi = lang == "vi"
    assert (row["self_index__text"], row["appraised_self_index__text"]) == (
        ("97,99", "94,79") if vi else ("97.99", "94.79")
    )
    assert (row["gap_points__text"], row["gap_index__text"]) == (
        ("+3,20", "-0,50") if vi else ("+3.20", "-0.50")
    )


# --- text helpers, tiles, cards and lines --------------------------------------------------------


def test_the_text_helpers_take_the_language() -> None:
    assert (index_text(0.66, "vi"), index_text(0.66, "en")) == ("0,66", "0.66")
    assert (gap_text(3.2, "vi"), gap_text(3.2, "en")) == ("+3,20", "+3.20")
    assert (count_text(1303, "vi"), count_text(1303, "en")) == ("1.303", "1,303")
    assert count_text(pd.NA, "en") == formatting.MISSING
    assert share_text(65, 1303, "vi") == "5,0% (65/1.303)"
    assert share_text(65, 1303, "en") == "5.0% (65/1,303)"
    assert share_text(0, 0, "en") == formatting.MISSING


def test_the_countdown_writes_its_counts_in_the_view_language() -> None:
    long = timedelta(days=1234, hours=5)
    assert duration_text(long, "vi") == "1.234 ngày 5 giờ"
    assert duration_text(long, "en") == "1,234 d 5 h"
    assert status_text("open", long, "en") == "1,234 d 5 h left"


def test_the_evidence_line_compares_rounds_in_the_view_language() -> None:
    totals = pd.DataFrame({"round": [1, 2], "missing_evidence": [1500, 1234]})
    assert "1.500" in closed_text(totals, 2, "vi") and "-266" in closed_text(totals, 2, "vi")
    english = closed_text(totals, 2, "en")
    assert "1,500" in english and "1,234" in english and "-266" in english


OVERVIEW_ROW = pd.Series(
    {
        "group": "so_nganh", "units": 1200, "mean_index": 85.5, "best_unit_code": "ST-A",
        "best_unit": "Sở A", "best_index": 94.79, "worst_unit_code": "ST-B", "worst_unit": "Sở B",
        "worst_index": 73.43, "mean_gap_points": 1.87, "evidence_required": 1303,
        "missing_evidence": 65, "unsent": 1,
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", ["1.200", "85,50", "Sở A (94,79)", "Sở B (73,43)", "+1,87", "5,0% (65/1.303)",
                "1/1.200"]),
        ("en", ["1,200", "85.50", "Sở A (94.79)", "Sở B (73.43)", "+1.87", "5.0% (65/1,303)",
                "1/1,200"]),
    ],
)  # fmt: skip
def test_an_overview_card_is_written_in_the_view_language(lang: str, expected: list[str]) -> None:
    card = pages().overview.group_card(OVERVIEW_ROW, View(2023, 2, lang=lang))
    text = text_of(card)
    for value in expected:
        assert value in text, (value, text)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("vi", ["12", "85,50", "5,0% (65/1.303)", "1.234"]),
     ("en", ["12", "85.50", "5.0% (65/1,303)", "1,234"])],
)  # fmt: skip
def test_the_criterion_tiles_are_written_in_the_view_language(
    lang: str, expected: list[str]
) -> None:
    table = pd.DataFrame(
        {"index_exact": [85.5] * 12, "missing_evidence": [65] + [0] * 11,
         "evidence_required": [1303] + [0] * 11, "explained": [1234] + [0] * 11}
    )  # fmt: skip
    tiles = pages().criteria.summary_tiles(table, lang).children
    assert [text_of(tile.children.children[1]) for tile in tiles] == expected


@pytest.mark.parametrize(
    ("lang", "points", "note"),
    [("vi", "1.234,5 / 1.500", "2,5"), ("en", "1,234.5 / 1,500", "2.5")],
)
def test_the_scorecard_summary_is_written_in_the_view_language(
    lang: str, points: str, note: str
) -> None:
    tree = pd.DataFrame(
        {"level": [1, 1], "points": [1000.0, 234.5], "max_points": [1000.0, 500.0],
         "framework_max_points": [1000.0, 502.5]}
    )  # fmt: skip
    sc: Any = SimpleNamespace(index=94.79, tree=tree)
    unit = pages().unit
    assert unit.points_text(sc, lang) == points
    assert note in text_of(unit.not_applicable_note(sc, lang))


@pytest.mark.parametrize(
    ("lang", "opens", "locks"),
    [
        ("vi", "28/11/2023 07:30", "04/12/2023 17:00"),
        ("en", "2023-11-28 07:30", "2023-12-04 17:00"),
    ],
)
def test_schedule_times_are_written_in_the_view_language(
    lang: str, opens: str, locks: str, demo_engine: Engine
) -> None:
    p = queries.Progress(2023, 2, datetime(2023, 11, 28, 7, 30), datetime(2023, 12, 4, 17),
                         pd.DataFrame())  # fmt: skip
    shown = text_of(pages().progress.schedule(p, View(2023, 2, lang=lang)))
    assert opens in shown and locks in shown
    line = schedule_text(demo_engine, View(2023, 2, lang=lang))
    assert line is not None and opens in line and locks in line


# --- the graph config ------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "locale"), [("vi", "vi"), ("en", "en"), ("xx", "vi")])
def test_the_graph_config_follows_the_language_and_sends_nothing_away(
    lang: str, locale: str
) -> None:
    config = graph_config(lang)
    assert config["locale"] == locale
    assert config["responsive"] is True and config["displaylogo"] is False
    assert config["showSendToCloud"] is False and config["showEditInChartStudio"] is False
    assert config["showLink"] is False and config["plotlyServerURL"] == ""
    assert "sendChartToCloud" in CLOUD_BUTTONS
    assert set(CLOUD_BUTTONS) <= set(config["modeBarButtonsToRemove"])
    assert layout.graph("g", lang).config == config


# --- in the browser ---------------------------------------------------------------------------


VIEW = {"year": "2023", "round": "2"}
# What the test reads on a page: the grids' number cells (text cells hold what units wrote,
# dates and all), tiles and cards, the lead line, the schedule…
SHOWN = (
    ".ag-cell.ag-right-aligned-cell, .cchc-tile, .cchc-group-card, .cchc-unit-summary, "
    ".cchc-lead, .cchc-schedule, .cchc-closed, .cchc-round-status"
)
# A Vietnamese decimal (one or two digits after a comma; English thousands have three) and a
# Vietnamese date: neither may be left on an English page.
VI_DECIMAL = re.compile(r"\d,\d{1,2}(?!\d)")
VI_DATE = re.compile(r"\d\d/\d\d/\d{4}")
DRAWN = """return !document.querySelector('[data-dash-is-loading="true"]')
    && document.querySelectorAll(arguments[0]).length > 0;"""


def top_unit(engine: Engine) -> pd.Series:
    """The unit with the highest index of 2023 round 2."""
    return queries.rankings(engine, 2023, 2).sort_values("index", ascending=False).iloc[0]


def page_urls(engine: Engine) -> dict[str, tuple[str, dict[str, str]]]:
    """Each page (its ``PAGES`` slug): its path and query (2023 round 2)."""
    unit = {**VIEW, "unit": str(top_unit(engine)["unit_code"])}
    return {
        "overview": ("/", VIEW), "rankings": ("/xep-hang", VIEW), "gaps": ("/chenh-lech", VIEW),
        "evidence": ("/tai-lieu-kiem-chung", VIEW), "criteria": ("/tieu-chi", VIEW),
        "progress": ("/tien-do", VIEW), "picker": ("/don-vi", VIEW), "unit": ("/don-vi", unit),
    }  # fmt: skip


def known_values(engine: Engine, slug: str, params: dict[str, str], lang: str) -> list[str]:
    """Values page ``slug`` shows for ``params``, written in ``lang``: read through the
    queries for the view the page resolves, written by ``dashboard.formatting``."""
    page = PAGES["unit" if slug == "picker" else slug]
    view = resolve(engine, ViewState.from_query(params), page)
    assert view is not None
    y, r, group = view.year, view.round, view.group
    p = queries.progress(engine, y, r)
    dates = [
        formatting.datetime_vn(p.opens_at, lang=lang),
        formatting.datetime_vn(p.locks_at, lang=lang),
    ]
    if slug == "overview":
        row = queries.overview(engine, y, r).iloc[0]
        required = formatting.integer(row["evidence_required"], lang=lang)
        return [dates[1], formatting.index(row["mean_index"], lang=lang), f"/{required})"]
    if slug in ("rankings", "picker"):
        return [formatting.index(queries.rankings(engine, y, r, group)["index"].max(), lang=lang)]
    if slug == "gaps":
        gap = queries.unit_scores(engine, y, r, group, view.field)["gap_points"].max()
        return [formatting.number(gap, 2, signed=True, lang=lang)]
    if slug == "evidence":
        share = queries.unit_evidence(engine, y, r, group, view.field)["missing_evidence_share"]
        return [formatting.percent(share.max(), lang=lang)]
    if slug == "criteria":
        node = view.criterion or view.field
        assert group is not None and node is not None
        table = queries.criterion_explorer(engine, y, r, group, node)
        return [formatting.index(metrics.node_summary(table)["mean_index"], lang=lang)]
    if slug == "progress":
        return dates
    top = top_unit(engine)
    return [
        formatting.index(top["index"], lang=lang),
        f"{formatting.points(top['points'], lang=lang)} /",
    ]


DOWNLOAD_TITLE = {"vi": "Tải biểu đồ (PNG)", "en": "Download plot as a PNG"}


def modebar_titles(duo: Any) -> set[str]:
    buttons = duo.driver.find_elements(By.CSS_SELECTOR, ".cchc-graph .modebar-btn")
    return {b.get_attribute("data-title") or "" for b in buttons}


def shown_text(duo: Any) -> str:
    return "\n".join(e.text for e in duo.driver.find_elements(By.CSS_SELECTOR, SHOWN))


def showing(duo: Any, values: list[str]) -> str:
    """The page's text once it shows every one of ``values`` ("" until then)."""
    text = shown_text(duo)
    return text if all(value in text for value in values) else ""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_page_writes_numbers_and_dates_in_its_language(
    demo: Any, demo_engine: Engine, lang: str
) -> None:
    other = "vi" if lang == "en" else "en"
    for slug, (path, params) in page_urls(demo_engine).items():
        query = {**params, "lang": "en"} if lang == "en" else params
        visit(demo, f"{path}?{urlencode(query)}")
        expected = known_values(demo_engine, slug, params, lang)
        elsewhere = set(known_values(demo_engine, slug, params, other)) - set(expected)
        wait_until(lambda: demo.driver.execute_script(DRAWN, SHOWN), f"{slug} drawn")
        text = wait_until(lambda: showing(demo, expected), f"{expected} on {slug} ({lang})")  # noqa: B023
        assert not [value for value in elsewhere if value in text], (slug, elsewhere)
        if lang == "en":
            assert not VI_DECIMAL.findall(text), (slug, VI_DECIMAL.findall(text))
            assert not VI_DATE.findall(text), (slug, VI_DATE.findall(text))
        elif slug != "progress":  # the progress page has dates and counts, no decimals
            assert VI_DECIMAL.search(text), (slug, text[:300])
        if slug == "rankings":  # the modebar in the language's Plotly locale, nothing sent away
            titles = wait_until(lambda: modebar_titles(demo), "the charts' modebar")
            assert DOWNLOAD_TITLE[lang] in titles, titles
            assert not [t for t in titles if re.search("share|cloud|studio", t, re.I)], titles
        no_console_errors(demo)
