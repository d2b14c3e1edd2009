"""The benchmark's figures: records, their targets, the printed table and the JSON file.

A :class:`Record` is one figure, ``{scale, backend, subject, metric, value, unit}``.
:func:`table` prints every record once, one row per (metric, subject) and one column per
(scale, backend) run, each figure next to its target (and Superset's cached p95 where there is
one) with ✓ or ✗ — nothing asserts: a reader sees what passes.

The targets are the issue's, for the national scale on SQLite with 2 gunicorn workers; they are
shown against every run.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Record:
    scale: str
    backend: str
    subject: str
    metric: str
    value: float
    unit: str


@dataclass(frozen=True)
class Target:
    limit: float
    at_most: bool = True  # value ≤ limit passes; else value ≥ limit passes

    def passes(self, value: float) -> bool:
        return value <= self.limit if self.at_most else value >= self.limit

    def text(self, unit: str) -> str:
        whole = unit in ("ms", "MB") and self.limit == int(self.limit)
        shown = f"{int(self.limit):,} {unit}" if whole else number(self.limit, unit)
        return ("≤ " if self.at_most else "≥ ") + shown


# What each metric means and its unit, in table order.
METRICS: dict[str, tuple[str, str]] = {
    "etl_rows_per_s": ("rows/s", "score rows loaded per second into a fresh warehouse"),
    "callback_p50_ms": ("ms", "callback latency, warm (asked again), median"),
    "callback_p95_ms": ("ms", "callback latency, warm, 95th percentile"),
    "callback_p50_ms_cold": ("ms", "callback latency, first asked after a restart, median"),
    "callback_p95_ms_cold": ("ms", "callback latency, first asked after a restart, p95"),
    "callback_count": ("requests", "distinct callback requests the pages made"),
    "callback_errors": ("requests", "callback answers other than 200 while browsing"),
    "console_errors": ("messages", "errors in the browser's console while browsing"),
    "response_bytes_max": ("bytes", "largest answer before compression"),
    "first_render_ms": ("ms", "navigation start to every graph drawn, empty cache"),
    "transfer_bytes_first_load": ("bytes", "bytes transferred by that first load"),
    "rss_mb_max": ("MB", "peak resident memory of a gunicorn worker (VmHWM)"),
    "load_rps": ("req/s", "warm callback mix, 20 concurrent clients"),
    "load_p95_ms": ("ms", "latency under that load, p95"),
    "load_errors": ("requests", "failed requests under that load"),
    "query_ms_cold": ("ms", "a page's main query in-process, first call"),
    "query_ms_warm": ("ms", "the same query, cached"),
    "chart_export_ms": ("ms", "one chart exported as PNG (kaleido)"),
}
UNITS = {metric: unit for metric, (unit, _) in METRICS.items()}

# Superset's cached p95 (ms) for the same views: a callback's warm p95 should not exceed it.
SUPERSET_P95_MS: dict[str, float] = {
    "rankings/group": 45,
    "rankings/all-groups": 64,
    "evidence/field": 111,
    "evidence/leaf": 640,
    "gaps": 90,
}
TARGETS: dict[str, Target] = {
    "callback_p95_ms_cold": Target(250),
    "callback_errors": Target(0),
    "console_errors": Target(0),
    "response_bytes_max": Target(1_000_000),
    "first_render_ms": Target(2_500),
    "transfer_bytes_first_load": Target(2_000_000),
    "rss_mb_max": Target(400),
    "load_rps": Target(30, at_most=False),
    "load_errors": Target(0),
}


def target_of(metric: str, subject: str) -> Target | None:
    if metric == "callback_p95_ms" and subject in SUPERSET_P95_MS:
        return Target(SUPERSET_P95_MS[subject])
    return TARGETS.get(metric)


def record(scale: str, backend: str, subject: str, metric: str, value: float) -> Record:
    return Record(scale, backend, subject, metric, float(value), UNITS[metric])


def percentile(values: Sequence[float], share: float) -> float:
    """The ``share`` quantile (nearest rank) of ``values``, which must not be empty."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))  # ceil(n * share), at least 1
    return ordered[int(rank) - 1]


# --- printing -------------------------------------------------------------------------------


def number(value: float, unit: str) -> str:
    """``value`` in ``unit`` as a person reads it (bytes as kB or MB)."""
    if unit == "bytes":
        if value >= 1_000_000:
            return f"{value / 1_000_000:.2f} MB"
        return f"{value / 1000:,.0f} kB"
    if unit in ("ms", "MB") and value < 100:
        return f"{value:.1f} {unit}"
    if unit in ("requests", "messages"):
        return f"{value:,.0f}"
    return f"{value:,.0f} {unit}"


def _cell(found: Record | None, target: Target | None) -> str:
    if found is None:
        return ""
    text = number(found.value, found.unit)
    if target is None:
        return text
    return f"{text} {'✓' if target.passes(found.value) else '✗'}"


def _order(metric: str) -> int:
    names = list(METRICS)
    return names.index(metric) if metric in names else len(names)


def table(records: Sequence[Record]) -> str:
    """Every record once, as a Markdown table: a row per (metric, subject), a column per run."""
    runs = list(dict.fromkeys((r.scale, r.backend) for r in records))
    rows = sorted(
        dict.fromkeys((r.metric, r.subject) for r in records),
        key=lambda key: (_order(key[0]), key[1] == "all", key[1]),
    )
    found = {(r.scale, r.backend, r.metric, r.subject): r for r in records}
    header = ["metric", "subject", *(f"{scale} · {backend}" for scale, backend in runs),
              "target", "Superset p95"]  # fmt: skip
    lines = [header, ["---"] * len(header)]
    for metric, subject in rows:
        target = target_of(metric, subject)
        superset = SUPERSET_P95_MS.get(subject) if metric == "callback_p95_ms" else None
        lines.append(
            [
                metric,
                subject,
                *(_cell(found.get((s, b, metric, subject)), target) for s, b in runs),
                target.text(UNITS.get(metric, "")) if target else "",
                f"{superset:.0f} ms" if superset is not None else "",
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    lines[1] = ["-" * w for w in widths]
    return "\n".join(
        "| " + " | ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)) + " |"
        for line in lines
    )


def write_json(path: Path, records: Iterable[Record]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    items = [asdict(r) for r in records]
    path.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# --- the machine ----------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _os_name() -> str:
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return platform.system()


def machine() -> str:
    """One line: CPU model, cores, RAM, OS, kernel, Python and SQLite versions."""
    return (
        f"{_cpu_model()}, {os.cpu_count()} cores, {_memory_gb():.0f} GB RAM; {_os_name()} "
        f"(Linux {platform.release()}); Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )
