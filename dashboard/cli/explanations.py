"""``cchc explanations --check FILE.csv [--rules FILE.toml]``: which explanations are unspecific.

Reads a CSV with a ``Giải trình`` column (or ``explanation``, or an alias the loader knows:
``Giải trình của đơn vị``, ``Thuyết minh``, ``Nội dung giải trình``; matched as the loader
matches headers, without case, accents or spacing) and writes the same rows, every column
kept, plus ``unspecific`` (1/0) and ``rule`` (the id of the rule broken,
:mod:`dashboard.explanations`) as CSV on standard output.  Columns already named
``unspecific`` or ``rule`` (a file this command wrote) are overwritten, not repeated.

The file is read as the loader reads a CSV (:func:`etl.csvfile.read_csv`): UTF-8 with or
without BOM, else Windows-1258 when the whole file is that; the delimiter (``,`` ``;`` tab)
is sniffed; text is NFC.  The output is comma-separated UTF-8; a cell a spreadsheet would run
as a formula (``=HYPERLINK(…)``) starts with ``'`` as in the dashboard's CSV exports
(:func:`dashboard.export.tables.neutralised`), numbers stay numbers.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

import pandas as pd

from dashboard.cli.common import EXIT_OK, Command, fail

EXIT_CODES = """mã thoát / exit codes:
  0  đã kiểm tra / checked
  2  không đọc được tệp, thiếu cột 'Giải trình', tệp quy tắc sai /
     the file cannot be read, it has no 'Giải trình' column, or the rules file is malformed"""

ADDED = ("unspecific", "rule")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EXIT_CODES
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "--check",
        required=True,
        type=Path,
        metavar="FILE.csv",
        help="tệp CSV có cột 'Giải trình' / a CSV file with a 'Giải trình' column",
    )
    parser.add_argument(
        "--rules",
        type=Path,
        metavar="FILE.toml",
        help="tệp quy tắc (mặc định / default: data/explanation_rules.toml)",
    )


def _cell(value: str) -> str:
    """A cell as written: a number as it is, other text never a formula."""
    from dashboard.export.tables import neutralised

    return value if _NUMBER.fullmatch(value.strip()) else str(neutralised(value))


def _explanation_column(header: list[str], path: Path) -> int | str:
    """The index of the explanation column, or the bilingual message of why there is none."""
    from etl.columns import COLUMNS
    from etl.text import header_key, printable

    keys = COLUMNS["explanation"].keys
    found = [i for i, name in enumerate(header) if header_key(name) in keys]
    if len(found) == 1:
        return found[0]
    shown = ", ".join(repr(printable(name)) for name in header)
    if found:
        named = ", ".join(repr(printable(header[i])) for i in found)
        return (
            f"Tệp {path}: có nhiều cột giải trình ({named}); hãy giữ một cột / "
            f"{path}: several explanation columns ({named}); keep one"
        )
    return (
        f"Tệp {path}: không có cột 'Giải trình' (hay 'explanation'); các cột: {shown} / "
        f"{path}: no 'Giải trình' (or 'explanation') column; its columns: {shown}"
    )


def _read(path: Path) -> list[list[str]] | str:
    """The file's rows, or the bilingual message of why it cannot be read."""
    from etl.csvfile import read_csv
    from etl.errors import FileRejected

    try:
        rows = read_csv(path)
    except FileRejected as exc:
        reasons = "\n".join(f"  {problem}" for problem in exc.problems)
        return f"Không đọc được tệp {path} / cannot read {path}:\n{reasons}"
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return f"Không đọc được tệp {path} / cannot read {path}: {reason}"
    rows = [row for row in rows if row]  # blank lines are no rows
    if not rows:
        return f"Tệp {path} trống / {path} is empty"
    return rows


def _run(args: argparse.Namespace) -> int:
    from dashboard.explanations import RulesError, load_rules

    try:
        rules = load_rules(args.rules)
    except RulesError as exc:
        return fail(str(exc))
    rows = _read(args.check)
    if isinstance(rows, str):
        return fail(rows)
    width = max(len(row) for row in rows)
    header = rows[0] + [""] * (width - len(rows[0]))
    column = _explanation_column(header, args.check)
    if isinstance(column, str):
        return fail(column)
    body = [row + [""] * (width - len(row)) for row in rows[1:]]
    flags = rules.flag_series(pd.Series([row[column] for row in body], dtype=object))
    at = {name: _position(header, name) for name in ADDED}
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([_cell(name) for name in header] + [n for n in ADDED if at[n] is None])
    for row, rule in zip(body, flags, strict=True):
        added = {"unspecific": "0" if rule is None else "1", "rule": rule or ""}
        cells = [_cell(value) for value in row]
        for name, value in added.items():
            index = at[name]
            if index is None:
                cells.append(value)
            else:
                cells[index] = value
        writer.writerow(cells)
    return EXIT_OK


def _position(header: list[str], name: str) -> int | None:
    """The index of an existing ``unspecific`` / ``rule`` column (a file this wrote)."""
    matches = [i for i, cell in enumerate(header) if cell.strip().casefold() == name]
    return matches[0] if matches else None


COMMAND = Command(
    "explanations",
    "Gắn cờ giải trình chưa cụ thể trong một tệp CSV / flag unspecific explanations in a CSV",
    _arguments,
    _run,
)
