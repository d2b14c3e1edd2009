"""The benchmark's sections that run in this process: ETL throughput, the query layer, chart
export.

* **etl** — for each subject of :meth:`.warehouses.Demo.etl_sets` (``csv``, ``xlsx``): a fresh
  warehouse on the backend, the reference files loaded (untimed), then the score files through
  ``etl.load.load_files`` (one transaction per file, as ``cchc load``): score rows per second;
* **queries** — each page's main query on the run's warehouse, first call (cold) and again
  (cached by the query layer);
* **export** — one chart exported as PNG (``export.images.measure_chart_export``): the first
  export, the same chart again, a chart never exported before.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dashboard.bench.records import Record, record
from dashboard.bench.warehouses import Demo, scratch_database

Say = Callable[[str], None]


def etl(
    demo: Demo, backend: str, directory: Path, base_url: str | None, limit: int | None, say: Say
) -> list[Record]:
    from etl.db import get_engine
    from etl.load import load_files

    out = []
    for subject, (reference, timed) in demo.etl_sets(limit).items():
        with scratch_database(backend, directory, base_url) as url:
            engine = get_engine(url)
            try:
                load_files(engine, reference, progress=False)
                start = time.perf_counter()
                results = load_files(engine, timed, progress=False)
                elapsed = time.perf_counter() - start
            finally:
                engine.dispose()
        rows = sum(r.rows for r in results if r.status == "loaded")
        rejected = [r for r in results if r.status != "loaded"]
        say(
            f"etl {subject}: {len(timed)} files, {rows:,} score rows in {elapsed:.1f} s"
            + (f" ({len(rejected)} files NOT loaded: {rejected[0].status})" if rejected else "")
        )
        if rows and elapsed > 0:
            out.append(record(demo.scale, backend, subject, "etl_rows_per_s", rows / elapsed))
    return out


def _timed(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def queries(scale: str, backend: str, url: str, say: Say) -> list[Record]:
    from dashboard import queries as q
    from etl.db import get_engine

    engine = get_engine(url)
    try:
        latest = q.latest(engine)
        if latest is None:
            say("queries: empty warehouse, skipped")
            return []
        year, round_ = latest
        group = str(q.groups(engine, year)["group"].iloc[0])
        unit = str(q.units(engine, group)["unit_code"].iloc[0])
        field = str(q.fields(engine, year, group)["code"].iloc[0])
        calls: dict[str, Callable[[], Any]] = {
            "overview": lambda: q.overview(engine, year, round_),
            "rankings (one group)": lambda: q.rankings(engine, year, round_, group),
            "rankings (all groups)": lambda: q.rankings(engine, year, round_),
            "field_scores (gaps)": lambda: q.field_scores(engine, year, round_, group),
            "evidence_matrix (leaf)": lambda: q.evidence_matrix(
                engine, year, round_, group, level="leaf"
            ),
            "scorecard (one unit)": lambda: q.scorecard(engine, year, round_, unit),
            "criterion_explorer": lambda: q.criterion_explorer(engine, year, round_, group, field),
            "progress": lambda: q.progress(engine, year, round_),
        }
        q.configure_cache(None)
        out = []
        for label, call in calls.items():
            cold, warm = _timed(call), _timed(call)
            out.append(record(scale, backend, label, "query_ms_cold", cold))
            out.append(record(scale, backend, label, "query_ms_warm", warm))
        return out
    finally:
        engine.dispose()


def export(scale: str, backend: str, say: Say) -> list[Record]:
    from dashboard.export.images import measure_chart_export

    try:
        figures = measure_chart_export()
    except Exception as exc:  # the figure is what matters: say why there is none
        say(f"chart export unavailable: {exc}")
        return []
    names = {"first_s": "first", "next_median_s": "same chart (median)",
             "next_max_s": "same chart (max)", "new_chart_s": "new chart (median)"}  # fmt: skip
    return [
        record(scale, backend, names.get(key, key), "chart_export_ms", seconds * 1000)
        for key, seconds in figures.items()
    ]
