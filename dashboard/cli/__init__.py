"""The ``cchc`` command: one subcommand per job, each a :class:`Command` in :func:`commands`.

* :mod:`.load` — ``load``, ``migrate``, ``pull``, ``demo``: filling the warehouse;
* :mod:`.undo` — ``batches``, ``undo``: the load history, undoing a loaded score batch;
* :mod:`.serve` — ``serve``: the dashboard;
* :mod:`.user` — ``user add|passwd|disable|enable|list``: the dashboard's accounts;
* :mod:`.tables` — ``rank``, ``gaps``, ``evidence``: a page's numbers as a table, CSV or JSON;
* :mod:`.progress` — ``progress``: a round's countdown, who has not sent, who sent late;
* :mod:`.export` — ``export``: charts, tables and the report pack as files;
* :mod:`.audit` — ``audit``: the audit log;
* :mod:`.explanations` — ``explanations --check``: which explanations in a CSV are unspecific;
* :mod:`dashboard.bench` — ``bench``: the performance figures;
* :mod:`.common` — exit codes, ``--db``, the view the arguments ask for.

Exit codes: 0 done, 1 a file was rejected (or an export failed), 2 usage error (bad
arguments, unknown year/round/group/field), 3 a file failed through an internal error of the
loader (a bug; the other files were still loaded).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from dashboard.cli.common import (
    EXIT_FAILED,
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_REJECTED,
    EXIT_USAGE,
    Command,
)

__all__ = ["EXIT_FAILED", "EXIT_INTERNAL", "EXIT_OK", "EXIT_REJECTED", "EXIT_USAGE", "Command",
           "build_parser", "commands", "main"]  # fmt: skip


def commands() -> dict[str, Command]:
    """Every subcommand, in the order ``cchc --help`` lists them."""
    from dashboard import bench  # imports dashboard.cli.common: not at module level
    from dashboard.cli import audit, explanations, export, load, progress, serve, tables, undo, user

    listed = (*load.COMMANDS, *undo.COMMANDS, serve.COMMAND, user.COMMAND, *tables.COMMANDS,
              progress.COMMAND, export.COMMAND, audit.COMMAND, explanations.COMMAND,
              bench.COMMAND)  # fmt: skip
    return {command.name: command for command in listed}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cchc",
        description="Chỉ số cải cách hành chính: nạp dữ liệu, bảng điều khiển, báo cáo",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in commands().values():
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(child)
        child.set_defaults(run=command.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cchc`` console script; returns the exit code."""
    from dashboard.queries import SelectionError
    from dashboard.view import NoDataError

    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(arguments)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0) if isinstance(exc.code, int | None) else EXIT_USAGE
    try:
        return int(args.run(args))
    except (SelectionError, NoDataError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
