"""The overview, rankings and unit pages in a real headless Chromium (dash.testing's dash_duo).

What a user does: open each page (no console error), change a filter and see the chart
change, reload a shared link and get the same view, go back, click a unit in the ranking
(bar or row) and land on its page, switch to English.  Plus the empty warehouse.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from tests.services import chromium_paths
from tests.signin import open_signed_in

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
# `make screenshots` writes them to docs/screenshots; a plain test run keeps the tree clean.
SCREENSHOTS = Path(
    os.environ.get("CCHC_SCREENSHOTS_DIR") or Path(tempfile.gettempdir(), "cchc-shots")
)
TIMEOUT = 20


@pytest.fixture(scope="module", autouse=True)
def _browser_available() -> None:
    chromium_paths()  # skips (or fails under CCHC_REQUIRE_SERVICES) without Chromium


@pytest.fixture(scope="module")
def browser(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """One app server and one Chromium for the whole module (dash.testing's ``dash_duo`` parts).

    Module-scoped because a browser start and a cold Plotly load cost seconds; every test opens
    its own URL, so no view state carries over.  The app reads ``CCHC_DATABASE_URL`` on every
    request, so each test chooses its warehouse with ``monkeypatch``.  Browser options come
    from ``tests/conftest.py``'s ``pytest_setup_options`` (``[options]`` or ``options``).
    """
    from dash.testing.application_runners import ThreadedRunner
    from dash.testing.composite import DashComposite

    from tests.conftest import pytest_setup_options

    options = pytest_setup_options()
    options = options[0] if isinstance(options, list) else options
    from dashboard.app import app

    with (
        ThreadedRunner() as server,
        DashComposite(
            server=server,
            browser=request.config.getoption("webdriver"),
            headless=request.config.getoption("headless"),
            options=[options],
            download_path=str(tmp_path_factory.mktemp("download")),
        ) as duo,
    ):
        duo.start_server(app, navigate=False)  # its first page would be the sign-in page
        duo._url = server.url  # each test signs in (tests/signin.py) and opens its own page
        yield duo


@pytest.fixture
def demo(browser: Any, demo_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("CCHC_DATABASE_URL", demo_db_url)
    browser.get_logs()  # start each test with an empty console log
    return browser


def wait_until(condition: Callable[[], Any], what: str, timeout: float = TIMEOUT) -> Any:
    end = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < end:
        try:
            last = condition()
        except Exception as error:  # the DOM is being replaced while Dash re-renders
            last = error
        else:
            if last:
                return last
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


def visit(duo: Any, path: str) -> None:
    """Open ``path`` as the tests' signed-in leader (signing in first when need be)."""
    open_signed_in(duo, path)


def h1(duo: Any) -> str:
    return duo.driver.find_element(By.CSS_SELECTOR, "h1").text


def query(duo: Any) -> dict[str, list[str]]:
    return parse_qs(urlparse(duo.driver.current_url).query)


def chart_texts(duo: Any, css: str = ".cchc-graph") -> list[str]:
    """The value labels of the first chart's bars (what a reader sees)."""
    graph = duo.driver.find_elements(By.CSS_SELECTOR, css)[0]
    return [e.text for e in graph.find_elements(By.CSS_SELECTOR, ".bartext")]


def y_labels(duo: Any) -> list[str]:
    graph = duo.driver.find_elements(By.CSS_SELECTOR, ".cchc-graph")[0]
    return [e.text for e in graph.find_elements(By.CSS_SELECTOR, ".ytick text")]


def wait_for_chart(duo: Any) -> None:
    wait_until(lambda: chart_texts(duo), "a chart with bars")


def no_console_errors(duo: Any) -> None:
    errors = [entry for entry in duo.get_logs() if entry.get("level") == "SEVERE"]
    assert errors == [], errors


def screenshot(duo: Any, slug: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    duo.driver.set_window_size(1400, 1000)
    height = duo.driver.execute_script("return document.body.scrollHeight")
    duo.driver.set_window_size(1400, min(int(height) + 40, 4000))
    time.sleep(0.5)  # let the charts resize to the window
    duo.driver.save_screenshot(str(SCREENSHOTS / f"{slug}.png"))
    duo.driver.set_window_size(1400, 1000)


def test_empty_warehouse_says_how_to_load_data(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCHC_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    browser.get_logs()
    for path, title in (("/", "Tổng quan"), ("/xep-hang", "Xếp hạng"), ("/don-vi", "Đơn vị")):
        visit(browser, path)
        state = browser.wait_for_element(".cchc-state-no-data", timeout=TIMEOUT)
        assert h1(browser) == title
        assert "Chưa có dữ liệu" in state.text
        assert "cchc load" in state.text and "cchc demo" in state.text
    no_console_errors(browser)


@pytest.mark.parametrize(
    ("path", "title", "slug"),
    [
        ("/", "Tổng quan", "overview"),
        ("/xep-hang", "Xếp hạng", "rankings"),
        ("/don-vi?unit=ST-SNV", "Đơn vị", "unit"),
    ],
)
def test_page_opens_without_console_errors(demo: Any, path: str, title: str, slug: str) -> None:
    visit(demo, path)
    demo.wait_for_text_to_equal("h1", title, timeout=TIMEOUT)
    wait_until(lambda: demo.driver.find_elements(By.CSS_SELECTOR, ".cchc-graph .main-svg"),
               "a chart")  # fmt: skip
    if slug != "overview":
        wait_for_chart(demo)
    else:
        wait_until(lambda: demo.driver.find_elements(By.CSS_SELECTOR, ".cchc-group-card"),
                   "group cards")  # fmt: skip
    time.sleep(0.5)
    no_console_errors(demo)
    # opening a page writes nothing into the URL: back still leaves the page
    assert demo.driver.current_url == demo.server_url + path
    screenshot(demo, slug)


def test_overview_cards_link_to_the_pages_behind_them(demo: Any) -> None:
    visit(demo, "/?year=2023&round=2")
    card = wait_until(
        lambda: [c for c in demo.driver.find_elements(By.CSS_SELECTOR, ".cchc-group-card")
                 if "UBND cấp huyện" in c.text],
        "the district card",
    )[0]  # fmt: skip
    links = {a.text: a.get_attribute("href") for a in card.find_elements(By.TAG_NAME, "a")}
    targets = {urlparse(h).path: parse_qs(urlparse(h).query) for h in links.values()}
    for path in ("/xep-hang", "/chenh-lech", "/tai-lieu-kiem-chung", "/tien-do", "/don-vi"):
        assert path in targets, (path, links)
        assert targets[path]["year"] == ["2023"] and targets[path]["round"] == ["2"]
    assert targets["/tien-do"]["group"] == ["huyen"]
    card.find_element(By.CSS_SELECTOR, ".cchc-stat-best a").click()
    demo.wait_for_text_to_equal("h1", "Đơn vị", timeout=TIMEOUT)
    wait_until(
        lambda: (
            "Huyện" in demo.driver.find_element(By.CSS_SELECTOR, ".cchc-unit-name").text
            or "Thành phố" in demo.find_element(".cchc-unit-name").text
            or "Thị xã" in demo.find_element(".cchc-unit-name").text
        ),
        "a district unit",
    )


def test_changing_a_filter_redraws_the_chart_and_goes_into_the_url(demo: Any) -> None:
    visit(demo, "/xep-hang?group=so_nganh")
    wait_for_chart(demo)
    appraised = chart_texts(demo)
    round_2 = y_labels(demo)

    demo.driver.find_element(By.XPATH, "//label[normalize-space()='Tự chấm']").click()
    wait_until(lambda: query(demo).get("score") == ["self"], "score=self in the URL")
    wait_until(lambda: chart_texts(demo) and chart_texts(demo) != appraised, "self-score bars")
    assert "tự chấm" in demo.find_element(".cchc-card h2").text

    demo.select_dcc_dropdown(".cchc-filter-round", value="Lần 1")
    wait_until(lambda: query(demo).get("round") == ["1"], "round=1 in the URL")
    wait_until(lambda: y_labels(demo) and y_labels(demo) != round_2, "round 1 ranking")

    # back: the previous view (round 2, self score) comes back, chart and controls alike
    demo.driver.back()
    wait_until(lambda: "round" not in query(demo) and query(demo).get("score") == ["self"],
               "the previous URL")  # fmt: skip
    wait_until(lambda: demo.find_element(".cchc-filter-round").text.startswith("Lần 2"),
               "the round control back on round 2")  # fmt: skip
    no_console_errors(demo)


def test_a_shared_link_restores_the_view(demo: Any) -> None:
    visit(demo, "/xep-hang?year=2022&round=1&group=huyen&score=self")
    wait_for_chart(demo)
    titles = [e.text for e in demo.driver.find_elements(By.CSS_SELECTOR, ".cchc-card h2")]
    assert titles[0] == "UBND cấp huyện: chỉ số tự chấm"
    assert len(demo.driver.find_elements(By.CSS_SELECTOR, ".cchc-graph")) == 1
    assert demo.find_element(".cchc-filter-year").text.startswith("2022")
    assert demo.find_element(".cchc-filter-round").text.startswith("Lần 1")
    assert "2022 lần 1" in demo.find_element(".cchc-lead").text
    before = chart_texts(demo)
    demo.driver.refresh()
    wait_for_chart(demo)
    assert chart_texts(demo) == before


def test_clicking_a_ranking_bar_opens_the_unit(demo: Any) -> None:
    visit(demo, "/xep-hang?year=2023&round=2&group=so_nganh")
    wait_for_chart(demo)
    top = demo.driver.find_elements(By.CSS_SELECTOR, ".cchc-graph .ytick text")
    top_name = sorted((e.text for e in top), key=lambda s: int(s.split(".")[0]))[0]
    top_name = top_name.split(". ", 1)[1].split("  ")[0]
    bars = demo.driver.find_elements(By.CSS_SELECTOR, ".cchc-graph .bars .point path")
    highest = min(bars, key=lambda bar: bar.rect["y"])  # rank 1 is the top bar
    ActionChains(demo.driver).move_to_element(highest).pause(0.2).click().perform()
    wait_until(lambda: urlparse(demo.driver.current_url).path == "/don-vi", "the unit page")
    params = query(demo)
    assert params["year"] == ["2023"] and params["round"] == ["2"] and params["unit"]
    demo.wait_for_text_to_equal("h1", "Đơn vị", timeout=TIMEOUT)
    wait_until(lambda: demo.find_element(".cchc-unit-name").text == top_name, "the unit's name")
    wait_until(lambda: "Hạng 1/" in demo.find_element(".cchc-figure-rank").text, "rank 1")
    no_console_errors(demo)


def test_clicking_a_table_row_opens_the_unit(demo: Any) -> None:
    visit(demo, "/xep-hang?year=2023&round=1&group=huyen")
    wait_for_chart(demo)
    cell = demo.wait_for_element(".ag-row[row-id='ST-H-LONGPHU'] .ag-cell[col-id='unit_name']",
                                 timeout=TIMEOUT)  # fmt: skip
    assert cell.text == "Huyện Long Phú"
    demo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
    time.sleep(0.3)
    cell.click()
    wait_until(lambda: query(demo).get("unit") == ["ST-H-LONGPHU"], "unit=ST-H-LONGPHU")
    assert query(demo)["round"] == ["1"]
    wait_until(lambda: demo.find_element(".cchc-unit-name").text == "Huyện Long Phú", "the unit")
    # the criteria tree is there, fields first
    demo.wait_for_element(".ag-row.cchc-level-1", timeout=TIMEOUT)


def test_english_switch_translates_headings_and_sticks(demo: Any) -> None:
    visit(demo, "/xep-hang")
    demo.wait_for_text_to_equal("h1", "Xếp hạng", timeout=TIMEOUT)
    demo.find_element("#app-lang-link").click()
    demo.wait_for_text_to_equal("h1", "Rankings", timeout=TIMEOUT)
    assert query(demo)["lang"] == ["en"]
    html_lang = "return document.documentElement.lang"
    wait_until(lambda: demo.driver.execute_script(html_lang) == "en", "<html lang=en>")
    wait_until(lambda: "Provincial departments: appraised index" in
               [e.text for e in demo.driver.find_elements(By.CSS_SELECTOR, ".cchc-card h2")],
               "English chart titles")  # fmt: skip
    nav = [e.text for e in demo.driver.find_elements(By.CSS_SELECTOR, ".cchc-nav-link")]
    assert nav[:2] == ["Overview", "Rankings"]
    demo.wait_for_text_to_equal("#cchc-report-menu", "Report", timeout=TIMEOUT)
    demo.driver.find_element(By.LINK_TEXT, "Overview").click()
    demo.wait_for_text_to_equal("h1", "Overview", timeout=TIMEOUT)
    assert query(demo)["lang"] == ["en"]
    demo.find_element("#app-lang-link").click()
    demo.wait_for_text_to_equal("h1", "Tổng quan", timeout=TIMEOUT)
    demo.wait_for_text_to_equal("#cchc-report-menu", "Báo cáo", timeout=TIMEOUT)
    assert demo.driver.execute_script(html_lang) == "vi"
    no_console_errors(demo)


def test_unknown_query_values_fall_back_to_a_valid_view(demo: Any) -> None:
    visit(demo, "/xep-hang?year=1999&round=x&group=nope&unit=&foo=bar")
    demo.wait_for_text_to_equal("h1", "Xếp hạng", timeout=TIMEOUT)
    wait_for_chart(demo)
    assert len(demo.driver.find_elements(By.CSS_SELECTOR, ".cchc-graph")) == 4
    no_console_errors(demo)


def test_dark_theme_is_remembered_across_pages(demo: Any) -> None:
    def theme() -> str:
        return demo.driver.execute_script(
            "return document.documentElement.getAttribute('data-bs-theme')"
        )

    visit(demo, "/")
    demo.wait_for_text_to_equal("h1", "Tổng quan", timeout=TIMEOUT)
    wait_until(lambda: theme() == "light", "the light theme")
    demo.find_element("#app-theme-toggle").click()
    wait_until(lambda: theme() == "dark", "the dark theme")
    visit(demo, "/xep-hang")
    demo.wait_for_text_to_equal("h1", "Xếp hạng", timeout=TIMEOUT)
    wait_until(lambda: theme() == "dark", "the dark theme after navigating")
    demo.find_element("#app-theme-toggle").click()
    wait_until(lambda: theme() == "light", "the light theme again")
