"""``cchc serve``: the dashboard on Flask's development server (production: gunicorn, see
``Procfile``).  Without ``CCHC_SECRET_KEY`` it signs sessions with a random key of its own,
and says so (everyone signs in again after a restart)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from dashboard.cli.common import EXIT_OK, Command, add_db_argument, engine_from_args


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    add_db_argument(parser)


def _run(args: argparse.Namespace) -> int:
    from dashboard.auth.settings import DEV_SECRET_WARNING, Settings

    if Settings.from_env().secret_key is None:
        print(DEV_SECRET_WARNING, file=sys.stderr)  # the app makes a random key for itself
    if args.db:
        os.environ["CCHC_DATABASE_URL"] = args.db
    engine_from_args(args).dispose()  # the schema is migrated here, once, never by a request
    app_module = importlib.import_module("dashboard.app")
    importlib.import_module("dashboard.export.images").warm_up_in_background()
    app_module.app.run(host=args.host, port=args.port, debug=False)
    return EXIT_OK


COMMAND = Command("serve", "Chạy bảng điều khiển / run the dashboard", _arguments, _run)
