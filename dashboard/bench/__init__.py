"""``cchc bench``: the performance figures, measured with real components and printed next to
their targets (a subcommand of :mod:`dashboard.cli`).

``cchc bench [--scale province|national]... [--backend sqlite|postgresql]... [--out FILE]``
measures each scale on each backend (default: the province on SQLite, a few minutes; ``make
bench`` runs all four) and prints one table: a row per figure, a column per run, the target
and Superset's cached p95 beside it, ✓ or ✗.  Nothing asserts.  ``--out FILE`` writes the
figures as a JSON list of records ``{scale, backend, subject, metric, value, unit}``.

Sections (``--only``, repeatable):

* ``etl`` — score rows per second, long CSV and spreadsheets (:mod:`.inprocess`);
* ``queries`` — each page's main query in-process, cold and cached (:mod:`.inprocess`);
* ``http`` — gunicorn with 2 workers, every page in headless Chromium (first render, bytes
  transferred), its callbacks replayed cold, warm and by 20 concurrent clients, response sizes,
  worker memory (:mod:`.web`);
* ``export`` — a chart exported as PNG (once, in the first run).

The demo's files and warehouses (``cchc demo`` at each scale; on PostgreSQL a cluster kept for
the benchmark) are built on first use and kept under ``.tmp/bench/`` (:mod:`.warehouses`); each
run works on a copy.  ``--db URL`` measures that warehouse instead.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from pathlib import Path

from dashboard.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, Command

SECTIONS = ("etl", "queries", "http", "export")
SCALES = ("province", "national")
BACKENDS = ("sqlite", "postgresql")


def say(text: str) -> None:
    print(text, flush=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scale",
        choices=SCALES,
        action="append",
        help="quy mô (lặp lại được) / scale, repeatable (default: province)",
    )
    parser.add_argument("--backend", choices=BACKENDS, action="append",
                        help="kho dữ liệu (lặp lại được) / warehouse backend, repeatable "
                             "(default: sqlite)")  # fmt: skip
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help="ghi các số đo ra JSON / write the records as JSON")  # fmt: skip
    parser.add_argument(
        "--only",
        choices=SECTIONS,
        action="append",
        help="chỉ chạy phần này (lặp lại được) / run only this section",
    )
    parser.add_argument("--db", metavar="URL",
                        help="đo kho dữ liệu này thay cho kho mẫu / measure this warehouse "
                             "instead of the demo's (queries, http)")  # fmt: skip
    parser.add_argument("--pages", action="append", metavar="SLUG",
                        help="chỉ các trang này / only these pages (http)")  # fmt: skip
    parser.add_argument(
        "--quick",
        action="store_true",
        help="mỗi trang một góc nhìn / each page's default view only (http)",
    )
    parser.add_argument(
        "--clients",
        type=int,
        default=20,
        help="số máy khách đồng thời / concurrent clients (http load)",
    )
    parser.add_argument("--load-seconds", type=float, default=20.0,
                        help="thời gian chạy tải / seconds of load")  # fmt: skip
    parser.add_argument(
        "--etl-files",
        type=int,
        metavar="N",
        help="tối đa N tệp điểm mỗi loại / at most N score files per kind (etl)",
    )
    parser.add_argument("--cache", type=Path, metavar="DIR",
                        help="thư mục lưu dữ liệu mẫu / where the demo data is kept "
                             "(default: .tmp/bench)")  # fmt: skip
    parser.add_argument(
        "--recordings",
        type=Path,
        metavar="DIR",
        help="lưu các yêu cầu đã ghi / keep the recorded callback requests",
    )


@contextmanager
def kept_postgres(directory: Path) -> Iterator[str]:
    """The benchmark's own PostgreSQL cluster in ``directory`` (made anew when the kept one
    cannot start, e.g. after a PostgreSQL upgrade); its base URL."""
    from dashboard.devservices import postgres_server

    stack = ExitStack()
    try:
        url = stack.enter_context(postgres_server(directory, durable=True))
    except subprocess.CalledProcessError as exc:
        say(f"the kept PostgreSQL cluster did not start ({exc.stderr!r:.200}): made anew")
        shutil.rmtree(directory, ignore_errors=True)
        url = stack.enter_context(postgres_server(directory, durable=True))
    with stack:
        yield url


def _load_average() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "?"
    return f"{one:.1f} (1 min), {five:.1f} (5 min)"


def run(args: argparse.Namespace) -> int:
    from dashboard.bench import inprocess, web
    from dashboard.bench.records import Record, machine, table, write_json
    from dashboard.bench.warehouses import CACHE, Demo, run_database
    from dashboard.devservices import ServiceUnavailable
    from dashboard.view import PAGES

    unknown = sorted(set(args.pages or ()) - set(PAGES))
    if unknown:
        say(f"không có trang / no such page: {', '.join(unknown)} (pages: {', '.join(PAGES)})")
        return EXIT_USAGE
    scales = list(dict.fromkeys(args.scale or ["province"]))
    backends = list(dict.fromkeys(args.backend or ["sqlite"]))
    sections = set(args.only or SECTIONS)
    cache = args.cache or CACHE
    started = time.perf_counter()
    say(f"Máy / machine: {machine()}")
    say(f"Tải máy lúc bắt đầu / load average at start: {_load_average()}")
    records: list[Record] = []
    failed = False
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="cchc-bench-") as tmp:
        pg_base = None
        if "postgresql" in backends:
            try:
                pg_base = stack.enter_context(kept_postgres(cache / "pg"))
            except (ServiceUnavailable, subprocess.CalledProcessError) as exc:
                say(f"PostgreSQL: {exc} — only SQLite is measured")
                backends.remove("postgresql")
                failed = True
        for scale in scales:
            demo = Demo.of(scale, cache)
            for backend in backends:
                say(f"\n== {scale} · {backend} ==")
                base = pg_base if backend == "postgresql" else None
                try:
                    if "etl" in sections:
                        records += inprocess.etl(demo, backend, Path(tmp), base, args.etl_files,
                                                 say)  # fmt: skip
                    if sections & {"queries", "http"}:
                        if args.db is None:
                            say(f"warehouse: the {scale} demo (kept in {demo.root})")
                        database = (nullcontext(args.db) if args.db
                                    else run_database(demo, backend, Path(tmp), base))  # fmt: skip
                        with database as url:
                            if "queries" in sections:
                                records += inprocess.queries(scale, backend, url, say)
                            if "http" in sections:
                                web.measure(
                                    scale, backend, url, say, records,
                                    pages=tuple(args.pages or ()), thorough=not args.quick,
                                    clients=args.clients, load_seconds=args.load_seconds,
                                    recordings=args.recordings,
                                )  # fmt: skip
                    if "export" in sections and not any(
                        r.metric == "chart_export_ms" for r in records
                    ):
                        records += inprocess.export(scale, backend, say)
                except Exception as exc:  # one run failing must not lose the others' figures
                    failed = True
                    first = str(exc).strip().splitlines()[:1]
                    say(f"!! {scale} · {backend} failed: {type(exc).__name__}: {''.join(first)}")
    elapsed = time.perf_counter() - started
    say(f"\nMáy / machine: {machine()}")
    say(f"Tải máy lúc kết thúc / load average at the end: {_load_average()}; "
        f"{elapsed / 60:.1f} min")  # fmt: skip
    say("Mục tiêu cho quy mô toàn quốc, SQLite, 2 worker / targets for national scale, SQLite, "
        "2 gunicorn workers; ✓ meets it, ✗ does not\n")  # fmt: skip
    say(table(records))
    if args.out:
        write_json(args.out, records)
        say(f"\n{len(records)} records → {args.out}")
    return EXIT_FAILED if failed else EXIT_OK


COMMAND = Command(
    name="bench", help="Đo hiệu năng / performance benchmark", add_arguments=add_arguments, run=run
)

__all__ = ["COMMAND", "add_arguments", "run"]
