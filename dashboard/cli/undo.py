"""``cchc batches`` and ``cchc undo``: the load history, and undoing a loaded score batch.

``cchc undo BATCH_ID`` puts back every score the batch wrote as it was before
(``etl.undo.undo_batch``), or refuses and changes nothing; either way it is recorded in the
audit log (``dashboard.loading.undo``), as the operator of the server.
"""

from __future__ import annotations

import argparse

import pandas as pd

from dashboard.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    Command,
    add_db_argument,
    engine_from_args,
)
from dashboard.cli.tables import Column, emit

UNDO_EXIT_CODES = """mã thoát / exit codes:
  0  đã hoàn tác / undone
  1  từ chối, không thay đổi gì (lý do in ra) / refused, nothing changed (the reason is printed)
  2  sai cách dùng / usage error"""

COLUMNS = [Column("id", "int"), Column("file_name"), Column("kind"), Column("rows", "int"),
           Column("status"), Column("loaded_at"), Column("loaded_by")]  # fmt: skip


def _batch_id(text: str) -> int:
    try:
        value = int(text.strip().lstrip("#"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"không phải số lô / not a batch id: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"không phải số lô / not a batch id: {text!r}")
    return value


def _undo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = UNDO_EXIT_CODES
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "batch", type=_batch_id, metavar="BATCH_ID", help="số lô (cchc batches) / batch id"
    )
    add_db_argument(parser)


def _run_undo(args: argparse.Namespace) -> int:
    from dashboard.loading import undo

    result = undo(engine_from_args(args), args.batch, None)
    print(result.message)
    return EXIT_OK if result.done else EXIT_REJECTED


def _batches_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=int, default=50, help="số lô tối đa / at most (50)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_db_argument(parser)


def _run_batches(args: argparse.Namespace) -> int:
    from dashboard.loading import HISTORY_COLUMNS, history

    rows = history(engine_from_args(args), max(1, args.limit))
    frame = pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))
    frame["loaded_at"] = [v.strftime("%Y-%m-%d %H:%M:%S") for v in frame["loaded_at"]]
    emit(frame, COLUMNS, args.format, "Lịch sử nạp / load history")
    return EXIT_OK


COMMANDS = (
    Command(
        "batches",
        "Lịch sử nạp: lô, tệp, loại, số dòng, trạng thái, lúc nào, ai / the load history",
        _batches_arguments,
        _run_batches,
    ),
    Command(
        "undo",
        "Hoàn tác một lô điểm đã nạp / undo a loaded batch of scores",
        _undo_arguments,
        _run_undo,
    ),
)
