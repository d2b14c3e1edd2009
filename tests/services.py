"""Real services for the test suite: a throw-away PostgreSQL server and headless Chromium.

Nothing here is mocked.  When a service cannot be had, tests that need it are skipped,
unless ``CCHC_REQUIRE_SERVICES=1`` (set by ``make test`` and CI), where they fail instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def unavailable(reason: str) -> None:
    """Skip, or fail where the services are required."""
    if os.environ.get("CCHC_REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service unavailable: {reason}")
    pytest.skip(reason)


def _pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start PostgreSQL in a temp dir on a loopback port; yield a SQLAlchemy base URL."""
    existing = os.environ.get("CCHC_TEST_PG_URL")
    if existing:
        yield existing.rstrip("/")
        return
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        unavailable("PostgreSQL binaries (initdb, pg_ctl) not installed")
    assert initdb and pg_ctl
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        as_postgres = ["runuser", "-u", "postgres", "--"]
    base = Path(tempfile.mkdtemp(prefix="cchc-pg-"))
    data = base / "data"
    if as_postgres:
        shutil.chown(base, "postgres")
    port = _free_port()
    subprocess.run(
        [
            *as_postgres,
            initdb,
            "-D",
            str(data),
            "--auth=trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        ],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [
            *as_postgres,
            pg_ctl,
            "-D",
            str(data),
            "-l",
            str(data / "server.log"),
            "-w",
            "-o",
            f"-p {port} -c listen_addresses=127.0.0.1 -k {base} -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(
            [*as_postgres, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(base, ignore_errors=True)


_db_counter = [0]


def create_database(base_url: str) -> str:
    """A new empty database on the server; its full URL."""
    import sqlalchemy as sa

    _db_counter[0] += 1
    name = f"cchc_test_{os.getpid()}_{_db_counter[0]}_{int(time.time() * 1000) % 100000}"
    admin = sa.create_engine(f"{base_url}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{base_url}/{name}"


def chromium_paths() -> tuple[str, str]:
    """(browser binary, chromedriver) or unavailable."""
    browser = next(
        (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p)), None
    )
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        unavailable("Chromium or chromedriver not installed (Debian: chromium chromium-driver)")
    assert browser and driver
    return browser, driver
