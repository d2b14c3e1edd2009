"""``cchc user``: the dashboard's accounts — ``add``, ``passwd``, ``disable``, ``enable``,
``list`` (:mod:`dashboard.auth.users`).

A password is asked twice on a terminal (``getpass``, never echoed); when standard input is
not a terminal, its first line is the password (``printf '%s\\n' "$PW" | cchc user add …``).
It never appears on the command line, where other users of the machine could read it.
Every change is written to the audit log.  Exit 2 on bad input (a name, role, unit, province
or password refused, or an unknown account).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sqlalchemy import Engine

from dashboard.auth import ROLES
from dashboard.cli.common import EXIT_OK, Command, add_db_argument, engine_from_args, fail

if TYPE_CHECKING:
    from dashboard.auth.users import Actor

ROLE_HELP = "lanh_dao (lãnh đạo / leadership), chuyen_vien (chuyên viên / analyst), don_vi (đơn vị)"
COLUMNS = (
    "tên / name",
    "vai trò / role",
    "đơn vị / unit",
    "tỉnh / province",
    "vô hiệu / disabled",
    "tạm khóa đến / locked until",
)


class PasswordError(ValueError):
    """The password could not be read (bilingual)."""


def read_password(stream: TextIO | None = None) -> str:
    """The new password: asked twice on a terminal, else the first line of standard input."""
    source = sys.stdin if stream is None else stream
    if source.isatty():
        first = getpass.getpass("Mật khẩu / password: ")
        second = getpass.getpass("Nhập lại / again: ")
        if first != second:
            raise PasswordError("Hai lần nhập không khớp\nThe two entries differ")
        return first
    line = source.readline()
    if not line:
        raise PasswordError(
            "Không đọc được mật khẩu từ đầu vào chuẩn\nNo password on standard input"
        )
    return line.removesuffix("\n").removesuffix("\r")


def _name(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name", metavar="NAME", help="tên đăng nhập / user name")


def _arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="tạo tài khoản / add an account")
    _name(add)
    add.add_argument("--role", required=True, choices=ROLES, help=ROLE_HELP)
    add.add_argument("--unit", metavar="CODE", help="mã đơn vị (don_vi) / unit code (don_vi)")
    add.add_argument(
        "--province", metavar="NAME", help="chỉ xem tỉnh này / only this province (default: all)"
    )
    for action, text in (
        ("passwd", "đổi mật khẩu (đăng xuất mọi phiên) / new password (signs out everywhere)"),
        ("disable", "vô hiệu hóa (đăng xuất mọi phiên) / disable (signs out everywhere)"),
        ("enable", "cho dùng lại / enable again"),
    ):
        _name(actions.add_parser(action, help=text))
    actions.add_parser("list", help="liệt kê tài khoản / list the accounts")
    for child in actions.choices.values():
        add_db_argument(child)


def _actor() -> Actor:
    from dashboard.auth.users import Actor

    try:
        who: str | None = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid
        who = None
    return Actor(via="cli", os_user=who)


def table(rows: Sequence[Sequence[str]], header: Sequence[str] = COLUMNS) -> str:
    """Plain columns, padded to the widest cell."""
    lines = [list(header), *(list(row) for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)).rstrip()
                     for line in lines)  # fmt: skip


def _list(args: argparse.Namespace) -> int:
    from dashboard.auth.users import accounts

    now = datetime.now()
    rows = [
        (
            a.username,
            a.role,
            a.unit_code or "",
            a.province or "",
            "có / yes" if a.disabled else "",
            a.locked_until.strftime("%Y-%m-%d %H:%M")
            if a.locked_at(now) and a.locked_until
            else "",
        )
        for a in accounts(engine_from_args(args))
    ]
    print(table(rows))
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    from dashboard.auth import users

    if args.action == "list":
        return _list(args)
    engine = engine_from_args(args)
    actor = _actor()
    try:
        if args.action in ("add", "passwd"):
            if args.action == "passwd" and users.find(engine, args.name) is None:
                return fail(f"Không có tài khoản «{args.name}»\nNo account «{args.name}»")
            password = read_password()
            if args.action == "add":
                account = users.add(engine, args.name, password, args.role, unit_code=args.unit,
                                    province=args.province, actor=actor)  # fmt: skip
                print(f"Đã tạo / added: {account.username} ({account.role})")
            else:
                account = users.set_password(engine, args.name, password, actor=actor)
                print(f"Đã đổi mật khẩu / password changed: {account.username}")
        else:
            disabled = args.action == "disable"
            account = users.set_disabled(engine, args.name, disabled, actor=actor)
            done = "đã vô hiệu / disabled" if disabled else "đã cho dùng lại / enabled"
            print(f"{account.username}: {done}")
    except (users.AccountError, PasswordError) as exc:
        return fail(str(exc))
    return EXIT_OK


COMMAND = Command("user", "Tài khoản đăng nhập / dashboard accounts", _arguments, _run)


# --- the demo's accounts (``cchc demo``) -----------------------------------------------------

DEMO_FILE = "demo-accounts.txt"


def demo_accounts_file(engine: Engine) -> Path | None:
    """Where ``cchc demo`` keeps the demo accounts' passwords: beside a SQLite warehouse
    (``data/demo-accounts.txt`` for the default one); ``None`` for a server database."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        return None
    return Path(database).resolve().parent / DEMO_FILE


def write_demo_accounts(engine: Engine) -> int:
    """Give the demo accounts new random passwords, print them and keep them in
    :func:`demo_accounts_file` (readable by its owner only), for ``make run`` to show again."""
    from dashboard.auth.demo import demo_accounts

    made = demo_accounts(engine)
    if not made:
        return EXIT_OK
    rows = [(a.username, a.role, a.unit_code or "", password) for a, password in made]
    text = table(rows, ("tên / name", "vai trò / role", "đơn vị / unit", "mật khẩu / password"))
    path = demo_accounts_file(engine)
    heading = "Tài khoản mẫu / demo accounts"
    if path is not None:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)  # also when the file was there before
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            out.write(f"{heading} (http://127.0.0.1:8050/login)\n{text}\n")
        heading += f" — {path}"
    print(f"{heading}:\n{text}")
    return EXIT_OK
