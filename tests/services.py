"""Real services for the test suite: a throw-away PostgreSQL server and headless Chromium
(started by :mod:`dashboard.devservices`, which the benchmark uses too).

Nothing here is mocked.  When a service cannot be had, tests that need it are skipped,
unless ``CCHC_REQUIRE_SERVICES=1`` (set by ``make test`` and CI), where they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from dashboard import devservices
from dashboard.devservices import CHROMIUM_FLAGS, create_database

__all__ = ["CHROMIUM_FLAGS", "chromium_paths", "create_database", "postgres_server",
           "unavailable"]  # fmt: skip

_pg_bin = devservices.pg_bin  # tests/test_server_faults.py stops and starts its own server


def unavailable(reason: str) -> None:
    """Skip, or fail where the services are required."""
    if os.environ.get("CCHC_REQUIRE_SERVICES") == "1":
        pytest.fail(f"required service unavailable: {reason}")
    pytest.skip(reason)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start PostgreSQL in a temp dir on a loopback port; yield a SQLAlchemy base URL
    (``CCHC_TEST_PG_URL``, when set, names a server to use instead)."""
    existing = os.environ.get("CCHC_TEST_PG_URL")
    if existing:
        yield existing.rstrip("/")
        return
    try:
        devservices.pg_binaries()
    except devservices.ServiceUnavailable as exc:
        unavailable(str(exc))
    with devservices.postgres_server() as url:
        yield url


def chromium_paths() -> tuple[str, str]:
    """(browser binary, chromedriver) or unavailable."""
    try:
        return devservices.chromium_paths()
    except devservices.ServiceUnavailable as exc:
        unavailable(str(exc))
        raise  # unreachable: unavailable() skips or fails
