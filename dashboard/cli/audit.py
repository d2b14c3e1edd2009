"""``cchc audit``: the audit log — sign-ins (failed ones too), loads, undos, exports, account
changes — newest first, as a table, CSV or JSON."""

from __future__ import annotations

import argparse
from datetime import datetime

from dashboard import audit
from dashboard.cli.common import EXIT_OK, Command, add_db_argument, engine_from_args
from dashboard.cli.tables import Column, emit

COLUMNS = [Column("at"), Column("username"), Column("action"), Column("outcome"),
           Column("target"), Column("remote_addr")]  # fmt: skip


def _since(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%d/%m/%Y")
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ / bad date: {text!r}") from None


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", type=_since, metavar="dd/mm/yyyy", help="từ ngày / from")
    parser.add_argument("--user", help="chỉ người dùng này / only this user")
    parser.add_argument("--action", help="chỉ thao tác này (login, load, undo, export…)")
    parser.add_argument("--limit", type=int, default=200, help="số dòng tối đa / at most")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_db_argument(parser)


def _run(args: argparse.Namespace) -> int:
    events = audit.events(
        engine_from_args(args),
        since=args.since,
        username=args.user,
        action=args.action,
        limit=max(1, args.limit),
    )
    events["at"] = [v.strftime("%Y-%m-%d %H:%M:%S") for v in events["at"]]
    emit(events, COLUMNS, args.format, "Nhật ký / audit log")
    return EXIT_OK


COMMAND = Command("audit", "Nhật ký thao tác / the audit log", _arguments, _run)
