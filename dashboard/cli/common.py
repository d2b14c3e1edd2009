"""What every ``cchc`` subcommand shares: exit codes, :class:`Command`, ``--db``, the engine,
the view the arguments ask for, and error printing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from dashboard import queries
from dashboard.view import Page, View, ViewState, require

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_FAILED = 1  # an export failed (e.g. no Chromium)

VIEW_ARGUMENTS = ("year", "round", "group", "field", "criterion", "unit", "score", "lang")


@dataclass(frozen=True)
class Command:
    """A subcommand: its help line, how it adds its arguments, and what it runs."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """``--db URL``, for every subcommand."""
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy URL của kho dữ liệu / warehouse URL "
        "(mặc định / default: $CCHC_DATABASE_URL, else sqlite:///data/warehouse.db)",
    )


def engine_from_args(args: argparse.Namespace) -> Engine:
    """The warehouse of ``--db``, else ``$CCHC_DATABASE_URL``, else the SQLite default."""
    from etl.db import get_engine

    return get_engine(args.db)


def view_from_args(engine: Engine, args: argparse.Namespace, page: Page | None) -> View:
    """The view the arguments ask for, resolved for ``page`` as the page and its downloads
    resolve it (:func:`dashboard.view.require`): the latest year and round unless given, the
    page's one-group default, the filters it does not use dropped (``page=None``: a view of
    no page, e.g. the report's).  An argument a command lacks counts as not chosen.

    Unlike a URL, a ``--year`` (with its ``--round`` and ``--group``) the warehouse lacks is
    an error (:class:`dashboard.queries.SelectionError`), not quietly replaced by the latest.
    """
    if args.year is not None:
        queries.check_selection(engine, args.year, args.round, args.group)
    state = ViewState.from_query({key: getattr(args, key, None) for key in VIEW_ARGUMENTS})
    return require(engine, state, page)


def fail(message: str, code: int = EXIT_USAGE) -> int:
    """Print ``message`` (bilingual) on stderr; return the exit code ``code``."""
    print(message, file=sys.stderr)
    return code
