"""Real services started on this machine for the tests and the benchmark: a PostgreSQL server
of our own, headless Chromium.

* :func:`postgres_server` runs ``initdb`` and ``pg_ctl start`` on a free loopback port (as the
  ``postgres`` user when run as root) and stops it afterwards: a throw-away cluster in a temp
  dir, or a kept one in ``data_dir`` (made when missing, reused as it is otherwise);
* :func:`create_database` makes a new empty database on such a server (optionally a copy of
  another, ``TEMPLATE``);
* :func:`chromium_paths` finds Chromium and ChromeDriver; :data:`CHROMIUM_FLAGS` are the flags
  a headless Chromium runs with here (no sandbox: root in a container).

Nothing is installed here: a missing binary raises :class:`ServiceUnavailable`, whose text
says which Debian package provides it.
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
# A throw-away cluster trades durability for speed; a benchmark keeps PostgreSQL's defaults.
FAST_UNSAFE = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"


class ServiceUnavailable(RuntimeError):
    """A service this machine cannot provide (a binary is not installed)."""


def pg_bin(name: str) -> str | None:
    """The newest installed PostgreSQL server binary ``name`` (``initdb``, ``pg_ctl``)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def pg_binaries() -> tuple[str, str]:
    """``(initdb, pg_ctl)``, or :class:`ServiceUnavailable`."""
    initdb, pg_ctl = pg_bin("initdb"), pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        raise ServiceUnavailable("PostgreSQL binaries (initdb, pg_ctl) not installed")
    return initdb, pg_ctl


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres() -> list[str]:
    """The prefix that runs a command as ``postgres`` (the server refuses to run as root)."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _own(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres")


def _initdb(initdb: str, data: Path) -> None:
    subprocess.run(
        [*_as_postgres(), initdb, "-D", str(data), "--auth=trust", "-U", "postgres",
         "-E", "UTF8", "--locale=C.UTF-8"],
        check=True, capture_output=True,
    )  # fmt: skip


def _stop(pg_ctl: str, data: Path, mode: str) -> None:
    subprocess.run(
        [*_as_postgres(), pg_ctl, "-D", str(data), "-m", mode, "-w", "stop"],
        capture_output=True, timeout=120,
    )  # fmt: skip


@contextmanager
def postgres_server(data_dir: Path | None = None, *, durable: bool = False) -> Iterator[str]:
    """Start PostgreSQL on a free loopback port; yield its SQLAlchemy base URL
    (``postgresql+psycopg://postgres@127.0.0.1:PORT``, a database name to be appended).

    ``data_dir`` ``None``: a new cluster in a temp dir, removed afterwards, stopped
    ``immediate``; else the cluster kept in ``data_dir`` (initialised when it has none; one
    left running by a killed run is stopped first), stopped ``fast`` so it stays usable.
    ``durable``: PostgreSQL's own fsync settings rather than :data:`FAST_UNSAFE`.
    """
    initdb, pg_ctl = pg_binaries()
    keep = data_dir is not None
    base = Path(tempfile.mkdtemp(prefix="cchc-pg-"))  # the socket, and the throw-away data
    _own(base)
    data = base / "data"
    if data_dir is not None:
        data = data_dir
        data.mkdir(parents=True, exist_ok=True)
        _own(data)
        if not (data / "PG_VERSION").exists():
            _initdb(initdb, data)
        elif (data / "postmaster.pid").exists():
            _stop(pg_ctl, data, "fast")
    else:
        _initdb(initdb, data)
    port = free_port()
    options = f"-p {port} -c listen_addresses=127.0.0.1 -k {base}"
    if not durable:
        options += " " + FAST_UNSAFE
    try:
        subprocess.run(
            [*_as_postgres(), pg_ctl, "-D", str(data), "-l", str(data / "server.log"), "-w",
             "-t", "120", "-o", options, "start"],
            check=True, capture_output=True,
        )  # fmt: skip
    except BaseException:
        shutil.rmtree(base, ignore_errors=True)
        raise
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        _stop(pg_ctl, data, "fast" if keep else "immediate")
        shutil.rmtree(base, ignore_errors=True)


_db_counter = [0]


def _admin(base_url: str, statement: str) -> list[tuple[object, ...]]:
    """Run ``statement`` on the server's ``postgres`` database, outside a transaction (CREATE,
    DROP, ALTER DATABASE); the rows it returns."""
    import sqlalchemy as sa

    admin = sa.create_engine(f"{base_url}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            result = conn.execute(sa.text(statement))
            return [tuple(row) for row in result] if result.returns_rows else []
    finally:
        admin.dispose()


def create_database(base_url: str, *, name: str | None = None, template: str | None = None) -> str:
    """A new database on the server of ``base_url`` (empty, or a copy of ``template``, which
    nobody may be connected to); its full URL."""
    if name is None:
        _db_counter[0] += 1
        name = f"cchc_test_{os.getpid()}_{_db_counter[0]}_{int(time.time() * 1000) % 100000}"
    copy = f' TEMPLATE "{template}"' if template else ""
    _admin(base_url, f'CREATE DATABASE "{name}"{copy}')
    return f"{base_url}/{name}"


def drop_database(base_url: str, name: str) -> None:
    _admin(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rename_database(base_url: str, old: str, new: str) -> None:
    _admin(base_url, f'ALTER DATABASE "{old}" RENAME TO "{new}"')


def database_names(base_url: str) -> set[str]:
    return {str(row[0]) for row in _admin(base_url, "SELECT datname FROM pg_database")}


def chromium_paths() -> tuple[str, str]:
    """``(browser binary, chromedriver)``, or :class:`ServiceUnavailable`."""
    browser = next(
        (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if os.path.exists(p)), None
    )
    driver = shutil.which("chromedriver")
    if not browser or not driver:
        raise ServiceUnavailable(
            "Chromium or chromedriver not installed (Debian: chromium chromium-driver)"
        )
    return browser, driver
