"""Who is asking: the signed-in user, their role and the data scope that follows from it.

Roles (``etl.schema.ROLES``):

* ``lanh_dao`` (leadership) and ``chuyen_vien`` (analyst) see every unit of their province,
  of every province when the account has none; ``chuyen_vien`` may also load data;
* ``don_vi`` (a unit) sees its own unit: its scorecard, its rank and its group's distribution
  and mean, never another unit's name or score.

The request gate (:mod:`dashboard.auth.gate`) signs the user in from the session and puts
them on ``flask.g``; everything else asks :func:`current_user` / :func:`current_scope`.
Outside a request (the CLI, tests of pure functions) there is no user and the scope is
everything: the CLI runs on the server, as its operator.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Literal

from flask import g, has_request_context, session

from dashboard.queries.cache import set_scope_provider
from dashboard.view import EVERYTHING, Scope

Role = Literal["lanh_dao", "chuyen_vien", "don_vi"]
ROLES: tuple[Role, ...] = ("lanh_dao", "chuyen_vien", "don_vi")
LOADERS: tuple[Role, ...] = ("chuyen_vien",)  # may load data and undo loads
AUDITORS: tuple[Role, ...] = ("lanh_dao",)  # may read the audit log
LOGIN_PATH = "/login"
LOGOUT_PATH = "/logout"  # POST with the session's form token (a GET asks first)
CSRF_FIELD = "csrf"  # the form field, and the session key, of the form token


@dataclass(frozen=True)
class User:
    """A signed-in account."""

    username: str
    role: Role
    unit_code: str | None = None  # don_vi: the unit it speaks for
    province: str | None = None  # None: every province

    @property
    def may_load(self) -> bool:
        return self.role in LOADERS

    @property
    def may_audit(self) -> bool:
        return self.role in AUDITORS


def current_user() -> User | None:
    """The user of this request (``None``: anonymous, or no request at all)."""
    if not has_request_context():
        return None
    user = g.get("cchc_user")
    return user if isinstance(user, User) else None


def current_scope() -> Scope:
    """The data the current request may see (everything outside a request)."""
    if not has_request_context():
        return EVERYTHING
    scope = g.get("cchc_scope")
    return scope if isinstance(scope, Scope) else EVERYTHING


def csrf_token() -> str:
    """The session's form token, for a form that changes something (signing in or out): sent
    back in the field :data:`CSRF_FIELD` and checked by the gate.  Made on first use."""
    token = session.get(CSRF_FIELD)
    if not isinstance(token, str) or not token:
        token = session[CSRF_FIELD] = secrets.token_urlsafe(32)
    return token


# Every query answers within the current request's scope (dashboard.queries.cache).
set_scope_provider(lambda: current_scope().units)
