"""The sign-in gate on the Flask server: who is asking, on every request, and the sign-in page.

:func:`install` adds to the server (after :func:`dashboard.security.install`):

* **the gate** (``before_request``): the user is read from the session — the account id, its
  name and a stamp of its password (:attr:`dashboard.auth.users.Account.stamp`), checked
  against ``app_user`` on every request, so a new password or a disabled account signs out
  every session at once — and put on ``flask.g`` with its data scope
  (:func:`dashboard.auth.current_user`, :func:`dashboard.auth.current_scope`).  Nobody
  signed in: a page (``GET``) is redirected to ``/login?next=<path>``; a callback, a download
  or anything else is answered 401 in plain text.  Only the sign-in page, ``/assets/…`` and
  the favicon are served to anyone.  A ``POST`` (or any other unsafe method) whose
  ``Origin``/``Referer`` names another host is refused (403), Dash's callbacks included;
* **sessions**: Flask's signed cookie (``CCHC_SECRET_KEY``; in Redis when ``CCHC_CACHE_URL`` is
  set: :mod:`dashboard.auth.sessions`), ``HttpOnly``,
  ``SameSite=Lax``, ``Secure`` over HTTPS (``CCHC_HTTPS=1``, or ``CCHC_PROXY=1`` and the
  proxy says https); at most :data:`LIFETIME` after signing in and :data:`IDLE` after the
  last request;
* ``/login`` (``GET`` the form, ``POST`` it) and ``/logout`` (``POST``; a ``GET`` asks first),
  small pages rendered by Flask, not Dash, each form carrying the session's token
  (:func:`dashboard.auth.csrf_token`), checked on ``POST`` (400 when missing or wrong).

While the warehouse cannot be reached, a signed-in session is taken at its word (the name and
role it was signed in with) so pages can say the warehouse is down; the account is checked
again with the first request that reaches it.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from flask import Flask, Response, g, redirect, render_template_string, request, session
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard import limits, vendor
from dashboard.auth import (
    CSRF_FIELD,
    LOGIN_PATH,
    LOGOUT_PATH,
    ROLES,
    Role,
    User,
    csrf_token,
    current_user,
    sessions,
    users,
)
from dashboard.auth.settings import DEV_SECRET_WARNING, Settings
from dashboard.i18n import Lang, both, lang_of, t
from dashboard.security import refusal
from dashboard.view import DOWNLOADS, Scope

log = logging.getLogger(__name__)

SESSION_COOKIE = "cchc_session"
LIFETIME = timedelta(hours=8)  # after signing in, whatever happens
IDLE = timedelta(minutes=60)  # after the last request
SEEN_EVERY_S = 60  # the last-request time is written back at most this often
PUBLIC_PATHS = frozenset({LOGIN_PATH, LOGOUT_PATH, "/_favicon.ico"})
PUBLIC_PREFIXES = ("/assets/", vendor.PREFIX)  # the sign-in page's CSS
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class _Sessions(SecureCookieSessionInterface):
    """Flask's signed cookie session, ``Secure`` also when the request came over HTTPS (as
    ``ProxyFix`` reports a proxy's)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(super().get_cookie_secure(app) or request.is_secure)


def install(
    server: Flask, settings: Settings | None = None, engine: Callable[[], Engine] | None = None
) -> None:
    """The gate, the session settings and ``/login``, ``/logout`` on ``server`` (once).

    ``engine``: where the accounts are (default: the warehouse the pages read)."""
    if server.config.get("CCHC_GATE"):
        return
    server.config["CCHC_GATE"] = True
    settings = settings or Settings.from_env()
    if settings.secret_key is None:
        log.warning(DEV_SECRET_WARNING.replace("\n", " "))
    server.secret_key = settings.secret_key or secrets.token_hex(32)
    if settings.proxy:
        server.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            server.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1
        )
    server.config.update(
        SESSION_COOKIE_NAME=SESSION_COOKIE,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.https,
        PERMANENT_SESSION_LIFETIME=LIFETIME,
        SESSION_REFRESH_EACH_REQUEST=False,  # written when it changes (sign-in, last seen)
    )
    server.session_interface = _Sessions()
    sessions.install(server)  # in Redis instead, when CCHC_CACHE_URL is set
    gate = _Gate(engine or _warehouse)
    server.before_request(gate.check)
    server.add_url_rule(LOGIN_PATH, "cchc_login", gate.login, methods=["GET", "POST"])
    server.add_url_rule(LOGOUT_PATH, "cchc_logout", gate.logout, methods=["GET", "POST"])


def _warehouse() -> Engine:
    from dashboard.queries import warehouse

    return warehouse.engine()


def _unreachable(exc: DBAPIError) -> bool:
    from dashboard.outage import unreachable

    return unreachable(exc)


# --- what a request is -----------------------------------------------------------------------


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def is_page(path: str) -> bool:
    """A path the browser opens as a page (not Dash's own routes, not a download)."""
    return not path.startswith("/_") and path != DOWNLOADS and not path.startswith(DOWNLOADS + "/")


def _host(netloc: str) -> str:
    host = netloc.strip().lower()
    return host.removesuffix(":80").removesuffix(":443")


def same_origin() -> bool:
    """Does the request come from a page of this site?  A browser names the page's origin
    (``Origin``, else ``Referer``) on every ``POST``; a client that names none is not a
    browser page of another site, and is let through."""
    source = request.headers.get("Origin") or request.headers.get("Referer")
    if not source:
        return True
    if source.strip() == "null":
        return False
    return _host(urlsplit(source).netloc) == _host(request.host)


def safe_next(value: object) -> str:
    """Where to go after signing in: a local path of this site, else ``/``."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return "/"
    if "\\" in value or any(ord(c) < 32 for c in value) or len(value) > 2000:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path in (LOGIN_PATH, LOGOUT_PATH):
        return "/"
    return value


def login_url(next_path: str | None = None, lang: Lang = "vi", **extra: str) -> str:
    params: dict[str, str] = {}
    if next_path and next_path != "/":
        params["next"] = next_path
    if lang == "en":
        params["lang"] = "en"
    params.update(extra)
    return LOGIN_PATH + ("?" + urlencode(params, quote_via=quote) if params else "")


def _requested_path() -> str:
    """The path and query asked for, to come back to after signing in (the path alone when
    the whole would be refused as a too-long query value)."""
    full = request.full_path.removesuffix("?")
    return full if len(full) <= limits.MAX_QUERY_VALUE_CHARS else request.path


def _lang(next_path: str) -> Lang:
    asked = request.args.get("lang") or parse_qs(urlsplit(next_path).query).get("lang", [None])[0]
    return lang_of(asked)


def _form_token_ok() -> bool:
    sent = request.form.get(CSRF_FIELD, "")
    held = session.get(CSRF_FIELD)
    return isinstance(held, str) and bool(held) and hmac.compare_digest(sent, held)


def scope_of(engine: Engine | None, user: User) -> Scope:
    """The data ``user`` may see: a unit its own unit, a province account its province's
    units, any other account every unit (``engine=None``: the warehouse is down, a province
    account sees nothing)."""
    if user.role == "don_vi":
        return Scope(frozenset({user.unit_code or ""}))
    if user.province:
        units = users.province_units(engine, user.province) if engine else frozenset()
        return Scope(units)
    return Scope(None)


# --- the session -----------------------------------------------------------------------------


def _start_session(account: users.Account) -> None:
    now = time.time()
    session.clear()
    session.permanent = True
    session.update(
        uid=account.id,
        name=account.username,
        stamp=account.stamp,
        role=account.role,
        unit=account.unit_code,
        province=account.province,
        since=now,
        seen=now,
    )
    csrf_token()  # a new token for the new session


def _session_user() -> User | None:
    """The user the session was signed in with (its word only)."""
    role, name = session.get("role"), session.get("name")
    if role not in ROLES or not isinstance(name, str):
        return None
    return User(name, cast(Role, role), session.get("unit"), session.get("province"))


class _Gate:
    def __init__(self, engine: Callable[[], Engine]) -> None:
        self.engine = engine

    def _signed_in(self) -> tuple[User, Scope] | None:
        """The session's user and scope, or ``None`` (the session is then emptied)."""
        uid, since, seen = session.get("uid"), session.get("since"), session.get("seen")
        if not isinstance(uid, int):
            return None
        if not isinstance(since, int | float) or not isinstance(seen, int | float):
            return None
        now = time.time()
        fresh = now - since <= LIFETIME.total_seconds() and now - seen <= IDLE.total_seconds()
        found = self._checked(uid) if fresh else None
        if found is None:
            session.clear()
            return None
        if now - seen >= SEEN_EVERY_S:
            session["seen"] = now
        return found

    def _checked(self, uid: int) -> tuple[User, Scope] | None:
        try:
            engine = self.engine()
            account = users.by_id(engine, uid)
            if (
                account is None
                or account.disabled
                or account.username != session.get("name")
                or account.stamp != session.get("stamp")
            ):
                return None
            return account.user, scope_of(engine, account.user)
        except DBAPIError as exc:
            if not _unreachable(exc):
                raise
        user = _session_user()  # the warehouse is down: no data, the shell says so
        return None if user is None else (user, scope_of(None, user))

    def check(self) -> Response | None:
        """``before_request``: refuse another site's POST, put the user on ``g``, keep out
        whoever is not signed in."""
        if request.method not in SAFE_METHODS and not same_origin():
            return refusal(403, both("auth.cross_site"))
        found = self._signed_in()
        if found is not None:
            g.cchc_user, g.cchc_scope = found
            return None
        if is_public(request.path):
            return None
        if request.method in ("GET", "HEAD") and is_page(request.path):
            path = _requested_path()
            return cast(Response, redirect(login_url(path, _lang(path))))
        return refusal(401, both("auth.required"))

    # --- /login and /logout ------------------------------------------------------------------

    def login(self) -> Any:
        target = safe_next(request.args.get("next"))
        lang = _lang(target)
        if request.method == "POST":
            if not _form_token_ok():
                return refusal(400, both("auth.bad_form"))
            return self._sign_in(target, lang)
        user = current_user()
        if user is not None:
            if "next" in request.args:
                return redirect(target)
            return _page("signed_in", lang, user=user, target=target)
        notice = t("auth.signed_out", lang) if request.args.get("out") else None
        return _page("form", lang, notice=notice)

    def _sign_in(self, target: str, lang: Lang) -> Any:
        username = request.form.get("username", "")[:200]
        password = request.form.get("password", "")
        try:
            result = users.verify(
                self.engine(), username, password, remote_addr=request.remote_addr
            )
        except DBAPIError as exc:
            if not _unreachable(exc):
                raise
            return _page("form", lang, error=t("error.warehouse_title", lang), username=username,
                         status=503)  # fmt: skip
        if result.outcome == "ok" and result.account is not None:
            _start_session(result.account)
            return redirect(target)
        if result.outcome == "locked":
            error = t("auth.locked", lang, minutes=result.minutes_left)
            answer = _page("form", lang, error=error, username=username, status=429)
            answer.headers["Retry-After"] = str(result.minutes_left * 60)
            return answer
        return _page("form", lang, error=t("auth.failed", lang), username=username)

    def logout(self) -> Any:
        lang = lang_of(request.args.get("lang"))
        user = current_user()
        if request.method == "POST":
            if user is not None:
                if not _form_token_ok():
                    return refusal(400, both("auth.bad_form"))
                try:
                    users.signed_out(self.engine(), user, request.remote_addr)
                except DBAPIError as exc:
                    if not _unreachable(exc):
                        raise
            session.clear()
            return redirect(login_url(lang=lang, out="1"))
        if user is None:
            return redirect(login_url(lang=lang))
        return _page("logout", lang, user=user)


# --- the pages -------------------------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ heading }} · {{ app }}</title>
<link rel="icon" href="/_favicon.ico">
<link rel="stylesheet" href="{{ bootstrap }}">
</head>
<body class="bg-body-tertiary">
<main class="container cchc-login py-5" style="max-width: 28rem">
<div class="card shadow-sm"><div class="card-body p-4">
<p class="text-body-secondary small mb-1">{{ app }}</p>
<h1 class="h4 mb-4">{{ heading }}</h1>
{% if notice %}<div class="alert alert-info" role="status">{{ notice }}</div>{% endif %}
{% if error %}<div class="alert alert-danger cchc-login-error" role="alert">{{ error }}</div>
{% endif %}
{% if mode == "form" %}
<form method="post" action="{{ action }}" class="cchc-login-form">
<input type="hidden" name="{{ field }}" value="{{ token }}">
<div class="mb-3"><label class="form-label" for="username">{{ texts.username }}</label>
<input class="form-control" id="username" name="username" value="{{ username }}"
 autocomplete="username" autocapitalize="none" spellcheck="false" maxlength="64" required
 autofocus></div>
<div class="mb-4"><label class="form-label" for="password">{{ texts.password }}</label>
<input class="form-control" id="password" name="password" type="password"
 autocomplete="current-password" required></div>
<button class="btn btn-primary w-100" type="submit">{{ texts.submit }}</button>
</form>
{% elif mode == "signed_in" %}
<p>{{ texts.signed_in_as }}</p>
<a class="btn btn-primary w-100 mb-2" href="{{ target }}">{{ texts.home }}</a>
{% endif %}
{% if mode != "form" %}
<form method="post" action="{{ logout }}" class="cchc-logout-form">
<input type="hidden" name="{{ field }}" value="{{ token }}">
<button class="btn btn-outline-secondary w-100" type="submit">{{ texts.logout }}</button>
</form>
{% endif %}
<p class="mt-4 mb-0 small"><a href="{{ switch }}">{{ texts.lang_switch }}</a></p>
</div></div>
</main>
</body>
</html>
"""


def _page(
    mode: str,
    lang: Lang,
    *,
    user: User | None = None,
    error: str | None = None,
    notice: str | None = None,
    username: str = "",
    target: str = "/",
    status: int = 200,
) -> Response:
    """The sign-in page (``form``), the signed-in page or the sign-out question."""
    name = user.username if user else ""
    headings = {"form": "auth.title", "signed_in": "auth.account_title",
                "logout": "auth.logout"}  # fmt: skip
    other: Lang = "vi" if lang == "en" else "en"
    switch = {k: v for k, v in request.args.items() if k != "lang"}
    if other == "en":
        switch["lang"] = "en"
    texts = {key: t(f"auth.{key}", lang) for key in ("username", "password", "submit", "home")}
    texts["logout"] = t("auth.logout", lang)
    texts["signed_in_as"] = t("auth.signed_in_as", lang, name=name)
    texts["lang_switch"] = t("app.lang_switch", lang)
    if mode == "logout":
        notice = t("auth.logout_question", lang, name=name)
    html = render_template_string(
        PAGE,
        lang=lang,
        bootstrap=vendor.BOOTSTRAP_CSS,
        app=t("app.title", lang),
        heading=t(headings[mode], lang),
        mode=mode,
        error=error,
        notice=notice,
        action=request.full_path.removesuffix("?"),
        field=CSRF_FIELD,
        token=csrf_token(),
        username=username,
        target=target,
        logout=LOGOUT_PATH + ("?lang=en" if lang == "en" else ""),
        switch=request.path + ("?" + urlencode(switch) if switch else ""),
        texts=texts,
    )
    answer = Response(html, status=status, mimetype="text/html")
    answer.headers["Cache-Control"] = "no-store"
    return answer
