"""Undoing a load, and the load history it is chosen from.

Every score write (``etl.kinds.merge``) leaves, per row it writes, one ``score_history`` row:
the row as it was before (JSON of its columns but ``id``), or NULL when the batch inserted it.
:func:`undo_batch` puts them back in one locked transaction (``etl.lock``): it deletes the
batch's rows, restores the rows it replaced exactly as they were (their earlier ``batch_id``
too; a batch marked ``replaced`` that gets rows back is ``loaded`` again), marks the batch
``undone`` and recomputes the unit summaries of every (year, round, unit) it touched.  The
same file can then be loaded again (only ``loaded`` and ``replaced`` batches count as
already loaded).

Only score batches (``etl.summary.SCORE_BATCH_KINDS``: long scores files, unit workbooks,
SQL pulls) keep a history.  A units, framework, rounds or submissions file replaces or adds
reference data that the next such file sets again; undoing one is refused, saying so.

Refused, with nothing changed (:class:`UndoResult` with ``done`` False, in Vietnamese and
English): no such batch; a batch that is not loaded (rejected, already undone, or replaced:
later batches overwrote all its rows); not a score batch; a batch loaded before the history
was kept; a batch a later loaded batch has changed rows of — that one is named, to be undone
first.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from etl.kinds.writing import bulk_insert
from etl.lock import write_transaction
from etl.schema import load_batch, score_fact, score_history
from etl.summary import SCORE_BATCH_KINDS, refresh_keys

UNDONE = "undone"
_NARROW_UNITS = 500  # up to this many units, the unit index narrows the read of current rows
_DELETE_CHUNK = 5000

LeafKey = tuple[int, int, str, str]  # (year, round, unit_code, criterion_code)


@dataclass(frozen=True)
class UndoResult:
    """What :func:`undo_batch` did, or why it refused (``done`` False: nothing changed)."""

    batch_id: int
    done: bool
    message_vi: str
    message_en: str
    file_name: str | None = None
    removed: int = 0  # rows the batch had inserted, deleted
    restored: int = 0  # rows it had changed, put back as they were
    units: int = 0  # (year, round, unit) keys whose summaries were recomputed
    blocking: tuple[int, ...] = ()  # later batches to undo first

    @property
    def message(self) -> str:
        return f"{self.message_vi} / {self.message_en}"

    def text(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_vi


class _Refused(Exception):
    def __init__(self, vi: str, en: str, blocking: Sequence[int] = ()) -> None:
        super().__init__(f"{vi} / {en}")
        self.vi, self.en, self.blocking = vi, en, tuple(blocking)


def batch_list(ids: Sequence[int]) -> str:
    return ", ".join(f"#{i}" for i in ids)


def undoable(kind: str | None, status: str | None) -> bool:
    """Whether a batch of this kind and status may be undone (the history's button)."""
    return kind in SCORE_BATCH_KINDS and status == "loaded"


def undo_batch(engine: Engine, batch_id: int, username: str | None = None) -> UndoResult:
    """Undo load batch ``batch_id`` (see the module); ``username`` is noted on the batch."""
    with write_transaction(engine) as conn:
        try:
            return _undo(conn, batch_id, username)
        except _Refused as refusal:  # raised before anything is written
            return UndoResult(batch_id, False, refusal.vi, refusal.en, blocking=refusal.blocking)


def _check_batch(batch: Any, batch_id: int) -> None:
    """Refuse a batch that does not exist, is not loaded or is not a score batch."""
    if batch is None:
        raise _Refused(f"Không có lô nạp #{batch_id}", f"there is no load batch #{batch_id}")
    if batch.status == UNDONE:
        raise _Refused(
            f"Lô #{batch_id} đã được hoàn tác rồi", f"batch #{batch_id} has already been undone"
        )
    if batch.status == "rejected":
        raise _Refused(
            f"Lô #{batch_id} bị từ chối, không ghi gì nên không có gì để hoàn tác",
            f"batch #{batch_id} was rejected and wrote nothing: there is nothing to undo",
        )
    if batch.kind not in SCORE_BATCH_KINDS:
        raise _Refused(
            f"Chỉ hoàn tác được lô điểm; lô #{batch_id} là tệp loại '{batch.kind}' (danh sách"
            " đơn vị, bộ tiêu chí, lần chấm, tình hình gửi không lưu lịch sử để hoàn tác)",
            f"only score batches can be undone; batch #{batch_id} is a '{batch.kind}' file"
            " (units, frameworks, rounds and submissions keep no history to undo)",
        )
    if batch.status == "replaced":
        raise _Refused(
            f"Mọi điểm của lô #{batch_id} đã được các lô sau ghi đè; hãy hoàn tác các lô đó trước",
            f"every score of batch #{batch_id} has been overwritten by later batches; undo"
            " those first",
        )


def _history(conn: Connection, batch_id: int) -> list[sa.Row[Any]]:
    h = score_history.c
    return list(
        conn.execute(
            sa.select(h.year, h.round, h.unit_code, h.criterion_code, h.before)
            .where(h.batch_id == batch_id)
            .order_by(h.id)
        )
    )


def _current(conn: Connection, keys: set[LeafKey]) -> dict[LeafKey, int]:
    """The ``batch_id`` of the stored row of each key (absent: no row)."""
    c = score_fact.c
    units = sorted({k[2] for k in keys})
    where = [c.year.in_(sorted({k[0] for k in keys})), c.round.in_(sorted({k[1] for k in keys}))]
    if len(units) <= _NARROW_UNITS:
        where.append(c.unit_code.in_(units))
    rows = conn.execute(
        sa.select(c.year, c.round, c.unit_code, c.criterion_code, c.batch_id).where(*where)
    )
    current = {(r.year, r.round, r.unit_code, r.criterion_code): r.batch_id for r in rows}
    return {key: current[key] for key in keys if key in current}


def _check_later(conn: Connection, batch_id: int, keys: set[LeafKey]) -> None:
    """Refuse when a row the batch wrote no longer holds what it wrote."""
    current = _current(conn, keys)
    blocking = sorted({b for b in current.values() if b != batch_id})
    if blocking:
        raise _Refused(
            f"Lô sau đã sửa điểm mà lô #{batch_id} ghi: hãy hoàn tác {batch_list(blocking)} trước",
            f"a later batch changed scores batch #{batch_id} wrote: undo"
            f" {batch_list(blocking)} first",
            blocking,
        )
    c = score_fact.c
    held = conn.execute(
        sa.select(sa.func.count()).select_from(score_fact).where(c.batch_id == batch_id)
    ).scalar_one()
    if len(current) != len(keys) or held != len(keys):
        raise _Refused(
            f"Điểm của lô #{batch_id} đã bị thay đổi ngoài chương trình nạp; không hoàn tác",
            f"the scores of batch #{batch_id} were changed outside the loader; not undone",
        )


def _undo(conn: Connection, batch_id: int, username: str | None) -> UndoResult:
    b = load_batch.c
    batch = conn.execute(
        sa.select(b.id, b.kind, b.status, b.file_name).where(b.id == batch_id)
    ).first()
    _check_batch(batch, batch_id)
    assert batch is not None
    history = _history(conn, batch_id)
    if not history:
        raise _Refused(
            f"Lô #{batch_id} được nạp trước khi có lịch sử để hoàn tác",
            f"batch #{batch_id} was loaded before the history needed to undo it was kept",
        )
    keys = {(h.year, h.round, h.unit_code, h.criterion_code) for h in history}
    _check_later(conn, batch_id, keys)
    conn.execute(score_fact.delete().where(score_fact.c.batch_id == batch_id))
    restored = [json.loads(h.before) for h in history if h.before is not None]
    bulk_insert(conn, score_fact, restored)
    revived = sorted({int(r["batch_id"]) for r in restored})
    for start in range(0, len(revived), _DELETE_CHUNK):
        chunk = revived[start : start + _DELETE_CHUNK]
        conn.execute(
            load_batch.update()
            .where(b.id.in_(chunk), b.status == "replaced")
            .values(status="loaded")
        )
    who = username or "cchc undo"
    when = dt.datetime.now().replace(microsecond=0)
    conn.execute(
        load_batch.update()
        .where(b.id == batch_id)
        .values(
            status=UNDONE,
            message=f"Hoàn tác bởi {who} lúc {when:%d/%m/%Y %H:%M}"
            f" / undone by {who} at {when:%Y-%m-%d %H:%M}",
        )
    )
    h = score_history.c
    units = sa.select(h.year, h.round, h.unit_code).where(h.batch_id == batch_id).distinct()
    refresh_keys(conn, units)
    n_units = len({k[:3] for k in keys})
    removed = len(history) - len(restored)
    return UndoResult(
        batch_id,
        True,
        f"Đã hoàn tác lô #{batch_id} ({batch.file_name}): xóa {removed} dòng điểm lô đã thêm,"
        f" khôi phục {len(restored)} dòng như trước, tính lại {n_units} đơn vị",
        f"undid batch #{batch_id} ({batch.file_name}): deleted {removed} score rows it had"
        f" added, restored {len(restored)} rows as they were, recomputed {n_units} units",
        file_name=batch.file_name,
        removed=removed,
        restored=len(restored),
        units=n_units,
    )


# --- the load history ---------------------------------------------------------------------

HISTORY_COLUMNS = ("id", "file_name", "kind", "rows", "status", "loaded_at", "loaded_by")


def load_history(engine: Engine, limit: int | None = None) -> list[dict[str, Any]]:
    """The load batches, newest first (at most ``limit``): :data:`HISTORY_COLUMNS` and
    ``message``, ``undoable`` (:func:`undoable`)."""
    b = load_batch.c
    query = sa.select(*(b[name] for name in HISTORY_COLUMNS), b.message).order_by(b.id.desc())
    if limit is not None:
        query = query.limit(limit)
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    for row in rows:
        row["undoable"] = undoable(row["kind"], row["status"])
    return rows
