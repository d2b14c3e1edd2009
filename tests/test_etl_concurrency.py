"""Writers that meet: two loads at once, workers on a new warehouse, a load killed midway.

Each test runs the real ``cchc`` in separate processes against a real warehouse file or a
real PostgreSQL server, and checks the warehouse afterwards against one clean load.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from demo import write_demo
from etl.migrate import head
from tests.services import create_database

CCHC = [sys.executable, "-m", "dashboard.cli"]
CHECK = (
    "select (select count(*) from score_fact) as facts,"
    " (select count(*) from load_batch where status = 'loaded') as batches,"
    " (select count(distinct sha256) from load_batch where status = 'loaded') as files,"
    " (select coalesce(sum(self_score), 0) + coalesce(sum(appraised_score), 0)"
    "  from score_fact) as points,"
    " (select count(*) from unit_summary) as summaries"
)


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two provinces of the national demo: 27 files, ≈ 70,000 score rows."""
    folder = tmp_path_factory.mktemp("national")
    write_demo(folder, scale="national", provinces=2)
    return folder


def _load(url: str, folder: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CCHC, "load", str(folder), "--db", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


def _state(url: str) -> dict[str, float]:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            row = conn.execute(sa.text(CHECK)).mappings().one()
    finally:
        engine.dispose()
    # PostgreSQL sums numeric to Decimal, SQLite to float: compare to the thousandth
    return {key: round(float(value), 3) for key, value in row.items()}


@pytest.fixture(scope="module")
def reference(national: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    """The warehouse after one load on its own."""
    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'warehouse.db'}"
    process = _load(url, national)
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output
    state = _state(url)
    assert state["files"] == state["batches"] == 27
    return state


def _urls(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'warehouse.db'}"
    return create_database(request.getfixturevalue("pg_base_url"))


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_two_loads_at_once_load_every_file_once(
    backend: str, national: Path, reference: dict[str, float], tmp_path: Path, request
) -> None:
    """Issue 7, case 8: on a new warehouse one load died (`table unit already exists`) and on
    an existing one every file was loaded twice.  Now both finish, each file loaded once."""
    url = _urls(backend, tmp_path, request)
    first, second = _load(url, national), _load(url, national)
    outputs = [p.communicate(timeout=300)[0] for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    assert "Traceback" not in "".join(outputs)
    assert _state(url) == reference
    # every file loaded by exactly one of the two; the other found it loaded and skipped it
    loaded = [int(m) for out in outputs for m in re.findall(r"Đã nạp (\d+), bỏ qua", out)]
    skipped = [int(m) for out in outputs for m in re.findall(r"bỏ qua (\d+), từ chối", out)]
    assert sum(loaded) == 27 and sum(skipped) == 27, outputs


@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_workers_on_a_new_warehouse_create_the_schema_once(
    backend: str, tmp_path: Path, request
) -> None:
    """Four processes opening a new warehouse at once (gunicorn workers, cron loads)."""
    url = _urls(backend, tmp_path, request)
    code = f"from etl.db import get_engine; get_engine({url!r}).dispose(); print('ok')"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in processes]
    assert [p.returncode for p in processes] == [0] * 4, outputs
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("select version_num from alembic_version")).all() == [(head(),)]
    engine.dispose()


@pytest.mark.parametrize("delay", [1.2, 2.4])
def test_a_load_killed_midway_leaves_nothing_partial(
    delay: float, national: Path, reference: dict[str, float], tmp_path: Path
) -> None:
    """kill -9 in the middle of a load: every file is in the warehouse whole or not at all,
    the lock dies with the process, and loading again ends where one clean load ends."""
    url = f"sqlite:///{tmp_path / 'warehouse.db'}"
    process = _load(url, national)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    if (tmp_path / "warehouse.db").exists():
        state = _state(url) if _has_tables(url) else None
        if state is not None:
            assert state["files"] == state["batches"] < 27
            assert state["facts"] <= reference["facts"]
    again = _load(url, national)
    output, _ = again.communicate(timeout=300)
    assert again.returncode == 0, output
    assert _state(url) == reference


def _has_tables(url: str) -> bool:
    engine = sa.create_engine(url)
    try:
        return sa.inspect(engine).has_table("unit_summary")
    finally:
        engine.dispose()
