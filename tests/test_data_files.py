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

from demo.csvfiles import read_records
from demo.framework import build_frameworks, read_framework_csv
from etl import kinds
from tests.conftest import REPO, SHARED

DATA = REPO / "data"
FRAMEWORKS = sorted((DATA / "frameworks").glob("framework_*.csv"))
# group -> (fields, appraised points, survey points)
DESIGN = {
    "so_nganh": (8, Decimal(80), Decimal(20)),
    "huyen": (9, Decimal(80), Decimal(20)),
    "trung_uong": (5, Decimal(40), Decimal(20)),
    "su_nghiep": (6, Decimal(60), Decimal(20)),
}


def _records(path: Path, kind: str) -> list[dict[str, str]]:
    """The rows of a CSV file of ``kind``, by column key (``unit_code``)."""
    return read_records(path, kinds.KINDS[kind].layout)


def _trees() -> dict[tuple[str, str], list[dict[str, str]]]:
    trees: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for path in FRAMEWORKS:
        for record in _records(path, "framework"):
            trees[(record["year"], record["group"])].append(record)
    return trees


def test_one_framework_per_year_with_every_group() -> None:
    assert [p.name for p in FRAMEWORKS] == [
        "framework_2021.csv",
        "framework_2022.csv",
        "framework_2023.csv",
    ]
    for path in FRAMEWORKS:
        with path.open(encoding="utf-8", newline="") as handle:
            assert tuple(next(csv.reader(handle))) == kinds.framework.HEADERS
        records = _records(path, "framework")
        assert {r["year"] for r in records} == {path.stem.split("_")[1]}
        assert {r["group"] for r in records} == set(DESIGN)


@pytest.mark.parametrize("key", sorted(_trees()), ids="-".join)
def test_parent_maximum_is_exactly_the_sum_of_its_children(key: tuple[str, str]) -> None:
    rows = _trees()[key]
    codes = [r["criterion_code"] for r in rows]
    assert len(codes) == len(set(codes)), "duplicate criterion codes"
    children: dict[str, list[Decimal]] = defaultdict(list)
    for row in rows:
        parent = row["parent_code"]
        if parent:
            assert parent in codes
            assert row["criterion_code"].startswith(parent + ".")
            children[parent].append(Decimal(row["max_points"]))
        else:
            assert "." not in row["criterion_code"]
    assert children, "a framework without sub-criteria"
    for row in rows:
        if row["criterion_code"] in children:
            assert sum(children[row["criterion_code"]]) == Decimal(row["max_points"]), row
            assert row["evidence_required"] == "0"


@pytest.mark.parametrize("key", sorted(_trees()), ids="-".join)
def test_group_totals_fields_and_survey_part_as_designed(key: tuple[str, str]) -> None:
    rows = _trees()[key]
    fields, appraised, survey = DESIGN[key[1]]
    parents = {r["parent_code"] for r in rows}
    leaves = [r for r in rows if r["criterion_code"] not in parents]
    top = [r for r in rows if not r["parent_code"]]
    assert len(top) == fields
    by_method: defaultdict[str, Decimal] = defaultdict(Decimal)
    for leaf in leaves:
        points = Decimal(leaf["max_points"])
        assert points > 0 and (points * 4) % 1 == 0, "points move in quarter steps"
        by_method[leaf["method"]] += points
    assert by_method["self"] == appraised
    assert by_method["survey"] == survey
    assert 20 <= by_method["survey"] <= 30
    assert sum(Decimal(r["max_points"]) for r in top) == appraised + survey
    # The survey field is the last one; its leaves need no evidence document.
    assert top[-1]["method"] == "survey"
    assert top[-1]["name"] == "Tác động của cải cách hành chính"
    for leaf in leaves:
        if leaf["method"] == "survey":
            assert leaf["evidence_required"] == "0"
            assert leaf["criterion_code"].startswith(top[-1]["criterion_code"] + ".")
    criteria = [r for r in rows if r["criterion_code"].count(".") == 1]
    if key[1] in {"so_nganh", "huyen"}:
        assert 35 <= len(criteria) <= 45
        assert 70 <= len(leaves) <= 90
    if key[1] == "trung_uong":
        assert 20 <= len(criteria) <= 24


def test_framework_changes_between_years_are_real() -> None:
    trees = _trees()

    def shape(year: str, group: str) -> set[tuple[str, str, str]]:
        return {(r["criterion_code"], r["name"], r["max_points"]) for r in trees[(year, group)]}

    for group in DESIGN:
        assert shape("2022", group) != shape("2023", group)
    assert shape("2021", "so_nganh") != shape("2022", "so_nganh")
    new_2023 = {r["name"] for r in trees[("2023", "so_nganh")]} - {
        r["name"] for r in trees[("2022", "so_nganh")]
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
    records = _records(DATA / "units.csv", "units")
    with (DATA / "units.csv").open(encoding="utf-8", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == kinds.units.HEADERS
    assert Counter(r["group"] for r in records) == {
        "so_nganh": 20,
        "trung_uong": 7,
        "su_nghiep": 3,
        "huyen": 11,
    }
    assert {r["province"] for r in records} == {"Sóc Trăng"}
    codes = [r["unit_code"] for r in records]
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"ST-[A-Z0-9]+(-[A-Z0-9]+)*", c) for c in codes)
    names = [r["unit_name"] for r in records]
    assert len(set(names)) == len(names)
    assert {"Sở Nội vụ", "Ban Dân tộc", "Huyện Kế Sách", "Thị xã Vĩnh Châu"} <= set(names)


def test_unit_names_are_those_of_the_domain_notes() -> None:
    domain = _domain_text()
    for record in _records(DATA / "units.csv", "units"):
        assert record["unit_name"] in domain, record


def test_rounds_cover_2021_to_2023_with_the_published_2023_round_2() -> None:
    records = _records(DATA / "rounds.csv", "rounds")
    assert [(r["year"], r["round"]) for r in records] == [
        (str(y), str(n)) for y in (2021, 2022, 2023) for n in (1, 2)
    ]
    moments = [
        (
            dt.datetime.strptime(r["opens_at"], "%d/%m/%Y %H:%M"),
            dt.datetime.strptime(r["locks_at"], "%d/%m/%Y %H:%M"),
        )
        for r in records
    ]
    for opens, locks in moments:
        assert opens < locks
    for (_, locks), (following, _) in itertools.pairwise(moments):
        assert locks < following
    assert records[-1] == {
        "year": "2023",
        "round": "2",
        "opens_at": "28/11/2023 07:30",
        "locks_at": "04/12/2023 17:00",
    }


@pytest.mark.parametrize(
    "path", [DATA / "units.csv", DATA / "rounds.csv", *FRAMEWORKS], ids=lambda p: p.name
)
def test_reference_files_are_utf8_nfc_without_bom(path: Path) -> None:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8")
    assert unicodedata.normalize("NFC", text) == text
