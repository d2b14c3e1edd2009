"""The feedback notices (issue 10, item 3): one "Thông báo kết quả thẩm định" per unit, PDF and
DOCX, read back as a user would (pdftotext for the PDF, the DOCX's XML and python-docx).

* Every demo unit of 2023 round 1 through ``cchc export notices`` (timed): each notice lists
  every flagged leaf of its unit (``queries.leaf_findings``) with its self and appraised
  scores as Vietnamese writes them (``2,5``), states the points at stake, index and rank if
  recovered of ``queries.stake_ranking`` and the next round's lock time (``queries.rounds``),
  and names no other unit.
* Pure text: a name or note like ``<b>x</b>`` or ``=1+1`` is printed as text; a unit not fully
  appraised; a next round not announced; no next round; English.
* Downloads, on the two-province warehouse of tests/test_scope.py: a unit's account gets its
  own notice and 403 for any other unit (naming nothing), no zip; a province's leader gets
  its units' notices and a zip holding one file per unit and format; all in the audit log.
"""

from __future__ import annotations

import io
import re
import subprocess
import time
import zipfile
from collections.abc import Iterator
from contextlib import redirect_stderr
from datetime import date, datetime
from pathlib import Path

import docx
import pytest
from sqlalchemy import Engine

from dashboard import audit, formatting, queries
from dashboard.cli import main
from dashboard.export import notice
from dashboard.export.notice.model import clean
from dashboard.i18n import Lang
from dashboard.queries import scoped
from dashboard.view import View, notice_path, notices_path
from etl.db import get_engine
from tests.test_scope import (
    ANALYST_ST,
    DON_VI,
    LEADER,
    LEADER_BL,
    ME,
    _codes,
    client_for,
    codes_of,
    leaks,
    sqlite_url,
)
from tests.warehouse_builder import SO_NGANH, Leaf, WarehouseBuilder

__all__ = ["sqlite_url"]  # the two-province warehouse (a fixture of tests/test_scope.py)

YEAR, ROUND = 2023, 1  # round 2 is the next one: its times are in every notice
ISSUED = date(2023, 11, 12)
CPU_BUDGET_S = 30.0  # every demo unit, PDF and DOCX
ISSUER = "Sở Nội vụ"  # the issuing body: in every notice, a demo unit's name too


def flat(text: str) -> str:
    """The text with every run of white space (line ends included) as one space."""
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    """The PDF's text in the order it is drawn (a table cell by cell, row by row), without the
    page footers (a paragraph may go on over a page break)."""
    result = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True,
                            capture_output=True)  # fmt: skip
    return flat(re.sub(r"(Trang|Page) \d+/\d+", " ", result.stdout.decode("utf-8")))


def docx_xml(body: bytes) -> str:
    """Every XML part of a DOCX, joined."""
    archive = zipfile.ZipFile(io.BytesIO(body))
    return "\n".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                     if n.endswith(".xml"))  # fmt: skip


def docx_text(body: bytes) -> str:
    """The text of every ``<w:t>`` of the document, line breaks as spaces."""
    xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode("utf-8")
    xml = re.sub(r"<w:br/>", " ", xml)
    texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)
    unescaped = [t.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") for t in texts]
    return flat(" ".join(unescaped))


def findings_rows(body: bytes) -> list[list[str]]:
    """The rows of the table of flagged leaves (python-docx), its header first."""
    document = docx.Document(io.BytesIO(body))
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if rows and rows[0][0] in ("Tiêu chí thành phần", "Sub-criterion"):
            return rows
    return []


def score(value: object, lang: Lang = "vi") -> str:
    return formatting.points(value, lang=lang)  # type: ignore[arg-type]


# --- every demo unit, through the CLI ---------------------------------------------------------


@pytest.fixture(scope="module")
def engine(demo_engine: Engine) -> Engine:
    return demo_engine


@pytest.fixture(scope="module")
def written(demo_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The notices of every demo unit of 2023 round 1 (a folder), and what went to stderr."""
    out = tmp_path_factory.mktemp("notices")
    when = ISSUED.strftime("%d/%m/%Y")
    arguments = ["export", "notices", "--year", str(YEAR), "--round", str(ROUND), "--date", when,
                 "--out", str(out), "--db", demo_db_url]  # fmt: skip
    errors = io.StringIO()
    cpu, wall = time.process_time(), time.perf_counter()
    with redirect_stderr(errors):
        assert main(arguments) == 0, errors.getvalue()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    units = len(list(out.glob("*.pdf")))
    print(f"\nnotices of {units} units, PDF and DOCX: {wall:.1f} s ({cpu:.1f} s of CPU)")
    assert cpu < CPU_BUDGET_S, f"{units} units took {cpu:.1f} s of CPU"
    return out, errors.getvalue()


@pytest.fixture(scope="module")
def units(engine: Engine) -> list[dict[str, object]]:
    """Every unit of the round: its row of ``queries.stake_ranking``."""
    return queries.stake_ranking(engine, YEAR, ROUND).to_dict("records")  # type: ignore[return-value]


def _path(out: Path, code: str, fmt: str) -> Path:
    return out / notice.notice_filename(View(YEAR, ROUND), code, fmt)


def test_one_pdf_and_one_docx_per_unit_with_a_line_each(written, units) -> None:  # type: ignore[no-untyped-def]
    out, progress = written
    assert len(units) >= 40
    expected = {_path(out, str(u["unit_code"]), fmt).name for u in units
                for fmt in ("pdf", "docx")}  # fmt: skip
    assert {p.name for p in out.iterdir()} == expected
    lines = progress.strip().splitlines()
    assert len(lines) == len(units)
    assert lines[0].startswith(f"[1/{len(units)}] ") and f"[{len(units)}/{len(units)}]" in lines[-1]


def test_every_flagged_leaf_with_its_scores_in_both_formats(written, units, engine) -> None:  # type: ignore[no-untyped-def]
    out, _ = written
    listed = 0
    for unit in units:
        code = str(unit["unit_code"])
        leaves = queries.leaf_findings(engine, YEAR, ROUND, unit_code=code)
        body = _path(out, code, "docx").read_bytes()
        rows = findings_rows(body)
        names = zip(leaves["criterion_code"], leaves["criterion_name"], strict=True)
        assert [r[0] for r in rows[1:]] == [f"{c}. {clean(n)}" for c, n in names], code
        for row, leaf in zip(rows[1:], leaves.to_dict("records"), strict=True):
            assert row[1:3] == [score(leaf["self_score"]), score(leaf["appraised_score"])], row
            assert row[3] == (clean(leaf["appraisal_note"]) or "—")
            if leaf["missing_evidence"]:
                assert "Thiếu tài liệu kiểm chứng" in row[4] and "Tải lên" in row[5]
            if leaf["deduction"] > 0:
                assert f"Bị trừ {score(leaf['deduction'])} điểm" in row[4]
        text = pdf_text(_path(out, code, "pdf"))
        for leaf in leaves.to_dict("records"):
            cell = flat(f"{leaf['criterion_code']}. {clean(leaf['criterion_name'])}")
            scores = f"{score(leaf['self_score'])} {score(leaf['appraised_score'])}"
            assert f"{cell} {scores} " in text, (code, cell, scores)
        listed += len(leaves)
    assert listed == len(queries.leaf_findings(engine, YEAR, ROUND))
    assert any("," in score(v) for v in queries.leaf_findings(engine, YEAR, ROUND)["self_score"])


def test_the_rank_the_points_at_stake_and_the_next_round(written, units, engine) -> None:  # type: ignore[no-untyped-def]
    out, _ = written
    schedule = queries.rounds(engine).set_index(["year", "round"])
    opens = formatting.datetime_vn(schedule.loc[(YEAR, ROUND + 1), "opens_at"])
    locks = formatting.datetime_vn(schedule.loc[(YEAR, ROUND + 1), "locks_at"])
    assert locks == "04/12/2023 17:00"
    at_stake = 0
    for unit in units:
        code, name = str(unit["unit_code"]), str(unit["unit_name"])
        indices = queries.group_indices(engine, YEAR, ROUND, str(unit["group"]))
        ranked = len(indices.values)
        stake = score(unit["at_stake"])
        assert unit["rank"] is not None  # every demo unit is appraised in full
        for text in (pdf_text(_path(out, code, "pdf")),
                     docx_text(_path(out, code, "docx").read_bytes())):  # fmt: skip
            assert f"Kính gửi: {name}." in text
            assert f"đạt {formatting.index(unit['index'])}%" in text
            assert f"xếp hạng {unit['rank']}/{ranked} trong nhóm" in text
            if unit["at_stake"] > 0:
                assert f"bổ sung đủ: {stake} điểm." in text, (code, stake)
                recovered = formatting.index(unit["index_if_recovered"])
                assert (f"chỉ số của đơn vị là {recovered}% và hạng nếu bổ sung đủ là "
                        f"{unit['rank_if_recovered']}/{ranked}") in text  # fmt: skip
            else:
                assert f"bổ sung đủ: {stake} điểm (không có" in text
            assert f"mở lúc {opens} và tự động khóa lúc {locks}" in text
            assert "Số: ……/TB-SNV" in text and "Sóc Trăng, ngày 12 tháng 11 năm 2023" in text
            assert "Nơi nhận:" in text and "GIÁM ĐỐC" in text
        at_stake += unit["at_stake"] > 0
    assert at_stake > len(units) // 2  # most demo units have points at stake


def test_no_notice_names_another_unit(written, units) -> None:  # type: ignore[no-untyped-def]
    out, _ = written
    names = {str(u["unit_code"]): str(u["unit_name"]) for u in units}
    for code, name in names.items():
        others = [n for c, n in names.items() if c != code and n not in name and n != ISSUER]
        for text in (pdf_text(_path(out, code, "pdf")),
                     docx_xml(_path(out, code, "docx").read_bytes())):  # fmt: skip
            assert name in text
            found = [other for other in others if other in text]
            assert not found, (code, found)


def test_unknown_year_round_or_group_is_a_usage_error(demo_db_url: str, tmp_path: Path) -> None:
    for bad in (["--year", "1999"], ["--year", "2023", "--round", "7"],
                ["--year", "2023", "--group", "khong_co"]):  # fmt: skip
        errors = io.StringIO()
        with redirect_stderr(errors):
            code = main(["export", "notices", *bad, "--out", str(tmp_path), "--db", demo_db_url])
        assert code == 2, bad
        message = errors.getvalue()
        assert "Không có" in message or "không có" in message, message
        assert " / " in message and ("no " in message or "has no" in message), message
    assert list(tmp_path.iterdir()) == []


def test_the_last_round_has_no_next_round_and_english(engine: Engine, tmp_path: Path) -> None:
    code = str(queries.stake_ranking(engine, YEAR, 2, "huyen")["unit_code"].iloc[0])
    body = notice.build_notice(engine, View(YEAR, 2), code, "pdf", ISSUED)
    (tmp_path / "a.pdf").write_bytes(body)
    assert "Chưa có lịch lần đánh giá tiếp theo của năm 2023" in pdf_text(tmp_path / "a.pdf")
    english = notice.build_notice(engine, View(YEAR, 1, lang="en"), code, "docx", ISSUED)
    text = docx_text(english)
    leaves = queries.leaf_findings(engine, YEAR, 1, unit_code=code)
    for phrase in ("NOTICE", "To: ", "1. Appraisal result", "Recipients:", "DIRECTOR",
                   "locks automatically at 2023-12-04 17:00", "Soc Trang, 2023-11-12"):  # fmt: skip
        assert phrase in text, phrase
    for word in ("THÔNG BÁO", "Kính gửi", "Nơi nhận", "Tiêu chí thành phần", "Thiếu giải trình",
                 "xếp hạng", "Trang 1/"):  # fmt: skip
        assert word not in text, word
    rows = findings_rows(english)
    assert [r[1] for r in rows[1:]] == [score(v, "en") for v in leaves["self_score"]]
    assert notice.notice_filename(View(YEAR, 1, lang="en"), code, "pdf") == (
        f"par-notice-2023-round1-{code}.pdf"
    )


def test_a_unit_outside_the_scope_has_no_notice(engine: Engine) -> None:
    codes = list(queries.stake_ranking(engine, YEAR, ROUND)["unit_code"])
    with scoped(frozenset({codes[0]})):
        assert notice.build_notice(engine, View(YEAR, ROUND), codes[0], "docx", ISSUED)
        for asked in (codes[1], "KHONG-CO"):
            with pytest.raises(notice.UnknownNoticeError) as refused:
                notice.build_notice(engine, View(YEAR, ROUND), asked, "pdf", ISSUED)
            assert asked not in str(refused.value) and refused.value.status == 404


def test_the_menus_link_the_downloads() -> None:
    from dashboard.components.downloads import notice_menu, notices_menu

    search = "?year=2023&round=1&lang=en"
    menu = notice_menu("ST-SNV", search=search, lang="en")
    assert [link.href for link in menu.children] == [
        f"/export/notice/ST-SNV.{fmt}{search}" for fmt in ("pdf", "docx")
    ]
    assert menu.label == "Notice" and notice_menu("ST-SNV").label == "Thông báo"
    assert [link.href for link in notices_menu(search=search).children] == [
        f"/export/notices.zip{search}"
    ]
    assert notice_path("A B/1", "pdf") == "/export/notice/A%20B%2F1.pdf"


def test_example_notice_is_committed() -> None:
    example = Path(__file__).resolve().parent.parent / "docs" / "thong-bao-mau.pdf"
    assert example.read_bytes().startswith(b"%PDF-")


# --- hostile texts, a unit not fully appraised, a next round not announced --------------------

HOSTILE = "<b>x</b> =1+1"
NOTE = '=HYPERLINK("http://example.com";"bấm") <script>alert(1)</script>'


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = get_engine(f"sqlite:///{tmp_path_factory.mktemp('hostile') / 'warehouse.db'}")
    b = WarehouseBuilder(engine)
    b.units([("U-1", HOSTILE, "so_nganh"), ("U-2", "Sở Y tế", "so_nganh")])
    b.framework(YEAR, "so_nganh", SO_NGANH)
    b.scores(YEAR, 1, "U-1", {"1.1.1": Leaf(4, 3, evidence=0, note=NOTE),
                              "1.1.2": Leaf(6, 6, explanation=None), "1.2": Leaf(10, 10),
                              "2.1.1": Leaf(16, 16), "2.1.2": Leaf(34, 30, note="\x07Bớt"),
                              "8.1": Leaf(None, 20)})  # fmt: skip
    b.scores(YEAR, 1, "U-2", {"1.1.1": Leaf(4, None), "1.1.2": Leaf(6, 5), "1.2": Leaf(10, 9),
                              "2.1.1": Leaf(16, 16), "2.1.2": Leaf(34, 34),
                              "8.1": Leaf(None, 20)})  # fmt: skip
    b.round(YEAR, 1, datetime(2023, 10, 30, 7, 30), datetime(2023, 11, 10, 17, 0))
    b.round(YEAR, 2, None, datetime(2023, 12, 4, 17, 0))  # scheduled, opening not announced
    yield engine
    engine.dispose()


def test_names_and_notes_are_printed_as_text(hostile: Engine, tmp_path: Path) -> None:
    view = View(YEAR, 1)
    body = notice.build_notice(hostile, view, "U-1", "docx", ISSUED)
    xml = docx_xml(body)
    assert "&lt;b&gt;x&lt;/b&gt; =1+1" in xml and "<b>x</b>" not in xml
    assert "&lt;script&gt;" in xml and "<script>" not in xml
    assert xml.count("<w:instrText") == 2 and "fldSimple" not in xml  # the page numbers only
    rows = findings_rows(body)
    assert rows[1][3] == NOTE and rows[-1][3] == "Bớt"  # a control character is dropped
    assert f"Kính gửi: {HOSTILE}." in docx_text(body)
    (tmp_path / "n.pdf").write_bytes(notice.build_notice(hostile, view, "U-1", "pdf", ISSUED))
    text = pdf_text(tmp_path / "n.pdf")
    assert f"Kính gửi: {HOSTILE}." in text
    assert "".join(NOTE.split()) in "".join(text.split())  # a long word is broken in its cell
    assert "Sở Y tế" not in text and "Sở Y tế" not in xml


def test_a_unit_not_fully_appraised_and_a_round_not_announced(hostile: Engine) -> None:
    text = docx_text(notice.build_notice(hostile, View(YEAR, 1), "U-2", "docx", ISSUED))
    row = queries.stake_ranking(hostile, YEAR, 1).set_index("unit_code").loc["U-2"]
    assert row["scored_leaves"] < row["applicable_leaves"]
    done = f"đã thẩm định {row['scored_leaves']}/{row['applicable_leaves']} tiêu chí thành phần"
    assert done in text
    assert "chưa được xếp hạng trong nhóm" in text
    assert "mở lúc (chưa công bố) và tự động khóa lúc 04/12/2023 17:00" in text
    assert "chưa xác định hạng nếu bổ sung đủ" in text or "bổ sung đủ: 0 điểm" in text


# --- downloads on the two-province warehouse ---------------------------------------------------


def _query(round_: int = 2, **extra: str) -> str:
    return "?" + "&".join(f"{k}={v}" for k, v in {"year": YEAR, "round": round_, **extra}.items())


def _zip_names(body: bytes) -> set[str]:
    return set(zipfile.ZipFile(io.BytesIO(body)).namelist())


def test_a_unit_gets_its_own_notice_and_nothing_else(sqlite_url, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client = client_for(sqlite_url, DON_VI, monkeypatch)
    own = client.get(notice_path(ME, "pdf") + _query())
    assert own.status_code == 200, own.get_data(as_text=True)
    assert own.headers["Content-Type"] == "application/pdf"
    assert own.headers["Content-Disposition"] == (
        f'attachment; filename="thong-bao-cchc-2023-lan2-{ME}.pdf"'
    )
    (tmp_path / "own.pdf").write_bytes(own.data)
    text = pdf_text(tmp_path / "own.pdf")
    assert "Kính gửi: Sở Nội vụ Sóc Trăng." in text and "Nhận xét Sở Nội vụ Sóc Trăng" in text
    assert not leaks(text.encode("utf-8"), DON_VI)
    word = client.get(notice_path(ME, "docx") + _query(1))
    assert word.status_code == 200 and not leaks(docx_xml(word.data).encode("utf-8"), DON_VI)
    refused = []
    for other in [*sorted(_codes() - {ME}), "KHONG-CO"]:
        answer = client.get(notice_path(other, "pdf") + _query())
        assert answer.status_code == 403, other
        assert "không được tải" in answer.get_data(as_text=True)
        assert not leaks(answer.get_data(), DON_VI) and other.encode() not in answer.get_data()
        refused.append(notice_path(other, "pdf"))
    assert len(refused) == 9  # the eight other units and one that does not exist
    assert client.get(notices_path() + _query()).status_code == 403
    engine = get_engine(sqlite_url)
    try:
        events = audit.events(engine, username=DON_VI.username, action="export", limit=5000)
    finally:
        engine.dispose()
    for path in (notice_path(ME, "pdf"), *refused):
        outcomes = set(events.loc[events["target"] == path, "outcome"])
        assert outcomes == ({"ok"} if path == notice_path(ME, "pdf") else {"refused"}), path


def test_a_leader_gets_the_notices_of_the_scope_in_one_zip(sqlite_url, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    client = client_for(sqlite_url, LEADER_BL, monkeypatch)
    mine = sorted(codes_of(LEADER_BL))
    answer = client.get(notices_path() + _query())
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.headers["Content-Disposition"] == (
        'attachment; filename="thong-bao-cchc-2023-lan2.zip"'
    )
    view = View(YEAR, 2)
    assert _zip_names(answer.data) == {notice.notice_filename(view, code, fmt) for code in mine
                                       for fmt in ("pdf", "docx")}  # fmt: skip
    archive = zipfile.ZipFile(io.BytesIO(answer.data))
    for name in archive.namelist():
        if name.endswith(".docx"):
            assert not leaks(docx_xml(archive.read(name)).encode("utf-8"), LEADER_BL), name
    assert client.get(notice_path(mine[0], "docx") + _query()).status_code == 200
    assert client.get(notice_path(ME, "docx") + _query()).status_code == 403  # Sóc Trăng's

    client = client_for(sqlite_url, ANALYST_ST, monkeypatch)
    huyen = client.get(notices_path() + _query(group="huyen", lang="en"))
    assert huyen.status_code == 200
    assert _zip_names(huyen.data) == {
        f"par-notice-2023-round2-{code}.{fmt}" for code in ("ST-KESACH", "ST-VINHCHAU")
        for fmt in ("pdf", "docx")
    }  # fmt: skip

    client = client_for(sqlite_url, LEADER, monkeypatch)
    unknown = client.get(notice_path("KHONG-CO", "pdf") + _query())
    assert unknown.status_code == 404 and b"KHONG-CO" not in unknown.data


def test_the_cli_writes_one_zip(sqlite_url: str, tmp_path: Path) -> None:
    out = tmp_path / "thong-bao.zip"
    errors = io.StringIO()
    with redirect_stderr(errors):
        assert main(["export", "notices", "--year", "2023", "--round", "2", "--out", str(out),
                     "--db", sqlite_url]) == 0  # fmt: skip
    names = _zip_names(out.read_bytes())
    assert len(names) == 18 and list(tmp_path.iterdir()) == [out]
    assert len(errors.getvalue().strip().splitlines()) == 9
