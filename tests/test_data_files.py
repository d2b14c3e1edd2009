"""The shipped reference data: frameworks, the demo province's units, the rounds."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from etl.demo_framework import build_frameworks, read_framework_csv
from tests.conftest import REPO, SHARED

DATA = REPO / "data"
FRAMEWORKS = sorted((DATA / "frameworks").glob("framework_*.csv"))
FRAMEWORK_HEADERS = [
    "Năm",
    "Nhóm",
    "Mã tiêu chí",
    "Mã cha",
    "Tên tiêu chí",
    "Điểm tối đa",
    "Yêu cầu TLKC",
    "Phương thức",
]
# group -> (fields, appraised points, survey points)
DESIGN = {
    "so_nganh": (8, Decimal(80), Decimal(20)),
    "huyen": (9, Decimal(80), Decimal(20)),
    "trung_uong": (5, Decimal(40), Decimal(20)),
    "su_nghiep": (6, Decimal(60), Decimal(20)),
}


def _records(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _trees() -> dict[tuple[str, str], list[dict[str, str]]]:
    trees: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for path in FRAMEWORKS:
        for record in _records(path):
            trees[(record["Năm"], record["Nhóm"])].append(record)
    return trees


def test_one_framework_per_year_with_every_group() -> None:
    assert [p.name for p in FRAMEWORKS] == [
        "framework_2021.csv",
        "framework_2022.csv",
        "framework_2023.csv",
    ]
    for path in FRAMEWORKS:
        with path.open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == FRAMEWORK_HEADERS
        records = _records(path)
        assert {r["Năm"] for r in records} == {path.stem.split("_")[1]}
        assert {r["Nhóm"] for r in records} == set(DESIGN)


@pytest.mark.parametrize("key", sorted(_trees()), ids="-".join)
def test_parent_maximum_is_exactly_the_sum_of_its_children(key: tuple[str, str]) -> None:
    rows = _trees()[key]
    codes = [r["Mã tiêu chí"] for r in rows]
    assert len(codes) == len(set(codes)), "duplicate criterion codes"
    children: dict[str, list[Decimal]] = defaultdict(list)
    for row in rows:
        parent = row["Mã cha"]
        if parent:
            assert parent in codes
            assert row["Mã tiêu chí"].startswith(parent + ".")
            children[parent].append(Decimal(row["Điểm tối đa"]))
        else:
            assert "." not in row["Mã tiêu chí"]
    assert children, "a framework without sub-criteria"
    for row in rows:
        if row["Mã tiêu chí"] in children:
            assert sum(children[row["Mã tiêu chí"]]) == Decimal(row["Điểm tối đa"]), row
            assert row["Yêu cầu TLKC"] == "0"


@pytest.mark.parametrize("key", sorted(_trees()), ids="-".join)
def test_group_totals_fields_and_survey_part_as_designed(key: tuple[str, str]) -> None:
    rows = _trees()[key]
    fields, appraised, survey = DESIGN[key[1]]
    parents = {r["Mã cha"] for r in rows}
    leaves = [r for r in rows if r["Mã tiêu chí"] not in parents]
    top = [r for r in rows if not r["Mã cha"]]
    assert len(top) == fields
    by_method: defaultdict[str, Decimal] = defaultdict(Decimal)
    for leaf in leaves:
        points = Decimal(leaf["Điểm tối đa"])
        assert points > 0 and (points * 4) % 1 == 0, "points move in quarter steps"
        by_method[leaf["Phương thức"]] += points
    assert by_method["self"] == appraised
    assert by_method["survey"] == survey
    assert 20 <= by_method["survey"] <= 30
    assert sum(Decimal(r["Điểm tối đa"]) for r in top) == appraised + survey
    # The survey field is the last one; its leaves need no evidence document.
    assert top[-1]["Phương thức"] == "survey"
    assert top[-1]["Tên tiêu chí"] == "Tác động của cải cách hành chính"
    for leaf in leaves:
        if leaf["Phương thức"] == "survey":
            assert leaf["Yêu cầu TLKC"] == "0"
            assert leaf["Mã tiêu chí"].startswith(top[-1]["Mã tiêu chí"] + ".")
    criteria = [r for r in rows if r["Mã tiêu chí"].count(".") == 1]
    if key[1] in {"so_nganh", "huyen"}:
        assert 35 <= len(criteria) <= 45
        assert 70 <= len(leaves) <= 90
    if key[1] == "trung_uong":
        assert 20 <= len(criteria) <= 24


def test_framework_changes_between_years_are_real() -> None:
    trees = _trees()

    def shape(year: str, group: str) -> set[tuple[str, str, str]]:
        return {
            (r["Mã tiêu chí"], r["Tên tiêu chí"], r["Điểm tối đa"]) for r in trees[(year, group)]
        }

    for group in DESIGN:
        assert shape("2022", group) != shape("2023", group)
    assert shape("2021", "so_nganh") != shape("2022", "so_nganh")
    new_2023 = {r["Tên tiêu chí"] for r in trees[("2023", "so_nganh")]} - {
        r["Tên tiêu chí"] for r in trees[("2022", "so_nganh")]
    }
    assert "Thanh toán trực tuyến" in new_2023


def test_committed_frameworks_are_the_generator_output() -> None:
    for path in FRAMEWORKS:
        year = int(path.stem.split("_")[1])
        assert read_framework_csv(path) == build_frameworks(year)


def _domain_text() -> str:
    path = SHARED / "domain.md"
    if not path.is_file():
        pytest.skip("domain.md is not next to the repository")
    return re.sub(r"\s+", " ", path.read_text(encoding="utf-8"))


def test_units_are_soc_trang_real_units_in_four_groups() -> None:
    records = _records(DATA / "units.csv")
    with (DATA / "units.csv").open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == ["Mã đơn vị", "Tên đơn vị", "Nhóm", "Tỉnh"]
    assert Counter(r["Nhóm"] for r in records) == {
        "so_nganh": 20,
        "trung_uong": 7,
        "su_nghiep": 3,
        "huyen": 11,
    }
    assert {r["Tỉnh"] for r in records} == {"Sóc Trăng"}
    codes = [r["Mã đơn vị"] for r in records]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"ST-[A-Z0-9]+(-[A-Z0-9]+)*", c) for c in codes)
    names = [r["Tên đơn vị"] for r in records]
    assert len(set(names)) == len(names)
    assert {"Sở Nội vụ", "Ban Dân tộc", "Huyện Kế Sách", "Thị xã Vĩnh Châu"} <= set(names)


def test_unit_names_are_those_of_the_domain_notes() -> None:
    domain = _domain_text()
    for record in _records(DATA / "units.csv"):
        assert record["Tên đơn vị"] in domain, record


def test_rounds_cover_2021_to_2023_with_the_published_2023_round_2() -> None:
    records = _records(DATA / "rounds.csv")
    assert [(r["Năm"], r["Lần"]) for r in records] == [
        (str(y), str(n)) for y in (2021, 2022, 2023) for n in (1, 2)
    ]
    moments = [
        (
            dt.datetime.strptime(r["Bắt đầu"], "%d/%m/%Y %H:%M"),
            dt.datetime.strptime(r["Khóa"], "%d/%m/%Y %H:%M"),
        )
        for r in records
    ]
    for opens, locks in moments:
        assert opens < locks
    for (_, locks), (following, _) in itertools.pairwise(moments):
        assert locks < following
    assert records[-1] == {
        "Năm": "2023",
        "Lần": "2",
        "Bắt đầu": "28/11/2023 07:30",
        "Khóa": "04/12/2023 17:00",
    }


@pytest.mark.parametrize(
    "path", [DATA / "units.csv", DATA / "rounds.csv", *FRAMEWORKS], ids=lambda p: p.name
)
def test_reference_files_are_utf8_nfc_without_bom(path: Path) -> None:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert unicodedata.normalize("NFC", text) == text
