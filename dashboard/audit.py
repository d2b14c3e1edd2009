"""The audit log: who did what, when, from where — sign-ins (failed ones too), loads, undos,
exports, account changes.  One row per event in ``audit_log``; written in its own short
transaction, so an event is recorded even when the work it describes failed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Engine

from etl.schema import audit_log

Outcome = Literal["ok", "refused", "failed"]


@dataclass(frozen=True)
class Event:
    action: str  # login, login_failed, logout, load, undo, export, user_add, …
    outcome: Outcome = "ok"
    username: str | None = None
    target: str | None = None
    detail: dict[str, Any] | None = None
    remote_addr: str | None = None


def record(engine: Engine, event: Event, at: datetime | None = None) -> None:
    """Append ``event`` to the audit log."""
    row = {
        "at": at or datetime.now(),
        "username": event.username,
        "action": event.action,
        "outcome": event.outcome,
        "target": event.target,
        "detail": None if event.detail is None else json.dumps(event.detail, ensure_ascii=False),
        "remote_addr": event.remote_addr,
    }
    with engine.begin() as conn:
        conn.execute(sa.insert(audit_log).values(**row))


def events(
    engine: Engine,
    *,
    since: datetime | None = None,
    username: str | None = None,
    action: str | None = None,
    limit: int = 500,
) -> pd.DataFrame:
    """The newest events first.  Columns: ``at``, ``username``, ``action``, ``outcome``,
    ``target``, ``detail``, ``remote_addr``."""
    c = audit_log.c
    query = sa.select(c.at, c.username, c.action, c.outcome, c.target, c.detail, c.remote_addr)
    if since is not None:
        query = query.where(c.at >= since)
    if username is not None:
        query = query.where(c.username == username)
    if action is not None:
        query = query.where(c.action == action)
    query = query.order_by(c.at.desc(), c.id.desc()).limit(limit)
    with engine.connect() as conn:
        return pd.DataFrame(
            conn.execute(query).mappings().all(), columns=list(query.selected_columns.keys())
        )
