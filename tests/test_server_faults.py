"""The server under strain and faults (issue 7, cases 13 and 14).

* Oversized requests are refused before they are read or echoed: a 200 MB POST, a 5 MB URL.
* A slow chart export answers 503 at its deadline while pages keep answering, a second export
  meanwhile gets 429 with ``Retry-After``, and the process goes on exporting afterwards.
* With PostgreSQL stopped, pages and callbacks say "Kho dữ liệu không truy cập được" (no 500,
  no traceback); started again, the same requests show data — no app restart.  The database
  server is a dedicated one, so stopping it affects no other test.
"""

from __future__ import annotations

import ctypes
import http.client
import json
import os
import shlex
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from selenium.webdriver.common.by import By
from werkzeug.serving import make_server
from werkzeug.test import TestResponse

from dashboard import ids, limits
from dashboard.export import charts, guard, images
from dashboard.view import ViewState
from etl.db import get_engine
from tests import services
from tests import test_leadership_pages as shell
from tests.signin import session_cookie, signed_in
from tests.test_leadership_pages import TIMEOUT, no_console_errors, visit, wait_until
from tests.warehouse_builder import build_scenario

browser = shell.browser  # the app server and Chromium of tests/test_leadership_pages.py, per module

COOKIE: dict[str, str] = {}  # the signed-in session the live server's requests carry
DOWN_VI = "Kho dữ liệu không truy cập được"
DOWN_EN = "The data warehouse cannot be reached"


@pytest.fixture(scope="module")
def scenario_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A small SQLite warehouse (the shared scenario of tests/warehouse_builder.py)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('faults') / 'warehouse.db'}"
    engine = get_engine(url)
    build_scenario(engine)
    engine.dispose()
    return url


@pytest.fixture
def client(scenario_url: str, monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    from dashboard.app import server

    monkeypatch.setenv("CCHC_DATABASE_URL", scenario_url)
    test_client = signed_in(server.test_client())  # as the tests' leader (tests/signin.py)
    test_client.get("/")  # Dash registers the page router on the first request
    return test_client


@pytest.fixture
def live_server(client: FlaskClient) -> Iterator[str]:
    """The app on a loopback port, one thread per request (as gunicorn's threads); requests
    carry the session of ``client`` (:data:`COOKIE`)."""
    from dashboard.app import server

    httpd = make_server("127.0.0.1", 0, server, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    COOKIE["Cookie"] = session_cookie(client)
    yield f"127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    thread.join(5)


def callback(
    client: FlaskClient, outputs: list[tuple[str, str]], inputs: list[dict[str, Any]]
) -> TestResponse:
    """Fire a Dash callback as the browser does; the response."""
    keys = [f"{component}.{prop}" for component, prop in outputs]
    output = keys[0] if len(keys) == 1 else ".." + "...".join(keys) + ".."
    payload = {
        "output": output,
        "outputs": [{"id": c, "property": p} for c, p in outputs]
        if len(outputs) > 1
        else {"id": outputs[0][0], "property": outputs[0][1]},
        "inputs": inputs,
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
        "state": [],
    }
    return client.post("/_dash-update-component", json=payload)


def open_page(client: FlaskClient, path: str, search: str = "") -> TestResponse:
    """What the browser gets when it opens ``path + search``: the page router's answer."""
    return callback(
        client,
        [("_pages_content", "children"), ("_pages_store", "data")],
        [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": search},
        ],
    )


def shown(answer: TestResponse) -> str:
    """A callback's answer as text, letters as written (Dash escapes them in its JSON)."""
    return json.dumps(answer.get_json(), ensure_ascii=False)


def draw_rankings(client: FlaskClient) -> TestResponse:
    """The rankings page's chart-and-table callback for 2023 round 2."""
    return callback(
        client,
        [("rankings-charts", "children"), ("rankings-grid", "rowData")],
        [{"id": "rankings-view", "property": "data", "value": {"year": "2023", "round": "2"}}],
    )


# --- 13. oversized requests ------------------------------------------------------------------


def test_a_200_mb_post_is_refused_before_its_body_is_read(live_server: str) -> None:
    conn = http.client.HTTPConnection(live_server, timeout=10)
    started = time.monotonic()
    conn.putrequest("POST", "/_dash-update-component")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(200 * 1024 * 1024))
    conn.endheaders()
    conn.send(b" " * 65536)  # the client never gets to send the other 199.9 MB
    response = conn.getresponse()
    text = response.read().decode("utf-8")
    conn.close()
    assert response.status == 413
    assert "Yêu cầu quá lớn" in text and "Request too large" in text
    assert time.monotonic() - started < 5


def test_an_over_long_url_is_refused_and_never_echoed(client: FlaskClient) -> None:
    huge = "?unit=" + "x" * (5 * 1024 * 1024)
    answer = open_page(client, "/don-vi", huge)
    assert answer.status_code == 413  # larger than any callback may be
    long = "?unit=" + "x" * 100_000
    answer = open_page(client, "/don-vi", long)
    assert answer.status_code == 400
    text = answer.get_data(as_text=True)
    assert "Địa chỉ quá dài" in text and "Address too long" in text and len(text) < 500
    answer = client.get("/xep-hang" + long[:500])
    assert answer.status_code == 400 and "«unit»" in answer.get_data(as_text=True)
    answer = client.get("/export/table/xep-hang.csv?group=" + "g" * 300)
    assert answer.status_code == 400
    # a reasonable link still works, and a value the parser meets too long is dropped
    assert open_page(client, "/don-vi", "?unit=T").status_code == 200
    assert ViewState.from_query({"unit": "x" * 300}).unit is None


def test_a_long_text_in_a_callback_input_is_refused(client: FlaskClient) -> None:
    answer = callback(
        client,
        [("rankings-grid", "dashGridOptions")],
        [{"id": "rankings-search", "property": "value", "value": "Sở" * 5000}],
    )
    assert answer.status_code == 400
    assert "quá dài" in answer.get_data(as_text=True)
    answer = callback(
        client,
        [("rankings-grid", "dashGridOptions")],
        [{"id": "rankings-search", "property": "value", "value": "Sở Nội vụ"}],
    )
    assert answer.status_code == 200 and "Sở Nội vụ" in json.dumps(
        answer.get_json(), ensure_ascii=False
    )


# --- 13. exports bounded in time and in number -----------------------------------------------


@dataclass
class SlowExport:
    """Stands in for a chart export on a national warehouse: it runs until released."""

    started: threading.Event
    release: threading.Event

    def __call__(self, *_args: Any, **_kwargs: Any) -> bytes:
        self.started.set()
        self.release.wait(30)
        return b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    text: str
    seconds: float


def _get(server: str, path: str) -> Answer:
    conn = http.client.HTTPConnection(server, timeout=30)
    started = time.monotonic()
    conn.request("GET", path, headers=COOKIE)
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return Answer(response.status, dict(response.getheaders()), body, time.monotonic() - started)


def test_a_slow_export_ends_in_503_at_its_deadline_and_pages_keep_answering(
    live_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow = SlowExport(threading.Event(), threading.Event())
    monkeypatch.setattr(charts, "export_chart", slow)
    monkeypatch.setattr(images, "browser_ready", lambda: True)  # a warm worker
    monkeypatch.setattr(limits, "EXPORT_DEADLINE_S", 1.5)
    first: list[Answer] = []
    worker = threading.Thread(
        target=lambda: first.append(_get(live_server, "/export/chart/xep-hang.png"))
    )
    worker.start()
    try:
        assert slow.started.wait(10), "the export never started"
        # while it runs: a second export is turned away at once, a page is served at once
        busy = _get(live_server, "/export/table/xep-hang.csv")
        assert busy.status == 429 and int(busy.headers["Retry-After"]) > 0 and busy.seconds < 1
        assert "thử lại sau" in busy.text and "try again" in busy.text
        page = _get(live_server, "/xep-hang?year=2023")
        assert page.status == 200 and page.seconds < 1
        worker.join(10)
        (late,) = first
        assert late.status == 503, late
        assert 1.4 < late.seconds < 5  # at the deadline, not at gunicorn's timeout
        assert "Xuất tệp mất quá nhiều thời gian" in late.text and "took too long" in late.text
        assert "Retry-After" in late.headers
    finally:
        slow.release.set()
    # the abandoned export finishes on its own thread and gives its slot back
    deadline = time.monotonic() + 10
    again = _get(live_server, "/export/table/xep-hang.csv")
    while again.status == 429 and time.monotonic() < deadline:
        time.sleep(0.1)
        again = _get(live_server, "/export/table/xep-hang.csv")
    assert again.status == 200 and "Sở Tư pháp" in again.text


def test_the_browsers_first_start_does_not_count_against_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first export of a process starts Chromium (tens of seconds on a fresh machine,
    while it builds its font cache): that export waits for it instead of answering 503."""

    def work() -> str:
        time.sleep(0.6)
        return "ảnh"

    monkeypatch.setattr(images, "browser_ready", lambda: False)
    assert guard.run(work, deadline_s=0.2) == "ảnh"
    monkeypatch.setattr(images, "browser_ready", lambda: True)
    with pytest.raises(guard.ExportTimeoutError):
        guard.run(work, deadline_s=0.2)
    time.sleep(0.6)  # the abandoned work gives its slot back


def test_an_export_thread_killed_midway_gives_its_slot_back() -> None:
    """A test server (dash.testing) stops the threads it did not start by raising
    ``SystemExit`` in them; an export thread stopped so must not keep the slot for ever."""
    running = threading.Event()

    def work() -> str:
        running.set()
        while True:
            time.sleep(0.01)

    with pytest.raises(guard.ExportTimeoutError):
        guard.run(work, deadline_s=0.3)
    assert running.wait(5)
    (thread,) = [t for t in threading.enumerate() if t.name == "cchc-export"]
    assert thread.ident is not None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread.ident), ctypes.py_object(SystemExit)
    )
    thread.join(5)
    assert guard.run(lambda: "sau / after", deadline_s=5) == "sau / after"


def test_an_image_too_large_to_render_is_refused_with_a_reason() -> None:
    import plotly.graph_objects as go

    units = [f"Đơn vị {i}" for i in range(2000)]
    tall = go.Figure(go.Bar(x=[50] * len(units), y=units, orientation="h"))
    tall.update_layout(height=26 * len(units))
    with pytest.raises(images.ExportTooLargeError) as refused:
        images.export_figure(tall, "png")  # refused before any browser is asked
    assert "quá lớn" in str(refused.value) and "too large" in str(refused.value)
    assert refused.value.status == 413


# --- 14. the warehouse goes away and comes back ----------------------------------------------


@dataclass
class PostgresControl:
    """A dedicated PostgreSQL server this module may stop and start."""

    url: str
    data_dir: Path

    def _pg_ctl(self, *args: str) -> None:
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        pg_ctl = services._pg_bin("pg_ctl")
        assert pg_ctl
        subprocess.run([*as_postgres, pg_ctl, "-D", str(self.data_dir), "-w", *args],
                       check=True, capture_output=True, timeout=60)  # fmt: skip

    def stop(self) -> None:
        self._pg_ctl("-m", "fast", "stop")

    def start(self) -> None:
        """Start again with the options it was first started with (``postmaster.opts``)."""
        options = shlex.split((self.data_dir / "postmaster.opts").read_text())[1:]
        log = str(self.data_dir / "server.log")
        self._pg_ctl("-l", log, "-o", shlex.join(options), "start")


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[PostgresControl]:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("CCHC_TEST_PG_URL", raising=False)  # never stop a shared server
        with services.postgres_server() as base_url:
            admin = sa.create_engine(f"{base_url}/postgres")
            with admin.connect() as conn:
                data_dir = Path(str(conn.execute(sa.text("SHOW data_directory")).scalar()))
            admin.dispose()
            url = services.create_database(base_url)
            engine = get_engine(url)
            build_scenario(engine)
            engine.dispose()
            yield PostgresControl(url, data_dir)


@pytest.fixture
def pg_client(own_postgres: PostgresControl, monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    from dashboard.app import server

    monkeypatch.setenv("CCHC_DATABASE_URL", own_postgres.url)
    test_client = signed_in(server.test_client())
    test_client.get("/")
    return test_client


def _shows_data(client: FlaskClient) -> None:
    page = open_page(client, "/xep-hang", "?year=2023&round=2")
    assert page.status_code == 200
    assert "Xếp hạng" in shown(page) and DOWN_VI not in shown(page)
    drawn = draw_rankings(client)
    assert drawn.status_code == 200
    rows = drawn.get_json()["response"]["rankings-grid"]["rowData"]
    assert {row["unit_name"] for row in rows} >= {"Sở Tư pháp", "Sở Nội vụ"}


@pytest.mark.postgres
def test_pages_and_callbacks_say_the_warehouse_is_down_and_recover_alone(
    own_postgres: PostgresControl, pg_client: FlaskClient
) -> None:
    _shows_data(pg_client)
    own_postgres.stop()
    try:
        assert pg_client.get("/xep-hang").status_code == 200  # the navbar and the shell
        page = open_page(pg_client, "/xep-hang", "?year=2023&round=2")
        assert page.status_code == 200 and DOWN_VI in shown(page)
        assert "Traceback" not in shown(page)
        english = open_page(pg_client, "/xep-hang", "?lang=en")
        assert DOWN_EN in shown(english)

        drawn = draw_rankings(pg_client)  # a page drawn before, its data callback now fails
        assert drawn.status_code == 200
        side = drawn.get_json()["sideUpdate"][ids.OUTAGE]["children"]
        assert DOWN_VI in json.dumps(side, ensure_ascii=False)
        assert "rankings-grid" not in drawn.get_json().get("response", {})  # data left alone

        download = pg_client.get("/export/table/xep-hang.csv?year=2023")
        assert download.status_code == 503 and "Retry-After" in download.headers
        assert DOWN_VI in download.get_data(as_text=True)
    finally:
        own_postgres.start()
    _shows_data(pg_client)  # the same process, no restart: data again


@pytest.mark.postgres
@pytest.mark.browser
def test_in_the_browser_the_page_says_so_and_shows_data_again(
    own_postgres: PostgresControl, browser: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCHC_DATABASE_URL", own_postgres.url)
    browser.get_logs()

    def chart_then(path: str) -> None:
        visit(browser, path)
        wait_until(lambda: browser.driver.find_elements(By.CSS_SELECTOR, ".cchc-graph .bartext"),
                   "the ranking bars")  # fmt: skip

    chart_then("/xep-hang?year=2023&round=2")
    own_postgres.stop()
    try:
        for search, message in (("?year=2023&round=2", DOWN_VI), ("?lang=en", DOWN_EN)):
            visit(browser, "/xep-hang" + search)
            state = browser.wait_for_element(".cchc-state-warehouse-down", timeout=TIMEOUT)
            assert message in state.text
            assert browser.driver.find_element(By.ID, ids.NAVBAR).is_displayed()
    finally:
        own_postgres.start()
    chart_then("/xep-hang?year=2023&round=2")
    assert not browser.driver.find_elements(By.CSS_SELECTOR, ".cchc-state-warehouse-down")
    no_console_errors(browser)
