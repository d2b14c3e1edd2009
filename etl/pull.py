"""Pulling long-format score rows straight from the scoring software's SQL database.

The query's result columns are read like a long scores file (same aliases, same checks,
one transaction); its identity for idempotency is the sha256 of the canonicalised rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import Engine

from etl.columns import Table
from etl.errors import file_problem, whole_file
from etl.kinds import KINDS, SQL_KIND, Kind
from etl.load import FileResult, load_source
from etl.readers import Sheet


def _canonical(value: object) -> object:
    if isinstance(value, Decimal | float):
        return format(Decimal(str(value)).normalize(), "f")
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value if value is None or isinstance(value, int | str | bool) else str(value)


def _cell(value: object) -> object:
    """A database value as a spreadsheet cell (numbers as floats, NULL as blank)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    return value


def rows_sha256(columns: list[str], rows: list[tuple[object, ...]]) -> str:
    """The identity of a result set: same columns and rows in the same order, same hash."""
    payload = json.dumps(
        [columns, *[[_canonical(v) for v in row] for row in rows]], ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _run(source_url: str, query: str) -> tuple[list[str], list[tuple[object, ...]]]:
    source = sa.create_engine(source_url)
    try:
        with source.connect() as conn:
            result = conn.execute(sa.text(query))
            return list(result.keys()), [tuple(row) for row in result]
    finally:
        source.dispose()


def pull(engine: Engine, source_url: str, query: str, *, label: str) -> FileResult:
    """Run ``query`` on ``source_url`` and load its rows as a long scores file."""
    try:
        columns, rows = _run(source_url, query)
    except (sa.exc.SQLAlchemyError, ImportError) as exc:
        problem = whole_file(
            label,
            "Không chạy được truy vấn trên cơ sở dữ liệu nguồn",
            f"the query failed on the source database: {exc}",
        )
        return FileResult(Path(label), SQL_KIND, "rejected", 0, None, [], [problem])
    sheet = Sheet(label, [list(columns), *[[_cell(v) for v in row] for row in rows]], 0)

    def read() -> tuple[Kind, Table]:
        if not rows:
            raise file_problem(
                label, "Truy vấn không trả về dòng nào", "the query returned no rows"
            )
        return KINDS["scores"], Table(label, sheet, 0, KINDS["scores"].layout.match(columns))

    return load_source(engine, Path(label), rows_sha256(columns, rows), read, batch_kind=SQL_KIND)
