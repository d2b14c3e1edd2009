"""Accounts and the sign-in gate (issue 9, items 1, 2 and 5).

* Nobody signed in: every page is redirected to ``/login?next=…``, every Dash callback and
  every download answers 401 in plain text; only ``/login``, ``/assets/`` and the favicon
  are served.
* Signing in: the generic error (never which part was wrong), the audit rows (never a
  password), the lock after 5 failures (the right password refused too) and its end, the
  growing delay; sessions: idle and absolute expiry, a new password or a disabled account
  signs out every session; the form token on ``/login`` and ``/logout``; another site's
  POST refused; the cookie's flags.
* ``cchc user`` and the demo accounts; gunicorn refuses to start without a secret key.
* In the browser: the sign-in page, the navbar's name, role and "Đăng xuất".

The account store is tested on SQLite and PostgreSQL (the ``engine`` fixture); the gate on a
small Flask app of its own (accounts injected) and on the real app.
"""

from __future__ import annotations

import io
import json
import os
import stat
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from selenium.webdriver.common.by import By
from sqlalchemy import Engine

from dashboard import view
from dashboard.auth import current_scope, current_user, gate, users
from dashboard.auth.settings import Settings, secret_key_problem
from dashboard.cli import main
from dashboard.cli.user import demo_accounts_file, write_demo_accounts
from etl.db import get_engine
from etl.schema import app_user, audit_log, unit
from tests import test_leadership_pages as shell
from tests.signin import PASSWORD, USERNAME, form_token, session_cookie
from tests.test_leadership_pages import TIMEOUT, no_console_errors, visit, wait_until
from tests.warehouse_builder import build_scenario

browser = shell.browser  # the app server and Chromium of tests/test_leadership_pages.py, per module

SECRET = "k" * 40
GOOD = "mot-mat-khau-dung"
FAILED_VI = "Tên đăng nhập hoặc mật khẩu không đúng"
DELAY_BASE_S = users.DELAY_BASE_S  # the real one (the tests below wait none)


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Failed sign-ins answer at once here (the delay itself is tested on its own)."""
    monkeypatch.setattr(users, "DELAY_BASE_S", 0.0)


@pytest.fixture
def warehouse(engine: Engine) -> Engine:
    """Units in two provinces (the scenario's Sóc Trăng, and one unit of Cần Thơ)."""
    build_scenario(engine)
    with engine.begin() as conn:
        conn.execute(sa.insert(unit).values(code="CT-SNV", name="Sở Nội vụ Cần Thơ",
                                            group_code="so_nganh", province="Cần Thơ"))  # fmt: skip
    return engine


def make_app(engine: Engine, **settings: Any) -> Flask:
    """A Flask app with the gate in front of a page, a callback route and a download."""
    app = Flask(f"gate-{id(engine)}")
    gate.install(app, Settings(secret_key=SECRET, **settings), engine=lambda: engine)

    @app.route("/page")
    def page() -> dict[str, Any]:
        user, scope = current_user(), current_scope()
        units = None if scope.units is None else sorted(scope.units)
        return {"user": user.username if user else None, "units": units}

    @app.post("/_dash-update-component")
    def callback() -> str:
        return "ok"

    @app.route("/export/table/x.csv")
    def download() -> str:
        return "a,b"

    return app


def sign_in(
    client: FlaskClient, username: str = "lanhdao", password: str = GOOD, query: str = ""
) -> Any:
    token = form_token(client.get("/login" + query).get_data(as_text=True))
    return client.post(
        "/login" + query, data={"csrf": token, "username": username, "password": password}
    )


@pytest.fixture
def app(warehouse: Engine) -> Flask:
    users.add(warehouse, "LanhDao", GOOD, "lanh_dao")
    return make_app(warehouse)


def audit_rows(engine: Engine) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(audit_log).order_by(audit_log.c.id))
                .mappings()]  # fmt: skip


# --- the account store (SQLite and PostgreSQL) -----------------------------------------------


def test_accounts_are_added_checked_and_listed(warehouse: Engine) -> None:
    lead = users.add(warehouse, "  LanhDao ", GOOD, "lanh_dao")
    assert lead.username == "lanhdao" and lead.province is None and not lead.disabled
    nfd = "nguye\u0302\u0303n.van-a_1"  # typed decomposed: stored composed (NFC)
    assert users.add(warehouse, nfd, GOOD, "chuyen_vien", province="sóc trăng").username == (
        "nguyễn.van-a_1"
    )
    assert users.find(warehouse, "Nguyễn.Van-A_1") is not None
    unit_account = users.add(warehouse, "donvi", GOOD, "don_vi", unit_code="B")
    assert (unit_account.unit_code, unit_account.province) == ("B", "Sóc Trăng")
    assert [a.username for a in users.accounts(warehouse)] == ["donvi", "lanhdao",
                                                              "nguyễn.van-a_1"]  # fmt: skip
    assert users.accounts(warehouse)[2].province == "Sóc Trăng"  # as the unit table writes it
    with warehouse.connect() as conn:
        stored = conn.execute(sa.select(app_user.c.password_hash)).scalars().all()
    assert all(h.startswith("scrypt:") and GOOD not in h for h in stored)

    refused = {
        "ab": ("ab", GOOD, "lanh_dao", {}),
        "space": ("lanh dao", GOOD, "lanh_dao", {}),
        "long name": ("x" * 65, GOOD, "lanh_dao", {}),
        "short password": ("ok-name", "ngan-qua", "lanh_dao", {}),
        "role": ("ok-name", GOOD, "admin", {}),
        "unit needed": ("ok-name", GOOD, "don_vi", {}),
        "unknown unit": ("ok-name", GOOD, "don_vi", {"unit_code": "NOPE"}),
        "unit for a leader": ("ok-name", GOOD, "lanh_dao", {"unit_code": "B"}),
        "unknown province": ("ok-name", GOOD, "lanh_dao", {"province": "Atlantis"}),
        "unit elsewhere": ("ok-name", GOOD, "don_vi", {"unit_code": "B", "province": "Cần Thơ"}),
        "taken": ("LANHDAO", GOOD, "chuyen_vien", {}),
    }
    for why, (name, password, role, scope) in refused.items():
        with pytest.raises(users.AccountError) as error:
            users.add(warehouse, name, password, role, **scope)
        assert "\n" in str(error.value), why  # Vietnamese, then English
    assert len(users.accounts(warehouse)) == 3


def test_wrong_password_and_unknown_name_fail_alike_and_are_audited(warehouse: Engine) -> None:
    users.add(warehouse, "lanhdao", GOOD, "lanh_dao")
    waits: list[float] = []
    wrong = users.verify(warehouse, "lanhdao", "khong-phai-mat-khau", remote_addr="10.0.0.9",
                         sleep=waits.append)  # fmt: skip
    unknown = users.verify(warehouse, "ai-do", "khong-phai-mat-khau", sleep=waits.append)
    assert wrong == users.SignIn("failed") == unknown
    assert len(waits) == 2
    ok = users.verify(warehouse, "LanhDao", GOOD, sleep=waits.append)
    assert ok.outcome == "ok" and ok.account is not None and ok.account.failed_logins == 0
    rows = audit_rows(warehouse)
    actions = [(r["action"], r["outcome"], r["username"], r["target"]) for r in rows]
    assert actions == [
        ("user_add", "ok", None, "lanhdao"),
        ("login_failed", "failed", "lanhdao", None),
        ("login_failed", "failed", None, "ai-do"),
        ("login", "ok", "lanhdao", None),
    ]
    assert json.loads(rows[1]["detail"]) == {"reason": "password", "failures": 1}
    assert rows[1]["remote_addr"] == "10.0.0.9"
    assert json.loads(rows[2]["detail"]) == {"reason": "unknown_user"}
    everything = json.dumps([list(r.values()) for r in rows], default=str)
    assert GOOD not in everything and "khong-phai-mat-khau" not in everything


def test_five_failures_lock_the_account_until_the_time_is_up(warehouse: Engine) -> None:
    users.add(warehouse, "lanhdao", GOOD, "lanh_dao")
    waits: list[float] = []
    for attempt in range(1, 5):
        assert users.verify(warehouse, "lanhdao", f"sai-lan-thu-{attempt}",
                            sleep=waits.append).outcome == "failed"  # fmt: skip
    fifth = users.verify(warehouse, "lanhdao", "sai-lan-thu-5", sleep=waits.append)
    assert fifth.outcome == "locked" and fifth.minutes_left == users.LOCK_MINUTES
    assert waits == [users.failure_delay(n) for n in range(1, 6)]
    refused = users.verify(warehouse, "lanhdao", GOOD)  # the right password, while locked
    assert refused.outcome == "locked" and 1 <= refused.minutes_left <= users.LOCK_MINUTES
    assert audit_rows(warehouse)[-1]["outcome"] == "refused"
    # time passes: the lock ends
    with warehouse.begin() as conn:
        conn.execute(sa.update(app_user).values(locked_until=datetime.now() - timedelta(seconds=1)))
    after = users.verify(warehouse, "lanhdao", GOOD)
    assert after.outcome == "ok" and after.account is not None
    assert after.account.failed_logins == 0 and after.account.locked_until is None


def test_the_delay_grows_with_each_failure_up_to_a_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(users, "DELAY_BASE_S", DELAY_BASE_S)
    delays = [users.failure_delay(n) for n in range(1, 8)]
    assert delays[0] == DELAY_BASE_S > 0 and delays == sorted(delays)
    assert delays[1] > delays[0] and max(delays) == users.DELAY_CAP_S <= 2.0


def test_disabled_accounts_and_new_passwords(warehouse: Engine) -> None:
    users.add(warehouse, "lanhdao", GOOD, "lanh_dao")
    before = users.find(warehouse, "lanhdao")
    assert before is not None
    users.set_disabled(warehouse, "lanhdao", True)
    assert users.verify(warehouse, "lanhdao", GOOD).outcome == "failed"  # never says disabled
    assert json.loads(audit_rows(warehouse)[-1]["detail"]) == {"reason": "disabled"}
    users.set_disabled(warehouse, "lanhdao", False)
    changed = users.set_password(warehouse, "lanhdao", "mat-khau-moi-hon")
    assert changed.stamp != before.stamp
    assert users.verify(warehouse, "lanhdao", GOOD).outcome == "failed"
    assert users.verify(warehouse, "lanhdao", "mat-khau-moi-hon").outcome == "ok"
    actions = [r["action"] for r in audit_rows(warehouse)]
    assert actions == ["user_add", "user_disable", "login_failed", "user_enable", "user_passwd",
                       "login_failed", "login"]  # fmt: skip
    with pytest.raises(users.AccountError):
        users.set_password(warehouse, "ai-do", "mat-khau-moi-hon")


# --- the gate on a small app (SQLite and PostgreSQL) -----------------------------------------


def test_signing_in_goes_where_the_user_was_going(app: Flask, warehouse: Engine) -> None:
    client = app.test_client()
    answer = client.get("/page?year=2023")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/login?next=%2Fpage%3Fyear%3D2023"
    signed = sign_in(client, "lanhdao", GOOD, "?next=%2Fpage%3Fyear%3D2023")
    assert signed.status_code == 302 and signed.headers["Location"] == "/page?year=2023"
    assert client.get("/page").get_json() == {"user": "lanhdao", "units": None}
    # signed in, /login?next= sends straight on; without next it says who is signed in
    assert client.get("/login?next=/page").headers["Location"] == "/page"
    assert "lanhdao" in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize(
    "asked",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)",
     "/login", "/logout?x=1", "page"],
)  # fmt: skip
def test_only_local_paths_are_followed_after_signing_in(app: Flask, asked: str) -> None:
    assert gate.safe_next(asked) == "/"
    answer = sign_in(app.test_client(), query="?next=" + quote(asked))
    assert answer.headers["Location"] == "/"


def test_the_scope_follows_the_account(warehouse: Engine) -> None:
    users.add(warehouse, "tinh", GOOD, "chuyen_vien", province="Cần Thơ")
    users.add(warehouse, "donvi", GOOD, "don_vi", unit_code="B")
    users.add(warehouse, "lanhdao-st", GOOD, "lanh_dao", province="Sóc Trăng")
    app = make_app(warehouse)
    seen = {}
    for name in ("tinh", "donvi", "lanhdao-st"):
        client = app.test_client()
        assert sign_in(client, name).status_code == 302
        seen[name] = client.get("/page").get_json()["units"]
    assert seen["tinh"] == ["CT-SNV"]
    assert seen["donvi"] == ["B"]
    assert seen["lanhdao-st"] == ["A", "B", "D", "E", "P", "T", "X", "Y"]


def test_a_wrong_password_gets_the_generic_error(app: Flask, warehouse: Engine) -> None:
    client = app.test_client()
    for name in ("lanhdao", "khong-co-ai"):
        answer = sign_in(client, name, "khong-phai-mat-khau")
        text = answer.get_data(as_text=True)
        assert answer.status_code == 200 and FAILED_VI in text  # the form again
        assert "khong-phai-mat-khau" not in text
    english = sign_in(client, "lanhdao", "khong-phai-mat-khau", "?lang=en")
    assert "Wrong user name or password" in english.get_data(as_text=True)
    assert client.get("/page").status_code == 302  # still nobody
    failed = [r for r in audit_rows(warehouse) if r["action"] == "login_failed"]
    assert len(failed) == 3


def test_a_locked_account_is_told_how_long(app: Flask, warehouse: Engine) -> None:
    client = app.test_client()
    for attempt in range(users.MAX_FAILURES):
        sign_in(client, "lanhdao", f"sai-lan-thu-{attempt}")
    answer = sign_in(client, "lanhdao", GOOD)
    text = answer.get_data(as_text=True)
    assert answer.status_code == 429 and "Tài khoản tạm khóa" in text and "15 phút" in text
    assert int(answer.headers["Retry-After"]) == 15 * 60
    with warehouse.begin() as conn:
        conn.execute(sa.update(app_user).values(locked_until=datetime.now() - timedelta(minutes=1)))
    assert sign_in(client, "lanhdao", GOOD).status_code == 302
    assert client.get("/page").get_json()["user"] == "lanhdao"


def test_the_form_token_is_checked(app: Flask) -> None:
    client = app.test_client()
    client.get("/login")
    for token in (None, "", "forged"):
        data = {"username": "lanhdao", "password": GOOD}
        if token is not None:
            data["csrf"] = token
        answer = client.post("/login", data=data)
        assert answer.status_code == 400
        assert "Biểu mẫu đã hết hạn" in answer.get_data(as_text=True)
    assert client.get("/page").status_code == 302
    # another browser's token is no good either
    other = app.test_client()
    stolen = form_token(other.get("/login").get_data(as_text=True))
    answer = client.post("/login", data={"csrf": stolen, "username": "lanhdao", "password": GOOD})
    assert answer.status_code == 400


def test_signing_out_takes_a_post_with_the_token(app: Flask, warehouse: Engine) -> None:
    client = app.test_client()
    sign_in(client)
    question = client.get("/logout")
    assert question.status_code == 200 and "Đăng xuất" in question.get_data(as_text=True)
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", data={"csrf": "forged"}).status_code == 400
    assert client.get("/page").status_code == 200  # still signed in
    token = form_token(question.get_data(as_text=True))
    answer = client.post("/logout", data={"csrf": token})
    assert answer.status_code == 302 and answer.headers["Location"] == "/login?out=1"
    assert "Đã đăng xuất" in client.get("/login?out=1").get_data(as_text=True)
    assert client.get("/page").status_code == 302
    assert audit_rows(warehouse)[-1]["action"] == "logout"
    assert client.post("/logout").status_code == 302  # nobody to sign out: nothing to check


def test_another_sites_post_is_refused(app: Flask) -> None:
    client = app.test_client()
    sign_in(client)
    for headers in ({"Origin": "http://evil.example"}, {"Referer": "http://evil.example/x"},
                    {"Origin": "null"}, {"Origin": "http://localhost.evil.example"}):  # fmt: skip
        answer = client.post("/_dash-update-component", json={}, headers=headers)
        assert answer.status_code == 403, headers
        assert "trang khác" in answer.get_data(as_text=True)
    token = form_token(client.get("/logout").get_data(as_text=True))
    evil = client.post("/logout", data={"csrf": token}, headers={"Origin": "http://evil.example"})
    assert evil.status_code == 403
    same = client.post("/_dash-update-component", json={}, headers={"Origin": "http://localhost"})
    assert same.status_code == 200
    referer = client.post(
        "/_dash-update-component", json={}, headers={"Referer": "http://localhost/page?x=1"}
    )
    assert referer.status_code == 200


def test_an_idle_or_old_session_is_signed_out(app: Flask) -> None:
    client = app.test_client()
    sign_in(client)
    with client.session_transaction() as session:
        session["seen"] = time.time() - gate.IDLE.total_seconds() + 30
    assert client.get("/page").status_code == 200  # within the hour: still in, seen again
    with client.session_transaction() as session:
        assert time.time() - session["seen"] < 5
        session["seen"] = time.time() - gate.IDLE.total_seconds() - 1
    assert client.get("/page").status_code == 302
    assert client.post("/_dash-update-component", json={}).status_code == 401

    sign_in(client)
    with client.session_transaction() as session:
        session["since"] = time.time() - gate.LIFETIME.total_seconds() - 1
    assert client.get("/page").status_code == 302  # active all along, but 8 hours are up


def test_a_new_password_or_disabling_signs_out_every_session(app: Flask, warehouse: Engine) -> None:
    first, second = app.test_client(), app.test_client()
    for client in (first, second):
        sign_in(client)
        assert client.get("/page").status_code == 200
    users.set_password(warehouse, "lanhdao", "mat-khau-moi-hon")
    assert first.get("/page").status_code == 302
    assert second.post("/_dash-update-component", json={}).status_code == 401
    sign_in(first, password="mat-khau-moi-hon")
    assert first.get("/page").status_code == 200
    users.set_disabled(warehouse, "lanhdao", True)
    assert first.get("/page").status_code == 302
    assert FAILED_VI in sign_in(first, password="mat-khau-moi-hon").get_data(as_text=True)


def test_the_cookie_is_http_only_and_same_site(app: Flask, warehouse: Engine) -> None:
    cookie = sign_in(app.test_client()).headers["Set-Cookie"]
    assert cookie.startswith(gate.SESSION_COOKIE + "=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert "Expires=" in cookie  # at most 8 hours
    https = make_app(warehouse, https=True).test_client()
    assert "; Secure" in sign_in(https).headers["Set-Cookie"]
    proxied = make_app(warehouse, proxy=True).test_client()
    token = form_token(proxied.get("/login").get_data(as_text=True))
    answer = proxied.post(
        "/login",
        data={"csrf": token, "username": "lanhdao", "password": GOOD},
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"},
    )
    assert "; Secure" in answer.headers["Set-Cookie"]
    assert audit_rows(warehouse)[-1]["remote_addr"] == "203.0.113.7"


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"CCHC_SECRET_KEY": " abc ", "CCHC_HTTPS": "1", "CCHC_PROXY": "yes"}
    assert Settings.from_env(env) == Settings("abc", True, True)
    assert Settings.from_env({}) == Settings(None, False, False)
    assert secret_key_problem("x" * 32) is None
    assert "CCHC_SECRET_KEY" in (secret_key_problem(None) or "")
    assert "quá ngắn" in (secret_key_problem("short") or "")


# --- the real app: nothing is served to anyone not signed in ---------------------------------


@pytest.fixture
def real_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Any, FlaskClient, Engine]]:
    from dashboard.app import app as dash_app

    url = f"sqlite:///{tmp_path / 'warehouse.db'}"
    engine = get_engine(url)
    build_scenario(engine)
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    yield dash_app, dash_app.server.test_client(), engine
    engine.dispose()


def _forged(output: str, spec: dict[str, Any]) -> dict[str, Any]:
    """A callback request for ``output`` as the renderer would send it (values made up)."""
    inputs = [{"id": i["id"], "property": i["property"], "value": "x"} for i in spec["inputs"]]
    changed = [f"{i['id']}.{i['property']}" for i in spec["inputs"][:1]]
    return {"output": output, "outputs": [], "inputs": inputs, "state": [],
            "changedPropIds": changed}  # fmt: skip


def test_nobody_gets_a_page_a_callback_or_a_download(
    real_app: tuple[Any, FlaskClient, Engine],
) -> None:
    import dash

    dash_app, client, _engine = real_app
    client.get("/login")  # Dash registers its pages' callbacks on the first request
    paths = {p["path"] for p in dash.page_registry.values()} | {p.url for p in
                                                                 view.PAGES.values()}  # fmt: skip
    assert len(paths) >= 7
    for path in sorted(paths | {"/nope", "/xep-hang?year=2023&lang=en"}):
        answer = client.get(path)
        assert answer.status_code == 302, path
        location = urlsplit(answer.headers["Location"])
        back = parse_qs(location.query).get("next", ["/"])  # "/" is where it goes anyway
        assert location.path == "/login" and back == [path], path
    assert len(dash_app.callback_map) > 10
    for output, spec in dash_app.callback_map.items():
        answer = client.post("/_dash-update-component", json=_forged(output, spec))
        assert answer.status_code == 401, output
        assert answer.mimetype == "text/plain" and "Cần đăng nhập" in answer.get_data(as_text=True)
    downloads = [view.report_path(f) for f in view.REPORT_FORMATS]
    for slug in view.PAGES:
        downloads += [view.chart_path(slug, f) for f in view.IMAGE_FORMATS]
        downloads += [view.table_path(slug, f) for f in view.TABLE_FORMATS]
    downloads.append(view.chart_path("rankings", "png", "bands") + "?year=2023")
    for path in downloads:
        answer = client.get(path)
        assert answer.status_code == 401 and "Sign-in required" in answer.get_data(as_text=True)
    for path in ("/_dash-layout", "/_dash-dependencies", "/_reload-hash"):
        assert client.get(path).status_code == 401, path
    # what the sign-in page needs is served to anyone
    for path in ("/login", "/assets/app.css", "/_favicon.ico"):
        assert client.get(path).status_code == 200, path


def test_signed_in_the_real_app_answers(real_app: tuple[Any, FlaskClient, Engine]) -> None:
    _dash_app, client, engine = real_app
    users.add(engine, USERNAME, PASSWORD, "lanh_dao")
    assert sign_in(client, USERNAME, PASSWORD).status_code == 302
    assert client.get("/xep-hang").status_code == 200
    csv = client.get(view.table_path("rankings", "csv") + "?year=2023&round=1")
    assert csv.status_code == 200 and "Sở Tư pháp" in csv.get_data(as_text=True)
    # a callback from this site passes, one from another is refused even signed in
    payload = {"output": "app-account.children", "outputs": {"id": "app-account",
               "property": "children"}, "inputs": [{"id": "_pages_location",
               "property": "search", "value": "?lang=en"}],
               "changedPropIds": ["_pages_location.search"], "state": []}  # fmt: skip
    mine = client.post("/_dash-update-component", json=payload,
                       headers={"Origin": "http://localhost"})  # fmt: skip
    assert mine.status_code == 200
    block = json.dumps(mine.get_json(), ensure_ascii=False)
    assert USERNAME in block and "Leadership" in block and "Sign out" in block
    assert "/logout?lang=en" in block and form_token_in(block)
    evil = client.post("/_dash-update-component", json=payload,
                       headers={"Origin": "https://evil.example"})  # fmt: skip
    assert evil.status_code == 403
    assert session_cookie(client).startswith(gate.SESSION_COOKIE)


def form_token_in(block: str) -> bool:
    return '"name": "csrf"' in block and '"type": "hidden"' in block


# --- gunicorn, cchc user, cchc demo -----------------------------------------------------------


def test_gunicorn_refuses_to_start_without_a_secret_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from dashboard import gunicorn_conf

    monkeypatch.setenv("CCHC_DATABASE_URL", f"sqlite:///{tmp_path / 'w.db'}")
    for value in (None, "", "ngan"):
        if value is None:
            monkeypatch.delenv("CCHC_SECRET_KEY", raising=False)
        else:
            monkeypatch.setenv("CCHC_SECRET_KEY", value)
        with pytest.raises(SystemExit) as stopped:
            gunicorn_conf.on_starting(None)
        assert stopped.value.code == 2
        err = capsys.readouterr().err
        assert "CCHC_SECRET_KEY" in err and "Đặt một chuỗi ngẫu nhiên" in err and "Set " in err
    assert not (tmp_path / "w.db").exists()  # refused before touching the warehouse
    monkeypatch.setenv("CCHC_SECRET_KEY", SECRET)
    gunicorn_conf.on_starting(None)
    assert (tmp_path / "w.db").exists()


def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cchc_user(
    warehouse: Engine, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = warehouse.url.render_as_string(hide_password=False)
    code, out, _ = cli(capsys, monkeypatch, "user", "add", "LanhDao", "--role", "lanh_dao",
                       "--db", db, stdin=GOOD + "\nignored\n")  # fmt: skip
    assert code == 0 and "lanhdao" in out
    assert users.verify(warehouse, "lanhdao", GOOD).outcome == "ok"
    code, _, _ = cli(capsys, monkeypatch, "user", "add", "donvi", "--role", "don_vi", "--unit",
                     "B", "--db", db, stdin=GOOD + "\r\n")  # fmt: skip
    assert code == 0
    bad = {
        "short password": (["add", "x-user", "--role", "lanh_dao"], "ngan\n", "ít nhất 10"),
        "no password": (["add", "x-user", "--role", "lanh_dao"], "", "No password"),
        "name": (["add", "a", "--role", "lanh_dao"], GOOD, "3–64"),
        "unit needed": (["add", "x-user", "--role", "don_vi"], GOOD, "--unit"),
        "unknown unit": (["add", "x-user", "--role", "don_vi", "--unit", "ZZ"], GOOD, "ZZ"),
        "province": (["add", "x-user", "--role", "lanh_dao", "--province", "Mars"], GOOD, "Mars"),
        "taken": (["add", "lanhdao", "--role", "lanh_dao"], GOOD, "already exists"),
        "no such account": (["passwd", "ai-do"], GOOD, "No account"),
        "disable nobody": (["disable", "ai-do"], "", "No account"),
    }
    for why, (args, stdin, said) in bad.items():
        code, _, err = cli(capsys, monkeypatch, "user", *args, "--db", db, stdin=stdin)
        assert code == 2 and said in err, (why, err)
    assert cli(capsys, monkeypatch, "user", "add", "x", "--role", "boss", "--db", db)[0] == 2

    code, out, _ = cli(capsys, monkeypatch, "user", "passwd", "LANHDAO", "--db", db,
                       stdin="mat-khau-moi-hon\n")  # fmt: skip
    assert code == 0 and users.verify(warehouse, "lanhdao", "mat-khau-moi-hon").outcome == "ok"
    assert cli(capsys, monkeypatch, "user", "disable", "donvi", "--db", db)[0] == 0
    for attempt in range(users.MAX_FAILURES):
        users.verify(warehouse, "lanhdao", f"sai-lan-thu-{attempt}")
    code, out, _ = cli(capsys, monkeypatch, "user", "list", "--db", db)
    lines = out.splitlines()
    assert code == 0 and lines[0].split("  ")[0] == "tên / name"
    assert "vai trò / role" in lines[0] and "tạm khóa đến / locked until" in lines[0]
    donvi, lanhdao = lines[1].split(), lines[2].split()
    assert donvi[:4] == ["donvi", "don_vi", "B", "Sóc"] and "có" in donvi
    assert lanhdao[:2] == ["lanhdao", "lanh_dao"] and lanhdao[-2].startswith("20")  # locked
    assert cli(capsys, monkeypatch, "user", "enable", "donvi", "--db", db)[0] == 0
    assert "có" not in cli(capsys, monkeypatch, "user", "list", "--db", db)[1].splitlines()[1]
    changes = [r["action"] for r in audit_rows(warehouse) if r["action"].startswith("user_")]
    assert changes == ["user_add", "user_add", "user_passwd", "user_disable", "user_enable"]
    detail = json.loads(next(r for r in audit_rows(warehouse) if r["action"] == "user_add")
                        ["detail"])  # fmt: skip
    assert detail["via"] == "cli" and detail["role"] == "lanh_dao"


def test_the_password_is_asked_twice_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard.cli import user as user_cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = iter([GOOD, GOOD, GOOD, "khac-mat-khau"])
    monkeypatch.setattr(user_cli.getpass, "getpass", lambda _prompt: next(answers))
    assert user_cli.read_password(Terminal()) == GOOD
    with pytest.raises(user_cli.PasswordError):
        user_cli.read_password(Terminal())


def test_the_demo_accounts_are_printed_and_kept_for_their_owner(
    sqlite_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    build_scenario(sqlite_engine)
    assert write_demo_accounts(sqlite_engine) == 0
    out = capsys.readouterr().out
    path = demo_accounts_file(sqlite_engine)
    assert path is not None and path.name == "demo-accounts.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert str(path) in out
    kept = path.read_text(encoding="utf-8").splitlines()[2:]
    accounts = {line.split()[0]: (line.split()[1], line.split()[-1]) for line in kept}
    assert set(accounts) == {"lanhdao", "chuyenvien", "donvi"}
    assert accounts["donvi"][0] == "don_vi"
    assert users.find(sqlite_engine, "donvi").unit_code == "B"  # type: ignore[union-attr]
    for name, (_role, password) in accounts.items():
        assert password in out
        assert users.verify(sqlite_engine, name, password).outcome == "ok"
    os.chmod(path, 0o644)
    write_demo_accounts(sqlite_engine)  # again: new passwords, the old ones no longer work
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert users.verify(sqlite_engine, "lanhdao", accounts["lanhdao"][1]).outcome == "failed"


# --- in the browser ---------------------------------------------------------------------------


@pytest.mark.browser
def test_in_the_browser_sign_in_see_who_and_sign_out(
    browser: Any, sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_scenario(sqlite_engine)
    url = sqlite_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    users.add(sqlite_engine, "chuyenvien", GOOD, "chuyen_vien")
    driver = browser.driver
    driver.get(browser.server_url + "/login")
    driver.delete_all_cookies()  # nobody signed in
    browser.get_logs()
    driver.get(browser.server_url + "/xep-hang?year=2023&round=1")
    wait_until(lambda: urlsplit(driver.current_url).path == "/login", "the sign-in page")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Đăng nhập"
    driver.find_element(By.NAME, "username").send_keys("chuyenvien")
    driver.find_element(By.NAME, "password").send_keys("sai-mat-khau-roi")
    driver.find_element(By.CSS_SELECTOR, ".cchc-login-form [type=submit]").click()
    error = browser.wait_for_element(".cchc-login-error", timeout=TIMEOUT)
    assert error.text == FAILED_VI
    assert driver.find_element(By.NAME, "username").get_attribute("value") == "chuyenvien"
    driver.find_element(By.NAME, "password").send_keys(GOOD)
    driver.find_element(By.CSS_SELECTOR, ".cchc-login-form [type=submit]").click()
    browser.wait_for_text_to_equal("h1", "Xếp hạng", timeout=TIMEOUT)
    assert driver.current_url == browser.server_url + "/xep-hang?year=2023&round=1"
    account = browser.wait_for_element(".cchc-account-name", timeout=TIMEOUT)
    assert account.text == "chuyenvien"
    assert driver.find_element(By.CSS_SELECTOR, ".cchc-account-role").text == "Chuyên viên"
    cookie = driver.get_cookie("cchc_session")
    assert cookie is not None and cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    logout = driver.find_element(By.CSS_SELECTOR, ".cchc-logout")
    assert logout.text == "Đăng xuất"
    logout.click()
    wait_until(lambda: "Đã đăng xuất" in driver.find_element(By.TAG_NAME, "body").text,
               "signed out")  # fmt: skip
    driver.get(browser.server_url + "/xep-hang")
    wait_until(lambda: urlsplit(driver.current_url).path == "/login", "the sign-in page again")
    actions = [r["action"] for r in audit_rows(sqlite_engine)]
    assert actions[-3:] == ["login_failed", "login", "logout"]
    no_console_errors(browser)


@pytest.mark.browser
def test_in_the_browser_the_navbar_speaks_english_too(
    browser: Any, demo_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CCHC_DATABASE_URL", demo_db_url)
    browser.get_logs()
    visit(browser, "/?lang=en")  # as the tests' leader
    browser.wait_for_text_to_equal(".cchc-account-name", USERNAME, timeout=TIMEOUT)
    assert browser.find_element(".cchc-account-role").text == "Leadership"
    assert browser.find_element(".cchc-logout").text == "Sign out"
    no_console_errors(browser)
