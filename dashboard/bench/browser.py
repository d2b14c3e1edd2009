"""Every page in headless Chromium: how long its first render takes, what it transfers, and
every Dash callback request it makes (recorded to be replayed over HTTP, :mod:`.replay`).

A script injected before any of the page's own (``Page.addScriptToEvaluateOnNewDocument``)
wraps ``window.fetch``: each ``/_dash-update-component`` request is kept with its body, status
and time, and the number in flight is counted.  Every 25 ms it notes the page *busy* while a
callback is in flight, an element is in Dash's loading state (``data-dash-is-loading``), a
graph is not drawn yet (a ``.dash-graph`` without its ``.main-svg``), the number of drawn
graphs (``.js-plotly-plot``) changed, or the timer itself came late (the page's own work held
the main thread: drawing a large chart or table).  A page is rendered once it has made a
callback and stayed idle for :data:`SETTLE_MS`; its render time is the last moment it was
busy, from the navigation's start (a page not rendered within :data:`PAGE_TIMEOUT_S`: the time
waited).  The first visit of each page starts with an empty browser cache
(``Network.clearBrowserCache``); what it transferred is the sum of ``transferSize`` over the
navigation and resource entries of the Performance API.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

SETTLE_MS = 700
PAGE_TIMEOUT_S = 180.0
START_TIMEOUT_S = 30.0  # no callback asked by then: the page is broken, not slow

HOOK = r"""
(() => {
  const BLOCKED_MS = 250;
  const state = {calls: [], pending: 0, lastBusy: 0, plots: -1, started: false};
  window.__bench = state;
  try { performance.setResourceTimingBufferSize(2000); } catch (e) {}
  const busy = () => { state.lastBusy = performance.now(); };
  const original = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === 'string' ? input : (input && input.url) || '';
    if (!url.includes('_dash-update-component')) return original.apply(this, arguments);
    const started = performance.now();
    const call = {body: (init && typeof init.body === 'string') ? init.body : null,
                  view: location.pathname + location.search, status: 0, ms: 0};
    state.calls.push(call);
    state.pending += 1; state.started = true; busy();
    return original.apply(this, arguments).then((response) => {
      call.status = response.status; call.ms = performance.now() - started;
      state.pending -= 1; busy();
      return response;
    }, (error) => {
      call.status = -1; call.ms = performance.now() - started;
      state.pending -= 1; busy();
      throw error;
    });
  };
  let lastTick = performance.now();
  setInterval(() => {
    const tick = performance.now();
    if (tick - lastTick > BLOCKED_MS) busy();  // the page's own work held the main thread
    lastTick = tick;
    const loading = document.querySelector('[data-dash-is-loading="true"]') !== null;
    const plots = document.querySelectorAll('.js-plotly-plot').length;
    const graphs = document.querySelectorAll('.dash-graph').length;
    const drawn = document.querySelectorAll('.dash-graph .main-svg').length > 0
      ? Array.from(document.querySelectorAll('.dash-graph'))
          .filter((g) => g.querySelector('.main-svg')).length
      : 0;
    if (state.pending > 0 || loading || plots !== state.plots || drawn < graphs) busy();
    state.plots = plots;
  }, 25);
})();
"""

SETTLED = f"""
const s = window.__bench;
if (!s) return null;
const now = performance.now();
const idle = s.started && s.pending === 0 && now - s.lastBusy >= {SETTLE_MS}
  && document.readyState === 'complete';
return {{idle: idle, started: s.started, lastBusy: s.lastBusy, now: now}};
"""

RESULTS = """
const s = window.__bench;
const entries = performance.getEntriesByType('navigation')
  .concat(performance.getEntriesByType('resource'));
return {calls: s.calls, lastBusy: s.lastBusy,
        transfer: entries.reduce((sum, e) => sum + (e.transferSize || 0), 0),
        graphs: document.querySelectorAll('.js-plotly-plot').length};
"""


@dataclass(frozen=True)
class Call:
    """One callback request a page made."""

    page: str  # the page's slug
    view: str  # the page's address when it asked (path and query)
    body: str
    status: int
    browser_ms: float


@dataclass(frozen=True)
class Visit:
    """One page load: the view asked for, its render time and transfer, its callbacks."""

    page: str
    query: str
    render_ms: float
    settled: bool  # False: still busy when PAGE_TIMEOUT_S ran out
    transfer_bytes: int
    graphs: int
    calls: list[Call]
    console_errors: list[str]  # SEVERE messages in the browser's console


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (fresh profile) driven by Selenium."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    from dashboard.devservices import CHROMIUM_FLAGS, chromium_paths

    binary, driver_path = chromium_paths()
    with tempfile.TemporaryDirectory(prefix="cchc-bench-chromium-") as profile:
        options = Options()
        options.binary_location = binary
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument("--window-size=1400,1000")
        options.add_argument("--lang=vi")
        options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
        try:
            driver.set_page_load_timeout(PAGE_TIMEOUT_S)
            driver.set_script_timeout(PAGE_TIMEOUT_S)  # a page drawing may hold its thread
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
            yield driver
        finally:
            driver.quit()


def sign_in(driver: Any, base: str, username: str, password: str) -> None:
    """Through the ``/login`` form, as a person would."""
    from selenium.webdriver.common.by import By

    driver.get(base + "/login")
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, ".cchc-login-form [type=submit]").click()
    deadline = time.monotonic() + 60
    while "/login" in driver.current_url:
        if time.monotonic() > deadline:
            raise RuntimeError("the browser could not sign in")
        time.sleep(0.05)


def visit(driver: Any, base: str, page: str, path: str, query: str, *, cold: bool) -> Visit:
    """Open ``path + query`` and wait until it is rendered (``cold``: empty browser cache)."""
    from selenium.common.exceptions import TimeoutException

    if cold:
        driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    begun = time.monotonic()
    with contextlib.suppress(TimeoutException):  # still loading: the polls below wait on
        driver.get(base + path + query)
    settled = False
    while time.monotonic() < begun + PAGE_TIMEOUT_S:
        try:
            state = driver.execute_script(SETTLED)
        except TimeoutException:
            break
        if state and state["idle"]:
            settled = True
            break
        if time.monotonic() > begun + START_TIMEOUT_S and not (state and state["started"]):
            break  # no callback asked: the page did not start (see its console errors)
        time.sleep(0.05)
    wall_ms = (time.monotonic() - begun) * 1000
    console = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    found = driver.execute_script(RESULTS)
    calls = [
        Call(page, str(c["view"]), str(c["body"]), int(c["status"]), float(c["ms"]))
        for c in found["calls"]
        if c.get("body")
    ]
    messages = [str(e.get("message", "")) for e in console]
    render_ms = float(found["lastBusy"]) if settled else wall_ms  # unsettled: at least this
    return Visit(page, query, render_ms, settled, int(found["transfer"]),
                 int(found["graphs"]), calls, messages)  # fmt: skip


def browse(
    base: str,
    username: str,
    password: str,
    views: Sequence[tuple[str, str, str]],
    log: Any = None,
) -> list[Visit]:
    """Sign in, then open each ``(page slug, path, query)`` in turn; a page's first view with
    an empty browser cache."""
    visits: list[Visit] = []
    seen: set[str] = set()
    with chromium() as driver:
        sign_in(driver, base, username, password)
        for page, path, query in views:
            found = visit(driver, base, page, path, query, cold=page not in seen)
            seen.add(page)
            visits.append(found)
            if log is not None:
                errors = sum(c.status != 200 for c in found.calls)
                console = "".join(f"\n    console: {m:.300}" for m in found.console_errors)
                log(f"{page:<10} {query or '(default)':<48} {found.render_ms:7.0f} ms "
                    f"{len(found.calls):3d} callbacks" + (f", {errors} failed" if errors else "")
                    + ("" if found.settled else ", NOT SETTLED") + console)  # fmt: skip
    return visits


def save(visits: Sequence[Visit], path: Any) -> None:
    """The recorded visits as JSON (to look at what was replayed)."""
    items = [
        {**{k: v for k, v in vars(v).items() if k != "calls"}, "calls": [vars(c) for c in v.calls]}
        for v in visits
    ]
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(items, handle, ensure_ascii=False, indent=1)
