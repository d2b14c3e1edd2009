"""The audit log: events recorded and listed newest first, on the page for leadership only,
and from ``cchc audit``; names from outside are shown as text, never as markup."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from dashboard import audit, auth
from etl.db import get_engine

T0 = datetime(2026, 12, 1, 8, 0)


@pytest.fixture
def logged(tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    url = f"sqlite:///{tmp_path / 'warehouse.db'}"
    engine = get_engine(url)
    events = [
        audit.Event("login", username="lanhdao", remote_addr="10.0.0.5"),
        audit.Event("login_failed", "refused", username="[bold]x\x1b[31m", remote_addr="10.0.0.9"),
        audit.Event("load", username="chuyenvien", target="diem-2023.xlsx", detail={"rows": 83}),
        audit.Event("undo", username="chuyenvien", target="lô #7"),
    ]
    for minutes, event in enumerate(events):
        audit.record(engine, event, at=T0 + timedelta(minutes=minutes))
    yield url, engine
    engine.dispose()


def test_events_are_listed_newest_first_and_filtered(logged: tuple[str, Engine]) -> None:
    _, engine = logged
    everything = audit.events(engine)
    assert list(everything["action"]) == ["undo", "load", "login_failed", "login"]
    loads = audit.events(engine, action="load")
    assert loads.iloc[0]["username"] == "chuyenvien"
    assert json.loads(loads.iloc[0]["detail"]) == {"rows": 83}
    assert list(audit.events(engine, username="lanhdao")["action"]) == ["login"]
    recent = audit.events(engine, since=T0 + timedelta(minutes=2))
    assert list(recent["action"]) == ["undo", "load"]


def test_cchc_audit_prints_the_log_without_obeying_markup_in_names(
    logged: tuple[str, Engine], capsys: pytest.CaptureFixture[str]
) -> None:
    from dashboard.cli import main

    url, _ = logged
    assert main(["audit", "--db", url, "--format", "csv", "--action", "load"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "at,username,action,outcome,target,remote_addr",
        "2026-12-01 08:02:00,chuyenvien,load,ok,diem-2023.xlsx,",
    ]
    assert main(["audit", "--db", url]) == 0
    table = capsys.readouterr().out
    assert "[bold]x\\x1b[31m" in table and "\x1b[31m" not in table  # shown, not obeyed
    assert main(["audit", "--db", url, "--since", "32/13/2026"]) == 2


@pytest.mark.parametrize(
    ("role", "sees"), [("lanh_dao", True), ("chuyen_vien", False), ("don_vi", False)]
)
def test_only_leadership_opens_the_audit_page(
    logged: tuple[str, Engine], monkeypatch: pytest.MonkeyPatch, role: str, sees: bool
) -> None:
    import dash

    import dashboard.app  # noqa: F401  (registers the pages, once: never import a page module)

    (page,) = [p for p in dash.page_registry.values() if p["path"] == "/nhat-ky"]

    url, _ = logged
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    user = auth.User("nguoi-xem", role, "ST-SNV" if role == "don_vi" else None)  # type: ignore[arg-type]
    monkeypatch.setattr("dashboard.components.layout.current_user", lambda: user)
    text = str(page["layout"]())
    assert ("diem-2023.xlsx" in text) is sees
    assert ("Không có quyền xem trang này" in text) is not sees
