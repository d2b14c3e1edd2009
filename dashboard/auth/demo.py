"""The demo's accounts: one per role, with new random passwords each time ``cchc demo`` runs."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import Engine

from dashboard.auth import Role
from dashboard.auth.users import DEMO, Account, Actor, add, demo_password, find, set_password
from etl.schema import unit

DEMO_ACCOUNTS: tuple[tuple[str, Role], ...] = (
    ("lanhdao", "lanh_dao"),
    ("chuyenvien", "chuyen_vien"),
    ("donvi", "don_vi"),
)
DEMO_UNIT = "ST-SNV"  # the demo province's Sở Nội vụ


def demo_unit(engine: Engine) -> str | None:
    """The unit of the demo's ``don_vi`` account: the demo province's Sở Nội vụ (at national
    scale the first province's; elsewhere the first so named), else the first unit; ``None``
    without units."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(unit.c.code, unit.c.name).order_by(unit.c.code)).all()
    for wanted in (
        lambda code, _name: code == DEMO_UNIT,
        lambda code, _name: code.endswith("-SNV"),
        lambda _code, name: name == "Sở Nội vụ",
        lambda _code, _name: True,
    ):
        found = next((str(code) for code, name in rows if wanted(str(code), str(name))), None)
        if found:
            return found
    return None


def demo_accounts(engine: Engine, actor: Actor = DEMO) -> list[tuple[Account, str]]:
    """One account per role with a new random password (made, or given a new password when it
    exists); the accounts and their passwords."""
    made: list[tuple[Account, str]] = []
    for name, role in DEMO_ACCOUNTS:
        password = demo_password()
        if find(engine, name) is not None:
            made.append((set_password(engine, name, password, actor=actor), password))
            continue
        code = demo_unit(engine) if role == "don_vi" else None
        if role == "don_vi" and code is None:
            continue  # no unit loaded: no unit account
        made.append((add(engine, name, password, role, unit_code=code, actor=actor), password))
    return made
