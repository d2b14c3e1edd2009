"""The warehouse schema, created and upgraded by Alembic migrations (``etl/migrations``).

``upgrade`` runs every migration not yet applied, in one transaction under the writers' lock
(``etl.lock``), so concurrent processes on a new warehouse create it once.  A warehouse made
before migrations existed (tables but no ``alembic_version``) holds the baseline schema: it
is stamped at the baseline revision, then upgraded.  ``cchc`` upgrades before every command
that uses the warehouse; the web app only reads (``state``), and its gunicorn master upgrades
once at start (``dashboard/gunicorn_conf.py``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from etl.lock import write_transaction
from etl.schema import SUMMARY_TABLES

SCRIPTS = Path(__file__).resolve().parent / "migrations"
BASELINE = "0001"
VERSION_TABLE = "alembic_version"

State = Literal["missing", "outdated", "current"]


def _config(conn: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.attributes["connection"] = conn
    return config


@cache
def head() -> str:
    """The newest revision."""
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None
    return revision


def _current(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def state(engine: Engine) -> State:
    """``missing`` (no schema yet), ``outdated`` (migrations to run) or ``current``."""
    with engine.connect() as conn:
        revision = _current(conn)
        if revision is None:
            return "outdated" if sa.inspect(conn).has_table("load_batch") else "missing"
    return "current" if revision == head() else "outdated"


def _adopt(conn: Connection, config: Config) -> None:
    """A warehouse made by ``create_all`` before migrations existed: add the summary tables
    the oldest ones lack (derived data, refilled by ``etl.summary.ensure_summary``), then
    record it as the baseline."""
    for table in SUMMARY_TABLES:
        table.create(conn, checkfirst=True)
    command.stamp(config, BASELINE)


def upgrade(engine: Engine) -> bool:
    """Bring the warehouse's schema to the newest revision; True when anything ran."""
    if state(engine) == "current":
        return False
    with write_transaction(engine) as conn:
        revision = _current(conn)
        if revision == head():
            return False  # another process upgraded it while we waited
        config = _config(conn)
        if revision is None and sa.inspect(conn).has_table("load_batch"):
            _adopt(conn, config)
        command.upgrade(config, "head")
    return True
