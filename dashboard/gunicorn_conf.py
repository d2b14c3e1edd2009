"""gunicorn settings for ``Procfile``.

* the master refuses to start without ``CCHC_SECRET_KEY`` (the key that signs the session
  cookies, the same in every worker: :mod:`dashboard.auth.settings`);
* the master migrates the warehouse once, before any worker starts, so no worker (nor any
  request) ever creates or alters the schema;
* each worker serves with threads, so a page is answered while an export runs, and with a
  timeout the export deadline stays well inside (:mod:`dashboard.limits`);
* each worker starts its chart-export browser in the background as it boots, so the first
  export a user asks for is one render, not a browser start.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from dashboard import limits

threads = limits.WORKER_THREADS
timeout = limits.WORKER_TIMEOUT_S


def on_starting(_server: Any) -> None:
    """Refuse to start without ``CCHC_SECRET_KEY`` (every worker must sign sessions with the
    same key); then migrate the warehouse."""
    from dashboard.auth.settings import SECRET_ENV, secret_key_problem
    from etl.db import get_engine

    problem = secret_key_problem(os.environ.get(SECRET_ENV))
    if problem:
        print(problem, file=sys.stderr)
        raise SystemExit(2)

    get_engine().dispose()  # CCHC_DATABASE_URL, else the SQLite default: upgraded under lock


def post_worker_init(_worker: Any) -> None:
    from dashboard.export import images

    images.warm_up_in_background()
