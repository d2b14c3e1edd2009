"""``cchc bench``: the performance figures, printed (a subcommand of :mod:`dashboard.cli`).

Sections, each timed on this machine with real components:

* **etl** — the national demo writer makes long score CSVs for ``--provinces`` provinces;
  ``load_files`` loads them into a fresh warehouse (SQLite temp file, or ``--db``): rows/s.
* **queries** — the query layer on that warehouse (national-shaped data): each page's main
  query, cold (first call) and warm (cached).
* **http** — the app under gunicorn on a loopback port, signed in as a throw-away leader
  account (disabled afterwards): the size of every page's layout response and, for
  ``--requests`` requests from 8 threads, throughput and latency.
* **export** — one chart exported as PNG, first and subsequent (``export.images``).

Nothing here asserts: it measures and prints, so a slow part is visible, not hidden.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from dashboard.cli.common import EXIT_OK, Command, add_db_argument

PAGES = (
    "/",
    "/xep-hang",
    "/chenh-lech",
    "/tai-lieu-kiem-chung",
    "/don-vi",
    "/tieu-chi",
    "/tien-do",
)


def _timed(func: Callable[[], Any]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def _line(label: str, value: str) -> None:
    print(f"  {label:<44} {value}")


def bench_etl(workdir: Path, provinces: int, db_url: str | None) -> str:
    """Write and load the national demo for ``provinces`` provinces; return the warehouse URL."""
    from demo.national import write_national
    from etl.db import get_engine
    from etl.load import load_files

    print(f"ETL ({provinces} tỉnh / provinces, national demo shape)")
    start = time.perf_counter()
    paths = write_national(workdir / "files", provinces=provinces)
    _line("write exports", f"{time.perf_counter() - start:.1f} s, {len(paths)} files")
    url = db_url or f"sqlite:///{workdir / 'bench.db'}"
    engine = get_engine(url)
    start = time.perf_counter()
    results = load_files(engine, paths, progress=False)
    elapsed = time.perf_counter() - start
    score_rows = sum(r.rows for r in results if r.kind == "scores")
    rejected = sum(r.status == "rejected" for r in results)
    _line("load (all files, one transaction each)", f"{elapsed:.1f} s, rejected files: {rejected}")
    _line("score rows loaded", f"{score_rows:,}")
    _line("throughput", f"{score_rows / elapsed:,.0f} score rows/s ({engine.dialect.name})")
    start = time.perf_counter()
    again = load_files(engine, paths, progress=False)
    already = sum(r.status == "already_loaded" for r in again)
    _line(
        "reload same files (idempotent)", f"{time.perf_counter() - start:.1f} s, {already} skipped"
    )
    engine.dispose()
    return url


def bench_queries(url: str) -> None:
    from dashboard import queries
    from etl.db import get_engine

    engine = get_engine(url)
    latest = queries.latest(engine)
    if latest is None:
        print("queries: empty warehouse, skipped")
        return
    year, round_ = latest
    group = str(queries.groups(engine, year)["group"].iloc[0])
    unit = str(queries.units(engine, group)["unit_code"].iloc[0])
    field = str(queries.fields(engine, year, group)["code"].iloc[0])
    print(f"Queries ({engine.dialect.name}, {year} lần {round_}, group {group}; cold / warm)")
    calls: dict[str, Callable[[], Any]] = {
        "overview": lambda: queries.overview(engine, year, round_),
        "rankings (group)": lambda: queries.rankings(engine, year, round_, group),
        "rankings (all groups)": lambda: queries.rankings(engine, year, round_),
        "field_scores (gaps page)": lambda: queries.field_scores(engine, year, round_, group),
        "evidence_matrix (leaf level)": lambda: queries.evidence_matrix(
            engine, year, round_, group, level="leaf"
        ),
        "scorecard (one unit)": lambda: queries.scorecard(engine, year, round_, unit),
        "criterion_explorer (one field)": lambda: queries.criterion_explorer(
            engine, year, round_, group, field
        ),
        "progress": lambda: queries.progress(engine, year, round_),
    }
    queries.configure_cache(None)
    for label, call in calls.items():
        cold, warm = _timed(call), _timed(call)
        _line(label, f"{cold * 1000:8.0f} ms / {warm * 1000:6.1f} ms")
    engine.dispose()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not start: {url}")


def _get(opener: urllib.request.OpenerDirector, url: str) -> tuple[float, int]:
    start = time.perf_counter()
    with opener.open(url, timeout=60) as response:
        size = len(response.read())
    return time.perf_counter() - start, size


def _signed_in(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    """A client holding the session cookie of ``username``, signed in through ``/login``."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    with opener.open(base + "/login", timeout=30) as response:
        form = response.read().decode("utf-8")
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    fields = {"csrf": token.group(1) if token else "", "username": username,
              "password": password}  # fmt: skip
    opener.open(base + "/login", urllib.parse.urlencode(fields).encode(), timeout=30).close()
    return opener


def _bench_account(url: str) -> tuple[str, str]:
    """A throw-away leader account to sign in with (disabled again afterwards)."""
    from dashboard.auth import users
    from etl.db import get_engine

    username, password = f"bench-{secrets.token_hex(4)}", users.demo_password()
    engine = get_engine(url)
    users.add(engine, username, password, "lanh_dao", actor=users.Actor(via="bench"))
    engine.dispose()
    return username, password


def _retire(url: str, username: str) -> None:
    from dashboard.auth import users
    from etl.db import get_engine

    engine = get_engine(url)
    users.set_disabled(engine, username, True, actor=users.Actor(via="bench"))
    engine.dispose()


def bench_http(url: str, requests: int) -> None:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    username, password = _bench_account(url)
    env = {**os.environ, "CCHC_DATABASE_URL": url, "CCHC_SECRET_KEY": secrets.token_hex(32)}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "dashboard.app:server",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        _wait_for(base + "/login")
        opener = _signed_in(base, username, password)
        print(f"HTTP (gunicorn, 2 workers, {base}, signed in)")
        for path, size_label in (("/_dash-layout", "app layout"), ("/", "page shell")):
            elapsed, size = _get(opener, base + path)
            _line(f"{size_label} {path}", f"{size / 1024:7.1f} KiB in {elapsed * 1000:.0f} ms")
        timings: list[float] = []
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=8) as pool:
            for elapsed, _size in pool.map(
                lambda i: _get(opener, base + PAGES[i % len(PAGES)]), range(requests)
            ):
                timings.append(elapsed)
        wall = time.perf_counter() - start
        timings.sort()
        _line(f"{requests} page requests, 8 threads", f"{requests / wall:,.0f} req/s")
        _line(
            "latency p50 / p95 / max",
            f"{statistics.median(timings) * 1000:.0f} / "
            f"{timings[int(len(timings) * 0.95) - 1] * 1000:.0f} / {timings[-1] * 1000:.0f} ms",
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        _retire(url, username)


def bench_export() -> None:
    from dashboard.export.images import measure_chart_export

    print("Chart export (kaleido, persistent Chromium)")
    try:
        figures = measure_chart_export()
    except Exception as exc:  # the figure is what matters; say why there is none
        _line("unavailable", str(exc))
        return
    for key, seconds in figures.items():
        _line(key, f"{seconds * 1000:.0f} ms")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--provinces", type=int, default=3, help="tỉnh trong dữ liệu ETL thử")
    parser.add_argument("--requests", type=int, default=200, help="số yêu cầu HTTP")
    parser.add_argument(
        "--only",
        choices=("etl", "queries", "http", "export"),
        action="append",
        help="chỉ chạy phần này (lặp lại được) / run only this section",
    )
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    sections = set(args.only or ("etl", "queries", "http", "export"))
    with tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        url = args.db
        if "etl" in sections or url is None:
            url = bench_etl(Path(tmp), args.provinces, args.db)
        if "queries" in sections:
            bench_queries(url)
        if "http" in sections:
            bench_http(url, args.requests)
        if "export" in sections:
            bench_export()
    return EXIT_OK


COMMAND = Command(
    name="bench", help="Đo hiệu năng / performance benchmark", add_arguments=add_arguments, run=run
)
