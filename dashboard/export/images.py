"""Plotly figure → PNG / SVG / PDF bytes, rendered by kaleido v1 in the system Chromium.

One browser serves the whole process: it starts on the first export and stays open, so
every export after the first costs one render (a few hundred ms), not a browser start.

Why not ``kaleido.start_sync_server``: when the browser cannot start, its server thread dies
silently and every later call blocks for ever; and its request/answer queues are shared, so
two Flask threads exporting at once could receive each other's image.  ``_Renderer`` below
keeps kaleido's own ``Kaleido`` object on a private event loop, reports a start failure as
:class:`BrowserUnavailableError`, and pairs each request with its own future.

Every exported chart carries a caption under the plot: the active filters, the data date and
the source line :data:`SOURCE_LINE`.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import copy
import hashlib
import json
import os
import re
import shutil
import statistics
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import Any, Literal

import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

ImageFormat = Literal["png", "svg", "pdf"]
FORMATS: tuple[ImageFormat, ...] = ("png", "svg", "pdf")
MEDIA_TYPES: dict[str, str] = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
}
SOURCE_LINE = "Nguồn: cchc-dashboard — Sở Nội vụ"
PNG_SCALE = 2
DEFAULT_WIDTH = 1000
DEFAULT_HEIGHT = 600
CAPTION_FONT_SIZE = 12
CAPTION_LINE_HEIGHT = 17
CAPTION_PADDING = 14
DEBIAN_CHROMIUM = Path("/usr/lib/chromium/chromium")
_BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
START_TIMEOUT_S = 60.0
RENDER_TIMEOUT_S = 60.0


class ExportError(RuntimeError):
    """An export failed for a reason the user can act on; ``str()`` is the message to show."""


class BrowserUnavailableError(ExportError):
    """No usable Chromium: chart images cannot be rendered."""


def _no_browser(detail: str) -> BrowserUnavailableError:
    return BrowserUnavailableError(
        "Không xuất được ảnh biểu đồ: không tìm thấy hoặc không khởi động được trình duyệt "
        "Chromium. Hãy cài gói Debian `chromium` (apt-get install chromium) hoặc đặt biến môi "
        "trường BROWSER_PATH trỏ tới tệp chạy của Chromium/Chrome.\n"
        "Cannot export chart images: Chromium was not found or did not start. Install the "
        "Debian package `chromium` or set BROWSER_PATH to a Chromium/Chrome executable.\n"
        f"({detail})"
    )


def resolve_browser() -> str:
    """The Chromium executable kaleido will drive; sets ``BROWSER_PATH`` when it was unset.

    Debian's ``/usr/bin/chromium`` is a wrapper script kaleido cannot drive, so the real
    binary ``/usr/lib/chromium/chromium`` is preferred.
    """
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        if os.path.isfile(configured) and os.access(configured, os.X_OK):
            return configured
        raise _no_browser(f"BROWSER_PATH={configured!r} không phải tệp chạy được")
    found: str | None = None
    if DEBIAN_CHROMIUM.is_file() and os.access(DEBIAN_CHROMIUM, os.X_OK):
        found = str(DEBIAN_CHROMIUM)
    else:
        found = next((p for p in map(shutil.which, _BROWSER_NAMES) if p), None)
    if found is None:
        raise _no_browser("không có chromium trên máy")
    os.environ["BROWSER_PATH"] = found
    return found


class _Renderer:
    """One kaleido browser on a private event-loop thread, shared by the whole process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self._pid = 0

    def _start(self) -> None:
        path = resolve_browser()
        import kaleido  # deferred: importing it costs ~0.3 s and the app may never export

        async def open_browser() -> Any:
            browser = kaleido.Kaleido(n=2, mathjax=False, timeout=RENDER_TIMEOUT_S, path=path)
            await browser.open()
            return browser

        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="cchc-kaleido", daemon=True)
        thread.start()
        try:
            browser = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(START_TIMEOUT_S)
        except Exception as exc:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(5)
            raise _no_browser(f"{type(exc).__name__}: {exc}") from None
        self._loop, self._thread, self._kaleido, self._pid = loop, thread, browser, os.getpid()

    def _running(self) -> bool:
        """A browser this process started, whose event-loop thread is still alive (a forked
        worker inherits no thread; a test server may kill every thread it did not start)."""
        return (
            self._kaleido is not None
            and self._pid == os.getpid()
            and self._thread is not None
            and self._thread.is_alive()
        )

    def _abandon(self) -> None:
        """Forget a browser whose loop thread is gone, ending its process if this one owns it."""
        process = getattr(self._kaleido, "subprocess", None)
        if process is not None and self._pid == os.getpid():
            with contextlib.suppress(Exception):
                process.kill()
        self._loop = self._kaleido = self._thread = None

    def render(self, figure: dict[str, Any], opts: dict[str, Any]) -> bytes:
        with self._lock:
            if not self._running():
                self._abandon()
                self._start()
            loop, browser = self._loop, self._kaleido
        assert loop is not None
        future: Future[bytes] = asyncio.run_coroutine_threadsafe(
            browser.calc_fig(figure, opts=opts), loop
        )
        try:
            return future.result(RENDER_TIMEOUT_S + 5)
        except Exception as exc:
            if not self._browser_alive():
                self.close()
                raise _no_browser(f"trình duyệt đã dừng: {exc}") from None
            raise ExportError(f"Không xuất được biểu đồ / chart export failed: {exc}") from exc

    def _browser_alive(self) -> bool:
        process = getattr(self._kaleido, "subprocess", None)
        return process is not None and process.poll() is None

    def close(self) -> None:
        with self._lock:
            loop, browser, thread = self._loop, self._kaleido, self._thread
            self._loop = self._kaleido = self._thread = None
        if loop is None or browser is None or self._pid != os.getpid():
            return
        with contextlib.suppress(Exception):  # the browser may already be gone
            asyncio.run_coroutine_threadsafe(browser.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(5)


_renderer = _Renderer()
atexit.register(_renderer.close)


def shutdown() -> None:
    """Close the shared browser (it restarts on the next export)."""
    _renderer.close()


def caption_lines(filters: str, data_date: str | None) -> list[str]:
    """The caption under an exported chart: filters and data date, then the source line."""
    first = f"Bộ lọc: {filters}" if filters else "Bộ lọc: không"
    if data_date:
        first += f" · Dữ liệu đến ngày {data_date}"
    return [first, SOURCE_LINE]


_PLOT_BG = re.compile(r'<g class="bglayer">(.*?)</g>', re.S)
_RECT = re.compile(r"<rect\b([^>]*)>")
_ATTR = re.compile(r'\b(x|y|height)="([0-9.]+)"')


def plot_margins(svg: str, height: float) -> tuple[float, float] | None:
    """(left, bottom) pixels between the plot areas and the image edges, from a rendered SVG.

    Plotly grows the margins to fit tick labels, axis titles and legends; only the rendered
    image knows by how much.  ``None`` without a cartesian plot area (e.g. a pie).
    """
    lefts: list[float] = []
    bottoms: list[float] = []
    for layer in _PLOT_BG.findall(svg):
        for attrs in _RECT.findall(layer):
            values = dict(_ATTR.findall(attrs))
            if {"x", "y", "height"} <= values.keys():
                lefts.append(float(values["x"]))
                bottoms.append(float(values["y"]) + float(values["height"]))
    if not bottoms:
        return None
    return min(lefts), max(0.0, height - max(bottoms))


def _base_layout(fig: go.Figure, title: str | None, width: int, height: int) -> dict[str, Any]:
    spec = copy.deepcopy(fig.to_plotly_json())
    layout = spec.setdefault("layout", {})
    layout.update(width=width, height=height)
    layout.setdefault("separators", ",.")
    layout.setdefault("paper_bgcolor", "white")
    if title:
        layout["title"] = {**layout.get("title", {}), "text": title, "x": 0.01, "xanchor": "left"}
        margin = layout.setdefault("margin", {})
        margin["t"] = max(int(margin.get("t", 0) or 0), 70)
    return spec


def _with_caption(
    spec: dict[str, Any], lines: Sequence[str], left: float, bottom: float
) -> dict[str, Any]:
    """``spec`` grown by a caption band below everything plotly drew under the plot."""
    band = CAPTION_PADDING * 2 + CAPTION_LINE_HEIGHT * len(lines)
    out = copy.deepcopy(spec)
    layout = out["layout"]
    layout["height"] = layout["height"] + band
    margin = layout.setdefault("margin", {})
    margin["b"] = bottom + band
    annotation = {
        "text": "<br>".join(lines),
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "xanchor": "left",
        "yanchor": "top",
        "xshift": -left + CAPTION_PADDING,
        "yshift": -(bottom + CAPTION_PADDING),
        "align": "left",
        "showarrow": False,
        "font": {"size": CAPTION_FONT_SIZE, "color": "#444444"},
    }
    layout["annotations"] = [*layout.get("annotations", []), annotation]
    return out


_margin_cache: OrderedDict[str, tuple[float, float]] = OrderedDict()
_MARGIN_CACHE_SIZE = 128


def _measured_margins(spec: dict[str, Any], height: float) -> tuple[float, float]:
    """The plot's (left, bottom) margins as Plotly lays it out: one SVG render, then cached
    (the same chart exported as PNG, SVG and PDF is measured once)."""
    text = json.dumps(spec, sort_keys=True, cls=PlotlyJSONEncoder)
    key = hashlib.sha256(text.encode()).hexdigest()
    if key in _margin_cache:
        _margin_cache.move_to_end(key)
        return _margin_cache[key]
    margin = spec["layout"].get("margin", {})
    fallback = (float(margin.get("l", 80) or 80), float(margin.get("b", 80) or 80))
    probe = _renderer.render(spec, {"format": "svg"}).decode("utf-8")
    measured = plot_margins(probe, height) or fallback
    _margin_cache[key] = measured
    while len(_margin_cache) > _MARGIN_CACHE_SIZE:
        _margin_cache.popitem(last=False)
    return measured


def export_figure(
    fig: go.Figure,
    fmt: str,
    *,
    caption: Sequence[str] = (),
    title: str | None = None,
    width: int | None = None,
    height: int | None = None,
    scale: int = PNG_SCALE,
) -> bytes:
    """The figure as ``png`` (``scale`` × its size, at least 2×), ``svg`` or ``pdf`` bytes.

    ``caption`` lines (see :func:`caption_lines`) are set under the chart, below its tick
    labels and legend; ``title`` replaces the figure title.  Raises
    :class:`BrowserUnavailableError` without a usable Chromium.
    """
    if fmt not in FORMATS:
        raise ExportError(f"Định dạng không hỗ trợ / unsupported format: {fmt!r}")
    w = int(width or fig.layout.width or DEFAULT_WIDTH)
    h = int(height or fig.layout.height or DEFAULT_HEIGHT)
    spec = _base_layout(fig, title, w, h)
    if caption:
        left, bottom = _measured_margins(spec, h)
        spec = _with_caption(spec, caption, left, bottom)
    opts: dict[str, Any] = {"format": fmt, "scale": max(scale, PNG_SCALE) if fmt == "png" else 1}
    return _renderer.render(spec, opts)


def _bench_figure(offset: float) -> go.Figure:
    units = [f"Đơn vị {i}" for i in range(1, 21)]
    values = [80 + offset + i * 0.7 for i in range(20)]
    return go.Figure(go.Bar(x=values, y=units, orientation="h", texttemplate="%{x:.2f}"))


def measure_chart_export(repeats: int = 5) -> dict[str, float]:
    """Seconds to export a 20-bar chart as PNG with its caption, for ``cchc bench``.

    ``first_s``: the first export (starts the browser if this process has none yet);
    ``next_median_s`` / ``next_max_s``: the same chart again (one render each);
    ``new_chart_s``: median over charts never exported before (measure + render).
    """
    caption = caption_lines("Năm 2023 · Lần 2", "04/12/2023")
    fig = _bench_figure(0.0)

    def timed(figure: go.Figure) -> float:
        start = time.perf_counter()
        export_figure(figure, "png", caption=caption)
        return time.perf_counter() - start

    first = timed(fig)
    again = [timed(fig) for _ in range(max(1, repeats))]
    fresh = [timed(_bench_figure(0.01 * (i + 1))) for i in range(max(1, repeats))]
    return {
        "first_s": first,
        "next_median_s": statistics.median(again),
        "next_max_s": max(again),
        "new_chart_s": statistics.median(fresh),
    }
