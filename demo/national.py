"""National-scale demo: 63 provinces × ~45 units × 2019–2023 as long score tables.

Every province gets the demo province's departments, central agencies and public service
units, plus 8–20 district-level units (Sóc Trăng keeps its real districts), scored with the
same model as the province scale.  Written with the ``csv`` module, one scores file per
province and year (``Năm, Lần, Mã đơn vị, Mã tiêu chí, Điểm tự chấm, …``), a national units
file, the frameworks and rounds of 2019–2023 (2019 and 2020 reuse the 2021 set), and one
submissions file per year and round.  Deterministic for a given seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from demo.csvfiles import write_csv
from demo.data import (
    ROUNDS_FILE,
    UNITS_FILE,
    Unit,
    framework_files,
    leaf_specs,
    read_frameworks,
    read_rounds,
    read_units,
    score_year,
    sent_time,
    unit_years,
    write_rounds_csv,
    write_units_csv,
)
from demo.framework import FrameworkRow, framework_path, write_framework_csv
from demo.model import LeafScore, format_hundredths
from demo.workbook import NOT_APPLICABLE_TEXT, Submission, write_submissions_csv
from etl import kinds

NATIONAL_YEARS = (2019, 2020, 2021, 2022, 2023)
UNSENT_SHARE = 0.04  # units that have not sent the latest round yet
DEMO_PROVINCE = "Sóc Trăng"

# The 63 provinces and centrally-run cities (before the 2025 merger), by statistical code.
PROVINCES: tuple[tuple[str, str], ...] = (
    ("01", "Hà Nội"), ("02", "Hà Giang"), ("04", "Cao Bằng"), ("06", "Bắc Kạn"),
    ("08", "Tuyên Quang"), ("10", "Lào Cai"), ("11", "Điện Biên"), ("12", "Lai Châu"),
    ("14", "Sơn La"), ("15", "Yên Bái"), ("17", "Hòa Bình"), ("19", "Thái Nguyên"),
    ("20", "Lạng Sơn"), ("22", "Quảng Ninh"), ("24", "Bắc Giang"), ("25", "Phú Thọ"),
    ("26", "Vĩnh Phúc"), ("27", "Bắc Ninh"), ("30", "Hải Dương"), ("31", "Hải Phòng"),
    ("33", "Hưng Yên"), ("34", "Thái Bình"), ("35", "Hà Nam"), ("36", "Nam Định"),
    ("37", "Ninh Bình"), ("38", "Thanh Hóa"), ("40", "Nghệ An"), ("42", "Hà Tĩnh"),
    ("44", "Quảng Bình"), ("45", "Quảng Trị"), ("46", "Thừa Thiên Huế"), ("48", "Đà Nẵng"),
    ("49", "Quảng Nam"), ("51", "Quảng Ngãi"), ("52", "Bình Định"), ("54", "Phú Yên"),
    ("56", "Khánh Hòa"), ("58", "Ninh Thuận"), ("60", "Bình Thuận"), ("62", "Kon Tum"),
    ("64", "Gia Lai"), ("66", "Đắk Lắk"), ("67", "Đắk Nông"), ("68", "Lâm Đồng"),
    ("70", "Bình Phước"), ("72", "Tây Ninh"), ("74", "Bình Dương"), ("75", "Đồng Nai"),
    ("77", "Bà Rịa - Vũng Tàu"), ("79", "Thành phố Hồ Chí Minh"), ("80", "Long An"),
    ("82", "Tiền Giang"), ("83", "Bến Tre"), ("84", "Trà Vinh"), ("86", "Vĩnh Long"),
    ("87", "Đồng Tháp"), ("89", "An Giang"), ("91", "Kiên Giang"), ("92", "Cần Thơ"),
    ("93", "Hậu Giang"), ("94", "Sóc Trăng"), ("95", "Bạc Liêu"), ("96", "Cà Mau"),
)  # fmt: skip


def province_units(
    template: Sequence[Unit], code: str, name: str, rng: random.Random
) -> list[Unit]:
    """A province's units, modelled on the demo province's list."""
    prefix = f"P{code}-"
    units = [
        Unit(
            prefix + unit.code.removeprefix("ST-"),
            unit.name.replace(DEMO_PROVINCE, name),
            unit.group,
            name,
        )
        for unit in template
        if unit.group != "huyen" or name == DEMO_PROVINCE
    ]
    if name != DEMO_PROVINCE:
        units += [
            Unit(f"{prefix}H-{i:02d}", f"Đơn vị cấp huyện số {i:02d}", "huyen", name)
            for i in range(1, rng.randint(8, 20) + 1)
        ]
    return units


def _score_cells(score: LeafScore) -> tuple[str, str, str]:
    if not score.applicable:
        return NOT_APPLICABLE_TEXT, NOT_APPLICABLE_TEXT, ""
    return (
        "" if score.self_score is None else format_hundredths(score.self_score),
        "" if score.appraised is None else format_hundredths(score.appraised),
        "" if score.evidence is None else str(score.evidence),
    )


def _score_rows(
    year: int, round_: int, unit_code: str, scores: Iterable[LeafScore]
) -> Iterator[tuple[object, ...]]:
    for score in scores:
        self_cell, appraised_cell, evidence_cell = _score_cells(score)
        yield (
            year,
            round_,
            unit_code,
            score.code,
            self_cell,
            appraised_cell,
            evidence_cell,
            score.explanation,
            score.note,
        )


def write_province_scores(
    path: Path,
    units: Sequence[Unit],
    frameworks: dict[tuple[int, str], list[FrameworkRow]],
    year: int,
    drivers: dict[tuple[str, int], tuple[float, float]],
    unsent: set[str],
    seed: str,
) -> Path:
    """One province's scores file for one year (both rounds)."""
    specs = {group: leaf_specs(frameworks[(year, group)]) for group in {u.group for u in units}}

    def rows() -> Iterator[tuple[object, ...]]:
        for unit in units:
            framework = frameworks[(year, unit.group)]
            first, second = score_year(unit, framework, year, drivers, seed, specs[unit.group])
            yield from _score_rows(year, 1, unit.code, first)
            if unit.code not in unsent:
                yield from _score_rows(year, 2, unit.code, second)

    return write_csv(path, kinds.scores.HEADERS, rows())


def _national_frameworks() -> dict[tuple[int, str], list[FrameworkRow]]:
    shipped = read_frameworks(framework_files())
    frameworks = dict(shipped)
    earliest = min(year for year, _ in shipped)
    for year in NATIONAL_YEARS:
        for (source_year, group), rows in shipped.items():
            if source_year == earliest and year < earliest:
                frameworks[(year, group)] = [replace(r, year=year) for r in rows]
    return {key: rows for key, rows in frameworks.items() if key[0] in NATIONAL_YEARS}


def write_national(out_dir: Path, *, seed: int = 2023, provinces: int | None = None) -> list[Path]:
    """Write the national demo under ``out_dir / "national"``; the files in load order."""
    base = out_dir / "national"
    template = read_units(UNITS_FILE)
    chosen = PROVINCES[:provinces] if provinces is not None else PROVINCES
    rng = random.Random(f"{seed}:national")
    by_province = {code: province_units(template, code, name, rng) for code, name in chosen}
    all_units = [unit for units in by_province.values() for unit in units]

    frameworks = _national_frameworks()
    shipped_rounds = read_rounds(ROUNDS_FILE)
    earliest = min(r.year for r in shipped_rounds)
    rounds = [
        replace(
            r,
            year=year,
            opens_at=r.opens_at.replace(year=year),
            locks_at=r.locks_at.replace(year=year),
        )
        for year in NATIONAL_YEARS
        if year < earliest
        for r in shipped_rounds
        if r.year == earliest
    ] + [r for r in shipped_rounds if r.year in NATIONAL_YEARS]
    latest = max((r.year, r.round) for r in rounds)
    unsent = {u.code for u in all_units if rng.random() < UNSENT_SHARE}

    paths = [write_units_csv(base / "units_national.csv", all_units)]
    for year in NATIONAL_YEARS:
        rows = [row for (y, _), group_rows in frameworks.items() if y == year for row in group_rows]
        paths.append(write_framework_csv(framework_path(base / "frameworks", year), rows))
    paths.append(write_rounds_csv(base / "rounds.csv", rounds))
    for code, units in by_province.items():
        drivers = unit_years(units, NATIONAL_YEARS, f"{seed}:{code}")
        for year in NATIONAL_YEARS:
            paths.append(
                write_province_scores(
                    base / "scores" / f"diem_{code}_{year}.csv",
                    units,
                    frameworks,
                    year,
                    drivers,
                    unsent if year == latest[0] else set(),
                    str(seed),
                )
            )
    for round_ in rounds:
        is_latest = (round_.year, round_.round) == latest
        items = [
            Submission(round_.year, round_.round, u.code, None, False, False)
            if is_latest and u.code in unsent
            else Submission(round_.year, round_.round, u.code, sent_time(rng, round_), True, True)
            for u in all_units
        ]
        paths.append(
            write_submissions_csv(base / f"submissions_{round_.year}_lan{round_.round}.csv", items)
        )
    return paths
