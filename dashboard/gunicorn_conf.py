"""gunicorn settings for ``Procfile``.

* the master migrates the warehouse once, before any worker starts, so no worker (nor any
  request) ever creates or alters the schema;
* each worker serves with threads, so a page is answered while an export runs, and with a
  timeout the export deadline stays well inside (:mod:`dashboard.limits`);
* each worker starts its chart-export browser in the background as it boots, so the first
  export a user asks for is one render, not a browser start.
"""

from __future__ import annotations

from typing import Any

from dashboard import limits

threads = limits.WORKER_THREADS
timeout = limits.WORKER_TIMEOUT_S


def on_starting(_server: Any) -> None:
    from etl.db import get_engine

    get_engine().dispose()  # CCHC_DATABASE_URL, else the SQLite default: upgraded under lock


def post_worker_init(_worker: Any) -> None:
    from dashboard.export import images

    images.warm_up_in_background()
