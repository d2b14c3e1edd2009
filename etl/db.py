"""Connecting to the warehouse: one URL, SQLite by default, any SQLAlchemy URL otherwise."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from etl.migrate import upgrade
from etl.summary import ensure_summary

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "warehouse.db"
ENV_VAR = "CCHC_DATABASE_URL"


def database_url(url: str | None = None) -> str:
    """The warehouse URL: the argument, else ``$CCHC_DATABASE_URL``, else the SQLite default."""
    if url:
        return url
    return os.environ.get(ENV_VAR) or f"sqlite:///{DEFAULT_DB_PATH}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite commits by itself before CREATE/ALTER and begins no transaction for them:
    # let SQLAlchemy begin every transaction itself (``_sqlite_begin``) so that a schema
    # change is all-or-nothing, like every load (a process killed while creating the
    # warehouse leaves no half-made schema).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN")


def get_engine(url: str | None = None, *, create: bool = True) -> Engine:
    """An engine on the warehouse; with ``create`` its schema is brought to the newest
    migration (``etl.migrate``, once, under the writers' lock) and the unit summaries rebuilt
    if they lag ``score_fact``.  Readers (the web app) pass ``create=False``."""
    resolved = database_url(url)
    if resolved.startswith("postgresql://"):
        resolved = "postgresql+psycopg://" + resolved[len("postgresql://") :]
    if resolved.startswith("sqlite:///"):
        Path(resolved[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(resolved, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    if create:
        upgrade(engine)
        ensure_summary(engine)
    return engine
