"""Accounts (``app_user``): adding them, changing passwords, disabling, listing, signing in.

* **Names** are NFC, trimmed and lower-cased (``LanhDao`` and ``lanhdao`` are one account),
  3–64 letters, digits, ``.``, ``_`` or ``-``.
* **Passwords** are at least :data:`MIN_PASSWORD` characters, NFC-normalised (a Vietnamese
  password typed on another keyboard still matches) and stored as werkzeug scrypt hashes,
  never in clear and never in the audit log.
* **Scope**: ``don_vi`` needs a unit the warehouse knows; ``lanh_dao`` and ``chuyen_vien``
  may be limited to a province the ``unit`` table knows (none: every province).
* **Sign-in** (:func:`verify`): after :data:`MAX_FAILURES` wrong passwords in a row the account
  is locked for :data:`LOCK_MINUTES` (even the right password is refused meanwhile); every
  failure waits a little longer than the one before (:func:`failure_delay`, at most
  :data:`DELAY_CAP_S`), so guessing is slow; a success resets the count.

Every sign-in (successful, failed or refused), sign-out and account change is written to the
audit log (:mod:`dashboard.audit`).
"""

from __future__ import annotations

import functools
import math
import re
import secrets
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal, cast

import sqlalchemy as sa
from sqlalchemy import Engine
from werkzeug.security import check_password_hash, generate_password_hash

from dashboard.audit import Event, record
from dashboard.auth import ROLES, Role, User
from etl.schema import app_user, unit

MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # longer is refused: hashing it would only cost time
MAX_FAILURES = 5  # wrong passwords in a row that lock the account
LOCK_MINUTES = 15
DELAY_BASE_S = 0.25  # the first failure's wait; each next one waits twice as long …
DELAY_CAP_S = 2.0  # … up to this
HASH_METHOD = "scrypt"
USERNAME = re.compile(r"[\w.-]{3,64}")  # \w: Unicode letters and digits, and "_"

Outcome = Literal["ok", "failed", "locked"]


class AccountError(ValueError):
    """An account change refused: ``str()`` says why, in Vietnamese then English."""


@dataclass(frozen=True)
class Account:
    """An ``app_user`` row (its password hash left out)."""

    id: int
    username: str
    role: Role
    unit_code: str | None
    province: str | None
    disabled: bool
    failed_logins: int
    locked_until: datetime | None
    created_at: datetime
    password_changed_at: datetime

    @property
    def user(self) -> User:
        return User(self.username, self.role, self.unit_code, self.province)

    @property
    def stamp(self) -> str:
        """Changes with the password: a session remembers it, so that a new password signs
        out every session signed in with the old one."""
        return self.password_changed_at.isoformat()

    def locked_at(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now


@dataclass(frozen=True)
class SignIn:
    """What :func:`verify` found: ``ok`` (``account`` set), ``failed`` (unknown name, wrong
    password or disabled account: the answer never says which) or ``locked`` (for
    ``minutes_left`` more minutes)."""

    outcome: Outcome
    account: Account | None = None
    minutes_left: int = 0


def _account(row: sa.RowMapping) -> Account:
    return Account(
        id=int(row["id"]),
        username=str(row["username"]),
        role=cast(Role, row["role"]),
        unit_code=row["unit_code"],
        province=row["province"],
        disabled=bool(row["disabled"]),
        failed_logins=int(row["failed_logins"] or 0),
        locked_until=row["locked_until"],
        created_at=row["created_at"],
        password_changed_at=row["password_changed_at"],
    )


_COLUMNS = [column for column in app_user.c if column.name != "password_hash"]


def _one(engine: Engine, condition: sa.ColumnElement[bool]) -> Account | None:
    with engine.connect() as conn:
        row = conn.execute(sa.select(*_COLUMNS).where(condition)).mappings().first()
    return None if row is None else _account(row)


# --- checking what is asked ------------------------------------------------------------------


def normalize_username(name: str) -> str:
    """``name`` as stored: NFC, trimmed, lower-case; :class:`AccountError` when it is not
    3–64 letters, digits, ``.``, ``_`` or ``-``."""
    text = unicodedata.normalize("NFC", name).strip().lower()
    if not USERNAME.fullmatch(text):
        raise AccountError(
            "Tên đăng nhập phải dài 3–64 ký tự, chỉ gồm chữ, số, dấu chấm, gạch dưới, gạch "
            "ngang\nA user name is 3–64 letters, digits, dots, underscores or hyphens"
        )
    return text


def normalize_password(password: str) -> str:
    """``password`` as hashed (NFC); :class:`AccountError` when too short or too long."""
    text = unicodedata.normalize("NFC", password)
    if len(text) < MIN_PASSWORD:
        raise AccountError(
            f"Mật khẩu phải có ít nhất {MIN_PASSWORD} ký tự\n"
            f"A password has at least {MIN_PASSWORD} characters"
        )
    if len(text) > MAX_PASSWORD:
        raise AccountError(
            f"Mật khẩu dài quá {MAX_PASSWORD} ký tự\nA password has at most {MAX_PASSWORD} "
            "characters"
        )
    return text


def provinces(engine: Engine) -> list[str]:
    """The provinces the ``unit`` table knows, sorted."""
    with engine.connect() as conn:
        return sorted(str(p) for p in conn.execute(sa.select(unit.c.province).distinct()).scalars())


def province_units(engine: Engine, province: str) -> frozenset[str]:
    """The codes of the units of ``province``."""
    with engine.connect() as conn:
        codes = conn.execute(sa.select(unit.c.code).where(unit.c.province == province)).scalars()
        return frozenset(str(code) for code in codes)


def _scope_of(
    engine: Engine, role: str, unit_code: str | None, province: str | None
) -> tuple[str | None, str | None]:
    """The unit and province an account of ``role`` is stored with, checked against the
    warehouse (the province's spelling as the ``unit`` table writes it)."""
    if role not in ROLES:
        raise AccountError(
            f"Vai trò không hợp lệ: {role}; có: {', '.join(ROLES)}\n"
            f"Unknown role: {role}; known: {', '.join(ROLES)}"
        )
    wanted = unicodedata.normalize("NFC", province).strip() if province else None
    if role != "don_vi":
        if unit_code:
            raise AccountError(
                "Chỉ tài khoản don_vi mới gắn với một đơn vị (--unit)\n"
                "Only a don_vi account belongs to a unit (--unit)"
            )
        if wanted is None:
            return None, None
        known = {p.casefold(): p for p in provinces(engine)}
        if wanted.casefold() not in known:
            listed = ", ".join(known.values()) or "—"
            raise AccountError(
                f"Không có tỉnh «{wanted}» trong kho dữ liệu; có: {listed}\n"
                f"No province «{wanted}» in the warehouse; known: {listed}"
            )
        return None, known[wanted.casefold()]
    code = (unit_code or "").strip()
    if not code:
        raise AccountError(
            "Tài khoản don_vi cần mã đơn vị (--unit)\nA don_vi account needs a unit code (--unit)"
        )
    with engine.connect() as conn:
        found = conn.execute(sa.select(unit.c.province).where(unit.c.code == code)).first()
    if found is None:
        raise AccountError(
            f"Không có đơn vị mã «{code}» trong kho dữ liệu\nNo unit «{code}» in the warehouse"
        )
    if wanted is not None and wanted.casefold() != str(found[0]).casefold():
        raise AccountError(
            f"Đơn vị {code} thuộc tỉnh {found[0]}, không phải {wanted}\n"
            f"Unit {code} is in {found[0]}, not in {wanted}"
        )
    return code, str(found[0])


# --- reading ---------------------------------------------------------------------------------


def find(engine: Engine, username: str) -> Account | None:
    """The account named ``username`` (normalised), or ``None``."""
    try:
        name = normalize_username(username)
    except AccountError:
        return None
    return _one(engine, app_user.c.username == name)


def by_id(engine: Engine, account_id: int) -> Account | None:
    return _one(engine, app_user.c.id == account_id)


def accounts(engine: Engine) -> list[Account]:
    """Every account, by name."""
    with engine.connect() as conn:
        rows = conn.execute(sa.select(*_COLUMNS).order_by(app_user.c.username)).mappings()
        return [_account(row) for row in rows]


def _existing(engine: Engine, username: str) -> Account:
    account = find(engine, username)
    if account is None:
        raise AccountError(f"Không có tài khoản «{username}»\nNo account «{username}»")
    return account


# --- changing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """Who changes an account, for the audit log: a signed-in user's name, or ``None`` with
    ``via`` (``cli``: the operator of the server, ``os_user`` their login)."""

    username: str | None = None
    via: str = "cli"
    os_user: str | None = None
    remote_addr: str | None = None

    def event(self, action: str, target: str, **detail: Any) -> Event:
        detail = {"via": self.via, **({"os_user": self.os_user} if self.os_user else {}),
                  **{k: v for k, v in detail.items() if v is not None}}  # fmt: skip
        return Event(action, "ok", self.username, target, detail, self.remote_addr)


CLI = Actor()
DEMO = Actor(via="demo")


def add(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    *,
    unit_code: str | None = None,
    province: str | None = None,
    actor: Actor = CLI,
) -> Account:
    """A new account; :class:`AccountError` when a value is refused or the name is taken."""
    name = normalize_username(username)
    secret = normalize_password(password)
    code, where = _scope_of(engine, role, unit_code, province)
    now = datetime.now()
    row = {
        "username": name,
        "password_hash": generate_password_hash(secret, method=HASH_METHOD),
        "role": role,
        "unit_code": code,
        "province": where,
        "disabled": False,
        "failed_logins": 0,
        "locked_until": None,
        "created_at": now,
        "password_changed_at": now,
    }
    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(app_user).values(**row))
    except sa.exc.IntegrityError:
        raise AccountError(
            f"Tài khoản «{name}» đã có\nThe account «{name}» already exists"
        ) from None
    record(engine, actor.event("user_add", name, role=role, unit=code, province=where))
    return _existing(engine, name)


def _update(engine: Engine, account: Account, **values: Any) -> Account:
    with engine.begin() as conn:
        conn.execute(sa.update(app_user).where(app_user.c.id == account.id).values(**values))
    found = by_id(engine, account.id)
    assert found is not None
    return found


def set_password(engine: Engine, username: str, password: str, *, actor: Actor = CLI) -> Account:
    """A new password; every session signed in with the old one is signed out, and a lock
    from failed sign-ins is lifted."""
    account = _existing(engine, username)
    secret = normalize_password(password)
    changed = datetime.now()
    if changed <= account.password_changed_at:  # a new stamp, even within a clock tick
        changed = account.password_changed_at + timedelta(microseconds=1)
    hashed = generate_password_hash(secret, method=HASH_METHOD)
    account = _update(engine, account, password_hash=hashed, password_changed_at=changed,
                      failed_logins=0, locked_until=None)  # fmt: skip
    record(engine, actor.event("user_passwd", account.username))
    return account


def set_disabled(engine: Engine, username: str, disabled: bool, *, actor: Actor = CLI) -> Account:
    """Disable (signs the account out everywhere, on its next request) or enable again."""
    account = _update(engine, _existing(engine, username), disabled=disabled)
    record(engine, actor.event("user_disable" if disabled else "user_enable", account.username))
    return account


def demo_password() -> str:
    """A random password for a demo account (16 characters)."""
    return secrets.token_urlsafe(12)


# --- signing in ------------------------------------------------------------------------------


@functools.cache
def _dummy_hash() -> str:
    """Checked when the name is unknown, so that it takes as long as a wrong password."""
    return generate_password_hash(secrets.token_hex(8), method=HASH_METHOD)


def failure_delay(failures: int) -> float:
    """How long the ``failures``-th wrong password in a row waits before it is answered."""
    return min(DELAY_CAP_S, DELAY_BASE_S * 2 ** max(failures - 1, 0))


def minutes_left(account: Account, now: datetime) -> int:
    if account.locked_until is None:
        return 0
    return max(1, math.ceil((account.locked_until - now).total_seconds() / 60))


def verify(
    engine: Engine,
    username: str,
    password: str,
    *,
    remote_addr: str | None = None,
    now: datetime | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> SignIn:
    """Check a sign-in and record it in the audit log (the password never is)."""
    now = now or datetime.now()
    account = find(engine, username)

    def audit(action: str, outcome: Literal["ok", "refused", "failed"], **detail: Any) -> None:
        target = None if account else unicodedata.normalize("NFC", username).strip()[:64]
        who = account.username if account else None
        record(engine, Event(action, outcome, who, target, detail or None, remote_addr), at=now)

    if account is None:
        check_password_hash(_dummy_hash(), password)  # as long as a known name
        audit("login_failed", "failed", reason="unknown_user")
        sleep(failure_delay(1))
        return SignIn("failed")
    if account.locked_at(now):
        audit("login_failed", "refused", reason="locked")
        return SignIn("locked", account, minutes_left(account, now))
    secret = unicodedata.normalize("NFC", password)
    right = len(secret) <= MAX_PASSWORD and check_password_hash(_hash_of(engine, account), secret)
    if right and not account.disabled:
        account = _update(engine, account, failed_logins=0, locked_until=None)
        audit("login", "ok")
        return SignIn("ok", account)
    if account.disabled:
        audit("login_failed", "refused", reason="disabled")
        sleep(failure_delay(1))
        return SignIn("failed")
    failures = _count_failure(engine, account)
    if failures >= MAX_FAILURES:
        account = _update(engine, account, failed_logins=0,
                          locked_until=now + timedelta(minutes=LOCK_MINUTES))  # fmt: skip
        audit("login_failed", "failed", reason="password", failures=failures,
              locked_minutes=LOCK_MINUTES)  # fmt: skip
        sleep(failure_delay(failures))
        return SignIn("locked", account, LOCK_MINUTES)
    audit("login_failed", "failed", reason="password", failures=failures)
    sleep(failure_delay(failures))
    return SignIn("failed")


def _hash_of(engine: Engine, account: Account) -> str:
    with engine.connect() as conn:
        query = sa.select(app_user.c.password_hash).where(app_user.c.id == account.id)
        return str(conn.execute(query).scalar_one())


def _count_failure(engine: Engine, account: Account) -> int:
    """One more failure, counted in the database (two guesses at once both count)."""
    c = app_user.c
    with engine.begin() as conn:
        conn.execute(
            sa.update(app_user).where(c.id == account.id).values(failed_logins=c.failed_logins + 1)
        )
        return int(conn.execute(sa.select(c.failed_logins).where(c.id == account.id)).scalar_one())


def signed_out(engine: Engine, user: User, remote_addr: str | None = None) -> None:
    """Record a sign-out."""
    record(engine, Event("logout", "ok", user.username, None, None, remote_addr))
