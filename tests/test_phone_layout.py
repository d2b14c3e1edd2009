"""The dashboard on a phone: a real headless Chromium emulating a 390 × 844 screen (issue 8).

What a leader on a phone sees: no page scrolls sideways, the ranking's bars stay on the screen
with the names above them, the filters fold behind a "Bộ lọc" button that opens them (mouse or
keyboard), and the charts write numbers the view's way (``0.66`` under ``?lang=en``, ``0,66``
in Vietnamese).  The app and the browser are started as in tests/test_leadership_pages.py (its
fixtures); the phone is Chromium's device emulation (``Emulation.setDeviceMetricsOverride``,
``mobile``: the page's ``<meta viewport>`` is honoured, and content wider than the screen
would widen the layout viewport, so ``innerWidth`` is checked as well as ``scrollWidth``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests import test_leadership_pages as shell
from tests.test_leadership_pages import TIMEOUT, no_console_errors, visit, wait_until

# The app server and the browser, started once per module as in tests/test_leadership_pages.py.
_browser_available = shell._browser_available
browser = shell.browser
demo = shell.demo

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}

# Every page of the navbar (checked against the registry below), with the <h1> it shows; the
# unit page also with a unit chosen (its charts).
PAGES = {
    "/": "Tổng quan",
    "/xep-hang": "Xếp hạng",
    "/chenh-lech": "Chênh lệch",
    "/tai-lieu-kiem-chung": "Tài liệu kiểm chứng",
    "/tieu-chi": "Tiêu chí",
    "/tien-do": "Tiến độ",
    "/theo-doi-khac-phuc": "Theo dõi khắc phục",
    "/don-vi": "Đơn vị",
    "/don-vi?unit=ST-SNV": "Đơn vị",
    "/xep-hang?lang=en": "Rankings",
    "/nap-du-lieu": "Nạp dữ liệu",  # as the tests' leader: the page says it is not theirs
    "/nhat-ky": "Nhật ký",
}

# Everything the page has drawn: each chart shows a trace, a heatmap or its "why empty" note.
CHARTS_DRAWN = """
    const graphs = [...document.querySelectorAll('.cchc-graph')];
    return graphs.every(g => g.querySelector('.trace, .hm, .annotation'))
        && !document.querySelector('[data-dash-is-loading="true"]');
"""
WIDTHS = """return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
                    body: document.body.scrollWidth};"""


@pytest.fixture
def phone(demo: Any) -> Iterator[Any]:
    """The demo warehouse in a phone-sized Chromium (the desktop size is restored after)."""
    demo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    yield demo
    demo.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def open_page(duo: Any, path: str, title: str) -> None:
    """Open ``path`` and wait until its charts are drawn and the layout has settled."""
    visit(duo, path)
    duo.wait_for_text_to_equal("h1", title, timeout=TIMEOUT)
    wait_until(lambda: duo.driver.execute_script(CHARTS_DRAWN), f"the charts of {path}")
    previous: dict[str, int] = {}

    def settled() -> bool:
        nonlocal previous
        now = duo.driver.execute_script(WIDTHS)
        same, previous = now == previous, now
        time.sleep(0.3)
        return same

    wait_until(settled, f"{path} to settle")


def rects(duo: Any, css: str) -> list[dict[str, float]]:
    """The on-screen boxes of the elements matching ``css``."""
    script = """return [...document.querySelectorAll(arguments[0])].map(e => {
        const r = e.getBoundingClientRect();
        return {left: r.left, right: r.right, width: r.width};
    });"""
    return list(duo.driver.execute_script(script, css))


def graph_texts(duo: Any, graph_id: str, css: str) -> list[str]:
    graph = duo.driver.find_element(By.ID, graph_id)
    return [e.text for e in graph.find_elements(By.CSS_SELECTOR, css) if e.text]


def test_every_navbar_page_is_measured() -> None:
    import dash

    import dashboard.app  # noqa: F401  registers the pages
    from dashboard.components.navbar import nav_pages

    paths = {page["path"] for page in nav_pages(dash.page_registry.values())}
    assert paths <= {path.split("?")[0] for path in PAGES}


@pytest.mark.parametrize(("path", "title"), PAGES.items())
def test_no_page_is_wider_than_a_phone(phone: Any, path: str, title: str) -> None:
    open_page(phone, path, title)
    widths = phone.driver.execute_script(WIDTHS)
    # a page wider than the screen would have widened the mobile layout viewport
    assert widths["inner"] == PHONE["width"], widths
    assert widths["scroll"] <= widths["inner"], widths
    assert widths["body"] <= widths["inner"], widths
    for box in rects(phone, ".cchc-graph, .cchc-card, .cchc-filter-bar"):
        assert box["right"] <= PHONE["width"] + 0.5, (path, box)
    no_console_errors(phone)


def test_ranking_bars_and_names_stay_on_the_screen(phone: Any) -> None:
    open_page(phone, "/xep-hang?year=2023&round=2", "Xếp hạng")
    plots = rects(phone, ".cchc-graph .nsewdrag")
    assert len(plots) == 4  # one ranking per group
    for plot in plots:
        assert plot["right"] <= PHONE["width"]
        assert plot["width"] >= 0.6 * PHONE["width"]  # the bars get the chart's width
    bars = rects(phone, ".cchc-graph .bars .point path")
    values = rects(phone, ".cchc-graph .bartext")
    names = rects(phone, ".cchc-graph .ytick text")
    assert bars and values and names
    assert max(box["right"] for box in bars + values + names) <= PHONE["width"]
    assert min(box["left"] for box in bars + names) >= 0  # no name cut at the left edge
    # the names are written above the bars, whole or cut with "…"
    labels = [e.text for e in phone.driver.find_elements(By.CSS_SELECTOR, ".cchc-graph .ytick")]
    assert sum(label.startswith("1. ") for label in labels) == len(plots)


def test_the_filters_fold_behind_their_toggle(phone: Any) -> None:
    open_page(phone, "/xep-hang?year=2023&round=2&group=huyen", "Xếp hạng")
    toggle = phone.find_element(".cchc-filter-toggle")
    year = phone.find_element(".cchc-filter-year")
    assert toggle.is_displayed() and not year.is_displayed()
    assert toggle.get_attribute("aria-expanded") == "false"
    # the button says what is chosen
    assert toggle.text.startswith("Bộ lọc")
    assert "2023 · Lần 2 · UBND cấp huyện" in toggle.get_attribute("textContent")
    assert toggle.rect["x"] + toggle.rect["width"] <= PHONE["width"]

    toggle.click()
    wait_until(year.is_displayed, "the filters to open")
    wait_until(lambda: toggle.get_attribute("aria-expanded") == "true", "aria-expanded=true")
    assert phone.find_element(".cchc-score-switch").is_displayed()
    toggle.send_keys(Keys.ENTER)  # the keyboard closes it as well
    wait_until(lambda: not year.is_displayed(), "the filters to close")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.send_keys(Keys.SPACE)
    wait_until(year.is_displayed, "the filters to open from the keyboard")

    # a desktop-wide window: no toggle, the filters always shown
    phone.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    open_page(phone, "/xep-hang?year=2023&round=2&group=huyen", "Xếp hạng")
    assert not phone.find_element(".cchc-filter-toggle").is_displayed()
    assert phone.find_element(".cchc-filter-year").is_displayed()
    no_console_errors(phone)


def test_the_navbar_folds_into_its_toggler(phone: Any) -> None:
    open_page(phone, "/", "Tổng quan")
    links = phone.driver.find_elements(By.CSS_SELECTOR, ".cchc-nav-link")
    toggler = phone.find_element(".cchc-navbar .navbar-toggler")
    assert toggler.is_displayed() and not any(link.is_displayed() for link in links)
    toggler.click()
    wait_until(lambda: all(link.is_displayed() for link in links), "the open navbar")
    time.sleep(0.5)  # the opening animation
    widths = phone.driver.execute_script(WIDTHS)
    assert widths["scroll"] <= widths["inner"] == PHONE["width"], widths


DECIMALS = {
    "vi": re.compile(r"^[+-]?\d{1,3}(\.\d{3})*,\d\d$"),  # 94,79  +3,20
    "en": re.compile(r"^[+-]?\d{1,3}(,\d{3})*\.\d\d$"),  # 94.79  +3.20
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_chart_numbers_follow_the_language(phone: Any, lang: str) -> None:
    query = "?year=2023&round=2&group=so_nganh" + ("&lang=en" if lang == "en" else "")
    open_page(phone, "/chenh-lech" + query, "Gaps" if lang == "en" else "Chênh lệch")
    gaps = graph_texts(phone, "gaps-criteria", ".bartext")  # "%{x:+.2f}": signed
    assert gaps and all(text.startswith("+") for text in gaps)
    assert all(DECIMALS[lang].match(text) for text in gaps), gaps

    open_page(phone, "/xep-hang" + query, "Rankings" if lang == "en" else "Xếp hạng")
    values = [e.text for e in phone.driver.find_elements(By.CSS_SELECTOR, ".cchc-graph .bartext")]
    assert values and all(DECIMALS[lang].match(text) for text in values), values
    no_console_errors(phone)
