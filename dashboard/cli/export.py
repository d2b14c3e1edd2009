"""``cchc export``: charts, tables, the report pack and the units' notices, headless.

    cchc export chart --page rankings --year 2023 --round 2 --group huyen --format png --out a.png
    cchc export chart --page gaps --chart fields --year 2023 --out linh-vuc.svg
    cchc export table --page gaps --year 2023 --out chenh-lech.xlsx
    cchc export report --year 2023 --round 2 --out bao-cao.pdf
    cchc export report --year 2023 --round 2 --lang en --out par-index-report.docx
    cchc export notices --year 2023 --round 1 --out thong-bao/          # PDF + DOCX per unit
    cchc export notices --year 2023 --round 1 --group huyen --out thong-bao-huyen.zip

The view is resolved once, for the page (:func:`dashboard.cli.common.view_from_args`), as
the page and its download links resolve it.  ``notices`` writes one PDF and one DOCX notice
per unit of the round (of ``--group``, else of every group) into the folder ``--out``, or one
zip holding them when ``--out`` ends in ``.zip``, with a line per unit on stderr.  Exit codes:
0 written, 1 the export failed (e.g. no Chromium), 2 usage error (an unknown year, round or
group among them).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from dashboard.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    Command,
    add_db_argument,
    engine_from_args,
    fail,
    view_from_args,
)
from dashboard.i18n import DEFAULT_LANG, LANGS, t
from dashboard.view import PAGES, page_of


def _view_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--page", required=True, help=f"trang / page: {', '.join(PAGES)}")
    parser.add_argument("--year", type=int, help="năm (mặc định: mới nhất) / year")
    parser.add_argument("--round", type=int, help="lần (mặc định: mới nhất) / round")
    parser.add_argument("--group", help="nhóm / group (so_nganh, su_nghiep, trung_uong, huyen)")
    parser.add_argument("--field", help="mã lĩnh vực / field code")
    parser.add_argument("--criterion", help="mã tiêu chí / criterion code")
    parser.add_argument("--unit", help="mã đơn vị / unit code")
    parser.add_argument("--score", choices=("appraised", "self"), default="appraised")
    _lang_argument(parser)


def _lang_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang", choices=LANGS, default=DEFAULT_LANG, help="ngôn ngữ / language (mặc định: vi)"
    )


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="what", required=True, metavar="chart|table|report|notices")
    chart = sub.add_parser("chart", help="một biểu đồ của một trang / a chart of a page")
    _view_arguments(chart)
    chart.add_argument(
        "--chart",
        metavar="NAME",
        help="biểu đồ nào của trang, vd. gaps: scatter, fields, criteria, rounds (mặc định: "
        "biểu đồ chính; tên sai thì liệt kê các tên) / which of the page's charts",
    )
    chart.add_argument("--format", choices=("png", "svg", "pdf"), help="mặc định: theo đuôi --out")
    chart.add_argument("--out", required=True, type=Path, metavar="FILE")
    add_db_argument(chart)
    table = sub.add_parser("table", help="bảng số liệu của một trang / a page's data")
    _view_arguments(table)
    table.add_argument("--out", required=True, type=Path, metavar="FILE.xlsx|FILE.csv")
    add_db_argument(table)
    report = sub.add_parser("report", help="bộ báo cáo lãnh đạo / the leadership report")
    report.add_argument("--year", type=int, required=True, help="năm / year")
    report.add_argument("--round", type=int, help="lần (mặc định: mới nhất) / round")
    report.add_argument("--group", help="chỉ một nhóm / one group only")
    _lang_argument(report)
    report.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|FILE.docx")
    report.add_argument(
        "--date", type=_issue_date, metavar="dd/mm/yyyy", help="ngày báo cáo (mặc định: hôm nay)"
    )
    add_db_argument(report)
    notices = sub.add_parser(
        "notices", help="thông báo kết quả thẩm định cho từng đơn vị / a notice to each unit"
    )
    notices.add_argument("--year", type=int, required=True, help="năm / year")
    notices.add_argument("--round", type=int, help="lần (mặc định: mới nhất) / round")
    notices.add_argument("--group", help="chỉ một nhóm / one group only")
    _lang_argument(notices)
    notices.add_argument(
        "--out", required=True, type=Path, metavar="DIR|FILE.zip",
        help="thư mục (một PDF và một DOCX mỗi đơn vị) hoặc tệp .zip / a folder or a .zip",
    )  # fmt: skip
    notices.add_argument(
        "--date", type=_issue_date, metavar="dd/mm/yyyy", help="ngày thông báo (mặc định: hôm nay)"
    )
    add_db_argument(notices)


def _issue_date(text: str) -> date:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày không hợp lệ / bad date: {text!r}") from None


def _suffix(path: Path, allowed: tuple[str, ...], given: str | None = None) -> str | None:
    fmt = (given or path.suffix.lstrip(".")).lower()
    return fmt if fmt in allowed else None


def _export(args: argparse.Namespace) -> bytes | None:
    from dashboard.export import charts, report

    engine = engine_from_args(args)
    if args.what == "report":
        fmt = _suffix(args.out, report.REPORT_FORMATS)
        if fmt is None:
            print("--out phải là .pdf hoặc .docx / --out must be .pdf or .docx", file=sys.stderr)
            return None
        view = view_from_args(engine, args, None)  # a view of no page, as the report link's
        return report.build_report(engine, view, fmt, args.date)
    page = page_of(args.page)
    view = view_from_args(engine, args, page)
    if args.what == "chart":
        fmt = _suffix(args.out, ("png", "svg", "pdf"), args.format)
        if fmt is None:
            print("Hãy chọn --format png|svg|pdf / choose --format", file=sys.stderr)
            return None
        return charts.export_chart(engine, page.slug, view, fmt, args.chart)
    fmt = _suffix(args.out, ("xlsx", "csv"))
    if fmt is None:
        print("--out phải là .xlsx hoặc .csv / --out must end in .xlsx or .csv", file=sys.stderr)
        return None
    return charts.export_table(engine, page.slug, view, fmt)


def _notices(args: argparse.Namespace) -> int:
    """Every unit's notice, into a folder or a zip; a progress line per unit on stderr."""
    from dashboard.export import notice

    engine = engine_from_args(args)
    view = view_from_args(engine, args, None)  # an unknown year, round or group: exit 2

    units = 0

    def progress(line: str) -> None:
        nonlocal units
        units += 1
        print(line, file=sys.stderr, flush=True)

    notice.build_all(engine, view, view.group, args.out, issued=args.date, progress=progress)
    count = units * len(notice.NOTICE_FORMATS)
    print(t("notice.written", view.lang, count=count, units=units, out=args.out))
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    from dashboard.export.images import BrowserUnavailableError, ExportError
    from dashboard.queries import SelectionError
    from dashboard.specs.registry import NothingToDrawError
    from dashboard.view import NoDataError, UnknownPageError

    try:
        if args.what == "notices":
            return _notices(args)
        body = _export(args)
    except BrowserUnavailableError as exc:
        return fail(str(exc), EXIT_FAILED)
    except (ExportError, SelectionError, UnknownPageError, NothingToDrawError, NoDataError) as exc:
        return fail(str(exc))
    if body is None:
        return EXIT_USAGE
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(body)
    print(f"Đã ghi / written: {args.out} ({len(body):,} bytes)".replace(",", "."))
    return EXIT_OK


COMMAND = Command(
    "export",
    "Xuất biểu đồ, bảng, bộ báo cáo, thông báo / export charts, tables, the report, notices",
    _add_arguments,
    _run,
)
