"""Signing tests in: every behaviour test of the app runs as a signed-in leader (``lanh_dao``,
every unit), through ``/login`` as a person would.

* :func:`ensure_account` makes the account in a warehouse (once per warehouse and name; the
  warehouse is migrated first, so an empty one gets the tables it needs for accounts);
* :func:`sign_in` signs a Flask test client in (the form, its token, the POST);
* :func:`open_signed_in` opens a path in the browser of ``dash.testing``: through
  ``/login?next=<path>``, which sends a signed-in browser straight on and shows anyone else
  the form, filled in here;
* :func:`sign_in_browser` signs that browser in afresh as any account (its cookies deleted
  first: a new person at the keyboard), typing into the same form.

The warehouse is the one the app reads now (``CCHC_DATABASE_URL``): a test that switches
warehouses is signed in again, as the same name, in the new one.
"""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import quote, urlsplit

from flask.testing import FlaskClient
from selenium.webdriver.common.by import By
from werkzeug.test import TestResponse

from dashboard.auth import users
from etl.db import database_url, get_engine

USERNAME = "kiemthu"
PASSWORD = "mat-khau-kiem-thu"
_made: set[tuple[str, str]] = set()


def ensure_account(
    url: str | None = None,
    username: str = USERNAME,
    password: str = PASSWORD,
    role: str = "lanh_dao",
    **scope: str,
) -> None:
    """The account ``username`` in the warehouse ``url`` (default: the app's), made if need be."""
    resolved = database_url(url)
    if (resolved, username) in _made:
        return
    engine = get_engine(resolved)
    try:
        if users.find(engine, username) is None:
            users.add(engine, username, password, role, **scope)
    finally:
        engine.dispose()
    _made.add((resolved, username))


def form_token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no form token on the page"
    return found.group(1)


def sign_in(
    client: FlaskClient, username: str = USERNAME, password: str = PASSWORD
) -> TestResponse:
    """Sign ``client`` in through ``/login`` (the account is made first if it is the tests'
    own); the answer to the POST."""
    if (username, password) == (USERNAME, PASSWORD):
        ensure_account()
    token = form_token(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"csrf": token, "username": username, "password": password})


def signed_in(client: FlaskClient) -> FlaskClient:
    answer = sign_in(client)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return client


def session_cookie(client: FlaskClient) -> str:
    """The ``Cookie`` header that carries ``client``'s session (for another HTTP client)."""
    from dashboard.auth.gate import SESSION_COOKIE

    cookie = client.get_cookie(SESSION_COOKIE)
    assert cookie is not None, "not signed in"
    return f"{SESSION_COOKIE}={cookie.value}"


def open_signed_in(duo: Any, path: str) -> None:
    """Open ``path`` in ``duo``'s browser, signing in first when the session is not (or no
    longer) one of the current warehouse."""
    ensure_account()
    driver = duo.driver
    driver.get(f"{duo.server_url}/login?next={quote(path, safe='/')}")
    if urlsplit(driver.current_url).path != "/login":
        return  # signed in: sent straight on to ``path``
    _submit_login_form(duo, USERNAME, PASSWORD)


def sign_in_browser(duo: Any, username: str, password: str, path: str = "/") -> None:
    """Sign ``duo``'s browser in as ``username`` through the form of ``/login?next=<path>``,
    its cookies deleted first (nobody signed in before), and wait until it has left
    ``/login`` (for ``path``).  The account must exist (:func:`ensure_account`)."""
    driver = duo.driver
    driver.get(f"{duo.server_url}/login")  # cookies are deleted for the page's own site
    driver.delete_all_cookies()
    driver.get(f"{duo.server_url}/login?next={quote(path, safe='/')}")
    _submit_login_form(duo, username, password)


def _submit_login_form(duo: Any, username: str, password: str) -> None:
    driver = duo.driver
    driver.find_element(By.NAME, "username").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, ".cchc-login-form [type=submit]").click()
    deadline = time.monotonic() + 20
    while urlsplit(driver.current_url).path == "/login":
        assert time.monotonic() < deadline, driver.find_element(By.TAG_NAME, "body").text
        time.sleep(0.05)
