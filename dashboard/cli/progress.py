"""``cchc progress``: where a round stands — the countdown to its lock, who has not sent, who
sent late — as Tiến độ shows it.

``--now ISO`` (else ``$CCHC_NOW``, else the machine's clock: :func:`dashboard.clock.now`)
sets the instant the countdown is counted from, e.g. to see what the page said during a round.
The round may be one scheduled without scores yet (the round now open), as on Tiến độ.
``--format table`` (the default) prints the schedule, the countdown and both lists; ``csv``
one row per unit not sent or sent late (``state`` ``not_sent`` or ``late``); ``json`` all of it.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Any

import pandas as pd

from dashboard import clock, formatting, queries
from dashboard.cli.common import EXIT_OK, Command, add_db_argument, engine_from_args
from dashboard.cli.tables import Column, emit
from dashboard.i18n import group_label
from dashboard.view import PAGES, View, ViewState, require, rounds_for

PAGE = PAGES["progress"]
COLUMNS = (Column("unit_code"), Column("unit_name"), Column("group"), Column("sent_at"))
CSV_COLUMNS = (Column("state"), *COLUMNS)


def _instant(text: str) -> datetime:
    """``--now``: an ISO date and time, else a usage error (exit 2) saying so."""
    try:
        return clock.parse(text)
    except clock.ClockError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=int, required=True, help="năm / year")
    parser.add_argument("--round", type=int, help="lần (mặc định: lần mới nhất) / round")
    parser.add_argument("--group", help="nhóm đơn vị / unit group (so_nganh, huyen, …)")
    parser.add_argument(
        "--now",
        type=_instant,
        metavar="ISO",
        help="tính thời gian còn lại từ thời điểm này / count down from this instant "
        "(ISO 8601, ví dụ / e.g. 2023-12-02T13:45; mặc định / default: $CCHC_NOW, else now)",
    )
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_db_argument(parser)


def _view(args: argparse.Namespace) -> tuple[Any, View]:
    """The engine and the view of Tiến độ the arguments ask for: a ``--round`` only scheduled
    is allowed; one the year does not have is an error, as an unknown year or group is."""
    engine = engine_from_args(args)
    queries.check_selection(engine, args.year, None, args.group)
    known = rounds_for(engine, args.year, PAGE)
    if args.round is not None and args.round not in known:
        listed = ", ".join(str(r) for r in known)
        raise queries.SelectionError(
            f"Năm {args.year} không có lần {args.round} (các lần: {listed}) / "
            f"year {args.year} has no round {args.round} (rounds: {listed})"
        )
    state = ViewState(year=args.year, round=args.round, group=args.group)
    return engine, require(engine, state, PAGE)


def _when(value: Any, fmt: str) -> str | None:
    """A time as the format writes it: ``dd/mm/yyyy HH:MM`` in a table, ISO otherwise."""
    if value is None or pd.isna(value):
        return None
    moment = pd.Timestamp(value).to_pydatetime()
    return formatting.datetime_vn(moment) if fmt == "table" else moment.isoformat()


def lists(progress: queries.Progress, fmt: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The units that have not sent and those that sent late, ``sent_at`` as ``fmt`` writes
    it."""
    when = pd.Series([_when(v, fmt) for v in progress.units["sent_at"]], dtype=object)
    units = progress.units.assign(sent_at=when.to_numpy())
    chosen = ["unit_code", "unit_name", "group", "sent_at"]
    not_sent = units.loc[~units["sent"], chosen].reset_index(drop=True)
    late = units.loc[units["late"], chosen].reset_index(drop=True)
    return not_sent, late


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows for JSON: a missing value is ``null``."""
    plain = frame.astype(object).where(frame.notna(), None)
    return [{str(k): v for k, v in row.items()} for row in plain.to_dict("records")]


def _run(args: argparse.Namespace) -> int:
    at = clock.now(args.now)
    engine, view = _view(args)
    p = queries.progress(engine, view.year, view.round, view.group)
    status, text = clock.countdown(p.opens_at, p.locks_at, at)
    not_sent, late = lists(p, args.format)
    if args.format == "json":
        data = {
            "year": view.year, "round": view.round, "group": view.group,
            "opens_at": _when(p.opens_at, "json"), "locks_at": _when(p.locks_at, "json"),
            "now": at.isoformat(), "status": status, "countdown": text, "counts": p.counts,
            "not_sent": _records(not_sent), "late": _records(late),
        }  # fmt: skip
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
        return EXIT_OK
    if args.format == "csv":
        rows = pd.concat([not_sent.assign(state="not_sent"), late.assign(state="late")])
        emit(rows, CSV_COLUMNS, "csv", "")
        return EXIT_OK
    scope = group_label(view.group) if view.group else "tất cả các nhóm"
    counts = p.counts
    lines = [
        f"Tiến độ gửi kết quả — năm {view.year}, lần {view.round} — {scope}",
        f"Bắt đầu: {formatting.datetime_vn(p.opens_at)} · "
        f"Khóa: {formatting.datetime_vn(p.locks_at)} · Bây giờ: {formatting.datetime_vn(at)}",
        text,
        f"Đã gửi {counts['sent']}/{counts['units']} · chưa gửi {counts['not_sent']}"
        f" · gửi trễ hạn {counts['late']}",
    ]
    sys.stdout.write("\n".join(lines) + "\n")
    emit(not_sent, COLUMNS[:3], "table", f"Đơn vị chưa gửi ({len(not_sent)})")
    emit(late, COLUMNS, "table", f"Đơn vị gửi trễ hạn ({len(late)})")
    return EXIT_OK


COMMAND = Command(
    "progress",
    "Tiến độ gửi: thời gian còn lại, đơn vị chưa gửi, gửi trễ / round progress and countdown",
    _arguments,
    _run,
)
