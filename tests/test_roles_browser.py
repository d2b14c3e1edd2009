"""Each role in a real headless Chromium (issue 9): a person signs in through the ``/login``
form and sees what the role may see, and nothing else.

The two-province warehouse of ``tests/test_scope.py`` (Sóc Trăng, Bạc Liêu) and its accounts:

* a unit's account (``don_vi``, Sở Nội vụ Sóc Trăng): the navbar offers the pages its role
  may open, no report menu; its unit page shows its name, its index and the peers chart, and
  neither the visible text nor the page source names another unit, even when the address
  asks for one; rankings and the loader's page typed in the address bar are refused;
* a leader of Bạc Liêu (``lanh_dao``): rankings but no loader's page, the report menu; the
  rankings list Bạc Liêu's units only;
* an analyst of Sóc Trăng (``chuyen_vien``): the loader's page, Sóc Trăng's rankings, no
  audit log;
* every page a province's account finds in its navbar opens (no forbidden state);
* signing out leads back to ``/login``, and a page opened afterwards shows the form.

No test leaves a SEVERE message in the browser's console.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.by import By

from dashboard import queries
from dashboard.components.grid import index_text
from dashboard.i18n import t
from dashboard.view import PAGES, REPORT_ROLES
from etl.db import get_engine
from tests import test_leadership_pages as shell
from tests import test_scope as scope
from tests.services import chromium_paths
from tests.signin import ensure_account, sign_in_browser
from tests.test_leadership_pages import wait_until
from tests.test_scope import ANALYST_ST, BL, DON_VI, LEADER_BL, ME, ST, Account

pytestmark = pytest.mark.browser

browser = shell.browser  # one app server and one Chromium for the module
FORBIDDEN = scope.FORBIDDEN_VI  # "Không có quyền xem trang này"


@pytest.fixture(scope="module", autouse=True)
def _chromium() -> None:
    chromium_paths()  # skips (or fails under CCHC_REQUIRE_SERVICES) without Chromium


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The two provinces on SQLite, with the three accounts."""
    url = f"sqlite:///{tmp_path_factory.mktemp('roles') / 'warehouse.db'}"
    engine = get_engine(url)
    try:
        scope.build_two_provinces(engine)
    finally:
        engine.dispose()
    for account in scope.ACCOUNTS:
        where = {k: v for k, v in (("unit_code", account.unit_code),
                                   ("province", account.province)) if v}  # fmt: skip
        ensure_account(url, account.username, scope.PASSWORD, account.role, **where)
    return url


@pytest.fixture
def duo(browser: Any, warehouse: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("CCHC_DATABASE_URL", warehouse)
    browser.get_logs()  # each test starts with an empty console log
    yield browser
    severe = [e for e in browser.get_logs() if e.get("level") == "SEVERE"]
    assert severe == [], severe  # nothing here is refused by a resource: no error is expected


def sign_in_as(duo: Any, account: Account, path: str) -> None:
    sign_in_browser(duo, account.username, scope.PASSWORD, path)
    assert urlsplit(duo.driver.current_url).path == urlsplit(path).path


def typed(duo: Any, path: str) -> None:
    """``path`` typed in the address bar (a new page load, the session kept)."""
    duo.driver.get(duo.server_url + path)


def css(duo: Any, selector: str) -> list[Any]:
    return list(duo.driver.find_elements(By.CSS_SELECTOR, selector))


def text(duo: Any) -> str:
    return str(duo.driver.find_element(By.TAG_NAME, "body").text)


def settled(duo: Any) -> None:
    """Wait until no Dash component is loading (every callback of the page answered)."""
    wait_until(
        lambda: (
            not css(duo, "[data-dash-is-loading='true']")
            and duo.driver.execute_script("return document.readyState") == "complete"
        ),
        "the page to finish drawing",
    )
    time.sleep(0.3)  # a callback a finished one triggers starts within a frame or two


def nav_labels(duo: Any) -> set[str]:
    """The navbar's page links as the person reads them (filled by the navbar's callback)."""
    links = wait_until(lambda: css(duo, ".cchc-nav-link"), "the navbar's links")
    return {link.text for link in links}


def may_open(account: Account) -> set[str]:
    """The navbar labels of the pages ``account`` may open (``Page.open_to``: its role, and
    its province for the national-only audit log)."""
    opens = [p for p in PAGES.values() if p.open_to(account.role, account.province)]
    return {t(p.title_key, "vi") for p in opens}


def label(slug: str) -> str:
    return t(PAGES[slug].title_key, "vi")


def check_navbar(duo: Any, account: Account) -> set[str]:
    shown = nav_labels(duo)
    assert shown == may_open(account), shown
    menu = duo.driver.find_element(By.CSS_SELECTOR, ".cchc-report-menu")
    assert menu.is_displayed() == (account.role in REPORT_ROLES)
    return shown


def forbidden(duo: Any, path: str) -> None:
    typed(duo, path)
    wait_until(lambda: FORBIDDEN in text(duo), f"the forbidden state on {path}")
    assert not css(duo, ".ag-row") and not css(duo, ".cchc-graph .main-svg")


def no_leaks(duo: Any, account: Account, asked: str | None = None) -> None:
    """Neither the visible text nor the page source names a unit ``account`` may not see.
    Dash Pages' meta tags (og:url, twitter:url) repeat the address typed: not data."""
    assert not scope.leaks(text(duo).encode(), account), text(duo)
    source = duo.driver.page_source
    if asked is not None:
        source = source.replace(duo.server_url + asked, "")
    assert not scope.leaks(source.encode(), account)


def ranked_names(duo: Any, count: int) -> set[str]:
    """The unit names listed in the rankings table, once ``count`` rows are drawn."""
    cells = wait_until(
        lambda: (found := css(duo, "#rankings-grid .ag-center-cols-container "
                                   ".ag-cell[col-id=unit_name]")) and len(found) >= count
        and found,
        "the rankings table",
    )  # fmt: skip
    wait_until(lambda: css(duo, ".cchc-graph .main-svg .bars"), "the ranking charts")
    return {cell.text for cell in cells}


def names(province: str) -> set[str]:
    return {name for _, name, _ in scope.UNITS[province]}


# --- a unit's account ---------------------------------------------------------------------


def own_card(url: str) -> tuple[str, int]:
    """The account's index as shown and how many units are ranked in its group."""
    engine = get_engine(url)
    try:
        with queries.scoped(frozenset({ME})):
            card = queries.scorecard(engine, scope.YEAR, scope.ROUND, ME)
    finally:
        engine.dispose()
    return index_text(card.index, "vi"), int(card.units_ranked)


def unit_page(duo: Any, name: str, card: tuple[str, int]) -> None:
    """The unit page of ``name``, drawn: its summary, index, peers chart and tree."""
    wait_until(lambda: css(duo, ".cchc-unit-name")[0].text == name, f"{name}'s page")
    assert css(duo, ".cchc-figure-index")[0].text == card[0]
    dots = wait_until(
        lambda: css(duo, "#unit-peers .scatterlayer .trace:first-child .point"), "the peers"
    )
    assert len(dots) == card[1] > 1  # every index of its group, no names
    wait_until(lambda: css(duo, "#unit-tree .ag-row"), "the criteria tree")
    settled(duo)


def test_a_unit_s_account_sees_its_own_unit_and_nothing_else(duo: Any, warehouse: str) -> None:
    own, card = scope._names()[ME], own_card(warehouse)
    sign_in_as(duo, DON_VI, "/don-vi")
    shown = check_navbar(duo, DON_VI)
    assert label("rankings") not in shown and label("upload") not in shown
    assert not duo.driver.find_element(By.CSS_SELECTOR, ".cchc-report-menu").is_displayed()
    unit_page(duo, own, card)
    no_leaks(duo, DON_VI)
    for path in ("/xep-hang", "/nap-du-lieu"):
        forbidden(duo, path)
        no_leaks(duo, DON_VI, path)


def test_a_unit_s_account_asking_for_another_unit_gets_its_own(duo: Any, warehouse: str) -> None:
    asked = "/don-vi?unit=BL-TUPHAP"
    sign_in_as(duo, DON_VI, asked)
    unit_page(duo, scope._names()[ME], own_card(warehouse))  # its own unit, not the one asked
    no_leaks(duo, DON_VI, asked)


# --- a province's leader and analyst ------------------------------------------------------


def test_a_leader_of_bac_lieu_sees_bac_lieu_s_rankings(duo: Any) -> None:
    sign_in_as(duo, LEADER_BL, "/xep-hang")
    shown = check_navbar(duo, LEADER_BL)
    assert label("rankings") in shown and label("upload") not in shown
    assert duo.driver.find_element(By.CSS_SELECTOR, ".cchc-report-menu").is_displayed()
    assert ranked_names(duo, len(names(BL))) == names(BL)
    settled(duo)
    no_leaks(duo, LEADER_BL)
    forbidden(duo, "/nap-du-lieu")


def test_an_analyst_of_soc_trang_loads_data_but_reads_no_audit_log(duo: Any) -> None:
    sign_in_as(duo, ANALYST_ST, "/xep-hang")
    shown = check_navbar(duo, ANALYST_ST)
    assert label("upload") in shown and label("audit") not in shown
    assert ranked_names(duo, len(names(ST))) == names(ST)
    settled(duo)
    no_leaks(duo, ANALYST_ST)
    assert PAGES["audit"].url == "/nhat-ky"
    forbidden(duo, PAGES["audit"].url)


@pytest.mark.parametrize("account", [LEADER_BL, ANALYST_ST], ids=lambda a: a.role)
def test_every_page_in_the_navbar_opens_for_whom_it_is_shown(duo: Any, account: Account) -> None:
    sign_in_as(duo, account, "/don-vi")
    nav_labels(duo)
    links = {a.text: urlsplit(a.get_attribute("href")) for a in css(duo, ".cchc-nav-link")}
    refused = []
    for name, href in links.items():
        typed(duo, href.path + (f"?{href.query}" if href.query else ""))
        wait_until(lambda: css(duo, "h1")[0].text == name, f"the page {name}")  # noqa: B023
        settled(duo)
        refused += [name] if FORBIDDEN in text(duo) else []
    assert refused == []


# --- signing out --------------------------------------------------------------------------


@pytest.mark.parametrize("account", scope.ACCOUNTS, ids=lambda a: a.role)
def test_signing_out_leaves_only_the_sign_in_form(duo: Any, account: Account) -> None:
    sign_in_as(duo, account, "/don-vi")
    nav_labels(duo)
    logout = wait_until(lambda: css(duo, ".cchc-logout"), "the sign-out button")[0]
    assert logout.text == t("auth.logout", "vi") == "Đăng xuất"
    logout.click()
    wait_until(lambda: urlsplit(duo.driver.current_url).path == "/login", "the sign-in page")
    assert css(duo, ".cchc-login-form")
    for path in ("/don-vi", "/xep-hang", "/"):
        typed(duo, path)
        assert urlsplit(duo.driver.current_url).path == "/login", path
        assert css(duo, ".cchc-login-form [name=password]") and not css(duo, ".cchc-navbar")
        source = duo.driver.page_source
        assert not [n for c, n in scope._names().items() if c in source or n in source], path
