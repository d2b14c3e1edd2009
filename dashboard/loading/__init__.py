"""Loading files and undoing loads, each recorded in the audit log.

The "Nạp dữ liệu" page (:mod:`dashboard.pages.upload`, its upload route :mod:`.routes`, its
per-file report :mod:`.report`) and ``cchc load`` / ``cchc undo`` load through the same loader
(:func:`etl.load.load_files`) and undo through :func:`etl.undo.undo_batch`, here:

* :func:`load_paths` loads files as ``username`` (``load_batch.loaded_by``; ``None``: the
  CLI) and records one ``load`` event per file: target the file's name, outcome ``ok``
  (loaded, or already loaded), ``refused`` (rejected) or ``failed`` (an internal error);
* :func:`undo` undoes a batch and records one ``undo`` event: target ``#<batch id>``,
  outcome ``ok``, ``refused`` (:class:`etl.undo.UndoResult` says why) or ``failed``;
* :func:`refused` records what a user who may not load tried (``refused``).

On the web only a user who may load (:attr:`dashboard.auth.User.may_load`) may do either:
:func:`loader` is that user, or ``None`` — whoever asks is then refused (403) and audited.
"""

from __future__ import annotations

import getpass
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from flask import has_request_context, request
from sqlalchemy import Engine

from dashboard import auth
from dashboard.audit import Event, Outcome, record
from etl.load import FAILED, FileResult, load_files
from etl.undo import HISTORY_COLUMNS, UndoResult, load_history, undo_batch

__all__ = ["HISTORY_COLUMNS", "UndoResult", "history", "load_paths", "loader", "refused",
           "undo", "username"]  # fmt: skip

OUTCOMES: dict[str, Outcome] = {
    "loaded": "ok",
    "already_loaded": "ok",
    "rejected": "refused",
    FAILED: "failed",
}


def loader() -> auth.User | None:
    """The signed-in user when they may load data (and undo loads), else ``None``."""
    user = auth.current_user()
    return user if user is not None and user.may_load else None


def username() -> str | None:
    """Who is asking (a user who may not load included), for the audit log."""
    user = auth.current_user()
    return None if user is None else user.username


def _origin() -> tuple[dict[str, Any], str | None]:
    """Where an action comes from: the web (with the client's address) or the CLI."""
    if has_request_context():
        return {"via": "web"}, request.remote_addr
    try:
        os_user: str | None = getpass.getuser()
    except (KeyError, OSError):
        os_user = None
    return {"via": "cli", **({"os_user": os_user} if os_user else {})}, None


def _record(
    engine: Engine,
    action: str,
    outcome: Outcome,
    who: str | None,
    target: str | None,
    **detail: Any,
) -> None:
    origin, remote_addr = _origin()
    details = {**origin, **{k: v for k, v in detail.items() if v is not None}}
    record(engine, Event(action, outcome, who, target, details, remote_addr))


def load_paths(
    engine: Engine,
    paths: Sequence[Path],
    who: str | None,
    *,
    record_rejected: bool = False,
    progress: bool | None = False,
) -> list[FileResult]:
    """Load ``paths`` as ``who`` (:func:`etl.load.load_files`); one audit event per file."""
    results = load_files(
        engine, list(paths), progress=progress, record_rejected=record_rejected, loaded_by=who
    )
    for result in results:
        audit_load(engine, result, who)
    return results


def audit_load(engine: Engine, result: FileResult, who: str | None) -> None:
    """The audit event of one file's load."""
    _record(
        engine,
        "load",
        OUTCOMES.get(result.status, "failed"),
        who,
        result.path.name,
        status=result.status,
        kind=result.kind,
        rows=result.rows,
        batch=result.batch_id,
        problems=len(result.problems) or None,
        changes=len(result.changes) or None,
    )


def undo(engine: Engine, batch_id: int, who: str | None) -> UndoResult:
    """Undo batch ``batch_id`` as ``who`` (:func:`etl.undo.undo_batch`); one audit event."""
    target = f"#{batch_id}"
    try:
        result = undo_batch(engine, batch_id, who)
    except Exception as exc:
        _record(engine, "undo", "failed", who, target, error=type(exc).__name__)
        raise
    _record(
        engine,
        "undo",
        "ok" if result.done else "refused",
        who,
        target,
        file=result.file_name,
        removed=result.removed if result.done else None,
        restored=result.restored if result.done else None,
        reason=None if result.done else result.message_en,
    )
    return result


def refused(engine: Engine, action: str, target: str | None, reason: str) -> None:
    """Record that the user asking (who may not do it) tried ``action``."""
    _record(engine, action, "refused", username(), target, reason=reason)


def history(engine: Engine, limit: int | None = None) -> list[dict[str, Any]]:
    """The load history, newest first (:func:`etl.undo.load_history`)."""
    return load_history(engine, limit)
