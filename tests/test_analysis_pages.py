"""The gaps, evidence, criteria and progress pages in a real headless Chromium (dash_duo).

What a user does: open each page (no console error), change a filter or a page option and
see the chart change and the URL follow, click a heatmap cell and read the missing items
below it, open a shared link and get the same view, switch to English; plus the empty
warehouse.  The app and the browser are started as in tests/test_leadership_pages.py (its fixtures).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By

from dashboard import queries
from dashboard.figures.evidence import heatmap_grid
from dashboard.figures.labels import shorten
from etl.db import get_engine
from tests import test_leadership_pages as shell
from tests.test_leadership_pages import (
    TIMEOUT,
    h1,
    no_console_errors,
    query,
    screenshot,
    visit,
    wait_until,
)
from tests.warehouse_builder import build_scenario

# The app server and the browser, started once per module as in tests/test_leadership_pages.py.
_browser_available = shell._browser_available
browser = shell.browser
demo = shell.demo

pytestmark = pytest.mark.browser

PAGES = [
    ("/chenh-lech", "Chênh lệch", "gaps"),
    ("/tai-lieu-kiem-chung", "Tài liệu kiểm chứng", "evidence"),
    ("/tieu-chi", "Tiêu chí", "criteria"),
    ("/tien-do", "Tiến độ", "progress"),
]


def graph(duo: Any, local_id: str) -> Any:
    return duo.driver.find_element(By.ID, local_id)


def marks(duo: Any, local_id: str, css: str) -> list[Any]:
    """Elements drawn inside one chart (points, bars, tick labels…)."""
    return graph(duo, local_id).find_elements(By.CSS_SELECTOR, css)


def texts(duo: Any, local_id: str, css: str) -> list[str]:
    return [e.text for e in marks(duo, local_id, css)]


def point_count(duo: Any, local_id: str) -> int:
    return len(marks(duo, local_id, ".scatterlayer .point"))


def top_to_bottom(duo: Any, local_id: str) -> list[str]:
    """A chart's y-axis labels as a reader sees them, top first."""
    ticks = marks(duo, local_id, ".ytick text")
    return [e.text for e in sorted(ticks, key=lambda e: e.rect["y"])]


def active_option(duo: Any, name: str) -> str:
    return duo.find_element(f".cchc-option-{name} label.active").text


def click_option(duo: Any, name: str, label: str) -> None:
    xpath = f"//div[contains(@class,'cchc-option-{name}')]//label[normalize-space()='{label}']"
    duo.driver.find_element(By.XPATH, xpath).click()


def demo_engine(url: str) -> Any:
    return get_engine(url)


@pytest.mark.parametrize(("path", "title", "slug"), PAGES)
def test_page_opens_without_console_errors(demo: Any, path: str, title: str, slug: str) -> None:
    visit(demo, path)
    demo.wait_for_text_to_equal("h1", title, timeout=TIMEOUT)
    ready = {
        "gaps": lambda: point_count(demo, "gaps-scatter") > 5,
        "evidence": lambda: marks(demo, "evidence-heatmap", ".heatmaplayer image"),
        "criteria": lambda: marks(demo, "criteria-lost", ".bars .point"),
        "progress": lambda: point_count(demo, "progress-timeline") > 5,
    }[slug]
    wait_until(ready, f"the {slug} chart")
    time.sleep(0.8)
    no_console_errors(demo)
    screenshot(demo, slug)


def test_empty_warehouse_explains_itself(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCHC_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    browser.get_logs()
    for path, title, _slug in PAGES:
        visit(browser, path)
        state = browser.wait_for_element(".cchc-state-no-data", timeout=TIMEOUT)
        assert h1(browser) == title
        assert "Chưa có dữ liệu" in state.text and "cchc demo" in state.text
    no_console_errors(browser)


def test_partial_states_are_explained(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hand-made warehouse: 2024 only self-scored, districts missing no evidence,
    nobody sent in 2023 round 1, no schedule for 2022."""
    url = f"sqlite:///{tmp_path / 'scenario.db'}"
    engine = get_engine(url)
    build_scenario(engine)
    engine.dispose()
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    browser.get_logs()

    visit(browser, "/tai-lieu-kiem-chung?year=2023&round=1&group=huyen")
    state = browser.wait_for_element(".cchc-state-complete", timeout=TIMEOUT)
    assert "Không thiếu tài liệu kiểm chứng" in state.text

    visit(browser, "/chenh-lech?year=2024")
    state = browser.wait_for_element(".cchc-state-not-appraised", timeout=TIMEOUT)
    assert "Chưa thẩm định" in state.text

    visit(browser, "/tieu-chi?year=2024&field=1")
    wait_until(lambda: "Chưa thẩm định" in texts(browser, "criteria-lost", ".annotation-text"),
               "the lost-points chart saying why it is empty")  # fmt: skip
    browser.wait_for_element("#criteria-notes", timeout=TIMEOUT)  # the explanations given

    visit(browser, "/tien-do?year=2023&round=1")
    browser.wait_for_text_to_equal(".cchc-tile-sent", "0/7", timeout=TIMEOUT)
    browser.wait_for_text_to_equal(".cchc-round-status", "Đã khóa", timeout=TIMEOUT)
    timeline = lambda: texts(browser, "progress-timeline", ".annotation-text")  # noqa: E731
    wait_until(lambda: "Chưa có đơn vị nào gửi." in timeline(), "nothing sent yet")

    visit(browser, "/tien-do?year=2022")
    browser.wait_for_text_to_equal(".cchc-round-status", "Chưa có lịch", timeout=TIMEOUT)
    assert browser.find_element(".cchc-locks").text == "—"
    no_console_errors(browser)


def test_gaps_group_filter_redraws_the_charts(demo: Any, demo_db_url: str) -> None:
    visit(demo, "/chenh-lech?year=2023&round=2&group=so_nganh")
    engine = demo_engine(demo_db_url)
    departments = queries.unit_scores(engine, 2023, 2, "so_nganh")
    districts = queries.unit_scores(engine, 2023, 2, "huyen")
    wait_until(lambda: point_count(demo, "gaps-scatter") == len(departments), "department points")
    names = texts(demo, "gaps-rounds", ".ytick text")

    demo.select_dcc_dropdown(".cchc-filter-group", value="UBND cấp huyện")
    wait_until(lambda: query(demo).get("group") == ["huyen"], "group=huyen in the URL")
    wait_until(lambda: point_count(demo, "gaps-scatter") == len(districts), "district points")
    wait_until(lambda: texts(demo, "gaps-rounds", ".ytick text") not in ([], names),
               "the districts' round-against-round chart")  # fmt: skip
    assert "UBND cấp huyện" in demo.find_element(".cchc-lead").text
    no_console_errors(demo)


def click_cell(duo: Any, unit: str, node: str) -> None:
    """Click the heatmap cell of ``unit`` × ``node`` where Plotly drew it (viewport pixels)."""
    script = """
        const gd = document.querySelector('#evidence-heatmap .js-plotly-plot');
        gd.scrollIntoView({block: 'center', behavior: 'instant'});
        const area = gd.querySelector('.nsewdrag').getBoundingClientRect();
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        return [area.left + xa.d2p(arguments[1]), area.top + ya.d2p(arguments[0])];
    """
    x, y = duo.driver.execute_script(script, unit, node)
    actions = ActionBuilder(duo.driver)
    actions.pointer_action.move_to_location(int(x), int(y)).pause(0.3).click()
    actions.perform()


def test_clicking_a_heatmap_cell_lists_its_missing_items(demo: Any, demo_db_url: str) -> None:
    engine = demo_engine(demo_db_url)
    matrix = queries.evidence_matrix(engine, 2023, 1, "so_nganh", "criterion")
    grid = heatmap_grid(matrix, "worst")
    row = 0  # the worst unit, on top
    column = next(j for j, m in enumerate(grid.missing[row]) if m)
    unit, node = grid.unit_codes[row], grid.node_codes[column]
    items = queries.missing_items(engine, 2023, 1, unit, node)
    expected = list(items.loc[items["missing_evidence"], "criterion_code"])
    assert expected

    visit(demo, "/tai-lieu-kiem-chung?year=2023&round=1&group=so_nganh&level=criterion")
    wait_until(lambda: marks(demo, "evidence-heatmap", ".heatmaplayer image"), "the heatmap")
    assert "Bấm vào một ô" in demo.find_element(".cchc-state-pick-cell").text
    time.sleep(0.5)
    click_cell(demo, unit, node)
    title = demo.wait_for_element(".cchc-items-title", timeout=TIMEOUT)
    assert title.text.startswith(grid.unit_names[row])
    assert f"{len(expected)} mục thiếu TLKC" in title.text
    shown = wait_until(
        lambda: [e.get_attribute("row-id") for e in
                 demo.driver.find_elements(By.CSS_SELECTOR, "#evidence-items-grid .ag-row")],
        "the missing items",
    )  # fmt: skip
    assert sorted(set(shown)) == sorted(expected)
    no_console_errors(demo)


def test_evidence_options_go_into_the_url_and_a_link_restores_them(
    demo: Any, demo_db_url: str
) -> None:
    visit(demo, "/tai-lieu-kiem-chung?year=2023&round=2&group=huyen")
    wait_until(lambda: marks(demo, "evidence-heatmap", ".heatmaplayer image"), "the heatmap")
    fields = texts(demo, "evidence-heatmap", ".xtick text")
    click_option(demo, "level", "Tiêu chí")
    wait_until(lambda: query(demo).get("level") == ["criterion"], "level=criterion in the URL")
    wait_until(lambda: len(texts(demo, "evidence-heatmap", ".xtick text")) > len(fields),
               "one column per criterion")  # fmt: skip

    link = (
        "/tai-lieu-kiem-chung?year=2023&round=1&group=huyen&level=criterion&measure=share&sort=name"
    )
    visit(demo, link)
    wait_until(lambda: marks(demo, "evidence-heatmap", ".heatmaplayer image"), "the heatmap")
    assert active_option(demo, "level") == "Tiêu chí"
    assert active_option(demo, "measure") == "Tỷ lệ thiếu"
    assert active_option(demo, "sort") == "Theo tên"
    assert demo.find_element(".cchc-filter-round").text.startswith("Lần 1")
    units = top_to_bottom(demo, "evidence-heatmap")
    expected = heatmap_grid(
        queries.evidence_matrix(demo_engine(demo_db_url), 2023, 1, "huyen", "criterion"), "name"
    ).unit_names
    assert units == [shorten(n, 36) for n in expected]
    colourbar = demo.find_element("#evidence-heatmap .colorbar").text
    assert "%" in colourbar
    demo.driver.refresh()
    wait_until(lambda: marks(demo, "evidence-heatmap", ".heatmaplayer image"), "the heatmap")
    assert top_to_bottom(demo, "evidence-heatmap") == units
    no_console_errors(demo)


def test_criteria_page_follows_the_criterion_filter(demo: Any, demo_db_url: str) -> None:
    engine = demo_engine(demo_db_url)
    visit(demo, "/tieu-chi?year=2023&round=2&group=so_nganh&field=3")
    wait_until(lambda: marks(demo, "criteria-lost", ".bars .point"), "the lost-points bars")
    before = texts(demo, "criteria-lost", ".ytick text")
    criteria = queries.criteria(engine, 2023, "so_nganh", "3")
    code = str(criteria["code"].iloc[0])
    label = f"{code}. {criteria['name'].iloc[0]}"
    demo.select_dcc_dropdown(".cchc-filter-criterion", value=label)
    wait_until(lambda: query(demo).get("criterion") == [code], f"criterion={code} in the URL")
    wait_until(lambda: texts(demo, "criteria-lost", ".ytick text") != before, "new bars")
    assert label in demo.find_element(".cchc-lead").text
    no_console_errors(demo)


def test_progress_shows_the_schedule_and_follows_the_round(demo: Any, demo_db_url: str) -> None:
    visit(demo, "/tien-do?year=2023&round=2")
    demo.wait_for_text_to_equal(".cchc-opens", "28/11/2023 07:30", timeout=TIMEOUT)
    assert demo.find_element(".cchc-locks").text == "04/12/2023 17:00"
    demo.wait_for_text_to_equal(".cchc-round-status", "Đã khóa", timeout=TIMEOUT)
    progress = queries.progress(demo_engine(demo_db_url), 2023, 2)
    sent = f"{progress.counts['sent']}/{progress.counts['units']}"
    demo.wait_for_text_to_equal(".cchc-tile-sent", sent, timeout=TIMEOUT)
    wait_until(lambda: point_count(demo, "progress-timeline") == progress.counts["sent"],
               "one marker per unit that sent")  # fmt: skip
    rows = demo.driver.find_elements(By.CSS_SELECTOR, "#progress-unsent-grid .ag-row")
    unsent = {e.get_attribute("row-id") for e in rows}
    assert unsent == set(progress.units.loc[~progress.units["sent"], "unit_code"])

    demo.select_dcc_dropdown(".cchc-filter-round", value="Lần 1")
    wait_until(lambda: query(demo).get("round") == ["1"], "round=1 in the URL")
    demo.wait_for_text_to_equal(".cchc-locks", "10/11/2023 17:00", timeout=TIMEOUT)
    no_console_errors(demo)


@pytest.mark.parametrize(
    ("path", "title", "word"),
    [
        ("/chenh-lech", "Gaps", "Self index and appraised index per unit"),
        ("/tai-lieu-kiem-chung", "Evidence", "Missing evidence per unit and field"),
        ("/tieu-chi", "Criteria", "Units that lost the most points"),
        ("/tien-do", "Progress", "When units sent"),
    ],
)
def test_pages_in_english(demo: Any, path: str, title: str, word: str) -> None:
    visit(demo, path + "?year=2023&round=2&lang=en")
    demo.wait_for_text_to_equal("h1", title, timeout=TIMEOUT)
    headings = [e.text for e in demo.driver.find_elements(By.CSS_SELECTOR, ".cchc-card h2")]
    assert word in headings
    wait_until(lambda: demo.driver.find_elements(By.CSS_SELECTOR, ".cchc-graph .main-svg"),
               "a chart")  # fmt: skip
    no_console_errors(demo)


def test_english_switch_on_the_progress_page(demo: Any) -> None:
    visit(demo, "/tien-do?year=2023&round=2")
    demo.wait_for_text_to_equal("h1", "Tiến độ", timeout=TIMEOUT)
    demo.find_element("#app-lang-link").click()
    demo.wait_for_text_to_equal("h1", "Progress", timeout=TIMEOUT)
    demo.wait_for_text_to_equal(".cchc-round-status", "Locked", timeout=TIMEOUT)
    assert query(demo)["lang"] == ["en"]
    no_console_errors(demo)
