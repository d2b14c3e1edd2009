"""What the appraisal found, on the pages (issue 10): the evidence page's unspecific and missing
explanations, the rankings' points at stake and rank if recovered, the units that over-claim
year after year, a unit's stake per field and the reliability of its self-assessment.

* A small warehouse whose numbers are worked out by hand below; the real app, signed in as a
  leader, answers its callbacks and downloads through the Flask test client: the numbers on
  the pages are the queries' (and the hand's).
* A unit's account sees its own points at stake and rank if recovered — the same as a leader
  sees for it — and no other unit's (the two-province warehouse of tests/test_scope.py).
* In a real Chromium (the demo warehouse): the evidence page measuring unspecific
  explanations, a cell clicked shows a text and the rule it breaks; the rankings' column of
  ranks if recovered; the unit page's reliability chart.
"""

from __future__ import annotations

import base64
import io
import json
import time
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from flask.testing import FlaskClient
from selenium.webdriver.common.by import By
from sqlalchemy import Engine

from dashboard import queries
from dashboard.explanations import default_rules
from dashboard.figures.evidence import heatmap_grid
from dashboard.view import table_path
from etl.db import get_engine
from tests import test_leadership_pages as shell
from tests import test_scope as scope
from tests.signin import ensure_account, sign_in
from tests.test_leadership_pages import TIMEOUT, no_console_errors, visit, wait_until
from tests.warehouse_builder import SO_NGANH, Leaf, WarehouseBuilder

_browser_available = shell._browser_available
browser = shell.browser
demo = shell.demo

SPECIFIC = "Đã ban hành Kế hoạch số 12/KH-STP ngày 05/01/2023"  # no rule broken
GENERIC = "Đã thực hiện đầy đủ theo hướng dẫn của Sở Nội vụ"  # chung_chung
SHORT = "Có"  # qua_ngan
L = Leaf


def build(engine: Engine) -> None:
    """Three departments, 2022 round 1 and 2023 rounds 1 and 2 (SO_NGANH: fields 1, 2, 8).

    2023 round 1 — T: 88 points; 1.1.2 generic (6 → 5), 1.2 no evidence (10 → 8), 2.1.1 too
    short (16 → 16), 2.1.2 no explanation (34 → 30): 2 unspecific of 4 explained (5 self-scored
    above 0, 1 without text); 7 points at stake (field 1: 3, field 2: 4) → 95, rank 3 → 2.
    B: 96, everything specific; 2.1.2 34 → 32 is a deduction with nothing missing, not at stake.
    A: 90; 1.1.1 no evidence and generic (4 → 2: 2 at stake), 1.1.2 too short, 2.1.1 34 → 34
    with white space only (missing).  If recovered, the others as they are: T 95 (B 96 above:
    rank 2), A 92 (2), B 96 (1).
    Round 2: T's 1.1.2 explained specifically (1 unspecific left), the rest as in round 1.
    2022 round 1: T over-claims 2 of 5 leaves, B none: T is over 1/5 both years, B is not.
    """
    b = WarehouseBuilder(engine)
    b.units([("T", "Sở Tư pháp", "so_nganh"), ("B", "Sở Nội vụ", "so_nganh"),
             ("A", "Ban Dân tộc", "so_nganh")])  # fmt: skip
    for year in (2022, 2023):
        b.framework(year, "so_nganh", SO_NGANH)
    t_round_1: dict[str, Leaf | str] = {
        "1.1.1": L(4, 4, 1, SPECIFIC), "1.1.2": L(6, 5, None, GENERIC),
        "1.2": L(10, 8, 0, SPECIFIC), "2.1.1": L(16, 16, None, SHORT),
        "2.1.2": L(34, 30, 2, None), "8.1": L(None, 25),
    }  # fmt: skip
    b_all: dict[str, Leaf | str] = {
        "1.1.1": L(4, 4, 1, SPECIFIC), "1.1.2": L(6, 6, None, SPECIFIC),
        "1.2": L(10, 10, 1, SPECIFIC), "2.1.1": L(16, 16, None, SPECIFIC),
        "2.1.2": L(34, 32, 1, SPECIFIC), "8.1": L(None, 28),
    }  # fmt: skip
    a_all: dict[str, Leaf | str] = {
        "1.1.1": L(4, 2, 0, GENERIC), "1.1.2": L(6, 6, None, SHORT),
        "1.2": L(10, 10, 1, SPECIFIC), "2.1.1": L(16, 14, None, SPECIFIC),
        "2.1.2": L(34, 34, 1, "  "), "8.1": L(None, 24),
    }  # fmt: skip
    b.scores(2022, 1, "T", {**b_all, "1.1.1": L(4, 3, 1, SPECIFIC), "1.2": L(10, 9.5, 1, SHORT),
                            "2.1.2": L(34, 34, 1, SPECIFIC)})  # fmt: skip
    b.scores(2022, 1, "B", {**b_all, "2.1.2": L(34, 34, 1, SPECIFIC)})
    for round_ in (1, 2):
        fixed = {"1.1.2": L(6, 5, None, SPECIFIC)} if round_ == 2 else {}
        b.scores(2023, round_, "T", {**t_round_1, **fixed})
        b.scores(2023, round_, "B", b_all)
        b.scores(2023, round_, "A", a_all)


@pytest.fixture(scope="module")
def findings_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('findings') / 'warehouse.db'}"
    engine = get_engine(url)
    build(engine)
    engine.dispose()
    return url


@pytest.fixture
def warehouse(findings_url: str) -> Any:
    engine = get_engine(findings_url)
    yield engine
    engine.dispose()


@pytest.fixture
def client(findings_url: str, monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    """The real app on the warehouse, signed in as the tests' leader."""
    from dashboard.app import server

    monkeypatch.setenv("CCHC_DATABASE_URL", findings_url)
    ensure_account(findings_url)
    test_client = server.test_client()
    assert sign_in(test_client).status_code == 302
    test_client.get("/login?next=/don-vi")  # Dash registers its callbacks on the first request
    return test_client


def _outputs(key: str) -> list[dict[str, str]]:
    parts = key.strip(".").split("...") if key.startswith("..") else [key]
    return [dict(zip(("id", "property"), part.rsplit(".", 1), strict=True)) for part in parts]


def call(client: FlaskClient, output: str, inputs: list[dict[str, Any]]) -> dict[str, Any]:
    """The answer of the server callback writing ``output`` (``"<id>.<prop>"``) to
    ``inputs``: ``{component id: {prop: value}}``."""
    from dashboard.app import app

    key = next(k for k in app.callback_map if output in _outputs_keys(k))
    outputs = _outputs(key)
    payload = {
        "output": key,
        "outputs": outputs if key.startswith("..") else outputs[0],
        "inputs": inputs,
        "state": [],
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }
    answer = client.post("/_dash-update-component", json=payload)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:2000]
    body = answer.get_json()
    if key.startswith(".."):
        return dict(body["response"])
    only = outputs[0]
    return {only["id"]: {only["property"]: body["response"][only["id"]][only["property"]]}}


def _outputs_keys(key: str) -> list[str]:
    return [f"{o['id']}.{o['property']}" for o in _outputs(key)]


def draw(client: FlaskClient, output: str, slug: str, **view: str) -> dict[str, Any]:
    """A page's drawing callback for a stored view (as the page stores it)."""
    data = {"year": "2023", "round": "1", "group": "so_nganh", **view}
    return call(client, output, [{"id": f"{slug}-view", "property": "data", "value": data}])


def values(array: Any) -> np.ndarray:
    """A figure's array as Dash sends it: a list, or Plotly's typed array (base64 ``bdata``)."""
    if isinstance(array, dict) and "bdata" in array:
        flat = np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
        shape = array.get("shape")
        return flat.reshape([int(n) for n in str(shape).split(",")]) if shape else flat
    return np.asarray(array, dtype=object)


# --- the evidence page ----------------------------------------------------------------------------


def test_unspecific_explanations_per_unit_and_field(client: FlaskClient, warehouse: Engine) -> None:
    answer = draw(client, "evidence-heatmap.figure", "evidence", problem="unspecific_explanation")
    figure = answer["evidence-heatmap"]["figure"]
    heat = figure["data"][0]
    assert "chưa cụ thể" in heat["colorbar"]["title"]["text"]
    counts = queries.finding_counts(warehouse, 2023, 1, "so_nganh", by="field_code")
    keys = ["unit_code", "field_code", "unspecific_explanation"]
    by_cell = {(u, f): n for u, f, n in counts[keys].itertuples(index=False)}
    z = values(heat["z"])
    shown = {(u, f): z[i][j] for i, u in enumerate(heat["y"]) for j, f in enumerate(heat["x"])}
    assert heat["x"] == ["1", "2"]  # the survey field has nothing explained
    assert heat["y"] == ["A", "T", "B"]  # worst first: A 2, T 2 (A's share is larger), B 0
    for cell, count in shown.items():
        assert count == by_cell.get(cell, 0), cell
    assert (shown[("T", "1")], shown[("T", "2")], shown[("A", "1")]) == (1, 1, 2)
    # the hover's base: explained leaves = self-scored above 0 − without an explanation
    custom = {(row[0], row[1][:1]): row for line in heat["customdata"] for row in line}
    assert custom[("Sở Tư pháp", "2")][2:4] == [1, 1] and custom[("Ban Dân tộc", "2")][2:4] == [
        0,
        1,
    ]
    grid = {row["unit_code"]: row for row in answer["evidence-grid"]["rowData"]}
    assert list(grid) == ["A", "T", "B"]  # most unspecific first, then the largest share
    evidence = queries.unit_evidence(warehouse, 2023, 1, "so_nganh").set_index("unit_code")
    t_row = grid["T"]
    assert (t_row["self_positive"], t_row["missing_explanation"]) == (5, 1)
    assert (t_row["explained_positive"], t_row["unspecific_explanation"]) == (4, 2)
    assert t_row["unspecific_explanation_share"] == 0.5
    assert t_row["unspecific_explanation_share__text"] == "50,0%"
    assert (
        grid["A"]["unspecific_explanation__text"] == "2"
        and grid["B"]["unspecific_explanation"] == 0
    )
    for code, row in grid.items():
        assert row["explained_positive"] == (
            evidence.loc[code, "self_positive"] - evidence.loc[code, "missing_explanation"]
        )
    assert answer["evidence-status"]["children"] is None


def test_the_rounds_of_unspecific_explanations(client: FlaskClient, warehouse: Engine) -> None:
    answer = draw(client, "evidence-heatmap.figure", "evidence", round="2")
    dumbbell = answer["evidence-unspecific"]["figure"]["data"]
    first, second = dumbbell[1], dumbbell[2]
    assert (first["name"], second["name"]) == ("Lần 1", "Lần 2")
    assert first["y"] == second["y"] == ["A", "T", "B"]  # most in round 2 first
    assert list(values(first["x"])) == [2, 2, 0] and list(values(second["x"])) == [2, 1, 0]
    for round_, trace in ((1, first), (2, second)):
        counts = queries.finding_counts(warehouse, 2023, round_, "so_nganh").set_index("unit_code")
        for code, shown in zip(trace["y"], values(trace["x"]), strict=True):
            expected = counts["unspecific_explanation"].get(code, 0)
            assert shown == expected, (round_, code)


def test_a_unit_without_a_round_has_no_marker_in_it() -> None:
    from dashboard.figures.findings import round_counts, round_dumbbell

    before = pd.DataFrame({"unit_code": ["T", "S"], "unit_name": ["Sở Tư pháp", "Sở Y tế"],
                           "unspecific_explanation": [3, 2]})  # fmt: skip
    rows = round_counts(before, before.iloc[:1].assign(unspecific_explanation=[0]))
    assert rows["unit_code"].tolist() == ["T", "S"]  # S has not sent round 2: listed last
    assert rows["after"].tolist()[0] == 0 and pd.isna(rows["after"].iloc[1])
    figure = round_dumbbell(rows, 1, 2)
    assert np.isnan(figure.data[2].x[1]) and figure.data[1].x[1] == 2


def test_missing_explanations_are_the_other_measure(client: FlaskClient, warehouse: Engine) -> None:
    answer = draw(client, "evidence-heatmap.figure", "evidence", problem="missing_explanation",
                  measure="share", level="criterion")  # fmt: skip
    heat = answer["evidence-heatmap"]["figure"]["data"][0]
    matrix = queries.evidence_matrix(warehouse, 2023, 1, "so_nganh", "criterion")
    cells = matrix.assign(missing_evidence=matrix["missing_explanation"],
                          evidence_required=matrix["self_positive"])  # fmt: skip
    grid = heatmap_grid(cells, "worst")
    assert heat["x"] == grid.node_codes and heat["y"] == grid.unit_codes
    z = values(heat["z"])
    for i, row in enumerate(grid.share):
        for j, share in enumerate(row):
            assert np.isnan(z[i][j]) if share is None else z[i][j] == share, (i, j)
    assert z[grid.unit_codes.index("T")][grid.node_codes.index("2.1")] == 0.5  # 1 of 2


def test_a_cell_lists_its_unspecific_explanations_and_their_rules(client: FlaskClient) -> None:
    view = {"year": "2023", "round": "1", "group": "so_nganh", "problem": "unspecific_explanation"}
    answer = click(client, view, unit="A", node="1")
    text = json.dumps(answer, ensure_ascii=False)
    assert "Ban Dân tộc — 1. Công tác chỉ đạo, điều hành CCHC: 2 giải trình chưa cụ thể" in text
    rules = default_rules()
    rows = {r["criterion_code"]: r for r in _grid_rows(answer)}
    assert set(rows) == {"1.1.1", "1.1.2"}
    assert rows["1.1.1"]["explanation"] == GENERIC
    assert (
        rows["1.1.1"]["rule_label"] == rules.label("chung_chung", "vi") == "Giải trình chung chung"
    )
    assert rows["1.1.2"]["rule_label"] == rules.label("qua_ngan", "vi")
    answer = click(client, {**view, "problem": "missing_explanation"}, unit="A", node="2")
    assert [r["criterion_code"] for r in _grid_rows(answer)] == ["2.1.2"]
    answer = click(client, view, unit="B", node="1")  # B explained everything specifically
    assert "Sở Nội vụ — 1. Công tác chỉ đạo, điều hành CCHC: không có giải trình chưa cụ thể." in (
        json.dumps(answer, ensure_ascii=False)
    )


def click(client: FlaskClient, view: dict[str, str], unit: str, node: str) -> dict[str, Any]:
    """The evidence page's answer to a click on the heatmap cell of ``unit`` × ``node``."""
    return call(client, "evidence-items.children", [
        {"id": "evidence-heatmap", "property": "clickData",
         "value": {"points": [{"x": node, "y": unit}]}},
        {"id": "evidence-view", "property": "data", "value": view},
    ])  # fmt: skip


def _grid_rows(answer: dict[str, Any]) -> list[dict[str, Any]]:
    children = answer["evidence-items"]["children"]
    grid = next(c for c in children if c.get("type") == "AgGrid")
    return list(grid["props"]["rowData"])


def test_the_evidence_sheet_has_the_unspecific_columns(client: FlaskClient) -> None:
    answer = client.get(table_path("evidence", "csv") + "?year=2023&round=1&group=so_nganh")
    assert answer.status_code == 200
    sheet = pd.read_csv(io.BytesIO(answer.get_data()), encoding="utf-8-sig")
    row = sheet.set_index("Mã đơn vị").loc["T"]
    assert row["Số tiêu chí có giải trình (tự chấm > 0)"] == 4
    assert row["Giải trình chưa cụ thể"] == 2 and row["Tỷ lệ giải trình chưa cụ thể"] == 0.5


# --- the rankings page ----------------------------------------------------------------------------


def test_the_ranking_shows_the_points_at_stake(client: FlaskClient, warehouse: Engine) -> None:
    answer = draw(client, "rankings-grid.rowData", "rankings")
    rows = {row["unit_code"]: row for row in answer["rankings-grid"]["rowData"]}
    stake = queries.stake_ranking(warehouse, 2023, 1, "so_nganh").set_index("unit_code")
    for code, row in rows.items():
        for column in ("at_stake", "index_if_recovered", "rank_if_recovered"):
            assert row[column] == stake.loc[code, column], (code, column)
    t_row = rows["T"]
    assert (t_row["rank"], t_row["at_stake__text"], t_row["index_if_recovered__text"]) == (
        3, "7", "95,00")  # fmt: skip
    assert t_row["rank_if_recovered__text"] == "2"
    assert (rows["B"]["at_stake"], rows["B"]["rank_if_recovered"]) == (0, 1)  # 2 off, not at stake
    assert (rows["A"]["index_if_recovered"], rows["A"]["rank_if_recovered"]) == (92.0, 2)
    self_ranking = draw(client, "rankings-grid.rowData", "rankings", score="self")
    assert "at_stake" not in self_ranking["rankings-grid"]["rowData"][0]


def test_the_units_over_claiming_year_after_year(client: FlaskClient, warehouse: Engine) -> None:
    answer = draw(client, "rankings-persistent.children", "rankings")
    grid = answer["rankings-persistent"]["children"]["props"]
    rows = grid["rowData"]
    units = queries.reliability(warehouse).units
    assert [r["unit_code"] for r in rows] == list(units.loc[units["persistent"], "unit_code"])
    assert [r["unit_code"] for r in rows] == ["T"]
    (row,) = rows
    assert row["years_over__text"] == "2/2 (2022–2023)"
    assert (row["lowest_year_share__text"], row["last_share__text"]) == ("40,0%", "60,0%")
    assert row["over_claimed_share__text"] == "53,3%"  # 8 of 15 over the three rounds
    assert row["mean_over_claim__text"] == "1,94"  # 15,5 points / 8
    assert row["trend__text"] == "+20,0"
    english = draw(client, "rankings-persistent.children", "rankings", lang="en")
    assert english["rankings-persistent"]["children"]["props"]["rowData"][0]["trend__text"] == (
        "+20.0"
    )


def test_the_ranking_sheet_has_the_points_at_stake(client: FlaskClient) -> None:
    answer = client.get(table_path("rankings", "xlsx") + "?year=2023&round=1&group=so_nganh")
    assert answer.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(answer.get_data()), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    header = list(rows[0])
    for name in ("Điểm có thể khôi phục", "Chỉ số nếu bổ sung đủ (%)", "Hạng nếu bổ sung đủ"):
        assert name in header
    table = {r[header.index("Mã đơn vị")]: r for r in rows[1:]}
    t_row = table["T"]
    assert t_row[header.index("Điểm có thể khôi phục")] == 7
    assert t_row[header.index("Chỉ số nếu bổ sung đủ (%)")] == 95
    assert t_row[header.index("Hạng nếu bổ sung đủ")] == 2
    csv = client.get(table_path("rankings", "csv") + "?year=2023&round=1&lang=en")
    assert "Rank if recovered" in csv.get_data(as_text=True).splitlines()[0]


# --- the unit page ------------------------------------------------------------------------------


def test_a_unit_s_stake_per_field_and_its_reliability(
    client: FlaskClient, warehouse: Engine
) -> None:
    answer = draw(client, "unit-summary.children", "unit", unit="T")
    line = answer["unit-stake-line"]["children"]["props"]["children"]
    assert line == ("Điểm có thể khôi phục: 7 · Chỉ số nếu bổ sung đủ: 95,00 · "
                    "Hạng nếu bổ sung đủ: 2/3")  # fmt: skip
    deducted, at_stake = answer["unit-stake"]["figure"]["data"]
    counts = queries.finding_counts(warehouse, 2023, 1, "so_nganh", by="field_code")
    mine = counts[counts["unit_code"] == "T"].set_index("field_code")
    assert at_stake["y"] == ["1", "2", "8"]
    assert list(values(at_stake["x"])) == [mine["at_stake"].get(f, 0.0) for f in ("1", "2", "8")]
    assert list(values(at_stake["x"])) == [3.0, 4.0, 0.0]
    assert list(values(deducted["x"])) == [3.0, 4.0, 0.0]
    bars = answer["unit-reliability"]["figure"]["data"]
    periods = queries.reliability(warehouse, unit_code="T").periods
    first, later, threshold = bars
    assert threshold["name"] == "Ngưỡng 20%"  # its legend entry (the dashed line is a shape)
    assert list(values(first["y"])) == [0.4, 0.6] and list(values(later["y"])) == [0.6]
    assert list(values(first["y"])) + list(values(later["y"])) == sorted(
        periods["over_claimed_share"], key=lambda v: v != 0.4
    )
    assert first["text"] == ["40,0%", "60,0%"]
    reliability = answer["unit-reliability-line"]["children"]["props"]["children"]
    assert reliability.startswith("Qua mọi lần chấm: 53,3% số tiêu chí (8/15)")
    assert "1,94 điểm" in reliability and "+20,0 điểm %/năm" in reliability


def test_a_unit_sees_its_own_rank_if_recovered_and_nobody_else_s(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    url = scope._built(f"sqlite:///{tmp_path_factory.mktemp('provinces') / 'warehouse.db'}")
    leader = scope.client_for(url, scope.LEADER, monkeypatch)
    unit = scope.client_for(url, scope.DON_VI, monkeypatch)
    view = {"year": "2023", "round": "2", "group": "so_nganh", "unit": scope.ME}

    def unit_page(client: FlaskClient, **asked: str) -> dict[str, Any]:
        stored = {**view, **asked}
        return call(client, "unit-summary.children",
                    [{"id": "unit-view", "property": "data", "value": stored}])  # fmt: skip

    seen = unit_page(leader)
    mine = unit_page(unit, unit="BL-TUPHAP")  # another unit asked: its own shown
    for part in ("unit-stake-line", "unit-stake", "unit-reliability", "unit-reliability-line"):
        assert mine[part] == seen[part], part
    engine = get_engine(url)
    try:
        everyone = queries.stake_ranking(engine, 2023, 2, "so_nganh").set_index("unit_code")
        with queries.scoped(frozenset({scope.ME})):
            own = queries.stake_ranking(engine, 2023, 2, "so_nganh")
            ranked = queries.scorecard(engine, 2023, 2, scope.ME).units_ranked
    finally:
        engine.dispose()
    assert list(own["unit_code"]) == [scope.ME]
    assert own.iloc[0]["rank_if_recovered"] == everyone.loc[scope.ME, "rank_if_recovered"]
    rank = int(everyone.loc[scope.ME, "rank_if_recovered"])
    line = json.dumps(mine["unit-stake-line"], ensure_ascii=False)
    assert f"Hạng nếu bổ sung đủ: {rank}/{ranked}" in line
    assert not scope.leaks(json.dumps(mine).encode(), scope.DON_VI)


# --- in a real browser ---------------------------------------------------------------------------


def click_cell(duo: Any, unit: str, node: str) -> None:
    """Click the heatmap cell of ``unit`` × ``node`` where Plotly drew it, found by the
    categories' positions (a code such as ``"1"`` would be read as a position by ``d2p``)."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    script = """
        const gd = document.querySelector('#evidence-heatmap .js-plotly-plot');
        gd.scrollIntoView({block: 'center', behavior: 'instant'});
        const area = gd.querySelector('.nsewdrag').getBoundingClientRect();
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        return [area.left + xa.c2p(xa._categories.indexOf(arguments[1])),
                area.top + ya.c2p(ya._categories.indexOf(arguments[0]))];
    """
    x, y = duo.driver.execute_script(script, unit, node)
    actions = ActionBuilder(duo.driver)
    actions.pointer_action.move_to_location(int(x), int(y)).pause(0.3).click()
    actions.perform()


@pytest.mark.browser
def test_the_evidence_page_reads_unspecific_explanations(demo: Any, demo_db_url: str) -> None:
    from dashboard.figures.findings import with_unspecific
    from tests.test_analysis_pages import marks

    engine = get_engine(demo_db_url)
    try:
        matrix = queries.evidence_matrix(engine, 2023, 1, "so_nganh", "field")
        counts = queries.finding_counts(engine, 2023, 1, "so_nganh", by="field_code")
        found = queries.leaf_findings(engine, 2023, 1, "so_nganh")
    finally:
        engine.dispose()
    cells = with_unspecific(matrix, counts.rename(columns={"field_code": "node_code"}),
                            ["unit_code", "node_code"])  # fmt: skip
    grid = heatmap_grid(cells.assign(missing_evidence=cells["unspecific_explanation"],
                                     evidence_required=cells["explained_positive"]))  # fmt: skip
    row = 0  # the unit with the most unspecific explanations, on top
    column = next(j for j, n in enumerate(grid.missing[row]) if n)
    unit, node = grid.unit_codes[row], grid.node_codes[column]
    mine = found[(found["unit_code"] == unit) & (found["field_code"] == node)
                 & found["unspecific_explanation"]]  # fmt: skip
    assert len(mine) == grid.missing[row][column]
    visit(
        demo, "/tai-lieu-kiem-chung?year=2023&round=1&group=so_nganh&problem=unspecific_explanation"
    )
    wait_until(lambda: marks(demo, "evidence-heatmap", ".heatmaplayer image"), "the heatmap")
    assert demo.find_element(".cchc-option-problem label.active").text == "Giải trình chưa cụ thể"
    assert "chưa cụ thể" in demo.find_element("#evidence-heatmap .colorbar").text
    time.sleep(0.5)
    click_cell(demo, unit, node)
    title = demo.wait_for_element(".cchc-items-title", timeout=TIMEOUT)
    assert title.text.startswith(grid.unit_names[row]), title.text
    assert f"{len(mine)} giải trình chưa cụ thể" in title.text
    rows = "#evidence-items-grid .ag-row"
    shown = wait_until(
        lambda: sorted({e.get_attribute("row-id")
                        for e in demo.driver.find_elements(By.CSS_SELECTOR, rows)}),
        "the explanations",
    )  # fmt: skip
    assert shown == sorted(mine["criterion_code"])
    first = mine.iloc[0]
    row_css = f"#evidence-items-grid .ag-row[row-id='{first['criterion_code']}']"
    text = demo.find_element(f"{row_css} .ag-cell[col-id='explanation']").text
    rule = demo.find_element(f"{row_css} .ag-cell[col-id='rule_label']").text
    assert text.strip() == str(first["explanation"]).strip()
    assert rule == default_rules().label(str(first["rule"]), "vi")
    no_console_errors(demo)


@pytest.mark.browser
def test_the_ranking_shows_the_rank_if_recovered(demo: Any, demo_db_url: str) -> None:
    visit(demo, "/xep-hang?year=2023&round=2&group=so_nganh")
    header = wait_until(
        lambda: [e for e in demo.driver.find_elements(By.CSS_SELECTOR, ".ag-header-cell-text")
                 if e.text == "Hạng nếu bổ sung đủ"],
        "the rank-if-recovered column",
    )  # fmt: skip
    assert header
    engine = get_engine(demo_db_url)
    try:
        stake = queries.stake_ranking(engine, 2023, 2, "so_nganh").set_index("unit_code")
    finally:
        engine.dispose()
    code = str(stake.index[0])
    cell = f"#rankings-grid .ag-row[row-id='{code}'] .ag-cell[col-id='rank_if_recovered']"
    shown = wait_until(lambda: demo.find_element(cell).text, "a rank if recovered")
    assert shown == str(int(stake.loc[code, "rank_if_recovered"]))
    demo.find_element("#rankings-persistent")  # the units over-claiming every year
    no_console_errors(demo)


@pytest.mark.browser
def test_the_unit_page_draws_its_reliability(demo: Any, demo_db_url: str) -> None:
    engine = get_engine(demo_db_url)
    try:
        periods = queries.reliability(engine, unit_code="ST-SNV").periods
    finally:
        engine.dispose()
    visit(demo, "/don-vi?unit=ST-SNV&year=2023&round=2")
    bars = wait_until(
        lambda: demo.driver.find_elements(By.CSS_SELECTOR, "#unit-reliability .bars .point"),
        "the reliability bars",
    )
    assert len(bars) == len(periods)
    line = demo.find_element(".cchc-reliability-line").text
    assert line.startswith("Qua mọi lần chấm:")
    assert demo.find_element(".cchc-stake-line").text.startswith("Điểm có thể khôi phục:")
    no_console_errors(demo)
