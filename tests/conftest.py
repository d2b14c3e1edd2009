"""Shared fixtures: warehouses on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from etl.db import get_engine
from tests.services import create_database, postgres_server

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def pg_base_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real Redis server for the session (tests/redis_service.py)."""
    from tests.redis_service import redis_server

    with redis_server() as url:
        yield url


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = get_engine(f"sqlite:///{tmp_path / 'warehouse.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def pg_engine(pg_base_url: str) -> Iterator[Engine]:
    engine = get_engine(create_database(pg_base_url))
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """The same test on both warehouses."""
    name = "sqlite_engine" if request.param == "sqlite" else "pg_engine"
    return request.getfixturevalue(name)


def pytest_setup_options():  # dash.testing hook: how the browser for `dash_duo` starts
    import tempfile

    from selenium.webdriver.chrome.options import Options

    from tests.services import CHROMIUM_FLAGS, chromium_paths

    browser, _driver = chromium_paths()
    options = Options()
    options.binary_location = browser
    for flag in CHROMIUM_FLAGS:
        if flag != "--headless":  # dash.testing adds it with --headless
            options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='cchc-chromium-')}")
    options.add_argument("--window-size=1400,1000")
    options.add_argument("--lang=vi")
    return options


@pytest.fixture(scope="session")
def demo_db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite warehouse with the province demo, built once per test process by `cchc demo`."""
    from demo import run_demo

    base = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{base / 'warehouse.db'}"
    engine = get_engine(url)
    results = run_demo(engine, out_dir=base / "files", progress=False)
    engine.dispose()
    rejected = [r for r in results if r.status == "rejected"]
    assert not rejected, rejected
    return url


# --- under `make test` / CI: the real-service tests must have run, none skipped ---------------

SERVICE_MARKERS = ("browser", "postgres")
_service_outcomes: dict[str, dict[str, int]] = {m: {} for m in SERVICE_MARKERS}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if {"pg_base_url", "pg_engine"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "call" and not (report.when == "setup" and report.outcome != "passed"):
        return
    for marker in SERVICE_MARKERS:
        if marker in report.keywords:
            counts = _service_outcomes[marker]
            counts[report.outcome] = counts.get(report.outcome, 0) + 1


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    import os

    if os.environ.get("CCHC_REQUIRE_SERVICES") != "1" or hasattr(session.config, "workerinput"):
        return
    if session.config.option.markexpr or session.config.args != ["tests"]:
        return  # a partial run (-m, or named files) need not include every kind
    for marker, counts in _service_outcomes.items():
        if counts.get("skipped") or not counts.get("passed"):
            print(f"\nCCHC_REQUIRE_SERVICES: {marker} tests did not all run: {counts}")
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def demo_engine(demo_db_url: str) -> Iterator[Engine]:
    """An engine on the demo warehouse (:func:`demo_db_url`), one per test process."""
    engine = get_engine(demo_db_url)
    yield engine
    engine.dispose()
