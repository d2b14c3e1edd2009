"""Downloads in a real headless Chromium: a user opens a page, picks "Báo cáo Word (DOCX)" in the
report menu and receives the report of the view on screen; a chart link downloads a PNG."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import docx
import pytest
from selenium.webdriver.common.by import By

from dashboard import queries, view
from dashboard.components import downloads as components
from dashboard.export import images
from etl.db import get_engine
from tests.services import chromium_paths
from tests.signin import open_signed_in

pytestmark = pytest.mark.browser
TIMEOUT = 60


@pytest.fixture(scope="module", autouse=True)
def _browser_available() -> None:
    chromium_paths()


def _has_export_links(component: Any) -> bool:
    component_id = getattr(component, "id", None)
    if isinstance(component_id, dict) and component_id.get("type") == components.LINK_TYPE:
        return True
    children = getattr(component, "children", None)
    if isinstance(children, list | tuple):
        return any(_has_export_links(c) for c in children)
    return children is not None and not isinstance(children, str) and _has_export_links(children)


@pytest.fixture(scope="module")
def duo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """dash.testing's server and browser, once for the module, on the real app with the export
    routes and the report menu.  The app reads ``CCHC_DATABASE_URL`` per request."""
    from dash.testing.application_runners import ThreadedRunner
    from dash.testing.composite import DashComposite

    from dashboard.app import app
    from tests.conftest import pytest_setup_options

    assert "cchc_export_chart" in app.server.view_functions  # the app registers its routes
    assert _has_export_links(app.layout)  # and the navbar carries the report menu
    options = pytest_setup_options()
    with (
        ThreadedRunner() as server,
        DashComposite(
            server=server,
            browser=request.config.getoption("webdriver"),
            headless=request.config.getoption("headless"),
            options=[options[0] if isinstance(options, list) else options],
            download_path=str(tmp_path_factory.mktemp("download")),
        ) as composite,
    ):
        composite.start_server(app, navigate=False)  # its first page would be the sign-in
        composite._url = server.url
        yield composite
        # The server's threads are killed when it stops, the export browser's loop thread
        # with them: close that browser first, so later exports in this process start anew.
        images.shutdown()


@pytest.fixture
def demo(duo: Any, demo_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("CCHC_DATABASE_URL", demo_db_url)
    open_signed_in(duo, "/")  # signed in as the tests' leader (tests/signin.py)
    duo.get_logs()
    return duo


def wait_for(condition: Callable[[], Any], what: str) -> Any:
    end = time.monotonic() + TIMEOUT
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def downloaded(folder: Path, suffix: str) -> Iterator[Path]:
    return (p for p in folder.glob(f"*{suffix}") if p.stat().st_size > 0)


def test_report_menu_downloads_the_report_of_the_view(demo: Any, demo_db_url: str) -> None:
    dash_duo = demo
    dash_duo.wait_for_page(f"{dash_duo.server_url}/xep-hang?year=2023&round=2&group=huyen")
    link_css = f'a[href*="{view.report_path("docx")}"]'
    link = dash_duo.wait_for_element(link_css, timeout=TIMEOUT)
    # The clientside callback copies the page's query string onto the link.
    wait_for(lambda: "group=huyen" in (link.get_attribute("href") or ""), "link with filters")
    query = urlparse(dash_duo.driver.current_url).query
    assert urlparse(link.get_attribute("href")).query == query

    dash_duo.find_element(".cchc-report-menu .dropdown-toggle").click()
    dash_duo.wait_for_element(link_css, timeout=TIMEOUT)
    dash_duo.driver.find_element(By.LINK_TEXT, "Báo cáo Word (DOCX)").click()

    folder = Path(dash_duo.download_path)
    report = wait_for(lambda: next(downloaded(folder, ".docx"), None), "the DOCX download")
    assert report.name == "bao-cao-cchc-2023-lan2-huyen.docx"
    time.sleep(0.5)  # let Chromium finish renaming the file
    document = docx.Document(io.BytesIO(report.read_bytes()))
    ranking_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Hạng"]
    assert len(ranking_tables) == 1
    engine = get_engine(demo_db_url)
    expected = list(queries.rankings(engine, 2023, 2, "huyen")["unit_name"])
    engine.dispose()
    assert [row.cells[1].text for row in ranking_tables[0].rows[1:]] == expected
    assert not [e for e in dash_duo.get_logs() if e.get("level") == "SEVERE"]


def test_chart_route_downloads_a_png(demo: Any) -> None:
    dash_duo = demo
    url = f"{dash_duo.server_url}{view.chart_path('rankings', 'png')}?year=2023&round=2"
    dash_duo.driver.get(url)
    folder = Path(dash_duo.download_path)
    image = wait_for(lambda: next(downloaded(folder, ".png"), None), "the PNG download")
    time.sleep(0.5)
    assert image.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert image.name.startswith("rankings-2023-lan2")
