"""Loading files into the warehouse: each file in one transaction, all or nothing.

``load_files`` expands folders, recognises each file's kind, and loads reference data
before the scores that need it.  A file already loaded (same sha256) changes nothing; a
rejected file writes nothing (unless ``record_rejected``, which keeps its problems in
``load_batch``/``rejected_row``); a newer export of a unit's round replaces the older one.
``loaded_by`` names who loaded the files (the upload page's user; ``None``: ``cchc load``).
A loaded score file can be undone (``etl.undo``).
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from rich.markup import escape as markup_escape
from sqlalchemy import Connection, Engine

from etl.columns import Table
from etl.errors import FileRejected, Problem, ProblemLog, internal_error, whole_file
from etl.kinds import KINDS, Kind, check_columns, detect
from etl.kinds.base import Reference
from etl.kinds.merge import ScoreChange
from etl.lock import write_transaction
from etl.readers import is_supported, read_sheets, sha256_of
from etl.schema import load_batch, rejected_row, score_fact, submission
from etl.text import printable

_log = logging.getLogger(__name__)
FAILED = "failed"  # the status of a file a bug of ours stopped (exit code 3)

HEADER_SCAN_ROWS = 30
_LOADED = ("loaded", "replaced")


@dataclass
class FileResult:
    path: Path
    kind: str | None  # framework|units|scores|workbook|submissions|rounds|sql
    status: str  # "loaded" | "already_loaded" | "rejected"
    rows: int
    batch_id: int | None
    replaced_batches: list[int] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    changes: list[ScoreChange] = field(default_factory=list)  # stored scores it changed


Reader = Callable[[], tuple[Kind, Table]]


def expand(paths: Sequence[str | Path]) -> list[Path]:
    """Files named, and the supported files under folders named (recursively, sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(p for p in sorted(path.rglob("*")) if p.is_file() and is_supported(p))
        else:
            found.append(path)
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def _kind_order(path: Path) -> int:
    """Where a file goes in the load order, from its header rows (rejections go last).

    Never raises: a file that cannot be read here is loaded last and reported by its load.
    """
    try:
        kind, _table = detect(path.name, read_sheets(path, max_rows=HEADER_SCAN_ROWS))
    except Exception:  # FileRejected, or a bug that its own load will report
        return len(KINDS)
    return kind.order


def load_files(
    engine: Engine,
    paths: Sequence[str | Path],
    *,
    progress: bool | None = None,
    record_rejected: bool = False,
    loaded_by: str | None = None,
) -> list[FileResult]:
    """Load any mix of files and folders: units, frameworks, rounds, then scores, then
    submissions; each file in its own transaction."""
    files = expand(paths)
    ordered = sorted(files, key=_kind_order)  # stable: the given order within a kind
    results = []
    with _progress_bar(len(ordered), progress) as advance:
        for path in ordered:
            advance(markup_escape(printable(path.name)))
            try:
                result = load_file(
                    engine, path, record_rejected=record_rejected, loaded_by=loaded_by
                )
            except Exception as exc:  # a bug: this file failed, the others still load
                result = _failed(path, None, exc)
            results.append(result)
    return results


def _failed(path: Path, kind: str | None, exc: Exception) -> FileResult:
    """A file that failed through a bug of ours: ``failed``, with an internal-error problem."""
    _log.error("lỗi nội bộ khi nạp / internal error loading %s", path, exc_info=exc)
    problem = internal_error(path.name, exc)
    return FileResult(
        path=path, kind=kind, status=FAILED, rows=0, batch_id=None, problems=[problem]
    )


def load_file(
    engine: Engine,
    path: str | Path,
    *,
    record_rejected: bool = False,
    loaded_by: str | None = None,
) -> FileResult:
    """Load one file (in one transaction)."""
    path = Path(path)
    try:
        sha = sha256_of(path) if path.is_file() else ""
    except OSError as exc:
        problem = whole_file(path.name, "Không đọc được tệp", f"cannot read the file ({exc})")
        return _rejected(engine, path, None, "", [problem], record_rejected, loaded_by)

    def read() -> tuple[Kind, Table]:
        return detect(path.name, read_sheets(path))

    return load_source(
        engine, path, sha, read, record_rejected=record_rejected, loaded_by=loaded_by
    )


def load_source(
    engine: Engine,
    path: Path,
    sha: str,
    read: Reader,
    *,
    batch_kind: str | None = None,
    record_rejected: bool = False,
    loaded_by: str | None = None,
) -> FileResult:
    """Load what ``read`` returns, unless a batch with the same ``sha`` is already loaded."""
    with engine.connect() as conn:
        done = _already_loaded(conn, sha)
    if done is not None:
        return _skipped(path, done)
    kind: Kind | None = None
    try:
        with collector_paused():
            kind, table = read()
            with write_transaction(engine) as conn:
                done = _already_loaded(conn, sha)  # a concurrent load may have committed it
                if done is not None:
                    return _skipped(path, done)
                batch = batch_kind or kind.name
                return _load_table(conn, path, sha, kind, table, batch, loaded_by)
    except FileRejected as rejection:
        problems = rejection.problems
    except (sa.exc.IntegrityError, sa.exc.DataError) as exc:
        problems = [
            whole_file(
                path.name,
                "Cơ sở dữ liệu từ chối dữ liệu của tệp (giá trị quá dài hoặc không hợp lệ)",
                f"the database refused the file's data: {exc.orig}",
            )
        ]
    except Exception as exc:  # a bug, not the file's fault: reported, the run goes on
        return _failed(path, batch_kind or (kind.name if kind else None), exc)
    kind_name = batch_kind or (kind.name if kind else None)
    return _rejected(engine, path, kind_name, sha, problems, record_rejected, loaded_by)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while one file is read and written.

    A file's rows are a million small objects that all stay alive until it is loaded; each
    collection would walk them all again (a third of the time of a large file) for no
    garbage: the loader makes no reference cycles.  Memory is freed as usual meanwhile.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _skipped(path: Path, done: sa.Row) -> FileResult:
    return FileResult(path, done.kind, "already_loaded", done.rows, done.id)


def _already_loaded(conn: Connection, sha: str) -> sa.Row | None:
    b = load_batch.c
    return conn.execute(
        sa.select(b.id, b.kind, b.rows)
        .where(b.sha256 == sha, b.status.in_(_LOADED))
        .order_by(b.id.desc())
        .limit(1)
    ).first()


def _load_table(
    conn: Connection,
    path: Path,
    sha: str,
    kind: Kind,
    table: Table,
    batch_kind: str,
    loaded_by: str | None,
) -> FileResult:
    log = ProblemLog(path.name)
    check_columns(kind, table, log)
    if log:
        raise log.reject()
    plan = kind.parse(table, Reference(conn), log)
    if log:
        raise log.reject()
    if plan.rows == 0:
        log.add("Không có dòng nào để nạp", "no rows to load", sheet=table.sheet_name)
        raise log.reject()
    batch_id = _new_batch(
        conn,
        path,
        sha,
        batch_kind,
        "loaded",
        rows=plan.rows,
        year=plan.year,
        round=plan.round,
        unit_code=plan.unit_code,
        loaded_by=loaded_by,
    )
    touched = kind.write(conn, plan, batch_id) - {batch_id}
    replaced = _mark_replaced(conn, touched)
    return FileResult(path, batch_kind, "loaded", plan.rows, batch_id, replaced, [], plan.changes)


def _mark_replaced(conn: Connection, batches: set[int]) -> list[int]:
    """Batches left without any row are marked ``replaced``; returns them."""
    replaced = []
    for batch_id in sorted(batches):
        remaining = sum(
            conn.execute(
                sa.select(sa.func.count()).select_from(t).where(t.c.batch_id == batch_id)
            ).scalar_one()
            for t in (score_fact, submission)
        )
        if remaining == 0:
            replaced.append(batch_id)
    if replaced:
        conn.execute(
            load_batch.update().where(load_batch.c.id.in_(replaced)).values(status="replaced")
        )
    return replaced


def _rejected(
    engine: Engine,
    path: Path,
    kind: str | None,
    sha: str,
    problems: list[Problem],
    record: bool,
    loaded_by: str | None = None,
) -> FileResult:
    batch_id = _record_rejection(engine, path, kind, sha, problems, loaded_by) if record else None
    return FileResult(path, kind, "rejected", 0, batch_id, [], problems)


def _record_rejection(
    engine: Engine,
    path: Path,
    kind: str | None,
    sha: str,
    problems: list[Problem],
    loaded_by: str | None,
) -> int:
    """A ``rejected`` batch and one ``rejected_row`` per problem, in their own transaction."""
    with write_transaction(engine) as conn:
        message = problems[0].reason if problems else None
        batch_id = _new_batch(
            conn, path, sha, kind or "unknown", "rejected", message=message, loaded_by=loaded_by
        )
        conn.execute(
            rejected_row.insert(),
            [
                {
                    "batch_id": batch_id,
                    "sheet": p.sheet,
                    "row": p.row,
                    "column": p.column,
                    "value": p.value,
                    "reason": p.reason,
                }
                for p in problems
            ],
        )
    return int(batch_id)


def _new_batch(
    conn: Connection,
    path: Path,
    sha: str,
    kind: str,
    status: str,
    *,
    rows: int = 0,
    **extra: object,
) -> int:
    """A new ``load_batch`` row; its id."""
    result = conn.execute(
        load_batch.insert().values(
            file_name=path.name[:512],
            sha256=sha,
            kind=kind,
            rows=rows,
            status=status,
            loaded_at=dt.datetime.now().replace(microsecond=0),
            **extra,
        )
    )
    assert result.inserted_primary_key is not None
    return int(result.inserted_primary_key[0])


@contextmanager
def _progress_bar(total: int, progress: bool | None) -> Iterator[Callable[[str], None]]:
    """A rich progress bar on stderr (by default only when stderr is a terminal)."""
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress or total == 0:
        yield lambda _name: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    bar = Progress(
        TextColumn("[bold]Nạp dữ liệu"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task("", total=total)
        started = [False]

        def advance(name: str) -> None:
            if started[0]:
                bar.advance(task)
            started[0] = True
            bar.update(task, description=name)

        yield advance
        bar.update(task, completed=total)
