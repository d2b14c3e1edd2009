"""One writer at a time: every write to the warehouse runs inside ``write_transaction``.

Two ``cchc load`` started at once, or several gunicorn workers migrating a new warehouse,
must not interleave: the second waits until the first has committed, then sees what it
wrote (a file already loaded is skipped; a schema already created is not created again).

* PostgreSQL: a transaction-level advisory lock (``pg_advisory_xact_lock``), released by
  the commit or rollback, or by the server when the process dies.
* SQLite: an exclusive ``flock`` on ``<database>.lock`` beside the file, taken before the
  transaction begins and released after it ends, or by the kernel when the process dies
  (SQLite's own lock would make the second writer fail after ``busy_timeout`` instead of
  waiting for a long load).
* Other backends (and SQLite in memory): the database's own transaction isolation only.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

ADVISORY_KEY = 0x43434843  # "CCHC": the one lock every writer of the warehouse takes


def lock_path(engine: Engine) -> Path | None:
    """The lock file of a SQLite warehouse file (``None`` for other backends and memory)."""
    if engine.dialect.name != "sqlite":
        return None
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file::memory:"):
        return None
    return Path(database).with_name(Path(database).name + ".lock")


@contextmanager
def _file_lock(path: Path | None) -> Iterator[None]:
    if path is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # waits for the writer before us
        yield
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that no other writer of the warehouse runs alongside."""
    with _file_lock(lock_path(engine)), engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(ADVISORY_KEY)))
        yield conn
