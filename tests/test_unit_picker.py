"""The unit page before a unit is chosen: the view's units to pick from.

The rows are the ranking's and the evidence page's numbers (never computed again); in a real
headless Chromium on the demo warehouse the list shows, the search filters it, a click or
Enter on a row opens that unit's scorecard, and ``?lang=en`` shows English headers.  The app
and the browser are started as in tests/test_leadership_pages.py (its fixtures).
"""

from __future__ import annotations

import time
from typing import Any

import pandas as pd
import pytest
from dash import Patch, no_update
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from sqlalchemy import Engine

from dashboard import queries
from dashboard.components.unit_picker import (
    picker_answer,
    picker_columns,
    picker_rows,
    picker_table,
    unit_picker,
)
from dashboard.view import PAGES, Score, View, ViewState, resolve
from tests import test_leadership_pages as shell
from tests.test_leadership_pages import TIMEOUT, no_console_errors, query, visit, wait_until

_browser_available = shell._browser_available
browser = shell.browser
demo = shell.demo

GRID = "#unit-picker"
ROWS = f"{GRID} .ag-center-cols-container .ag-row"


def unit_view(engine: Engine, **choices: Any) -> View:
    view = resolve(engine, ViewState(**choices), PAGES["unit"])
    assert view is not None
    return view


def _plain(values: Any) -> list[Any]:
    return [None if pd.isna(v) else v for v in values]


@pytest.mark.parametrize(
    ("group", "score"), [(None, "appraised"), ("huyen", "appraised"), (None, "self")]
)
def test_rows_are_the_ranking_and_the_evidence_of_the_view(
    demo_engine: Engine, group: str | None, score: Score
) -> None:
    view = unit_view(demo_engine, year=2023, round=2, group=group).with_(score=score)
    rows = picker_rows(picker_table(demo_engine, view), "vi", score)
    ranking = queries.rankings(demo_engine, 2023, 2, group, score=score)
    assert not ranking.empty
    assert list(rows["unit_code"]) == list(ranking["unit_code"])  # the ranking's order
    assert list(rows["unit_name"]) == list(ranking["unit_name"])
    assert _plain(rows["rank"]) == _plain(ranking["rank"])
    assert _plain(rows["index"]) == _plain(ranking["index"])
    assert list(rows["band"]) == list(ranking["band"].fillna("—"))
    if group is not None:
        assert set(rows["group"]) == {group}
    evidence = queries.unit_evidence(demo_engine, 2023, 2, group).set_index("unit_code")
    for column in ("missing_evidence", "missing_evidence_share"):
        expected = evidence.loc[list(rows["unit_code"]), column]
        assert _plain(rows[column]) == _plain(expected), column


def test_unranked_units_say_so_as_in_the_rankings(demo_engine: Engine) -> None:
    view = unit_view(demo_engine, year=2023, round=1)
    table = picker_table(demo_engine, view)
    # the demo's units are all ranked: take one out as the ranking does for an unfinished unit
    table["rank"] = table["rank"].astype("Int64").mask(table.index == 0)
    table.loc[0, "scored_leaves"] = 40
    rows = picker_rows(table, "vi")
    total = int(table["applicable_leaves"].iloc[0])
    assert rows.loc[0, "rank__text"] == f"Chưa xếp hạng: đã thẩm định 40/{total} tiêu chí"
    assert rows.loc[1, "rank__text"] == str(int(table["rank"].iloc[1]))
    assert all("," in text for text in rows["index__text"])  # 91,43
    shares = rows["missing_evidence_share__text"]
    assert all(text.endswith("%") or text == "—" for text in shares)


def test_columns_name_the_group_only_across_groups() -> None:
    across = [c["field"] for c in picker_columns("vi", with_group=True)]
    one = [c["field"] for c in picker_columns("vi", with_group=False)]
    assert "group_label" in across and "group_label" not in one
    headers = [c["headerName"] for c in picker_columns("en", with_group=True, score="self")]
    assert headers[:4] == ["Rank in group", "Unit", "Group", "Self index (%)"]


def test_a_click_or_enter_writes_the_unit_keeping_the_view() -> None:
    view = View(2023, 1, group="huyen", score="self", lang="en")
    data = view.params()
    click = {"value": "x", "colId": "unit_name", "rowIndex": 3, "rowId": "ST-H-LONGPHU"}
    opened = "?year=2023&round=1&unit=ST-H-LONGPHU&score=self&lang=en"
    assert picker_answer(False, click, data) == (no_update, opened)
    assert picker_answer(False, {"data": "ST-H-LONGPHU", "timestamp": 1}, data) == (
        no_update,
        opened,
    )
    assert picker_answer(False, None, data) == (no_update, no_update)
    patch, search = picker_answer(True, "long", data)
    assert isinstance(patch, Patch) and search is no_update


def test_the_card_holds_a_search_box_a_grid_and_the_view(demo_engine: Engine) -> None:
    view = unit_view(demo_engine, year=2023, round=2)
    store, card = unit_picker(demo_engine, view, "self", lambda name: f"unit-{name}")
    assert store.id == "unit-picking" and store.data == {"year": "2023", "round": "2",
                                                          "score": "self"}  # fmt: skip
    text = str(card)
    assert "unit-search" in text and "unit-picker" in text and "cellKeyDown" in text


# --- in the browser ---------------------------------------------------------------------------


def shown_units(duo: Any) -> list[str]:
    cells = duo.driver.find_elements(By.CSS_SELECTOR, f"{ROWS} .ag-cell[col-id='unit_name']")
    return [c.text for c in cells]


def header_texts(duo: Any) -> list[str]:
    return [
        e.text for e in duo.driver.find_elements(By.CSS_SELECTOR, f"{GRID} .ag-header-cell-text")
    ]


def keyboard_to_first_row(duo: Any, start: str) -> Any:
    """Tab from ``start`` into the grid (its header), then arrow down to the first row's cell."""
    duo.find_element(start).send_keys(Keys.TAB)
    for _ in range(4):
        active = duo.driver.switch_to.active_element
        if "ag-cell" in (active.get_attribute("class") or "").split():
            return active
        active.send_keys(Keys.ARROW_DOWN)
    raise AssertionError(f"no row cell took the focus: {active.get_attribute('outerHTML')}")


def wait_for_list(duo: Any) -> list[str]:
    return wait_until(lambda: shown_units(duo), "the list of units")


@pytest.mark.browser
def test_the_page_lists_the_units_and_search_filters_them(demo: Any, demo_engine: Engine) -> None:
    visit(demo, "/don-vi?year=2023&round=2")
    demo.wait_for_text_to_equal("h1", "Đơn vị", timeout=TIMEOUT)
    assert "Chọn đơn vị: 2023 lần 2" in demo.find_element(".cchc-unit-picker").text
    ranking = queries.rankings(demo_engine, 2023, 2)
    # an auto-height grid draws every row
    wait_until(lambda: len(shown_units(demo)) == len(ranking), "every unit of the view")
    assert set(shown_units(demo)) == set(ranking["unit_name"])
    headers = header_texts(demo)
    assert headers[:4] == ["Hạng trong nhóm", "Đơn vị", "Nhóm", "Chỉ số (%)"]
    demo.find_element("#unit-search").send_keys("Long Phú")
    wait_until(lambda: shown_units(demo) == ["Huyện Long Phú"], "only Huyện Long Phú")
    assert demo.driver.current_url.endswith("/don-vi?year=2023&round=2")  # search: no URL
    no_console_errors(demo)


@pytest.mark.browser
def test_clicking_a_unit_opens_its_scorecard(demo: Any) -> None:
    visit(demo, "/don-vi?year=2023&round=1&lang=en")
    wait_for_list(demo)
    headers = header_texts(demo)
    assert headers[:4] == ["Rank in group", "Unit", "Group", "Index (%)"]
    assert "Choose a unit: 2023 round 1" in demo.find_element(".cchc-unit-picker").text
    row = f"{GRID} .ag-row[row-id='ST-H-LONGPHU']"
    cell = demo.wait_for_element(f"{row} .ag-cell[col-id='unit_name']", timeout=TIMEOUT)
    demo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    time.sleep(0.3)
    cell.click()
    wait_until(lambda: query(demo).get("unit") == ["ST-H-LONGPHU"], "unit=ST-H-LONGPHU")
    assert query(demo) == {"year": ["2023"], "round": ["1"], "unit": ["ST-H-LONGPHU"],
                           "lang": ["en"]}  # fmt: skip
    wait_until(lambda: demo.find_element(".cchc-unit-name").text == "Huyện Long Phú", "the unit")
    demo.wait_for_element(".ag-row.cchc-level-1", timeout=TIMEOUT)  # its criteria tree
    assert not demo.driver.find_elements(By.CSS_SELECTOR, ".cchc-unit-picker")
    no_console_errors(demo)


@pytest.mark.browser
def test_enter_on_a_row_opens_the_unit_and_an_unknown_unit_shows_the_list(demo: Any) -> None:
    visit(demo, "/don-vi?year=2023&round=2&unit=NO-SUCH-UNIT")
    wait_for_list(demo)
    demo.find_element("#unit-search").send_keys("Sở Nội vụ")
    wait_until(lambda: shown_units(demo) == ["Sở Nội vụ"], "only Sở Nội vụ")
    keyboard_to_first_row(demo, "#unit-search").send_keys(Keys.ENTER)  # no click
    wait_until(lambda: query(demo).get("unit") == ["ST-SNV"], "unit=ST-SNV")
    assert query(demo)["year"] == ["2023"] and query(demo)["round"] == ["2"]
    wait_until(lambda: demo.find_element(".cchc-unit-name").text == "Sở Nội vụ", "the unit")
    no_console_errors(demo)
