"""The follow-up view ("Theo dõi khắc phục") and the countdown on Tiến độ (issue 10, items 4, 6).

* Pure: the countdown's words (days, hours, minutes; Vietnamese and English; before the
  opening, after the lock, without a schedule), the server's now (``CCHC_NOW``, ``--now``),
  the share fixed as written ("93,5 %") and its chart.
* A small warehouse (``tests/warehouse_builder.py``): two rounds; Ban Dân tộc fixed one item,
  kept one and got a new one, Sở Tư pháp fixed its only one, Huyện Kế Sách had none.  What
  ``queries.follow_up`` counts, what the page's callbacks draw (the same numbers), what the
  export holds, what a unit's account sees (its own unit only), what ``cchc progress`` prints.
* In a headless Chromium on the demo warehouse: the page as a user opens it (round 2), a
  unit's items, round 1's message and its link, the link from Tiến độ, the page opened on a
  unit (the unit page's link), and the countdown on Tiến độ with ``CCHC_NOW`` inside the open
  round, redrawn by its interval when the server's now moves on.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import openpyxl
import pandas as pd
import pytest
from flask.testing import FlaskClient
from selenium.webdriver.common.by import By
from sqlalchemy import Engine

from dashboard import clock, formatting, queries
from dashboard.auth import User
from dashboard.cli import main
from dashboard.specs.followup import fixed_share_bars, share_text, worst_first
from dashboard.view import notice_path, notices_path
from etl.db import get_engine
from tests import test_leadership_pages as shell
from tests.services import chromium_paths
from tests.signin import ensure_account, sign_in
from tests.test_leadership_pages import no_console_errors, query, visit, wait_until
from tests.warehouse_builder import HUYEN, SO_NGANH, Leaf, WarehouseBuilder

OPENS, LOCKS = datetime(2023, 11, 28, 7, 30), datetime(2023, 12, 4, 17, 0)
TIMEOUT = 20

# --- the countdown and the server's now -------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "vi", "en"),
    [
        (datetime(2023, 12, 2, 13, 45), "Còn 2 ngày 3 giờ 15 phút đến hạn khóa",
         "2 d 3 h 15 min left until the lock"),
        (datetime(2023, 12, 3, 16, 55), "Còn 1 ngày 0 giờ 5 phút đến hạn khóa",
         "1 d 0 h 5 min left until the lock"),
        (datetime(2023, 12, 4, 13, 30), "Còn 3 giờ 30 phút đến hạn khóa",
         "3 h 30 min left until the lock"),
        (datetime(2023, 12, 4, 16, 18, 30), "Còn 41 phút đến hạn khóa",
         "41 min left until the lock"),
        (datetime(2023, 12, 4, 16, 59, 30), "Còn dưới 1 phút đến hạn khóa",
         "under a minute left until the lock"),
    ],
)  # fmt: skip
def test_countdown_while_open_in_days_hours_minutes(at: datetime, vi: str, en: str) -> None:
    assert clock.countdown(OPENS, LOCKS, at, "vi") == ("open", vi)
    assert clock.countdown(OPENS, LOCKS, at, "en") == ("open", en)


def test_countdown_before_opening_after_the_lock_and_without_schedule() -> None:
    before = datetime(2023, 11, 27, 6, 0)
    assert clock.countdown(OPENS, LOCKS, before, "vi") == (
        "not_open", "Chưa mở: còn 1 ngày 1 giờ 30 phút đến giờ mở")  # fmt: skip
    assert clock.countdown(OPENS, LOCKS, before, "en") == (
        "not_open", "Not open yet: opens in 1 d 1 h 30 min")  # fmt: skip
    assert clock.countdown(OPENS, LOCKS, LOCKS, "vi") == ("locked", "Đã khóa")
    assert clock.countdown(OPENS, LOCKS, LOCKS + timedelta(days=3), "en") == ("locked", "Locked")
    assert clock.countdown(None, None, LOCKS, "vi") == ("no_schedule", "Chưa có lịch")
    assert clock.countdown(None, LOCKS, OPENS, "en")[1] == "6 d 9 h 30 min left until the lock"
    long = timedelta(days=1234, hours=5)
    assert clock.duration(long, "vi") == "1.234 ngày 5 giờ 0 phút"
    assert clock.duration(long, "en") == "1,234 d 5 h 0 min"


def test_now_is_the_machine_s_unless_cchc_now_or_an_override_says_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(clock.ENV, raising=False)
    assert abs(clock.now() - datetime.now()) < timedelta(seconds=5)
    monkeypatch.setenv(clock.ENV, "2023-12-02T13:45")
    assert clock.now() == datetime(2023, 12, 2, 13, 45)
    monkeypatch.setenv(clock.ENV, "2023-12-02 13:45:10")
    assert clock.now() == datetime(2023, 12, 2, 13, 45, 10)
    assert clock.now("2023-11-28T07:00") == datetime(2023, 11, 28, 7, 0)  # --now wins
    assert clock.now(datetime(2020, 1, 1)) == datetime(2020, 1, 1)
    aware = clock.parse("2023-12-02T06:45+00:00")
    assert aware.tzinfo is None
    assert aware == datetime(2023, 12, 2, 6, 45).replace(tzinfo=None) + (
        datetime.now().astimezone().utcoffset() or timedelta()
    )
    monkeypatch.setenv(clock.ENV, "ngày mai")
    with pytest.raises(clock.ClockError) as bad:
        clock.now()
    assert "ngày mai" in str(bad.value) and "ISO" in str(bad.value)
    monkeypatch.setenv(clock.ENV, "  ")
    assert abs(clock.now() - datetime.now()) < timedelta(seconds=5)


def test_share_fixed_is_written_vietnamese_style_half_up_from_the_exact_value() -> None:
    assert share_text(187, 200, "vi") == "93,5 %"
    assert share_text(187, 200, "en") == "93.5%"
    assert share_text(2, 3, "vi") == "66,7 %"
    assert share_text(1, 8, "vi") == "12,5 %"  # 12.5 exactly
    assert share_text(1, 16, "vi") == "6,3 %"  # 6.25 → 6.3 (half-up), not 6.2
    assert share_text(0, 0, "vi") == "—"


def test_the_chart_gives_each_group_s_share_fixed_in_the_usual_group_order() -> None:
    per_group = pd.DataFrame(
        {"group": ["huyen", "so_nganh", "trung_uong"], "fixed": [286, 187, 0],
         "open": [20, 13, 0], "new": [81, 2, 5], "flagged_before": [306, 200, 0]}
    )  # fmt: skip
    fig = fixed_share_bars(per_group, lang="vi")
    bar = fig.data[0]
    assert list(bar.y) == ["so_nganh", "huyen"]  # nothing flagged before: no bar
    assert list(bar.text) == ["93,5 %", "93,5 %"]
    assert bar.x[0] == pytest.approx(93.5) and bar.x[1] == pytest.approx(28600 / 306)
    assert "187/200" in bar.hovertext[0]
    assert list(fig.layout.yaxis.ticktext) == ["Sở, ban, ngành tỉnh", "UBND cấp huyện"]
    assert fixed_share_bars(per_group, lang="en").data[0].text[0] == "93.5%"
    empty = fixed_share_bars(per_group.iloc[2:], lang="vi")
    assert "Lần trước không có mục nào bị nêu" in empty.layout.annotations[0].text


# --- a small warehouse: two rounds ------------------------------------------------------------

SAID = "Kế hoạch số 12/KH-UBND ngày 15/01/2023 về cải cách hành chính, kèm báo cáo số 45/BC-UBND"
UNITS = [("A", "Ban Dân tộc", "so_nganh"), ("T", "Sở Tư pháp", "so_nganh"),
         ("X", "Huyện Kế Sách", "huyen")]  # fmt: skip


def said(self: float, appraised: float, evidence: int = 1, explanation: str | None = SAID) -> Leaf:
    return Leaf(self, appraised, evidence=evidence, explanation=explanation)


def sheet(**changes: Leaf) -> dict[str, Leaf | str]:
    """A Sở's leaves, every one explained and with its evidence, but ``changes``."""
    leaves: dict[str, Leaf | str] = {
        "1.1.1": said(4, 4), "1.1.2": said(6, 6), "1.2": said(10, 9), "2.1.1": said(16, 15),
        "2.1.2": said(34, 30), "8.1": Leaf(None, 26, evidence=None, explanation=None),
    }  # fmt: skip
    return {**leaves, **changes}


def build_two_rounds(engine: Engine) -> None:
    """Round 1 flags Ban Dân tộc's 1.1.1 (no evidence) and 1.1.2 (no explanation), Sở Tư
    pháp's 2.1.2 (no evidence); round 2: Ban Dân tộc supplied 1.1.1's evidence, still has no
    explanation for 1.1.2 and lacks 1.2's evidence (new); Sở Tư pháp fixed 2.1.2."""
    b = WarehouseBuilder(engine)
    b.units(UNITS)
    b.framework(2023, "so_nganh", SO_NGANH)
    b.framework(2023, "huyen", HUYEN)
    district = {"H1.1": said(28, 27), "H1.2": said(30, 29), "H8.1": Leaf(None, 18, None, None)}
    b.scores(2023, 1, "A", sheet(**{"1.1.1": said(4, 3, evidence=0),
                                    "1.1.2": said(6, 5, explanation=None)}))  # fmt: skip
    b.scores(2023, 1, "T", sheet(**{"2.1.2": said(34, 28, evidence=0)}))
    b.scores(2023, 1, "X", district)
    b.scores(2023, 2, "A", sheet(**{"1.1.2": said(6, 5, explanation=None),
                                    "1.2": said(10, 9, evidence=0)}))  # fmt: skip
    b.scores(2023, 2, "T", sheet())
    b.scores(2023, 2, "X", district)
    b.round(2023, 1, datetime(2023, 10, 2, 7, 30), datetime(2023, 10, 20, 17, 0))
    b.round(2023, 2, OPENS, LOCKS)
    b.submission(2023, 2, "A", datetime(2023, 12, 5, 8, 0), report=True, approved=False)
    b.submission(2023, 2, "T", datetime(2023, 12, 1, 10, 0), report=True, approved=True)


@pytest.fixture(scope="module")
def small_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('followup') / 'warehouse.db'}"
    engine = get_engine(url)
    build_two_rounds(engine)
    engine.dispose()
    return url


@pytest.fixture
def small(small_url: str) -> Iterator[Engine]:
    engine = get_engine(small_url)
    yield engine
    engine.dispose()


def test_follow_up_counts_fixed_open_and_new_per_unit_and_group(small: Engine) -> None:
    found = queries.follow_up(small, 2023, 2)
    assert found.previous == 1
    items = {(r.unit_code, r.criterion_code, r.problem): r.status for r in found.items.itertuples()}
    assert items == {
        ("A", "1.1.1", "missing_evidence"): "fixed",
        ("A", "1.1.2", "missing_explanation"): "open",
        ("A", "1.2", "missing_evidence"): "new",
        ("T", "2.1.2", "missing_evidence"): "fixed",
    }
    counts = ["flagged_before", "fixed", "open", "new"]
    per_unit = worst_first(found.per_unit)
    assert list(per_unit["unit_code"]) == ["A", "T"]  # Huyện Kế Sách: nothing flagged
    assert per_unit[counts].to_numpy().tolist() == [[2, 1, 1, 1], [1, 1, 0, 0]]
    group = found.per_group[found.per_group["group"] == "so_nganh"]
    fixed, flagged = int(group["fixed"].iloc[0]), int(group["flagged_before"].iloc[0])
    assert (fixed, flagged) == (2, 3)
    assert share_text(fixed, flagged, "vi") == "66,7 %"
    assert queries.follow_up(small, 2023, 1).previous is None


def test_a_unit_that_has_not_sent_fixed_nothing(tmp_path: Path) -> None:
    """Sở Y tế was flagged in round 1 and has no round 2 scores: its items are not followed up
    (not "fixed"), and the group's share fixed is that of the units that sent."""
    engine = get_engine(f"sqlite:///{tmp_path / 'warehouse.db'}")
    try:
        build_two_rounds(engine)
        b = WarehouseBuilder(engine)
        b.units([("Y", "Sở Y tế", "so_nganh")])
        b.known_framework(2023, "so_nganh", SO_NGANH)
        b.scores(2023, 1, "Y", sheet(**{"1.2": said(10, 8, evidence=0)}))
        found = queries.follow_up(engine, 2023, 2)
    finally:
        engine.dispose()
    assert "Y" not in set(found.items["unit_code"]) | set(found.per_unit["unit_code"])
    group = found.per_group[found.per_group["group"] == "so_nganh"]
    assert (int(group["fixed"].iloc[0]), int(group["flagged_before"].iloc[0])) == (2, 3)


# --- the app, signed in ---------------------------------------------------------------------

PASSWORD = "mat-khau-theo-doi"
LEADER = User("lanhdao-theodoi", "lanh_dao")
UNIT_A = User("donvi-bandantoc", "don_vi", unit_code="A")


def client_for(url: str, account: User, monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    from dashboard.app import server

    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    scope = {"unit_code": account.unit_code} if account.unit_code else {}
    ensure_account(url, account.username, PASSWORD, account.role, **scope)
    client = server.test_client()
    assert sign_in(client, account.username, PASSWORD).status_code == 302
    client.get("/login?next=/theo-doi-khac-phuc")  # Dash registers its callbacks
    return client


def call(client: FlaskClient, outputs: list[tuple[str, str]], inputs: list[dict[str, Any]],
         state: list[dict[str, Any]] | None = None) -> dict[str, Any]:  # fmt: skip
    """A callback as the renderer sends it; its response by component id."""
    many = len(outputs) > 1
    key = "...".join(f"{c}.{p}" for c, p in outputs)
    key = f"..{key}.." if many else key
    payload = {
        "output": key,
        "outputs": [{"id": c, "property": p} for c, p in outputs] if many
        else {"id": outputs[0][0], "property": outputs[0][1]},
        "inputs": inputs,
        "state": state or [],
        "changedPropIds": [f"{inputs[0]['id']}.{inputs[0]['property']}"],
    }  # fmt: skip
    answer = client.post("/_dash-update-component", json=payload)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return dict(answer.get_json()["response"])


VIEW = {"year": "2023", "round": "2"}
DRAWN = [("followup-tiles", "children"), ("followup-chart", "figure"),
         ("followup-grid", "rowData"), ("followup-late", "children")]  # fmt: skip


def draw(client: FlaskClient, view: dict[str, str] = VIEW) -> dict[str, Any]:
    return call(client, DRAWN, [{"id": "followup-view", "property": "data", "value": view}])


def items(client: FlaskClient, unit: str, view: dict[str, str] = VIEW) -> str:
    answer = call(
        client,
        [("followup-items", "children")],
        [{"id": "followup-grid", "property": "cellClicked", "value": {"rowId": unit}},
         {"id": "followup-picked", "property": "data", "value": None}],
        [{"id": "followup-view", "property": "data", "value": view}],
    )  # fmt: skip
    return json.dumps(answer, ensure_ascii=False)


def open_page(client: FlaskClient, search: str) -> str:
    answer = call(
        client,
        [("_pages_content", "children"), ("_pages_store", "data")],
        [{"id": "_pages_location", "property": "pathname", "value": "/theo-doi-khac-phuc"},
         {"id": "_pages_location", "property": "search", "value": search}],
    )  # fmt: skip
    return json.dumps(answer, ensure_ascii=False)


def test_the_page_shows_the_numbers_of_follow_up(
    small: Engine, small_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(small_url, LEADER, monkeypatch)
    found = queries.follow_up(small, 2023, 2)
    drawn = draw(client)
    rows = drawn["followup-grid"]["rowData"]
    expected = worst_first(found.per_unit)
    assert [r["unit_code"] for r in rows] == list(expected["unit_code"]) == ["A", "T"]
    for row, (_, want) in zip(rows, expected.iterrows(), strict=True):
        for name in ("flagged_before", "fixed", "open", "new"):
            assert row[name] == want[name], name
    assert [r["fixed_share__text"] for r in rows] == ["50,0 %", "100,0 %"]
    assert [r["sending"] for r in rows] == ["Trễ hạn", "Đúng hạn"]
    tiles = json.dumps(drawn["followup-tiles"], ensure_ascii=False)
    assert "Mục bị nêu ở lần 1" in tiles and '"2 (66,7 %)"' in tiles
    bars = drawn["followup-chart"]["figure"]["data"][0]
    assert bars["text"] == ["66,7 %"] and bars["y"] == ["so_nganh"]
    late = json.dumps(drawn["followup-late"], ensure_ascii=False)
    assert "Gửi trễ hạn: 05/12/2023 08:00" in late and "Huyện Kế Sách" in late  # not sent
    assert "Sở Tư pháp" not in late
    shown = items(client, "A")
    assert "Ban Dân tộc: 3 mục" in shown
    for words in ("1.1.2. Mức độ hoàn thành", "Thiếu giải trình", "Chưa khắc phục",
                  "1.1.1. Ban hành kịp thời", "Đã khắc phục", "1.2. Báo cáo CCHC định kỳ",
                  "Thiếu tài liệu kiểm chứng", "Mới phát sinh"):  # fmt: skip
        assert words in shown, words
    assert shown.index("Chưa khắc phục") < shown.index("Mới phát sinh") < shown.index(
        "Đã khắc phục")  # what is left to do first  # fmt: skip
    assert "không có mục nào bị nêu ở lần 1 hay lần 2" in items(client, "X")
    english = draw(client, {**VIEW, "lang": "en"})
    assert english["followup-chart"]["figure"]["data"][0]["text"] == ["66.7%"]


def test_round_1_says_there_is_nothing_to_follow_up_and_links_round_2(
    small_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(small_url, LEADER, monkeypatch)
    page = open_page(client, "?year=2023&round=1")
    assert "Lần 1 là lần đầu tiên của năm 2023: chưa có gì để theo dõi khắc phục." in page
    assert "/theo-doi-khac-phuc?year=2023&round=2" in page
    assert "followup-grid" not in page
    opened = open_page(client, "?year=2023&round=2&unit=A&group=so_nganh")
    assert "followup-grid" in opened and '"data": "A"' in opened  # the unit's items open


def test_exports_hold_the_same_numbers(
    small: Engine, small_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(small_url, LEADER, monkeypatch)
    answer = client.get("/export/table/followup.xlsx?year=2023&round=2")
    assert answer.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(answer.get_data()), read_only=True)
    assert book.sheetnames[:4] == ["Khắc phục theo nhóm", "Khắc phục theo đơn vị", "Các mục",
                                   "Gửi trễ, chưa gửi"]  # fmt: skip
    units = list(book["Khắc phục theo đơn vị"].iter_rows(values_only=True))
    header = list(units[0])
    assert header[:4] == ["Mã đơn vị", "Tên đơn vị", "Nhóm", "Mục bị nêu ở lần 1"]
    assert [row[:8] for row in units[1:3]] == [
        ("A", "Ban Dân tộc", "Sở, ban, ngành tỉnh", 2, 1, 1, 1, 50),
        ("T", "Sở Tư pháp", "Sở, ban, ngành tỉnh", 1, 1, 0, 0, 100),
    ]
    assert len(list(book["Các mục"].iter_rows(values_only=True))) == 1 + len(
        queries.follow_up(small, 2023, 2).items)  # fmt: skip
    csv = client.get("/export/table/followup.csv?year=2023&round=2")
    assert csv.status_code == 200 and "Tình trạng" in csv.get_data(as_text=True)
    svg = client.get("/export/chart/followup.svg?year=2023&round=2")
    assert svg.status_code == 200 and b"66,7 %" in svg.get_data()
    first = client.get("/export/table/followup.xlsx?year=2023&round=1")
    assert first.status_code == 400 and "chưa có gì để theo dõi" in first.get_data(as_text=True)


def test_a_unit_s_account_sees_its_own_unit_only(
    small_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(small_url, UNIT_A, monkeypatch)
    drawn = json.dumps(draw(client), ensure_ascii=False)
    assert "Ban Dân tộc" in drawn
    assert "Sở Tư pháp" not in drawn and "Huyện Kế Sách" not in drawn
    assert '"text": ["50,0 %"]' in drawn  # its own share, not its group's
    assert "Bấm vào một đơn vị" in items(client, "T")  # another unit's items: not shown
    assert "Ban Dân tộc: 3 mục" in items(client, "A")
    page = open_page(client, "?year=2023&round=2&unit=T")
    assert '"data": "A"' in page and "cchc-filter-group" not in page
    assert client.get("/tien-do").status_code == 200  # the app shell; the page itself:
    assert "Không có quyền xem trang này" in json.dumps(call(
        client, [("_pages_content", "children"), ("_pages_store", "data")],
        [{"id": "_pages_location", "property": "pathname", "value": "/tien-do"},
         {"id": "_pages_location", "property": "search", "value": ""}],
    ), ensure_ascii=False)  # fmt: skip


def test_cchc_progress_prints_the_countdown_and_who_has_not_sent(
    small_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["progress", "--db", small_url, "--year", "2023", "--round", "2"]
    assert main([*base, "--now", "2023-12-02T13:45"]) == 0
    out = capsys.readouterr().out
    assert "Còn 2 ngày 3 giờ 15 phút đến hạn khóa" in out
    assert "Khóa: 04/12/2023 17:00" in out and "Huyện Kế Sách" in out
    monkeypatch.setenv(clock.ENV, "2023-12-06T09:00")
    assert main([*base, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["status"], data["countdown"]) == ("locked", "Đã khóa")
    assert [u["unit_code"] for u in data["not_sent"]] == ["X"]
    assert data["late"] == [{"unit_code": "A", "unit_name": "Ban Dân tộc", "group": "so_nganh",
                             "sent_at": "2023-12-05T08:00:00"}]  # fmt: skip
    assert main([*base, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "state,unit_code,unit_name,group,sent_at",
        "not_sent,X,Huyện Kế Sách,huyen,",
        "late,A,Ban Dân tộc,so_nganh,2023-12-05T08:00:00",
    ]
    assert main([*base, "--now", "thứ hai"]) == 2
    assert "ISO" in capsys.readouterr().err
    assert main(["progress", "--db", small_url, "--year", "2023", "--round", "7"]) == 2


# --- in a headless browser, on the demo warehouse ---------------------------------------------

browser = shell.browser  # one app server and one Chromium for the module
demo = shell.demo


@pytest.fixture(scope="module")
def demo_engine(demo_engine: Engine) -> Engine:
    chromium_paths()  # skips (or fails under CCHC_REQUIRE_SERVICES) without Chromium
    return demo_engine


def css(duo: Any, selector: str) -> list[Any]:
    return list(duo.driver.find_elements(By.CSS_SELECTOR, selector))


def grid_rows(duo: Any, grid: str) -> list[str]:
    """The row ids of a grid, top to bottom as drawn."""
    rows = css(duo, f"#{grid} .ag-center-cols-container .ag-row")
    ordered = sorted(rows, key=lambda r: int(r.get_attribute("row-index")))
    return [r.get_attribute("row-id") for r in ordered]


@pytest.mark.browser
def test_a_user_opens_the_follow_up_and_a_unit_s_items(demo: Any, demo_engine: Engine) -> None:
    found = queries.follow_up(demo_engine, 2023, 2)
    order = list(worst_first(found.per_unit)["unit_code"])
    visit(demo, "/theo-doi-khac-phuc?year=2023&round=2")
    demo.wait_for_text_to_equal("h1", "Theo dõi khắc phục", timeout=TIMEOUT)
    wait_until(lambda: grid_rows(demo, "followup-grid")[:5] == order[:5], "the units, worst first")
    groups = found.per_group
    total = int(groups["fixed"].sum()), int(groups["flagged_before"].sum())
    tile = demo.find_element(".cchc-tile-fixed").text
    assert tile == f"{formatting.integer(total[0])} ({share_text(*total, 'vi')})"
    texts = wait_until(lambda: [e.text for e in css(demo, "#followup-chart .bartext")],
                       "the share bars")  # fmt: skip
    assert all(text.endswith(" %") and "," in text for text in texts), texts
    worst = order[0]
    where = f"#followup-grid .ag-row[row-id='{worst}'] .ag-cell[col-id='unit_name']"
    demo.driver.execute_script(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'center'})", where
    )
    time.sleep(0.3)  # the grid draws the rows scrolled into sight
    cell = css(demo, where)[0]
    name = cell.text
    cell.click()
    mine = found.items[found.items["unit_code"] == worst]
    title = wait_until(lambda: css(demo, ".cchc-followup-items-title"), "the unit's items")[0]
    assert title.text == f"{name}: {len(mine)} mục"
    wait_until(lambda: len(grid_rows(demo, "followup-items-grid")) == len(mine), "every item")
    late = wait_until(lambda: css(demo, "#followup-late-grid .ag-row"), "late or not sent")
    progress = queries.progress(demo_engine, 2023, 2)
    assert len(late) == int((progress.units["late"] | ~progress.units["sent"]).sum())
    no_console_errors(demo)


@pytest.mark.browser
def test_round_1_links_round_2_and_tien_do_links_the_follow_up(
    demo: Any, demo_engine: Engine
) -> None:
    visit(demo, "/theo-doi-khac-phuc?year=2023&round=1")
    state = demo.wait_for_element(".cchc-state-first-round", timeout=TIMEOUT)
    assert "chưa có gì để theo dõi khắc phục" in state.text
    demo.find_element(".cchc-followup-next").click()
    wait_until(lambda: query(demo).get("round") == ["2"], "round 2 in the URL")
    wait_until(lambda: grid_rows(demo, "followup-grid"), "round 2's unit table")

    visit(demo, "/tien-do?year=2023&round=2&group=huyen")
    link = wait_until(lambda: css(demo, ".cchc-followup-link"), "the link to the follow-up")[0]
    zip_link = demo.driver.find_element(By.CSS_SELECTOR, ".cchc-notices-menu a.dropdown-item")
    assert urlparse(zip_link.get_attribute("href")).path == notices_path()  # every unit's notice
    assert parse_qs(urlparse(zip_link.get_attribute("href")).query)["group"] == ["huyen"]
    link.click()
    demo.wait_for_text_to_equal("h1", "Theo dõi khắc phục", timeout=TIMEOUT)
    assert urlparse(demo.driver.current_url).path == "/theo-doi-khac-phuc"
    assert {k: v for k, v in query(demo).items() if k != "lang"} == {
        "year": ["2023"], "round": ["2"], "group": ["huyen"]}  # fmt: skip
    huyen = list(
        worst_first(queries.follow_up(demo_engine, 2023, 2, "huyen").per_unit)["unit_code"]
    )
    wait_until(lambda: grid_rows(demo, "followup-grid")[:3] == huyen[:3], "the districts")
    no_console_errors(demo)


@pytest.mark.browser
def test_the_unit_page_s_link_opens_that_unit_s_items(demo: Any, demo_engine: Engine) -> None:
    """On a unit's page: its notice's links name it and the view; its follow-up link opens
    its items."""
    found = queries.follow_up(demo_engine, 2023, 2)
    unit = str(found.per_unit["unit_code"].iloc[0])
    visit(demo, f"/don-vi?year=2023&round=2&unit={unit}")
    link = wait_until(lambda: css(demo, ".cchc-unit-actions .cchc-followup-link"), "the link")[0]
    notices = css(demo, ".cchc-unit-actions .cchc-notice-menu a.dropdown-item")
    paths = {urlparse(a.get_attribute("href")).path for a in notices}
    assert paths == {notice_path(unit, "pdf"), notice_path(unit, "docx")}
    assert all("round=2" in a.get_attribute("href") for a in notices)
    assert parse_qs(urlparse(link.get_attribute("href")).query)["unit"] == [unit]
    demo.driver.execute_script("arguments[0].click()", link)
    name = queries.unit_names(demo_engine, [unit])[unit]
    title = wait_until(lambda: css(demo, ".cchc-followup-items-title"), "the unit's items")[0]
    mine = found.items[found.items["unit_code"] == unit]
    assert title.text == f"{name}: {len(mine)} mục"
    no_console_errors(demo)


@pytest.mark.browser
def test_the_countdown_on_tien_do_runs_from_the_server_s_now(
    demo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(clock.ENV, "2023-12-02T13:45")  # round 2 open (locks 04/12 17:00)
    visit(demo, "/tien-do?year=2023&round=2")
    demo.wait_for_text_to_equal(
        ".cchc-round-status", "Còn 2 ngày 3 giờ 15 phút đến hạn khóa", timeout=TIMEOUT
    )
    assert css(demo, ".cchc-round-open")
    unsent = wait_until(lambda: grid_rows(demo, "progress-unsent-grid"), "who has not sent")
    assert len(unsent) == 3
    started = time.monotonic()
    monkeypatch.setenv(clock.ENV, "2023-12-02T13:50")  # five minutes on, on the server
    demo.wait_for_text_to_equal(
        ".cchc-round-status", "Còn 2 ngày 3 giờ 10 phút đến hạn khóa", timeout=50
    )  # redrawn by the page's interval (30 s), without a reload
    assert time.monotonic() - started > 1
    monkeypatch.setenv(clock.ENV, "2023-12-04T17:00")  # the lock: who sent late
    visit(demo, "/tien-do?year=2023&round=2")
    demo.wait_for_text_to_equal(".cchc-round-status", "Đã khóa", timeout=TIMEOUT)
    late = wait_until(lambda: grid_rows(demo, "progress-late-grid"), "who sent late")
    assert late == ["ST-H-TRANDE"]
    no_console_errors(demo)
