"""Loading from the web and undoing loads (issue 9, items 3 and 4).

* Every score write keeps the rows as they were (``score_history``), and ``etl.undo`` puts
  them back: load A, load a correcting B, undo B — the warehouse is exactly as after A (every
  ``score_fact`` row but its id, both summaries, the batches' statuses); undoing A while B
  has changed its rows is refused and changes nothing; undoing an inserting batch removes its
  rows; an undo twice, or of a units file, is refused — on SQLite and PostgreSQL.
* ``cchc batches`` lists the load history, ``cchc undo`` undoes; loads and undos are audited.
* The "Nạp dữ liệu" page's upload route and undo callback, signed in through ``/login``
  (``tests/signin.py``) as a ``chuyen_vien``: files loaded with ``loaded_by``, every problem
  reported, limits refusing the whole upload, anyone else refused (403) and audited.
* In a headless Chromium: a good and a bad file uploaded at once, the report, the warehouse
  changed only by the good one, the undo from the history restoring it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from selenium.webdriver.common.by import By
from sqlalchemy import Engine

from dashboard import audit, limits
from dashboard.cli import main
from etl.load import FileResult, load_file
from etl.schema import load_batch, score_fact, score_history, unit_field_summary, unit_summary
from etl.summary import summary_in_step
from etl.undo import undo_batch
from tests import filemakers as fm
from tests import signin
from tests import test_leadership_pages as shell
from tests.services import chromium_paths
from tests.test_leadership_pages import wait_until

LOADER, LOADER_PASSWORD = "nhapdulieu", "mat-khau-nhap-du-lieu"
UNDO_OUTPUT = "..upload-undo-result.children...upload-undone.data.."


# --- the warehouse as it stands ----------------------------------------------------------------


def warehouse(engine: Engine) -> dict[str, Any]:
    """Every score row (but its id), both summaries and every batch's status, sorted."""
    rows = [c for c in score_fact.c if c.name != "id"]
    with engine.connect() as conn:
        return {
            "score_fact": sorted(map(tuple, conn.execute(sa.select(*rows)))),
            "unit_summary": sorted(map(tuple, conn.execute(sa.select(unit_summary)))),
            "unit_field_summary": sorted(map(tuple, conn.execute(sa.select(unit_field_summary)))),
            "batches": dict(
                map(tuple, conn.execute(sa.select(load_batch.c.id, load_batch.c.status)))
            ),
        }


def without(state: dict[str, Any], batch: int) -> dict[str, Any]:
    """``state`` leaving out batch ``batch``'s status."""
    batches = {k: v for k, v in state["batches"].items() if k != batch}
    return {**state, "batches": batches}


def history(engine: Engine, batch: int) -> list[tuple[str, str | None]]:
    h = score_history.c
    with engine.connect() as conn:
        query = sa.select(h.criterion_code, h.before).where(h.batch_id == batch).order_by(h.id)
        return [(r.criterion_code, r.before) for r in conn.execute(query)]


@pytest.fixture
def wh(engine: Engine, tmp_path: Path) -> Engine:
    """The tiny province's units and frameworks, on SQLite and on PostgreSQL."""
    fm.load_reference(engine, tmp_path / "ref")
    return engine


def scores(tmp_path: Path, name: str, rows: list[list[Any]]) -> Path:
    return fm.write_csv(tmp_path / name, rows)


def loaded(engine: Engine, path: Path) -> FileResult:
    result = load_file(engine, path)
    assert result.status == "loaded", result.problems
    assert result.batch_id is not None
    return result


CORRECTED = {"1.1.1": (1, 1, 2, "Kế hoạch số 12/KH-SNV (sửa)", None)}


def correcting_file(tmp_path: Path) -> Path:
    """One leaf of SNV corrected, and one leaf of STP (a new unit: its other leaves filled)."""
    rows = fm.scores_rows("SNV", scores=CORRECTED)
    rows += fm.scores_rows("STP", scores={"1.2": fm.SCORES["1.2"]})[1:]
    return scores(tmp_path, "b.csv", rows)


# --- the history every score write keeps -----------------------------------------------------


def test_every_score_write_keeps_each_row_as_it_was(wh: Engine, tmp_path: Path) -> None:
    a = loaded(wh, scores(tmp_path, "a.csv", fm.scores_rows("SNV")))
    assert history(wh, a.batch_id) == [(code, None) for code in fm.SO_NGANH_LEAVES]  # inserted
    b = loaded(wh, correcting_file(tmp_path))
    kept = history(wh, b.batch_id)
    assert [code for code, _ in kept] == ["1.1.1", "1.2", *[c for c in fm.SO_NGANH_LEAVES
                                                           if c != "1.2"]]  # fmt: skip
    before = json.loads(kept[0][1] or "null")
    assert before["batch_id"] == a.batch_id and before["appraised_score"] == 0.5
    assert before["explanation"] == "Kế hoạch số 12/KH-SNV" and "id" not in before
    assert {c.name for c in score_fact.c} - set(before) == {"id"}
    assert all(b4 is None for _, b4 in kept[1:])  # STP's rows are new


# --- undo ------------------------------------------------------------------------------------


def test_undoing_a_correction_leaves_the_warehouse_exactly_as_before_it(
    wh: Engine, tmp_path: Path
) -> None:
    loaded(wh, scores(tmp_path, "a.csv", fm.scores_rows("SNV")))
    after_a = warehouse(wh)
    b = loaded(wh, correcting_file(tmp_path))
    assert warehouse(wh)["score_fact"] != after_a["score_fact"]
    result = undo_batch(wh, b.batch_id, "nhapdulieu")
    assert result.done, result.message
    assert (result.removed, result.restored, result.units) == (7, 1, 2)
    now = warehouse(wh)
    assert without(now, b.batch_id) == after_a
    assert now["batches"][b.batch_id] == "undone"
    with wh.connect() as conn:
        assert summary_in_step(conn, unit_summary) and summary_in_step(conn, unit_field_summary)
        message = conn.execute(
            sa.select(load_batch.c.message).where(load_batch.c.id == b.batch_id)
        ).scalar_one()
    assert "nhapdulieu" in message
    again = load_file(wh, correcting_file(tmp_path))  # an undone file may be loaded again
    assert again.status == "loaded" and again.batch_id != b.batch_id


def test_undo_of_a_batch_a_later_one_changed_is_refused_and_changes_nothing(
    wh: Engine, tmp_path: Path
) -> None:
    a = loaded(wh, scores(tmp_path, "a.csv", fm.scores_rows("SNV")))
    b = loaded(wh, correcting_file(tmp_path))
    before, kept = warehouse(wh), fm.snapshot(wh)
    result = undo_batch(wh, a.batch_id, "nhapdulieu")
    assert not result.done and result.blocking == (b.batch_id,)
    assert f"hãy hoàn tác #{b.batch_id} trước" in result.message_vi
    assert f"undo #{b.batch_id} first" in result.message_en
    assert warehouse(wh) == before and fm.snapshot(wh) == kept
    assert undo_batch(wh, b.batch_id, None).done  # in order: B, then A
    assert undo_batch(wh, a.batch_id, None).done
    assert warehouse(wh)["score_fact"] == []


def test_undoing_an_inserting_batch_removes_its_rows(wh: Engine, tmp_path: Path) -> None:
    empty = warehouse(wh)
    a = loaded(wh, scores(tmp_path, "a.csv", fm.scores_rows("SNV")))
    assert len(warehouse(wh)["score_fact"]) == len(fm.SO_NGANH_LEAVES)
    assert undo_batch(wh, a.batch_id, None).done
    assert without(warehouse(wh), a.batch_id) == empty  # no rows, no summaries


def test_a_replaced_batch_is_loaded_again_when_what_replaced_it_is_undone(
    wh: Engine, tmp_path: Path
) -> None:
    a = loaded(wh, scores(tmp_path, "a.csv", fm.scores_rows("SNV")))
    after_a = warehouse(wh)
    lower = {code: (s, 0, *rest) for code, (s, _a, *rest) in fm.SCORES.items()}
    b = loaded(wh, scores(tmp_path, "b.csv", fm.scores_rows("SNV", scores=lower)))
    assert b.replaced_batches == [a.batch_id]
    refused = undo_batch(wh, a.batch_id, None)
    assert not refused.done and "overwritten by later batches" in refused.message_en
    assert undo_batch(wh, b.batch_id, None).done
    assert without(warehouse(wh), b.batch_id) == after_a  # A "loaded" again, as it was


def test_double_undo_other_kinds_rejected_and_unknown_batches_are_refused(
    wh: Engine, tmp_path: Path
) -> None:
    a = loaded(wh, scores(tmp_path, "a.csv", fm.scores_rows("SNV")))
    rows = [fm.SCORES_HEADER, [2023, 1, "X", "1.2", 1, 1]]
    bad = load_file(wh, scores(tmp_path, "bad.csv", rows), record_rejected=True)
    assert bad.status == "rejected" and bad.batch_id is not None
    assert undo_batch(wh, a.batch_id, None).done
    state = warehouse(wh)
    expected = {
        a.batch_id: "đã được hoàn tác rồi",
        1: "Chỉ hoàn tác được lô điểm",  # the units file
        bad.batch_id: "bị từ chối",
        9999: "Không có lô nạp #9999",
    }
    for batch, text in expected.items():
        result = undo_batch(wh, batch, None)
        assert not result.done and text in result.message_vi, result.message
    assert warehouse(wh) == state


# --- the command line ----------------------------------------------------------------------


def test_cchc_batches_and_undo_with_the_audit_log(
    sqlite_engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = str(sqlite_engine.url)
    fm.write_reference(tmp_path / "ref")
    good = scores(tmp_path, "diem.csv", fm.scores_rows("SNV"))
    bad = scores(tmp_path, "sai.csv", [fm.SCORES_HEADER, [2023, 1, "X", "1.2", 1, 1]])
    assert main(["load", "--db", url, str(tmp_path / "ref")]) == 0
    assert main(["load", "--db", url, str(good), str(bad)]) == 1
    capsys.readouterr()
    assert main(["batches", "--db", url, "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(b["id"], b["file_name"], b["kind"], b["rows"], b["status"]) for b in listed] == [
        (3, "diem.csv", "scores", 7, "loaded"),
        (2, "framework.xlsx", "framework", 17, "loaded"),
        (1, "units.csv", "units", 3, "loaded"),
    ]
    assert listed[0]["loaded_by"] is None and listed[0]["loaded_at"]
    assert main(["undo", "--db", url, "3"]) == 0
    assert "Đã hoàn tác lô #3 (diem.csv)" in capsys.readouterr().out
    assert main(["undo", "--db", url, "#3"]) == 1
    assert "already been undone" in capsys.readouterr().out
    assert main(["undo", "--db", url, "ba"]) == 2
    events = audit.events(sqlite_engine).iloc[::-1]  # oldest first
    seen = [(e.action, e.outcome, e.target) for e in events.itertuples()]
    assert seen == [("load", "ok", "units.csv"), ("load", "ok", "framework.xlsx"),
                    ("load", "ok", "diem.csv"), ("load", "refused", "sai.csv"),
                    ("undo", "ok", "#3"), ("undo", "refused", "#3")]  # fmt: skip
    assert set(events["username"].isna()) == {True}  # the operator, not a signed-in user
    assert json.loads(events["detail"].iloc[0])["via"] == "cli"


# --- the page's route and callbacks, signed in -------------------------------------------------


@pytest.fixture
def site(sqlite_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """The app on a warehouse holding the tiny province's reference data, with a loader's
    account and the tests' leader's."""
    url = str(sqlite_engine.url)
    monkeypatch.setenv("CCHC_DATABASE_URL", url)
    fm.load_reference(sqlite_engine, tmp_path / "ref")
    signin.ensure_account(url, LOADER, LOADER_PASSWORD, role="chuyen_vien")
    return sqlite_engine


def client(username: str = LOADER, password: str = LOADER_PASSWORD) -> FlaskClient:
    from dashboard.app import app

    test_client = app.server.test_client()
    answer = signin.sign_in(test_client, username, password)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return test_client


def upload(test_client: FlaskClient, *paths: Path, header: bool = True, lang: str = "vi") -> Any:
    files = [(path.open("rb"), path.name) for path in paths]
    try:
        return test_client.post(
            "/nap-du-lieu/tai-len" + ("?lang=en" if lang == "en" else ""),
            data={"files": files},
            headers={"X-CCHC-Upload": "1"} if header else {},
            content_type="multipart/form-data",
        )
    finally:
        for handle, _name in files:
            handle.close()


def texts(component: Any) -> str:
    """Every text in a component tree (JSON) in one string."""
    if isinstance(component, dict):
        return texts(component.get("props", {}).get("children"))
    if isinstance(component, list):
        return " ".join(texts(item) for item in component)
    return "" if component is None else str(component)


def good_and_bad(tmp_path: Path) -> tuple[Path, Path]:
    good = scores(tmp_path, "diem-snv.csv", fm.scores_rows("SNV"))
    bad_rows = [fm.SCORES_HEADER, [2023, 1, "KHONG-CO", "1.1.1", 1, 0.5],
                [2023, 1, "STP", "1.1.1", 1, 7]]  # fmt: skip
    return good, scores(tmp_path, "diem-sai.csv", bad_rows)


def test_a_loader_uploads_files_and_reads_every_problem(site: Engine, tmp_path: Path) -> None:
    good, bad = good_and_bad(tmp_path)
    answer = upload(client(), good, bad)
    assert answer.status_code == 200
    body = answer.get_json()
    shown = texts(body["report"])
    assert "Đã nạp 1, bỏ qua 0, từ chối 1" in shown
    assert "diem-snv.csv" in shown and "7 dòng · lô #3" in shown
    assert "diem-sai.csv" in shown and "Bị từ chối" in shown and "2 lỗi:" in shown
    assert "KHONG-CO" in shown and "Điểm vượt điểm tối đa 1" in shown
    assert body["batches"] == [3]
    with site.connect() as conn:
        batches = conn.execute(
            sa.select(load_batch.c.file_name, load_batch.c.status, load_batch.c.loaded_by)
            .where(load_batch.c.id > 2).order_by(load_batch.c.id)
        ).all()  # fmt: skip
        units = set(conn.execute(sa.select(score_fact.c.unit_code).distinct()).scalars())
    assert [tuple(b) for b in batches] == [("diem-snv.csv", "loaded", LOADER),
                                           ("diem-sai.csv", "rejected", LOADER)]  # fmt: skip
    assert units == {"SNV"}  # only the good file wrote
    events = audit.events(site, action="load")
    assert set(zip(events["target"], events["outcome"], events["username"], strict=True)) == {
        ("diem-snv.csv", "ok", LOADER), ("diem-sai.csv", "refused", LOADER)}  # fmt: skip
    again = texts(upload(client(), good).get_json()["report"])
    assert "Đã nạp trước đó (bỏ qua)" in again and "lô #3" in again


def test_a_correction_reports_old_and_new_scores_in_english(site: Engine, tmp_path: Path) -> None:
    test_client = client()
    upload(test_client, scores(tmp_path, "a.csv", fm.scores_rows("SNV")))
    answer = upload(test_client, correcting_file(tmp_path), lang="en")
    shown = texts(answer.get_json()["report"])
    assert "Changed 1 stored scores:" in shown
    assert "2023 round 1 · SNV · 1.1.1 · appraised: 0.5 → 1" in shown


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("MAX_UPLOAD_FILES", 1, "Quá nhiều tệp: 2 tệp, tối đa 1 tệp một lần. Không nạp tệp nào."),
        ("MAX_UPLOAD_FILE_BYTES", 200, "Tệp quá lớn (tối đa 0,0 MB mỗi tệp): diem-snv.csv"),
        ("MAX_UPLOAD_BYTES", 400, "vượt giới hạn 0,0 MB. Không nạp tệp nào."),
    ],
)
def test_an_upload_over_a_limit_is_refused_whole(
    site: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    limit: str,
    value: int,
    message: str,
) -> None:
    good = scores(tmp_path, "diem-snv.csv", fm.scores_rows("SNV"))
    small = scores(tmp_path, "nho.csv", fm.scores_rows("STP", scores={"1.2": fm.SCORES["1.2"]}))
    assert good.stat().st_size > 200 and small.stat().st_size < 200
    before = fm.snapshot(site)
    monkeypatch.setattr(limits, limit, value)
    answer = upload(client(), good, small)
    assert answer.status_code == 413
    assert message in texts(answer.get_json()["report"])
    assert fm.snapshot(site) == before  # nothing loaded, not even the small file
    refused = audit.events(site, action="load")
    assert list(refused["outcome"]) == ["refused"] and list(refused["username"]) == [LOADER]


def test_anyone_else_is_refused_and_audited(site: Engine, tmp_path: Path) -> None:
    good, _bad = good_and_bad(tmp_path)
    loader = client()
    assert upload(loader, good, header=False).status_code == 400  # not the page's script
    assert upload(loader, good).status_code == 200
    before = fm.snapshot(site)
    leader = client(signin.USERNAME, signin.PASSWORD)  # lanh_dao: sees, may not load
    page = leader.get("/nap-du-lieu").status_code  # the shell; the layout says "forbidden"
    assert page == 200
    answer = upload(leader, good)
    assert answer.status_code == 403
    assert "không có quyền nạp dữ liệu" in texts(answer.get_json()["report"])
    forged = leader.post("/_dash-update-component", json=undo_payload(3))
    assert forged.status_code == 403
    assert fm.snapshot(site) == before
    events = audit.events(site)
    refused = events[events["outcome"] == "refused"]
    assert set(zip(refused["action"], refused["username"], strict=True)) == {
        ("load", signin.USERNAME), ("undo", signin.USERNAME)}  # fmt: skip
    assert upload(anonymous(), good).status_code == 401  # the gate


def test_only_the_upload_route_takes_a_body_over_the_request_limit(
    site: Engine, tmp_path: Path
) -> None:
    big = tmp_path / "lon.csv"
    big.write_bytes(b"x;y\n" * (limits.MAX_REQUEST_BYTES // 4 + 1000))  # over 2 MB
    loader = client()
    answer = upload(loader, big)
    assert answer.status_code == 200  # read and loaded (here: rejected, not a file kind)
    assert "Không phải loại tệp nào của hệ thống" in texts(answer.get_json()["report"])
    callback = loader.post(
        "/_dash-update-component", data=big.read_bytes(), content_type="application/json"
    )
    assert callback.status_code == 413  # every other request stays within the limit


def undo_payload(batch: int) -> dict[str, Any]:
    """The callback request the history's undo button sends once confirmed."""
    button = {"batch": batch, "type": "upload-undo"}
    return {
        "output": UNDO_OUTPUT,
        "outputs": [{"id": "upload-undo-result", "property": "children"},
                    {"id": "upload-undone", "property": "data"}],
        "inputs": [[{"id": button, "property": "submit_n_clicks", "value": 1}]],
        "changedPropIds": [json.dumps(button, separators=(",", ":")) + ".submit_n_clicks"],
        "state": [{"id": "upload-lang", "property": "data", "value": "vi"}],
    }  # fmt: skip


def undo_answer(test_client: FlaskClient, batch: int) -> dict[str, Any]:
    answer = test_client.post("/_dash-update-component", json=undo_payload(batch))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    response: dict[str, Any] = answer.get_json()["response"]
    return response


def anonymous() -> FlaskClient:
    from dashboard.app import app

    return app.server.test_client()


def test_the_undo_callback_undoes_and_says_why_not(site: Engine, tmp_path: Path) -> None:
    loader = client()
    upload(loader, scores(tmp_path, "a.csv", fm.scores_rows("SNV")))
    after_a = warehouse(site)
    upload(loader, correcting_file(tmp_path))
    refused = undo_answer(loader, 3)
    assert "hãy hoàn tác #4 trước" in texts(refused["upload-undo-result"]["children"])
    assert "upload-undone" not in refused  # the history stays as it is
    done = undo_answer(loader, 4)
    assert "Đã hoàn tác lô #4 (b.csv)" in texts(done["upload-undo-result"]["children"])
    assert without(warehouse(site), 4) == after_a
    events = audit.events(site, action="undo")
    assert list(zip(events["target"], events["outcome"], strict=True)) == [
        ("#4", "ok"), ("#3", "refused")]  # fmt: skip
    assert set(events["username"]) == {LOADER}


def test_the_navbar_shows_the_page_only_to_those_who_may_load() -> None:
    from dashboard.components.navbar import nav_pages

    registry = [{"path": "/", "order": 1, "roles": ("lanh_dao", "chuyen_vien")},
                {"path": "/nap-du-lieu", "order": 2, "roles": ("chuyen_vien",)}]  # fmt: skip
    assert [p["path"] for p in nav_pages(registry, "chuyen_vien")] == ["/", "/nap-du-lieu"]
    assert [p["path"] for p in nav_pages(registry, "lanh_dao")] == ["/"]


# --- in a headless browser ------------------------------------------------------------------

browser = shell.browser  # one app server and one Chromium for the module


@pytest.fixture(scope="module")
def _chromium() -> None:
    chromium_paths()  # skips (or fails under CCHC_REQUIRE_SERVICES) without Chromium


@pytest.fixture
def page(_chromium: None, browser: Any, site: Engine) -> Iterator[Any]:
    """The browser on the upload page, signed in as the loader (the session of a test client
    signed in through ``/login``, handed to the browser)."""
    from dashboard.auth.gate import SESSION_COOKIE

    cookie = signin.session_cookie(client()).split("=", 1)[1]
    driver = browser.driver
    driver.get(browser.server_url + "/login")
    driver.delete_all_cookies()
    driver.add_cookie({"name": SESSION_COOKIE, "value": cookie, "path": "/"})
    driver.get(browser.server_url + "/nap-du-lieu")
    wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, ".cchc-upload-history"), "history")
    browser.get_logs()
    yield browser


def choose(duo: Any, *paths: Path) -> None:
    picker = duo.driver.find_element(By.CSS_SELECTOR, "#upload-picker input[type=file]")
    picker.send_keys("\n".join(str(p) for p in paths))


@pytest.mark.browser
def test_upload_a_good_and_a_bad_file_then_undo_from_the_history(
    page: Any, site: Engine, tmp_path: Path
) -> None:
    driver = page.driver
    empty = warehouse(site)
    good, bad = good_and_bad(tmp_path)
    choose(page, good, bad)
    results = wait_until(
        lambda: driver.find_elements(By.CSS_SELECTOR, ".cchc-upload-result"), "the report"
    )
    assert len(results) == 2
    loaded_card = driver.find_element(By.CSS_SELECTOR, ".cchc-upload-result-loaded").text
    rejected_card = driver.find_element(By.CSS_SELECTOR, ".cchc-upload-result-rejected").text
    assert "diem-snv.csv" in loaded_card and "7 dòng · lô #3" in loaded_card
    assert "diem-sai.csv" in rejected_card and "KHONG-CO" in rejected_card
    assert "Điểm vượt điểm tối đa 1" in rejected_card
    with site.connect() as conn:
        units = set(conn.execute(sa.select(score_fact.c.unit_code).distinct()).scalars())
    assert units == {"SNV"}
    row = wait_until(lambda: driver.find_elements(By.ID, "upload-batch-3"), "batch #3 listed")[0]
    assert LOADER in row.text and "Đã nạp" in row.text
    rejected_row = driver.find_element(By.ID, "upload-batch-4").text
    assert "Bị từ chối" in rejected_row
    button = row.find_element(By.CSS_SELECTOR, ".cchc-upload-undo")
    driver.execute_script("arguments[0].click()", button)  # below the fold of the window
    wait_until(lambda: driver.switch_to.alert, "the confirm dialog").accept()
    done = wait_until(
        lambda: driver.find_elements(By.CSS_SELECTOR, ".cchc-undo-done"), "the undo's answer"
    )
    assert "Đã hoàn tác lô #3 (diem-snv.csv)" in done[0].text
    assert without(without(warehouse(site), 3), 4) == empty  # as before the upload
    wait_until(lambda: "Đã hoàn tác" in driver.find_element(By.ID, "upload-batch-3").text, "undone")
    severe = [e for e in page.get_logs() if e.get("level") == "SEVERE"]
    assert severe == []


@pytest.mark.browser
def test_too_many_files_are_refused_in_the_browser_before_sending(
    page: Any, site: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_UPLOAD_FILES", 1)
    driver = page.driver
    driver.refresh()  # the page gives its script the limits
    wait_until(lambda: driver.find_elements(By.CSS_SELECTOR, ".cchc-upload-history"), "history")
    before = fm.snapshot(site)
    choose(page, *good_and_bad(tmp_path))
    refused = wait_until(
        lambda: driver.find_elements(By.CSS_SELECTOR, ".cchc-upload-refused"), "the refusal"
    )
    assert "Quá nhiều tệp: 2 tệp, tối đa 1 tệp một lần" in refused[0].text
    assert fm.snapshot(site) == before
