"""The ``cchc`` command: load, pull, demo, serve, and the rank / gaps / evidence tables.

One subcommand per job, each a :class:`Command` in a registry; ``export`` and ``bench`` are
plug-in slots: a module named in :data:`PLUGINS` that defines ``COMMAND`` fills the slot
(imported only when that subcommand runs).  Exit codes: 0 done, 1 a file was rejected,
2 usage error (bad arguments, unknown year/round/group/field), 3 a file failed through an
internal error of the loader (a bug; the other files were still loaded).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd
from sqlalchemy import Engine

from dashboard import formatting

if TYPE_CHECKING:
    from etl.load import FileResult

EXIT_OK, EXIT_REJECTED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
_LOAD_EXIT_CODES = """mã thoát / exit codes:
  0  mọi tệp đã nạp (hoặc đã nạp trước đó) / every file loaded (or already loaded)
  1  có tệp bị từ chối, tệp đó không ghi gì / a file was rejected; it wrote nothing
  2  sai cách dùng, ví dụ đường dẫn không tồn tại / usage error, e.g. a path that does not exist
  3  lỗi nội bộ khi nạp một tệp (lỗi chương trình, hãy báo lại); các tệp khác vẫn được nạp /
     an internal error (a bug, please report it) failed a file; the other files still loaded"""


@dataclass(frozen=True)
class Command:
    """A subcommand: its help line, how it adds its arguments, and what it runs."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


COMMANDS: dict[str, Command] = {}

# Slots filled by later modules: each must define ``COMMAND: dashboard.cli.Command``.
PLUGINS: dict[str, tuple[str, str]] = {
    "export": ("dashboard.export.cli", "Xuất biểu đồ, bảng, bộ báo cáo / export charts, reports"),
    "bench": ("dashboard.bench", "Đo hiệu năng / performance benchmark"),
}


def register(command: Command) -> Command:
    """Add (or replace) a subcommand."""
    COMMANDS[command.name] = command
    return command


def engine_from_args(args: argparse.Namespace) -> Engine:
    """The warehouse of ``--db``, else ``$CCHC_DATABASE_URL``, else the SQLite default."""
    from etl.db import get_engine

    return get_engine(args.db)


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """``--db URL``, for every subcommand (plug-ins too)."""
    parser.add_argument(
        "--db",
        metavar="URL",
        help="SQLAlchemy URL của kho dữ liệu / warehouse URL "
        "(mặc định / default: $CCHC_DATABASE_URL, else sqlite:///data/warehouse.db)",
    )


_engine, _add_db = engine_from_args, add_db_argument  # older names, used by plug-ins


# --- load, pull, demo, serve -------------------------------------------------------------------


def _report(results: Sequence[FileResult]) -> int:
    """Print per-file results; 3 when a file failed by an internal error, else 1 when any
    file was rejected."""
    from etl.load import FAILED
    from etl.report import print_results

    print_results(list(results))
    if any(r.status == FAILED for r in results):
        return EXIT_INTERNAL
    rejected = any(r.status == "rejected" for r in results)
    return EXIT_REJECTED if rejected else EXIT_OK


def _load_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = _LOAD_EXIT_CODES
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="tệp hoặc thư mục")
    parser.add_argument(
        "--record-rejected",
        action="store_true",
        help="ghi tệp bị từ chối vào load_batch/rejected_row / record rejected files",
    )
    _add_db(parser)


def _run_load(args: argparse.Namespace) -> int:
    from etl.load import load_files

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(
            f"Không tìm thấy / not found: {', '.join(missing)}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    results = load_files(_engine(args), list(args.paths), record_rejected=args.record_rejected)
    return _report(results)


def _pull_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source-url", required=True, metavar="URL", help="CSDL nguồn / source")
    parser.add_argument("--query-file", required=True, type=Path, metavar="FILE", help="tệp SQL")
    _add_db(parser)


def _run_pull(args: argparse.Namespace) -> int:
    from etl.pull import pull

    if not args.query_file.is_file():
        print(f"Không tìm thấy / not found: {args.query_file}", file=sys.stderr)
        return EXIT_USAGE
    query = args.query_file.read_text(encoding="utf-8")
    return _report([pull(_engine(args), args.source_url, query, label=str(args.query_file))])


def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scale", choices=("province", "national"), default="province")
    _add_db(parser)


def _run_demo(args: argparse.Namespace) -> int:
    from demo import run_demo

    return _report(run_demo(_engine(args), scale=args.scale))


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    _add_db(parser)


def _run_serve(args: argparse.Namespace) -> int:
    if args.db:
        os.environ["CCHC_DATABASE_URL"] = args.db
    _engine(args).dispose()  # the schema is migrated here, once, never by a page request
    app_module = importlib.import_module("dashboard.app")
    importlib.import_module("dashboard.export.images").warm_up_in_background()
    app_module.app.run(host=args.host, port=args.port, debug=False)
    return EXIT_OK


# --- tables: rank, gaps, evidence --------------------------------------------------------------

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
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([c.name for c in columns])
        for row in rows:
            writer.writerow([_csv_text(_machine(v, c.kind), c.kind) for c, v in row])
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title)
        for column in columns:
            numeric = column.kind != "text"
            table.add_column(column.name, justify="right" if numeric else "left")
        for row in rows:
            table.add_row(*(_human(v, c.kind) for c, v in row))
        width = None if sys.stdout.isatty() else 200
        Console(file=sys.stdout, width=width).print(table)


def _table_arguments(parser: argparse.ArgumentParser, *, score: bool, field: bool) -> None:
    parser.add_argument("--year", type=int, required=True, help="năm / year")
    parser.add_argument("--round", type=int, help="lần (mặc định: lần mới nhất) / round")
    parser.add_argument("--group", help="nhóm đơn vị / unit group (so_nganh, huyen, …)")
    if score:
        parser.add_argument("--score", choices=("appraised", "self"), default="appraised")
    if field:
        parser.add_argument("--field", help="mã lĩnh vực / field code")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    _add_db(parser)


def _selection(args: argparse.Namespace) -> tuple[Engine, int]:
    """The engine and the round, after checking year/round/group (and field) exist."""
    from dashboard import queries

    engine = _engine(args)
    round_ = queries.check_selection(engine, args.year, args.round, args.group)
    field_code = getattr(args, "field", None)
    if field_code is not None:
        tree = queries.framework(engine, args.year, args.group)
        if field_code not in set(tree.loc[tree["level"] == 1, "code"]):
            raise queries.SelectionError(
                f"Không có lĩnh vực {field_code} năm {args.year} / "
                f"no field {field_code} in {args.year}"
            )
    return engine, round_


def _title(what: str, args: argparse.Namespace, round_: int) -> str:
    from dashboard.i18n import group_label

    scope = group_label(args.group) if args.group else "tất cả các nhóm"
    field_part = f", lĩnh vực {args.field}" if getattr(args, "field", None) else ""
    return f"{what} — năm {args.year}, lần {round_} — {scope}{field_part}"


RANK_COLUMNS = (
    Column("rank", "rank"),
    Column("unit_code"),
    Column("unit_name"),
    Column("group"),
    Column("points", "points"),
    Column("max_points", "points"),
    Column("index", "index"),
)


def _run_rank(args: argparse.Namespace) -> int:
    from dashboard import queries

    engine, round_ = _selection(args)
    table = queries.rankings(engine, args.year, round_, args.group, score=args.score)
    kind = "điểm thẩm định" if args.score == "appraised" else "điểm tự chấm"
    emit(table, RANK_COLUMNS, args.format, _title(f"Xếp hạng Chỉ số CCHC ({kind})", args, round_))
    if args.format == "table":
        _print_unfinished(table, args.score)
    return EXIT_OK


def _print_unfinished(table: pd.DataFrame, score: str) -> None:
    """Below the table: why the units without a rank have none."""
    from dashboard.components.tables import unfinished_note

    for _, row in table.iterrows():
        note = unfinished_note(row, "vi", score)
        if note:
            sys.stdout.write(f"{row['unit_code']} {row['unit_name']}: {note}\n")


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


def _run_gaps(args: argparse.Namespace) -> int:
    from dashboard import queries

    engine, round_ = _selection(args)
    table = queries.unit_scores(engine, args.year, round_, args.group, args.field)
    title = _title("Chênh lệch tự chấm − thẩm định", args, round_)
    emit(table, GAP_COLUMNS, args.format, title)
    return EXIT_OK


EVIDENCE_COLUMNS = (
    Column("unit_code"),
    Column("unit_name"),
    Column("group"),
    Column("required", "int", "evidence_required"),
    Column("missing", "int", "missing_evidence"),
    Column("missing_share", "share", "missing_evidence_share"),
    Column("missing_explanation", "int"),
)


def _run_evidence(args: argparse.Namespace) -> int:
    from dashboard import queries

    engine, round_ = _selection(args)
    table = queries.unit_evidence(engine, args.year, round_, args.group, args.field)
    emit(
        table, EVIDENCE_COLUMNS, args.format, _title("Tài liệu kiểm chứng còn thiếu", args, round_)
    )
    return EXIT_OK


def _run_migrate(args: argparse.Namespace) -> int:
    from etl.db import get_engine
    from etl.migrate import head, state, upgrade

    engine = get_engine(args.db, create=False)
    before = state(engine)
    upgrade(engine)
    engine.dispose()
    done = "đã cập nhật / upgraded" if before != "current" else "đã mới nhất / already current"
    print(f"Lược đồ kho dữ liệu / warehouse schema: {head()} — {done}")
    return EXIT_OK


register(Command("load", "Nạp tệp xuất / load export files", _load_arguments, _run_load))
register(
    Command(
        "migrate",
        "Tạo/cập nhật lược đồ kho dữ liệu / create or upgrade the warehouse schema",
        _add_db,
        _run_migrate,
    )
)
register(Command("pull", "Lấy dữ liệu từ CSDL nguồn / pull from SQL", _pull_arguments, _run_pull))
register(Command("demo", "Tạo và nạp dữ liệu mẫu / demo data", _demo_arguments, _run_demo))
register(Command("serve", "Chạy bảng điều khiển / run the dashboard", _serve_arguments, _run_serve))
register(
    Command(
        "rank",
        "Bảng xếp hạng / ranking table",
        lambda p: _table_arguments(p, score=True, field=False),
        _run_rank,
    )
)
register(
    Command(
        "gaps",
        "Chênh lệch tự chấm − thẩm định / self vs appraised gaps",
        lambda p: _table_arguments(p, score=False, field=True),
        _run_gaps,
    )
)
register(
    Command(
        "evidence",
        "Thiếu tài liệu kiểm chứng / missing evidence",
        lambda p: _table_arguments(p, score=False, field=True),
        _run_evidence,
    )
)


# --- plug-in slots and the parser --------------------------------------------------------------


def _plugin(name: str) -> Command | None:
    """The plug-in's ``COMMAND``, or ``None`` while its module does not exist yet."""
    module_name = PLUGINS[name][0]
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            return None
        raise
    command = getattr(module, "COMMAND", None)
    return command if isinstance(command, Command) else None


def _not_available(name: str) -> Callable[[argparse.Namespace], int]:
    def run(_args: argparse.Namespace) -> int:
        print(
            f"Lệnh '{name}' chưa được cài đặt / command '{name}' is not available yet",
            file=sys.stderr,
        )
        return EXIT_USAGE

    return run


def build_parser(chosen: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; a plug-in is imported only when it is the ``chosen`` subcommand."""
    parser = argparse.ArgumentParser(
        prog="cchc",
        description="Chỉ số cải cách hành chính: nạp dữ liệu, bảng điều khiển, báo cáo",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS.values():
        child = sub.add_parser(command.name, help=command.help, description=command.help)
        command.add_arguments(child)
        child.set_defaults(run=command.run)
    for name, (_module, help_text) in PLUGINS.items():
        if name in COMMANDS:
            continue
        plugin = _plugin(name) if name == chosen else None
        child = sub.add_parser(name, help=help_text, description=help_text)
        if plugin is None:
            child.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
            child.set_defaults(run=_not_available(name))
        else:
            plugin.add_arguments(child)
            child.set_defaults(run=plugin.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cchc`` console script; returns the exit code."""
    from dashboard.queries import SelectionError

    arguments = list(sys.argv[1:] if argv is None else argv)
    chosen = next((a for a in arguments if not a.startswith("-")), None)
    try:
        args = build_parser(chosen).parse_args(arguments)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0) if isinstance(exc.code, int | None) else EXIT_USAGE
    try:
        return int(args.run(args))
    except SelectionError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
