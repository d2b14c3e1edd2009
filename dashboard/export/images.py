"""Plotly figure → PNG / SVG / PDF bytes, rendered by kaleido v1 in the system Chromium.

One browser serves the whole process: it starts on the first export and stays open, so
every export after the first costs one render (a few hundred ms), not a browser start.

Why not ``kaleido.start_sync_server``: when the browser cannot start, its server thread dies
silently and every later call blocks for ever; and its request/answer queues are shared, so
two Flask threads exporting at once could receive each other's image.  ``_Renderer`` below
keeps kaleido's own ``Kaleido`` object on a private event loop, reports a start failure as
:class:`BrowserUnavailableError`, and pairs each request with its own future.

Every exported chart carries a caption under the plot: the active filters, the data date and
the source line (``caption.*`` in :mod:`dashboard.i18n`).
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import plotly.graph_objects as go
from plotly.utils import PlotlyJSONEncoder

from dashboard import limits
from dashboard.figures.labels import plain
from dashboard.i18n import both, t

ImageFormat = Literal["png", "svg", "pdf"]
FORMATS: tuple[ImageFormat, ...] = ("png", "svg", "pdf")
MEDIA_TYPES: dict[str, str] = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
}
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
    """An export failed for a reason the user can act on; ``str()`` is the message to show,
    ``status`` the HTTP status a download route answers with."""

    status = 400


class BrowserUnavailableError(ExportError):
    """No usable Chromium: chart images cannot be rendered."""

    status = 503


class ExportTooLargeError(ExportError):
    """The image would exceed :data:`dashboard.limits.MAX_EXPORT_MEGAPIXELS`."""

    status = 413


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

    def ready(self) -> bool:
        """True when a browser is up: the next export costs one render, not a start."""
        return self._running()

    def started(self) -> tuple[asyncio.AbstractEventLoop, Any]:
        """The running loop and browser, starting them first when there are none."""
        with self._lock:
            if not self._running():
                self._abandon()
                self._start()
            assert self._loop is not None
            return self._loop, self._kaleido

    def render(self, figure: dict[str, Any], opts: dict[str, Any]) -> bytes:
        loop, browser = self.started()
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


def browser_ready() -> bool:
    """True when this process has a running browser (see :func:`warm_up`)."""
    return _renderer.ready()


def warm_up() -> None:
    """Start the shared browser now (blocking, at most :data:`START_TIMEOUT_S`), so that the
    first export a user asks for is one render.  :class:`BrowserUnavailableError` without one.

    A cold Chromium start takes 1–3 s, but tens of seconds on a fresh machine that first
    builds its font cache."""
    _renderer.started()


def warm_up_in_background() -> threading.Thread:
    """:func:`warm_up` on a daemon thread (a server starts answering pages meanwhile); a
    missing browser is not an error here: the export that needs it reports it."""

    def start() -> None:
        with contextlib.suppress(ExportError):
            warm_up()

    thread = threading.Thread(target=start, name="cchc-kaleido-warm-up", daemon=True)
    thread.start()
    return thread


def caption_lines(filters: str, data_date: str | None, lang: str = "vi") -> list[str]:
    """The caption under an exported chart: filters and data date, then the source line."""
    first = t("caption.filters", lang, filters=filters or t("caption.none", lang))
    if data_date:
        first += " · " + t("caption.data_date", lang, date=data_date)
    return [first, t("caption.source", lang)]


PROBE_TEXT = "cchc-paper-corner"
TITLE_BAND = 44  # px above the figure's own top margin for the export title
TITLE_FONT_SIZE = 17
_PROBE = re.compile(
    r'transform="translate\(([-0-9.]+),\s*([-0-9.]+)\)"><rect class="bg"[^>]*/>'
    r'<text class="annotation-text"[^>]*>' + PROBE_TEXT + r"(top|bottom)</text>"
)


@dataclass(frozen=True)
class PaperBox:
    """Where Plotly put the paper area (the plot, inside the automatic margins), in px."""

    left: float
    top: float
    bottom: float


def _probe_annotations() -> list[dict[str, Any]]:
    """Two invisible annotations pinned to the paper's corners (annotations push no margin)."""
    common = {"xref": "paper", "yref": "paper", "x": 0, "xanchor": "left", "showarrow": False,
              "borderpad": 0, "borderwidth": 0, "font": {"color": "rgba(0,0,0,0)"}}  # fmt: skip
    return [
        {**common, "text": PROBE_TEXT + "bottom", "y": 0, "yanchor": "top"},
        {**common, "text": PROBE_TEXT + "top", "y": 1, "yanchor": "bottom"},
    ]


def paper_box(svg: str) -> PaperBox | None:
    """The paper area of a probe render (see :func:`_probe_annotations`), or ``None``."""
    found = {edge: (float(x), float(y)) for x, y, edge in _PROBE.findall(svg)}
    if set(found) != {"top", "bottom"}:
        return None
    (left, bottom), (_, top_anchor) = found["bottom"], found["top"]
    top_height = float(re.findall(r'height="([0-9.]+)"', svg.split(PROBE_TEXT + "top")[0])[-1])
    return PaperBox(left=left, top=top_anchor + top_height, bottom=bottom)


def _base_layout(fig: go.Figure, width: int, height: int) -> dict[str, Any]:
    spec = copy.deepcopy(fig.to_plotly_json())
    layout = spec.setdefault("layout", {})
    layout.update(width=width, height=height)
    layout.setdefault("separators", ",.")
    layout.setdefault("paper_bgcolor", "white")
    return spec


_box_cache: OrderedDict[str, PaperBox] = OrderedDict()
_BOX_CACHE_SIZE = 128
_box_lock = threading.Lock()  # Flask serves exports from several threads


def measure_paper(spec: dict[str, Any]) -> PaperBox:
    """The paper area as Plotly lays ``spec`` out: one SVG render, then cached (the same
    chart exported as PNG, SVG and PDF is measured once)."""
    key = hashlib.sha256(
        json.dumps(spec, sort_keys=True, cls=PlotlyJSONEncoder).encode()
    ).hexdigest()
    with _box_lock:
        if key in _box_cache:
            _box_cache.move_to_end(key)
            return _box_cache[key]
    probe = copy.deepcopy(spec)
    layout = probe["layout"]
    layout["annotations"] = [*layout.get("annotations", []), *_probe_annotations()]
    box = paper_box(_renderer.render(probe, {"format": "svg"}).decode("utf-8"))
    if box is None:  # cannot happen with plotly.js 2/3; keep the default margins then
        margin = layout.get("margin", {})
        box = PaperBox(80.0, float(margin.get("t", 100)), layout["height"] - 80.0)
    with _box_lock:
        _box_cache[key] = box
        while len(_box_cache) > _BOX_CACHE_SIZE:
            _box_cache.popitem(last=False)
    return box


def framed(
    spec: dict[str, Any], box: PaperBox, title: str | None, caption: Sequence[str]
) -> dict[str, Any]:
    """``spec`` grown by a title band on top and a caption band at the bottom.

    The paper area keeps its size and the margins Plotly chose (tick labels, legends, axis
    titles stay where they were); the title and the caption go in new bands outside them.
    Both are plain text (unit and criterion names from the data): Plotly draws them as written.
    """
    out = copy.deepcopy(spec)
    layout = out["layout"]
    height = float(layout["height"])
    top_band = TITLE_BAND if title else 0
    bottom_band = CAPTION_PADDING * 2 + CAPTION_LINE_HEIGHT * len(caption) if caption else 0
    margin = layout.setdefault("margin", {})
    margin["t"] = box.top + top_band
    margin["b"] = height - box.bottom + bottom_band
    margin["l"] = box.left
    layout["height"] = height + top_band + bottom_band
    if title:
        layout["title"] = {
            "text": plain(title), "xref": "container", "x": 0, "xanchor": "left",
            "yref": "container", "y": 1, "yanchor": "top",
            "pad": {"l": CAPTION_PADDING, "t": CAPTION_PADDING}, "font": {"size": TITLE_FONT_SIZE},
        }  # fmt: skip
    if caption:
        note = {
            "text": "<br>".join(map(plain, caption)), "xref": "paper", "yref": "paper",
            "x": 0, "y": 0, "xanchor": "left", "yanchor": "top", "align": "left",
            "showarrow": False, "xshift": CAPTION_PADDING - box.left,
            "yshift": -(height - box.bottom + CAPTION_PADDING),
            "font": {"size": CAPTION_FONT_SIZE, "color": "#444444"},
        }  # fmt: skip
        layout["annotations"] = [*layout.get("annotations", []), note]
    return out


def check_size(width: float, height: float, scale: float) -> None:
    """:class:`ExportTooLargeError` when the image has more than the allowed pixels (a chart
    of hundreds of units at twice the size would take the browser gigabytes)."""
    megapixels = width * scale * height * scale / 1e6
    if megapixels > limits.MAX_EXPORT_MEGAPIXELS:
        shown = f"{megapixels:.0f}"
        raise ExportTooLargeError(
            both("error.export_too_big", pixels=shown, limit=f"{limits.MAX_EXPORT_MEGAPIXELS:g}")
        )


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

    ``title`` goes above the chart (replacing the figure's own title) and the ``caption``
    lines (see :func:`caption_lines`) under it, below its tick labels and legend.  Raises
    :class:`BrowserUnavailableError` without a usable Chromium, :class:`ExportTooLargeError`
    for an image over :data:`dashboard.limits.MAX_EXPORT_MEGAPIXELS`.
    """
    if fmt not in FORMATS:
        raise ExportError(f"Định dạng không hỗ trợ / unsupported format: {fmt!r}")
    w = int(width or fig.layout.width or DEFAULT_WIDTH)
    h = int(height or fig.layout.height or DEFAULT_HEIGHT)
    opts: dict[str, Any] = {"format": fmt, "scale": max(scale, PNG_SCALE) if fmt == "png" else 1}
    check_size(w, h, opts["scale"])
    spec = _base_layout(fig, w, h)
    if title or caption:
        if title:
            spec["layout"]["title"] = {"text": ""}
        spec = framed(spec, measure_paper(spec), title, caption)
    check_size(w, spec["layout"]["height"], opts["scale"])
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
