"""The data scope (issue 9, item 2): enforced on the server, in the resolved view and in the
query layer — a forged page, callback or download asking for another unit or province gets
nothing of it.

* Pure tests of the restriction in ``@cached`` (:mod:`dashboard.queries.cache`): rows, results
  that restrict themselves, a unit argument outside the scope, undeclared results; cache keys
  per scope; the provider ``dashboard.auth`` registers (``flask.g``); the export thread.
* A two-province warehouse (Sóc Trăng, Bạc Liêu) on SQLite and PostgreSQL: what each scope's
  queries answer (ranks of the whole group, sums of the scope's units only).
* The real app, signed in through ``/login`` (``tests/signin.py``) as a unit's account
  (``don_vi``, Sở Nội vụ Sóc Trăng), a leader of Bạc Liêu (``lanh_dao``) and an analyst of
  Sóc Trăng (``chuyen_vien``): every page, every server callback of the app's
  ``callback_map`` and every download, forged with the other units' codes and groups, never
  answers with another unit's name or code (UTF-8, JSON-escaped and URL-quoted forms) to a
  unit's account, nor with another province's to a province's; pages, callbacks and
  downloads of a page the role may not open answer 403 or the forbidden state.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import openpyxl
import pandas as pd
import pytest
from flask.testing import FlaskClient
from sqlalchemy import Engine
from werkzeug.test import TestResponse

from dashboard import audit, metrics, queries, specs
from dashboard.auth import User
from dashboard.queries import cache
from dashboard.view import (
    IMAGE_FORMATS,
    PAGES,
    REPORT_FORMATS,
    TABLE_FORMATS,
    Page,
    Scope,
    chart_path,
    report_path,
    table_path,
)
from etl.db import get_engine
from tests.services import create_database
from tests.signin import ensure_account, sign_in
from tests.warehouse_builder import HUYEN, NA, SO_NGANH, Leaf, WarehouseBuilder, build_scenario

PASSWORD = "mat-khau-pham-vi-du-lieu"
YEAR, ROUND = 2023, 2
ST = "Sóc Trăng"
BL = "Bạc Liêu"
UNITS: dict[str, list[tuple[str, str, str]]] = {
    ST: [
        ("ST-TUPHAP", "Sở Tư pháp Sóc Trăng", "so_nganh"),
        ("ST-NOIVU", "Sở Nội vụ Sóc Trăng", "so_nganh"),
        ("ST-YTE", "Sở Y tế Sóc Trăng", "so_nganh"),
        ("ST-KESACH", "Huyện Kế Sách", "huyen"),
        ("ST-VINHCHAU", "Thị xã Vĩnh Châu", "huyen"),
    ],
    BL: [
        ("BL-TUPHAP", "Sở Tư pháp Bạc Liêu", "so_nganh"),
        ("BL-GIAODUC", "Sở Giáo dục và Đào tạo Bạc Liêu", "so_nganh"),
        ("BL-HONGDAN", "Huyện Hồng Dân", "huyen"),
        ("BL-GIARAI", "Thị xã Giá Rai", "huyen"),
    ],
}
RATIOS = {"ST-TUPHAP": 0.91, "ST-NOIVU": 0.84, "ST-YTE": 0.77, "ST-KESACH": 0.88,
          "ST-VINHCHAU": 0.79, "BL-TUPHAP": 0.95, "BL-GIAODUC": 0.81, "BL-HONGDAN": 0.9,
          "BL-GIARAI": 0.72}  # fmt: skip
ME = "ST-NOIVU"  # the unit's account


# --- the two-province warehouse --------------------------------------------------------------


def _leaves(code: str, name: str, group: str, ratio: float) -> dict[str, Leaf | str]:
    """Every leaf scored at ``ratio`` of its maximum; one leaf without evidence, with an
    explanation and an appraiser's note naming the unit (so a leak of either shows)."""

    def said(self: float, top: float) -> Leaf:
        return Leaf(
            self,
            round(top * ratio, 3),
            evidence=0,
            explanation=f"Giải trình của {name}",
            note=f"Nhận xét {name}",
        )

    if group == "huyen":
        return {"H1.1": said(28, 30), "H1.2": Leaf(30, round(30 * ratio, 3)),
                "H8.1": Leaf(None, round(20 * ratio, 3))}  # fmt: skip
    out: dict[str, Leaf | str] = {
        "1.1.1": Leaf(4, round(4 * ratio, 3)), "1.1.2": Leaf(6, round(6 * ratio, 3)),
        "1.2": said(10, 10),
        "2.1.1": Leaf(16, round(16 * ratio, 3)), "2.1.2": Leaf(34, round(34 * ratio, 3)),
        "8.1": Leaf(None, round(30 * ratio, 3)),
    }  # fmt: skip
    if code == "BL-GIAODUC":
        out["2.1.1"] = NA
    return out


def build_two_provinces(engine: Engine) -> None:
    """2022 round 1 (so_nganh) and 2023 rounds 1 and 2 (both groups) of nine units in two
    provinces, the 2023 schedule and some submissions of round 2."""
    b = WarehouseBuilder(engine)
    for province, rows in UNITS.items():
        b.units(rows, province=province)
    b.framework(2022, "so_nganh", SO_NGANH)
    b.framework(2023, "so_nganh", SO_NGANH)
    b.framework(2023, "huyen", HUYEN)
    for rows in UNITS.values():
        for code, name, group in rows:
            if group == "so_nganh":
                b.scores(2022, 1, code, _leaves(code, name, group, RATIOS[code] - 0.05))
            for round_ in (1, 2):
                b.scores(2023, round_, code, _leaves(code, name, group, RATIOS[code]))
    b.round(2023, 1, datetime(2023, 10, 2, 7, 30), datetime(2023, 10, 20, 17, 0))
    b.round(2023, 2, datetime(2023, 11, 28, 7, 30), datetime(2023, 12, 4, 17, 0))
    b.submission(2023, 2, "ST-TUPHAP", datetime(2023, 12, 1, 10, 0), report=True, approved=True)
    b.submission(2023, 2, "BL-TUPHAP", datetime(2023, 12, 5, 8, 0), report=True, approved=False)
    b.submission(2023, 2, "BL-HONGDAN", None, report=False, approved=False)


def _codes(province: str | None = None) -> frozenset[str]:
    chosen = UNITS.values() if province is None else [UNITS[province]]
    return frozenset(code for rows in chosen for code, _, _ in rows)


def _names() -> dict[str, str]:
    return {code: name for rows in UNITS.values() for code, name, _ in rows}


def _group_of(code: str) -> str:
    return next(group for rows in UNITS.values() for c, _, group in rows if c == code)


def _built(url: str) -> str:
    """``url``, its warehouse holding the two provinces."""
    engine = get_engine(url)
    build_two_provinces(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _built(f"sqlite:///{tmp_path_factory.mktemp('scope') / 'warehouse.db'}")


@pytest.fixture(scope="module")
def pg_url(pg_base_url: str) -> str:
    return _built(create_database(pg_base_url))


@pytest.fixture(params=["sqlite", "postgres"])
def two_provinces(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """The two-province warehouse on both backends."""
    engine = get_engine(
        request.getfixturevalue(f"{'pg' if request.param == 'postgres' else 'sqlite'}_url")
    )
    yield engine
    engine.dispose()


# --- the restriction in @cached ---------------------------------------------------------------


@pytest.fixture
def scenario(tmp_path: Path) -> Iterator[Engine]:
    engine = get_engine(f"sqlite:///{tmp_path / 'warehouse.db'}")
    build_scenario(engine)
    yield engine
    engine.dispose()


def test_rows_keep_the_scope_and_ranks_stay_those_of_the_group(scenario: Engine) -> None:
    everyone = queries.rankings(scenario, 2023, 1, "so_nganh")
    with queries.scoped(frozenset({"A", "E"})):
        mine = queries.rankings(scenario, 2023, 1, "so_nganh")
        assert queries.current_units() == {"A", "E"}
    assert queries.current_units() is None
    assert sorted(mine["unit_code"]) == ["A", "E"]
    ranks = dict(zip(everyone["unit_code"], everyone["rank"], strict=True))
    assert {c: ranks[c] for c in mine["unit_code"]} == dict(
        zip(mine["unit_code"], mine["rank"], strict=True)
    )
    assert set(mine["rank"]) == {4, 5}  # the real ranks, not 1 and 2


def test_cache_keys_differ_per_scope_and_a_scoped_result_never_reaches_another(
    scenario: Engine,
) -> None:
    calls: list[cache.Units] = []

    @cache.cached
    def probe(engine: Engine, year: int) -> pd.DataFrame:
        calls.append(queries.current_units())
        return pd.DataFrame({"unit_code": ["T", "B", "X"], "year": [year] * 3})

    with queries.scoped(frozenset({"T"})):
        assert list(probe(scenario, 2023)["unit_code"]) == ["T"]
        assert list(probe(scenario, 2023)["unit_code"]) == ["T"]  # from the cache
    assert list(probe(scenario, 2023)["unit_code"]) == ["T", "B", "X"]  # not the scoped one
    with queries.scoped(frozenset({"B", "X"})):
        assert list(probe(scenario, 2023)["unit_code"]) == ["B", "X"]
    with queries.scoped(frozenset({"T"})):
        assert list(probe(scenario, 2023)["unit_code"]) == ["T"]
    assert list(probe(scenario, 2023)["unit_code"]) == ["T", "B", "X"]
    assert calls == [frozenset({"T"}), None, frozenset({"B", "X"})]  # one run per scope


def test_the_provider_and_a_pinned_scope(scenario: Engine) -> None:
    import dashboard.auth  # noqa: F401  (registers the app's provider)

    app_provider = cache._provider
    try:
        queries.set_scope_provider(lambda: frozenset({"B"}))
        assert list(queries.units(scenario)["unit_code"]) == ["B"]
        with queries.scoped(None):  # pinned: every unit, whatever the provider says
            assert len(queries.units(scenario)) == 8
        queries.set_scope_provider(None)
        assert len(queries.units(scenario)) == 8
    finally:
        queries.set_scope_provider(app_provider)
    assert len(queries.units(scenario)) == 8  # outside a request: every unit


def test_the_request_scope_comes_from_flask_g(scenario: Engine) -> None:
    from flask import g

    from dashboard.app import server

    with server.test_request_context("/"):
        g.cchc_scope = Scope(frozenset({"X"}))
        assert list(queries.units(scenario)["unit_code"]) == ["X"]
        assert queries.progress(scenario, 2023, 2).counts["units"] == 1
    with server.test_request_context("/"):
        assert len(queries.units(scenario)) == 8  # no scope on g: the server's own use


def test_a_unit_outside_the_scope_is_refused_as_an_unknown_one(scenario: Engine) -> None:
    with queries.scoped(frozenset({"T"})):
        assert queries.scorecard(scenario, 2023, 1, "T").unit_code == "T"
        for ask in (
            lambda: queries.scorecard(scenario, 2023, 1, "B"),
            lambda: queries.unit_leaves(scenario, 2023, 1, "B"),
            lambda: queries.unit_history(scenario, "B"),
            lambda: queries.missing_items(scenario, 2023, 1, "B"),
            lambda: queries.explanations(scenario, 2023, 1, "so_nganh", "1", unit_code="B"),
        ):
            with pytest.raises(queries.SelectionError) as refused:
                ask()
            assert str(refused.value) == str(cache.unknown_unit("B"))
        with pytest.raises(queries.SelectionError) as unknown:
            queries.scorecard(scenario, 2023, 1, "NOPE")
        assert str(unknown.value) == str(cache.unknown_unit("NOPE"))  # the same answer


def test_results_restrict_themselves(scenario: Engine) -> None:
    everyone = queries.progress(scenario, 2023, 2)
    with queries.scoped(frozenset({"T", "E"})):
        mine = queries.progress(scenario, 2023, 2)
    assert sorted(mine.units["unit_code"]) == ["E", "T"]
    assert mine.counts == {"units": 2, "sent": 1, "not_sent": 1, "late": 0,
                           "report_attached": 1, "approved": 1}  # fmt: skip
    assert everyone.counts["units"] == 7
    restricted = everyone.restricted(frozenset({"T", "E"}))
    assert restricted.counts == mine.counts
    card = queries.scorecard(scenario, 2023, 1, "T")
    assert card.restricted(frozenset({"T"})) is card
    with pytest.raises(queries.SelectionError):
        card.restricted(frozenset({"B"}))


def test_an_undeclared_result_fails_on_its_first_call(scenario: Engine) -> None:
    @cache.cached
    def totals(engine: Engine) -> pd.DataFrame:
        return pd.DataFrame({"group": ["so_nganh"], "points": [1.0]})

    with pytest.raises(TypeError, match="unit_free=True"):
        totals(scenario)  # unscoped too: a query cannot forget the scope until a unit signs in

    @cache.cached(unit_free=True)
    def declared(engine: Engine) -> pd.DataFrame:
        return pd.DataFrame({"group": ["so_nganh"], "points": [1.0]})

    with queries.scoped(frozenset({"T"})):
        assert len(declared(scenario)) == 1


def test_sums_across_units_are_the_scope_s(scenario: Engine) -> None:
    everyone = queries.criterion_gaps(scenario, 2023, 1, "so_nganh")
    with queries.scoped(frozenset({"T"})):
        mine = queries.criterion_gaps(scenario, 2023, 1, "so_nganh")
        overview = queries.overview(scenario, 2023, 1)
    leaves = queries.unit_leaves(scenario, 2023, 1, "T")
    assert int(mine["units"].max()) == 1 and int(everyone["units"].max()) == 5
    by_criterion = mine.set_index("criterion_code")["gap_points"]
    assert by_criterion["1.2"] == pytest.approx(
        leaves.set_index("criterion_code").loc["1.2", "gap"]
    )
    row = overview.set_index("group").loc["so_nganh"]
    assert row["units"] == 1 and row["ranked_units"] == 1
    assert row["best_unit_code"] == row["worst_unit_code"] == "T"
    assert list(overview["group"]) == ["so_nganh"]  # no row of a group it has no unit in


def test_group_indices_are_numbers_only(scenario: Engine) -> None:
    ranking = queries.rankings(scenario, 2023, 1, "so_nganh")
    ranked = ranking[ranking["rank"].notna()]
    with queries.scoped(frozenset({"T"})):
        peers = queries.group_indices(scenario, 2023, 1, "so_nganh")
    assert peers.values == tuple(sorted(ranked["index"]))
    assert peers.mean == metrics.mean_rounded(ranked["index_exact"])
    card = queries.scorecard(scenario, 2023, 1, "T")
    assert len(peers.values) == card.units_ranked and card.index in peers.values
    names = set(queries.units(scenario)["unit_code"]) | set(queries.units(scenario)["unit_name"])
    text = repr(peers) + json.dumps(peers.__dict__)
    assert not {n for n in names if len(n) > 1 and n in text}


def test_an_export_thread_answers_in_the_scope_of_its_request(scenario: Engine) -> None:
    from dashboard.export import guard

    with queries.scoped(frozenset({"E"})):
        codes = guard.run(lambda: list(queries.units(scenario)["unit_code"]))
    assert codes == ["E"]
    assert len(guard.run(lambda: queries.units(scenario))) == 8


# --- the two provinces, on both warehouses ------------------------------------------------------


def test_each_scope_s_queries_on_two_provinces(two_provinces: Engine) -> None:
    engine = two_provinces
    everyone = queries.rankings(engine, YEAR, ROUND, "so_nganh")
    assert len(everyone) == 5
    with queries.scoped(_codes(BL)):
        bl = queries.rankings(engine, YEAR, ROUND, "so_nganh")
        units = queries.units(engine)
        gaps = queries.criterion_gaps(engine, YEAR, ROUND, "so_nganh")
        overview = queries.overview(engine, YEAR, ROUND)
        matrix = queries.evidence_matrix(engine, YEAR, ROUND, "huyen")
        notes = queries.explanations(engine, YEAR, ROUND, "so_nganh", "1")
    assert set(bl["unit_code"]) == {"BL-TUPHAP", "BL-GIAODUC"}
    assert set(units["province"]) == {BL}
    ranks = dict(zip(everyone["unit_code"], everyone["rank"], strict=True))
    assert dict(zip(bl["unit_code"], bl["rank"], strict=True)) == {
        c: ranks[c] for c in bl["unit_code"]
    }
    assert int(gaps["units"].max()) == 2
    assert set(overview["units"]) == {2}
    assert set(overview["best_unit_code"]) | set(overview["worst_unit_code"]) <= _codes(BL)
    assert set(matrix["unit_code"]) == {"BL-HONGDAN", "BL-GIARAI"}
    assert set(notes["unit_code"]) <= _codes(BL) and len(notes) > 0
    with queries.scoped(frozenset({ME})):
        card = queries.scorecard(engine, YEAR, ROUND, ME)
        peers = queries.group_indices(engine, YEAR, ROUND, card.group, province=card.province)
        progress = queries.progress(engine, YEAR, ROUND)
    # ranked within its province's group (three departments of Sóc Trăng), not the country's
    of_st = everyone[everyone["province"] == ST]
    assert card.rank == ranks[ME] == 2 and card.units_ranked == 3 == len(peers.values)
    assert peers.values == tuple(sorted(of_st["index"]))
    assert dict(zip(everyone["unit_code"], everyone["rank"], strict=True)) == {
        "ST-TUPHAP": 1, "ST-NOIVU": 2, "ST-YTE": 3, "BL-TUPHAP": 1, "BL-GIAODUC": 2}  # fmt: skip
    assert list(progress.units["unit_code"]) == [ME] and progress.counts["units"] == 1


# --- the real app ---------------------------------------------------------------------------


Account = User  # the accounts the tests sign in as


def codes_of(account: Account) -> frozenset[str]:
    """The units ``account`` may see."""
    return frozenset({account.unit_code}) if account.unit_code else _codes(account.province)


def may_open(account: Account, page: Page) -> bool:
    return account.role in page.roles


DON_VI = Account("donvi-noivu", "don_vi", unit_code=ME)
LEADER_BL = Account("lanhdao-baclieu", "lanh_dao", province=BL)
ANALYST_ST = Account("chuyenvien-soctrang", "chuyen_vien", province=ST)
LEADER = Account("lanhdao-toanquoc", "lanh_dao")  # every unit: what the others are compared to
ACCOUNTS = (DON_VI, LEADER_BL, ANALYST_ST)


def client_for(url: str, account: Account, monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    """A test client of the real app on ``url``, signed in as ``account`` through /login."""
    from dashboard.app import server

    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    scope = {k: v for k, v in (("unit_code", account.unit_code),
                                ("province", account.province)) if v}  # fmt: skip
    ensure_account(url, account.username, PASSWORD, account.role, **scope)
    client = server.test_client()
    assert sign_in(client, account.username, PASSWORD).status_code == 302
    client.get("/login?next=/don-vi")  # Dash registers its callbacks on the first request
    return client


def forms(text: str) -> list[bytes]:
    """The ways ``text`` can stand in an answer: as written, JSON-escaped, URL-quoted."""
    shapes = {text, json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1],
              quote(text), quote_plus(text)}  # fmt: skip
    return [s.encode("utf-8") for s in shapes]


def foreign(account: Account) -> dict[str, list[bytes]]:
    """Every unit ``account`` may not see: its code and name, in all their forms (a name or
    code that is part of one it may see is not told apart, so not counted)."""
    seen = [part for code in codes_of(account) for part in (code, _names()[code])]
    out: dict[str, list[bytes]] = {}
    for code, name in _names().items():
        if code in codes_of(account):
            continue
        for text in (code, name):
            if not any(text in mine for mine in seen):
                out[text] = forms(text)
    return out


def leaks(body: bytes, account: Account) -> list[str]:
    return [text for text, shapes in foreign(account).items() if any(s in body for s in shapes)]


def answer_text(answer: TestResponse) -> bytes:
    """The bytes of an answer; an XLSX's cell texts, a DOCX's XML (both are zip files)."""
    body = answer.get_data()
    if body[:2] != b"PK":
        return body
    archive = zipfile.ZipFile(io.BytesIO(body))
    if any(n.startswith("xl/") for n in archive.namelist()):
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        cells = [str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                 for v in row if v is not None]  # fmt: skip
        return "\n".join([*book.sheetnames, *cells]).encode("utf-8")
    return b"\n".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))


# --- forging callbacks ---------------------------------------------------------------------

SLUGS = {page.slug: page for page in PAGES.values()}


def _id_name(component: str) -> str:
    return str(json.loads(component).get("type", "")) if component.startswith("{") else component


def _outputs(key: str) -> list[tuple[str, str]]:
    parts = key.strip(".").split("...") if key.startswith("..") else [key]
    return [tuple(part.rsplit(".", 1)) for part in parts]  # type: ignore[misc]


def page_of_callback(key: str, spec: dict[str, Any]) -> Page | None:
    """The page a callback belongs to (by its components' id prefix), ``None``: the shell's."""
    components = [c for c, _ in _outputs(key)] + [i["id"] for i in spec["inputs"] + spec["state"]]
    for component in components:
        prefix = _id_name(component).split("-", 1)[0]
        if prefix in SLUGS:
            return SLUGS[prefix]
    return None


def _view(unit: str, **extra: str) -> dict[str, str]:
    """A stored view as a page stores it (with a field: the criteria page always has one)."""
    group = _group_of(unit)
    return {"year": str(YEAR), "round": str(ROUND), "unit": unit, "group": group,
            "field": "H1" if group == "huyen" else "1", **extra}  # fmt: skip


def _value(component: str, prop: str, concrete: Any, unit: str, page: Page | None) -> Any:
    """A forged value of ``component.prop`` asking for ``unit``."""
    name = _id_name(component)
    if prop == "data" and (name.endswith("-view") or name.endswith("-picking")):
        return _view(unit, lang="en" if unit.startswith("BL") else "vi")
    if prop == "search":
        return f"?year={YEAR}&round={ROUND}&unit={unit}&group={_group_of(unit)}"
    if prop == "pathname":
        return page.url if page is not None else "/don-vi"
    if prop == "clickData":
        node = "H1" if _group_of(unit) == "huyen" else "1"
        return {"points": [{"x": node, "y": unit, "customdata": [unit, _names()[unit]]}]}
    if prop == "cellClicked":
        return {"rowId": unit, "colId": "unit_name", "value": _names()[unit]}
    if prop == "eventData":
        return {"data": unit}
    if prop == "value":
        if name == "cchc-filter":
            return unit if concrete.get("name") == "unit" else _group_of(unit)
        return "Sở"  # a search box: its text is echoed as typed, so never a unit's code here
    if prop in ("n_clicks", "n_intervals", "submit_n_clicks"):
        return 1
    if prop == "id":
        return concrete
    return None


def _concrete(component: str) -> Any:
    if not component.startswith("{"):
        return component
    wild = json.loads(component)
    fill = {"name": "unit", "scope": "bar", "group": "so_nganh", "batch": "1", "base": "x"}
    return {k: (fill.get(k, "x") if v == ["ALL"] else v) for k, v in wild.items()}


def forged(
    key: str, spec: dict[str, Any], unit: str, page: Page | None, trigger: int = 0
) -> dict[str, Any]:
    """The request the renderer would send for callback ``key`` when its input ``trigger``
    changes, every value asking for ``unit`` (pattern-matching inputs with one concrete
    component each)."""

    def item(dep: dict[str, Any]) -> Any:
        concrete = _concrete(dep["id"])
        one = {"id": concrete, "property": dep["property"],
               "value": _value(dep["id"], dep["property"], concrete, unit, page)}  # fmt: skip
        return [one] if dep["id"].startswith("{") else one

    outputs = [{"id": _concrete(c), "property": p} for c, p in _outputs(key)]
    inputs = [item(dep) for dep in spec["inputs"]]
    changed = inputs[trigger][0] if isinstance(inputs[trigger], list) else inputs[trigger]
    changed_id = changed["id"]
    if isinstance(changed_id, dict):
        changed_id = json.dumps(changed_id, separators=(",", ":"), sort_keys=True)
    return {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": inputs,
        "state": [item(dep) for dep in spec["state"]],
        "changedPropIds": [f"{changed_id}.{changed['property']}"],
    }


def server_callbacks() -> list[tuple[str, dict[str, Any]]]:
    from dashboard.app import app

    found = [(key, spec) for key, spec in app.callback_map.items() if "callback" in spec]
    assert len(found) >= 15
    return found


FORBIDDEN_VI = "Không có quyền xem trang này"
# Pages that are not data of units and not held to the scope: the audit log (leaders only)
# lists every account's events — sign-ins, account changes naming a unit, the queries of
# exports — whatever province they are of.  Left to the audit page's owner (reported).
UNSCOPED_PAGES = frozenset({"audit"})


def _check(answer: TestResponse, account: Account, what: str) -> None:
    found = leaks(answer_text(answer), account)
    assert not found, f"{account.username}: {what} names {found}"


def _forged_units(account: Account) -> list[str]:
    """Every unit of the warehouse, its own (or a few of its own) too."""
    mine = sorted(codes_of(account))[:2]
    return sorted(set(_names()) - codes_of(account)) + mine


@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a.role)
def test_every_page_and_callback_forged(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, account: Account
) -> None:
    client = client_for(sqlite_url, account, monkeypatch)
    answered, shown = 0, set()
    for key, spec in server_callbacks():
        page = page_of_callback(key, spec)
        if page is not None and page.slug == "upload" and may_open(account, page):
            continue  # the loader's own callbacks (tests/test_upload.py): not about units
        router = key.startswith("..") and "_pages_content" in key
        triggers = [0] if router else range(len(spec["inputs"]))
        for unit, trigger in ((u, i) for u in _forged_units(account) for i in triggers):
            for target in PAGES.values() if router else [page]:
                payload = forged(key, spec, unit, target, trigger)
                answer = client.post("/_dash-update-component", json=payload)
                what = f"{key} ({trigger}) asking for {unit}" + (
                    f" on {target.url}" if router else ""
                )
                if page is not None and not may_open(account, page):
                    assert answer.status_code == 403, what
                    continue
                assert answer.status_code in (200, 204), (what, answer.get_data(as_text=True))
                if router and target.slug in UNSCOPED_PAGES and may_open(account, target):
                    continue  # see UNSCOPED_PAGES
                _check(answer, account, what)
                body = answer_text(answer)
                shown |= {
                    c for c in codes_of(account) if any(f in body for f in forms(_names()[c]))
                }
                if router and target is not None and not may_open(account, target):
                    assert FORBIDDEN_VI in json.dumps(answer.get_json(), ensure_ascii=False), what
                answered += 1
    assert answered > 50 and shown == codes_of(account)  # its own units are there to see
    for target in PAGES.values():  # the pages themselves: the app shell, its data only by callback
        asked = f"{target.url}?unit={_forged_units(account)[0]}"
        answer = client.get(asked)
        assert answer.status_code == 200
        # Dash Pages' meta tags (og:url, twitter:url) repeat the address asked: not data
        body = answer.get_data().replace(f"http://localhost{asked}".encode(), b"")
        found = leaks(body, account)
        assert not found, f"{account.username}: {asked} names {found}"


def _downloads(slug: str) -> list[tuple[str, str]]:
    """``(path, kind)`` of every download of page ``slug``."""
    out: list[tuple[str, str]] = []
    page = SLUGS[slug]
    for name in specs.chart_names(page):
        out += [(chart_path(slug, fmt, name), fmt) for fmt in IMAGE_FORMATS]
    if slug in _tables():
        out += [(table_path(slug, fmt), fmt) for fmt in TABLE_FORMATS]
    return out


def _tables() -> set[str]:
    from dashboard.specs.tables import TABLES

    return set(TABLES)


@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a.role)
def test_every_download_forged(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, account: Account
) -> None:
    client = client_for(sqlite_url, account, monkeypatch)
    others = sorted(set(_names()) - codes_of(account))
    asked = [others[0], others[-1], ME if ME not in codes_of(account) else "BL-TUPHAP"]
    paths: list[tuple[str, int]] = []
    for slug, page in SLUGS.items():
        for path, fmt in _downloads(slug):
            for unit in asked:
                query = f"?year={YEAR}&round={ROUND}&unit={unit}&group={_group_of(unit)}"
                if not may_open(account, page):
                    answer = client.get(path + query)
                    assert answer.status_code == 403, path
                    text = answer.get_data(as_text=True)
                    assert "không được tải" in text and "may not download" in text
                    paths.append((path, 403))
                    break
                if fmt in ("png", "pdf") and unit != asked[0]:
                    continue  # the same figure as the SVG, whose text can be read
                answer = client.get(path + query)
                assert answer.status_code in (200, 400), (path, query, answer.get_data()[:300])
                _check(answer, account, path + query)
                paths.append((path, answer.status_code))
    for fmt in REPORT_FORMATS:
        answer = client.get(report_path(fmt) + f"?year={YEAR}&round={ROUND}")
        if account.role == "don_vi":
            assert answer.status_code == 403
        else:
            assert answer.status_code == 200
            if fmt == "docx":
                _check(answer, account, "the report")
        paths.append((report_path(fmt), answer.status_code))
    assert any(status == 200 for _, status in paths)
    # every download asked for is in the audit log, refused ones too
    engine = get_engine(sqlite_url)
    try:
        events = audit.events(engine, username=account.username, action="export", limit=5000)
    finally:
        engine.dispose()
    for path, status in paths:
        mine = events[events["target"] == path]
        assert len(mine), path
        assert (mine["outcome"] == ("refused" if status == 403 else
                                   "ok" if status == 200 else "failed")).any(), path  # fmt: skip


def _draw_unit(client: FlaskClient, unit: str, **extra: str) -> dict[str, Any]:
    from dashboard.app import app

    key = next(k for k in app.callback_map if "unit-summary.children" in k)
    payload = forged(key, app.callback_map[key], unit, SLUGS["unit"])
    payload["inputs"][0]["value"] = _view(unit, **extra)
    answer = client.post("/_dash-update-component", json=payload)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return dict(answer.get_json()["response"])


def _without_links(node: Any) -> Any:
    """A component tree without its ``dcc.Link`` elements (the leader's "back to rankings")."""
    if isinstance(node, list):
        return [
            _without_links(n) for n in node if not (isinstance(n, dict) and n.get("type") == "Link")
        ]
    if isinstance(node, dict):
        return {k: _without_links(v) for k, v in node.items()}
    return node


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_a_unit_sees_its_own_numbers_and_its_group_without_names(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, backend: str
) -> None:
    url = request.getfixturevalue("pg_url" if backend == "postgres" else "sqlite_url")
    leader = client_for(url, LEADER, monkeypatch)
    seen = _draw_unit(leader, ME)
    table = leader.get(table_path("unit", "csv") + f"?unit={ME}&year={YEAR}&round={ROUND}")
    unit = client_for(url, DON_VI, monkeypatch)
    mine = _draw_unit(unit, ME)
    forged = _draw_unit(unit, "BL-TUPHAP")  # another unit asked: its own shown instead
    assert mine == forged
    for component in ("unit-fields", "unit-history", "unit-peers", "unit-tree"):
        assert mine[component] == seen[component], component
    assert _without_links(mine["unit-summary"]) == _without_links(seen["unit-summary"])
    assert "/xep-hang" in json.dumps(seen) and "/xep-hang" not in json.dumps(mine)
    own = unit.get(table_path("unit", "csv") + f"?unit=BL-TUPHAP&year={YEAR}&round={ROUND}")
    assert own.status_code == 200 and own.get_data() == table.get_data()
    assert "attachment" in own.headers["Content-Disposition"]
    # the peers chart: every index of its group in its province, the mean, its own; no names
    engine = get_engine(url)
    try:
        ranking = queries.rankings(engine, YEAR, ROUND, "so_nganh", province=ST)
    finally:
        engine.dispose()
    figure = mine["unit-peers"]["figure"]
    dots, mean, me = figure["data"]
    assert sorted(dots["x"]) == sorted(ranking["index"]) and len(dots["x"]) == 3
    assert mean["x"][0] == metrics.mean_rounded(ranking["index_exact"])
    assert me["x"] == [float(ranking.set_index("unit_code").loc[ME, "index"])]
    assert not leaks(json.dumps(mine).encode(), DON_VI)
    svg = unit.get(chart_path("unit", "svg", "peers") + f"?year={YEAR}&round={ROUND}")
    assert svg.status_code == 200 and b"<svg" in svg.get_data()
    assert not leaks(svg.get_data(), DON_VI)
    png = unit.get(chart_path("unit", "png", "peers") + f"?year={YEAR}&round={ROUND}")
    assert png.status_code == 200 and png.get_data()[:4] == b"\x89PNG"


def test_a_unit_s_filter_bar_and_picker_name_no_other_unit(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboard.app import app

    client = client_for(sqlite_url, DON_VI, monkeypatch)
    key = next(k for k in app.callback_map if "_pages_content.children" in k)
    for search in ("", "?unit=BL-GIAODUC", "?group=huyen", "?unit=&lang=en"):
        payload = forged(key, app.callback_map[key], "BL-GIAODUC", SLUGS["unit"])
        payload["inputs"][1]["value"] = search
        answer = client.post("/_dash-update-component", json=payload)
        text = answer.get_data(as_text=True)
        assert answer.status_code == 200
        assert '"unit-view"' in text and "cchc-unit-picker" not in text
        assert "cchc-filter-unit" not in text and "cchc-filter-group" not in text
        assert not leaks(answer.get_data(), DON_VI)


DAMAGED_VIEWS: list[Any] = [
    {},
    {"round": str(ROUND)},
    {"year": "hai nghìn", "round": "hai"},
    {"year": "1900", "round": "9"},
    {"year": str(YEAR), "round": str(ROUND)},  # no field: the criteria page always stores one
    {"year": str(YEAR), "round": str(ROUND), "group": "<b>x</b>", "field": "=1+1", "unit": "?"},
    "?year=2023",
    [YEAR, ROUND],
    None,
]


def test_a_damaged_stored_view_is_refused_never_a_crash(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page's callbacks read the view the page stored in the browser; a forged or damaged
    one (no year, no field on the criteria page, text where numbers go, not a dict) gets 400
    or an empty answer — never a 500."""
    client = client_for(sqlite_url, LEADER, monkeypatch)
    tried = 0
    for key, spec in server_callbacks():
        page = page_of_callback(key, spec)
        deps = spec["inputs"] + spec["state"]
        stores = [i for i, d in enumerate(deps) if _id_name(d["id"]).endswith("-view")]
        if not stores:
            continue
        for damaged in DAMAGED_VIEWS:
            payload = forged(key, spec, ME, page, trigger=stores[0] if stores[0] < len(
                spec["inputs"]) else 0)  # fmt: skip
            for index in stores:
                where = ("inputs", index) if index < len(spec["inputs"]) else (
                    "state", index - len(spec["inputs"]))  # fmt: skip
                payload[where[0]][where[1]]["value"] = damaged
            answer = client.post("/_dash-update-component", json=payload)
            assert answer.status_code in (200, 204, 400), (key, damaged, answer.status_code)
            assert b"Traceback" not in answer.get_data(), (key, damaged)
            tried += 1
    assert tried >= 8 * len(DAMAGED_VIEWS)
