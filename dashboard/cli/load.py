"""``cchc load``, ``pull``, ``demo`` and ``migrate``: filling the warehouse (``demo`` also
makes one demo account per role, :func:`dashboard.cli.user.write_demo_accounts`).  Each file
``load`` and ``pull`` load is recorded in the audit log (``dashboard.loading``)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.cli.common import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_REJECTED,
    Command,
    add_db_argument,
    engine_from_args,
    fail,
)

if TYPE_CHECKING:
    from etl.load import FileResult

LOAD_EXIT_CODES = """mã thoát / exit codes:
  0  mọi tệp đã nạp (hoặc đã nạp trước đó) / every file loaded (or already loaded)
  1  có tệp bị từ chối, tệp đó không ghi gì / a file was rejected; it wrote nothing
  2  sai cách dùng, ví dụ đường dẫn không tồn tại / usage error, e.g. a path that does not exist
  3  lỗi nội bộ khi nạp một tệp (lỗi chương trình, hãy báo lại); các tệp khác vẫn được nạp /
     an internal error (a bug, please report it) failed a file; the other files still loaded"""


def report(results: Sequence[FileResult]) -> int:
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
    parser.epilog = LOAD_EXIT_CODES
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="tệp hoặc thư mục")
    parser.add_argument(
        "--record-rejected",
        action="store_true",
        help="ghi tệp bị từ chối vào load_batch/rejected_row / record rejected files",
    )
    add_db_argument(parser)


def _run_load(args: argparse.Namespace) -> int:
    from dashboard.loading import load_paths

    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        return fail(f"Không tìm thấy / not found: {', '.join(missing)}")
    engine = engine_from_args(args)
    results = load_paths(
        engine, list(args.paths), None, record_rejected=args.record_rejected, progress=None
    )
    return report(results)


def _pull_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source-url", required=True, metavar="URL", help="CSDL nguồn / source")
    parser.add_argument("--query-file", required=True, type=Path, metavar="FILE", help="tệp SQL")
    add_db_argument(parser)


def _run_pull(args: argparse.Namespace) -> int:
    from dashboard.loading import audit_load
    from etl.pull import pull

    if not args.query_file.is_file():
        return fail(f"Không tìm thấy / not found: {args.query_file}")
    query = args.query_file.read_text(encoding="utf-8")
    engine = engine_from_args(args)
    result = pull(engine, args.source_url, query, label=str(args.query_file))
    audit_load(engine, result, None)
    return report([result])


def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scale", choices=("province", "national"), default="province")
    add_db_argument(parser)


def _run_demo(args: argparse.Namespace) -> int:
    from dashboard.cli.user import write_demo_accounts
    from demo import run_demo

    engine = engine_from_args(args)
    code = report(run_demo(engine, scale=args.scale))
    write_demo_accounts(engine)  # one account per role, new passwords printed and kept
    return code


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


COMMANDS = (
    Command("load", "Nạp tệp xuất / load export files", _load_arguments, _run_load),
    Command(
        "migrate",
        "Tạo/cập nhật lược đồ kho dữ liệu / create or upgrade the warehouse schema",
        add_db_argument,
        _run_migrate,
    ),
    Command("pull", "Lấy dữ liệu từ CSDL nguồn / pull from SQL", _pull_arguments, _run_pull),
    Command("demo", "Tạo và nạp dữ liệu mẫu / demo data", _demo_arguments, _run_demo),
)
