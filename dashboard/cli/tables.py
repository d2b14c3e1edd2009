"""``cchc rank``, ``gaps`` and ``evidence``: a page's numbers as a table, CSV or JSON.

Each resolves its view once, for its page (:func:`dashboard.cli.common.view_from_args`), and
prints the frame the page reads from :mod:`dashboard.queries`: the same year, round, group and
numbers as the page and its downloads for the same choices (``gaps`` and ``evidence`` compare
units within one group, so without ``--group`` they show the year's first, as their pages do).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from sqlalchemy import Engine

from dashboard import formatting, queries
from dashboard.cli.common import (
    EXIT_OK,
    Command,
    add_db_argument,
    engine_from_args,
    view_from_args,
)
from dashboard.view import PAGES, View

Kind = Literal["text", "rank", "int", "points", "index", "share"]


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = "text"
    source: str | None = None  # the query column, when named differently

    def value(self, row: pd.Series) -> Any:
        raw = row[self.source or self.name]
        return None if raw is None or pd.isna(raw) else raw


def _machine(value: Any, kind: Kind) -> Any:
    """CSV/JSON value: '.' decimals, index with 2 decimals, points with up to 3."""
    if value is None:
        return None
    if kind in ("rank", "int"):
        return int(value)
    if kind == "index":
        return round(float(value), 2)
    if kind == "points":
        return round(float(value), 3)
    if kind == "share":
        return round(float(value), 4)
    return str(value)


def _csv_text(value: Any, kind: Kind) -> str:
    if value is None:
        return ""
    if kind == "index":
        return f"{value:.2f}"
    if kind == "points":
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def _human(value: Any, kind: Kind) -> str:
    """Table cell, Vietnamese style."""
    if kind == "index":
        return formatting.index(value)
    if kind == "points":
        return formatting.points(value)
    if kind == "share":
        return formatting.percent(value)
    if kind in ("rank", "int"):
        return formatting.MISSING if value is None else formatting.integer(value)
    return formatting.MISSING if value is None else str(value)


def emit(frame: pd.DataFrame, columns: Sequence[Column], fmt: str, title: str) -> None:
    """Write ``frame`` to stdout as a rich table, CSV or JSON."""
    rows = [[(c, c.value(row)) for c in columns] for _, row in frame.iterrows()]
    if fmt == "json":
        data = [{c.name: _machine(v, c.kind) for c, v in row} for row in rows]
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([c.name for c in columns])
        for row in rows:
            writer.writerow([_csv_text(_machine(v, c.kind), c.kind) for c, v in row])
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        from etl.text import printable

        table = Table(title=title)
        for column in columns:
            numeric = column.kind != "text"
            table.add_column(column.name, justify="right" if numeric else "left")
        for row in rows:  # plain text: a name from a file is never read as console markup
            table.add_row(*(Text(printable(_human(v, c.kind))) for c, v in row))
        width = None if sys.stdout.isatty() else 200
        Console(file=sys.stdout, width=width).print(table)


def _arguments(parser: argparse.ArgumentParser, *, score: bool, field: bool) -> None:
    parser.add_argument("--year", type=int, required=True, help="năm / year")
    parser.add_argument("--round", type=int, help="lần (mặc định: lần mới nhất) / round")
    parser.add_argument("--group", help="nhóm đơn vị / unit group (so_nganh, huyen, …)")
    if score:
        parser.add_argument("--score", choices=("appraised", "self"), default="appraised")
    if field:
        parser.add_argument("--field", help="mã lĩnh vực / field code")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_db_argument(parser)


def _view(args: argparse.Namespace, page: str) -> tuple[Engine, View]:
    """The engine and the view resolved for ``page``; an unknown ``--field`` is an error."""
    engine = engine_from_args(args)
    view = view_from_args(engine, args, PAGES[page])
    field_code = getattr(args, "field", None)
    if field_code is not None and view.field is None:
        raise queries.SelectionError(
            f"Không có lĩnh vực {field_code} năm {view.year} / no field {field_code} in {view.year}"
        )
    return engine, view


def _title(what: str, view: View) -> str:
    from dashboard.i18n import group_label

    scope = group_label(view.group) if view.group else "tất cả các nhóm"
    field_part = f", lĩnh vực {view.field}" if view.field else ""
    return f"{what} — năm {view.year}, lần {view.round} — {scope}{field_part}"


Frame = Callable[[Engine, View], pd.DataFrame]


def _show(
    args: argparse.Namespace, page: str, what: str, columns: Sequence[Column], frame: Frame
) -> tuple[pd.DataFrame, View]:
    """Print ``frame`` of the view the arguments ask for on ``page``; return it and the view."""
    engine, view = _view(args, page)
    table = frame(engine, view)
    emit(table, columns, args.format, _title(what, view))
    return table, view


RANK_COLUMNS = (
    Column("rank", "rank"),
    Column("unit_code"),
    Column("unit_name"),
    Column("group"),
    Column("points", "points"),
    Column("max_points", "points"),
    Column("index", "index"),
)


# ``--stake``: each unit's points at stake and its index and rank if it recovered them
# (queries.stake_ranking, as the rankings page and its export show them).
STAKE_COLUMNS = (
    Column("at_stake", "points"),
    Column("index_if_recovered", "index"),
    Column("rank_if_recovered", "rank"),
)


def _rankings(engine: Engine, v: View) -> pd.DataFrame:
    return queries.rankings(engine, v.year, v.round, v.group, score=v.score)


def _stake_rankings(engine: Engine, v: View) -> pd.DataFrame:
    return queries.stake_ranking(engine, v.year, v.round, v.group)


def _run_rank(args: argparse.Namespace) -> int:
    kind = "điểm thẩm định" if args.score == "appraised" else "điểm tự chấm"
    title = f"Xếp hạng Chỉ số CCHC ({kind})"
    if args.stake and args.score != "appraised":
        raise queries.SelectionError(
            "--stake: chỉ với điểm thẩm định / only with the appraised score"
        )
    columns, frame = (
        (RANK_COLUMNS + STAKE_COLUMNS, _stake_rankings) if args.stake else (RANK_COLUMNS, _rankings)
    )
    table, view = _show(args, "rankings", title, columns, frame)
    if args.format == "table":
        _print_unfinished(table, view.score)
    return EXIT_OK


def _print_unfinished(table: pd.DataFrame, score: str) -> None:
    """Below the table: why the units without a rank have none."""
    from dashboard.components.tables import unfinished_note

    for _, row in table.iterrows():
        note = unfinished_note(row, "vi", score)
        if note:
            sys.stdout.write(f"{row['unit_code']} {row['unit_name']}: {note}\n")


def _by_field(name: str, help_: str, page: str, what: str, columns: Sequence[Column],
              frame: Frame) -> Command:  # fmt: skip
    """A command printing ``frame`` of ``page``'s view, which ``--field`` narrows."""

    def run(args: argparse.Namespace) -> int:
        _show(args, page, what, columns, frame)
        return EXIT_OK

    return Command(name, help_, lambda p: _arguments(p, score=False, field=True), run)


GAP_COLUMNS = (
    Column("unit_code"),
    Column("unit_name"),
    Column("group"),
    Column("max_points", "points", "self_max_points"),
    Column("self_points", "points"),
    Column("appraised_points", "points", "appraised_self_points"),
    Column("self_index", "index"),
    Column("appraised_index", "index", "appraised_self_index"),
    Column("gap_points", "points"),
)
EVIDENCE_COLUMNS = (
    Column("unit_code"),
    Column("unit_name"),
    Column("group"),
    Column("required", "int", "evidence_required"),
    Column("missing", "int", "missing_evidence"),
    Column("missing_share", "share", "missing_evidence_share"),
    Column("missing_explanation", "int"),
)


def _rank_arguments(parser: argparse.ArgumentParser) -> None:
    _arguments(parser, score=True, field=False)
    parser.add_argument(
        "--stake",
        action="store_true",
        help="thêm điểm có thể khôi phục, chỉ số và hạng nếu bổ sung đủ / add points at stake, "
        "index and rank if recovered",
    )


COMMANDS = (
    Command(
        "rank",
        "Bảng xếp hạng / ranking table",
        _rank_arguments,
        _run_rank,
    ),
    _by_field(
        "gaps",
        "Chênh lệch tự chấm − thẩm định / self vs appraised gaps",
        "gaps",
        "Chênh lệch tự chấm − thẩm định",
        GAP_COLUMNS,
        lambda e, v: queries.unit_scores(e, v.year, v.round, v.group, v.field),
    ),
    _by_field(
        "evidence",
        "Thiếu tài liệu kiểm chứng / missing evidence",
        "evidence",
        "Tài liệu kiểm chứng còn thiếu",
        EVIDENCE_COLUMNS,
        lambda e, v: queries.unit_evidence(e, v.year, v.round, v.group, v.field),
    ),
)
