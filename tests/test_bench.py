"""``cchc bench`` on a tiny warehouse: the JSON records' shape, units and values, never the speed.

* the fast sections (``etl`` on two score files of each kind, ``queries``) in-process;
* the ``http`` section (gunicorn, headless Chromium, replay and a short load) on two pages.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from dashboard.bench.records import METRICS, UNITS
from dashboard.cli import main
from etl.db import get_engine
from tests.services import chromium_paths
from tests.warehouse_builder import build_scenario

KEYS = {"scale", "backend", "subject", "metric", "value", "unit"}
COUNTS = {
    "callback_errors",
    "console_errors",
    "load_errors",
}  # may be 0; every other figure is positive


@pytest.fixture
def tiny(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'tiny.db'}"
    engine = get_engine(url)
    try:
        build_scenario(engine)
    finally:
        engine.dispose()
    return url


def _records(path: Path) -> list[dict[str, Any]]:
    records = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(records, list) and records
    for item in records:
        assert set(item) == KEYS, item
        assert (item["scale"], item["backend"]) == ("province", "sqlite")
        assert item["metric"] in METRICS, item
        assert item["unit"] == UNITS[item["metric"]], item
        assert isinstance(item["subject"], str) and item["subject"]
        value = item["value"]
        assert isinstance(value, int | float) and not isinstance(value, bool), item
        assert math.isfinite(value), item
        assert value >= 0 if item["metric"] in COUNTS else value > 0, item
    return records


def _bench(tmp_path: Path, *arguments: str) -> tuple[list[dict[str, Any]], str]:
    out = tmp_path / "bench.json"
    common = ["bench", "--scale", "province", "--backend", "sqlite", "--out", str(out),
              "--cache", str(tmp_path / "cache")]  # fmt: skip
    assert main([*common, *arguments]) == 0
    return _records(out), out.read_text(encoding="utf-8")


def test_fast_sections_write_records_of_each_metric(
    tmp_path: Path, tiny: str, capsys: pytest.CaptureFixture[str]
) -> None:
    records, _ = _bench(tmp_path, "--only", "etl", "--only", "queries", "--etl-files", "2",
                        "--db", tiny)  # fmt: skip
    etl = {r["subject"] for r in records if r["metric"] == "etl_rows_per_s"}
    assert etl == {"csv", "xlsx"}
    assert {r["metric"] for r in records} == {"etl_rows_per_s", "query_ms_cold", "query_ms_warm"}
    queries = [r for r in records if r["metric"] == "query_ms_cold"]
    assert {"rankings (one group)", "rankings (all groups)"} <= {r["subject"] for r in queries}
    printed = capsys.readouterr().out
    assert "cores" in printed and "GB RAM" in printed  # the machine it ran on
    assert "| metric" in printed and "province · sqlite" in printed
    assert "etl_rows_per_s" in printed and "query_ms_warm" in printed


@pytest.mark.browser
def test_http_section_measures_pages_callbacks_and_load(
    tmp_path: Path, tiny: str, capsys: pytest.CaptureFixture[str]
) -> None:
    chromium_paths()  # skips (or fails under CCHC_REQUIRE_SERVICES) without Chromium
    records, _ = _bench(tmp_path, "--only", "http", "--db", tiny, "--quick", "--pages",
                        "rankings", "--pages", "gaps", "--clients", "2",
                        "--load-seconds", "1")  # fmt: skip
    found = {(r["metric"], r["subject"]) for r in records}
    for page in ("rankings", "gaps"):
        for metric in ("first_render_ms", "transfer_bytes_first_load", "callback_p50_ms",
                       "callback_p95_ms", "callback_p50_ms_cold", "callback_p95_ms_cold",
                       "response_bytes_max", "callback_errors"):  # fmt: skip
            assert (metric, page) in found, (metric, page)
    assert ("callback_p95_ms", "rankings/all-groups") in found  # a view Superset was timed on
    for metric in ("load_rps", "load_p95_ms", "load_errors"):
        assert (metric, "2 clients") in found
    assert ("rss_mb_max", "worker") in found
    assert all(r["value"] == 0 for r in records if r["metric"] in COUNTS)
    assert "| first_render_ms" in capsys.readouterr().out
