"""The warehouse the pages read: one engine per process on ``etl.db.get_engine()``.

The URL is read when the first page asks (``CCHC_DATABASE_URL``, else the SQLite default), so
a test that sets the variable before the first request gets its own warehouse.  An engine is
a connection pool, not view state: every gunicorn worker holding its own is correct.
"""

from __future__ import annotations

import functools

from sqlalchemy import Engine

from etl.db import database_url, get_engine


@functools.lru_cache(maxsize=4)
def _engine_for(url: str) -> Engine:
    return get_engine(url, create=False)  # the app only reads: ``cchc`` migrates the schema


def engine() -> Engine:
    """The engine on the configured warehouse (read-only use; an empty warehouse without
    tables reads as "no data yet")."""
    return _engine_for(database_url())
