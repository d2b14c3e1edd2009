"""The demo's reference data and the seeded story both demo scales share.

Reads the shipped reference files (``data/units.csv``, ``data/rounds.csv``,
``data/frameworks/``), turns a framework into the leaves the score model needs, and
draws each unit's ability per year (a leader and a laggard in every group, a drift
upward over the years) and its submission time in each round.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from demo.csvfiles import read_records, write_csv
from demo.framework import FrameworkRow, read_framework_csv
from demo.model import LeafScore, LeafSpec, UnitYear, score_unit_year
from etl import kinds

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
UNITS_FILE = DATA_DIR / "units.csv"
ROUNDS_FILE = DATA_DIR / "rounds.csv"
FRAMEWORKS_DIR = DATA_DIR / "frameworks"
TIME_FORMAT = "%d/%m/%Y %H:%M"

# Criteria a unit without administrative procedures does not handle (Ban Dân tộc).
NOT_APPLICABLE_CRITERIA = frozenset(
    {
        "Thực hiện cơ chế một cửa, một cửa liên thông",
        "Kết quả giải quyết hồ sơ thủ tục hành chính",
        "Cung cấp dịch vụ công trực tuyến",
        "Thanh toán trực tuyến",
    }
)
NOT_APPLICABLE_UNITS = frozenset({"Ban Dân tộc"})


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    group: str
    province: str


@dataclass(frozen=True)
class Round:
    year: int
    round: int
    opens_at: dt.datetime
    locks_at: dt.datetime


def read_units(path: Path = UNITS_FILE) -> list[Unit]:
    return [
        Unit(r["unit_code"], r["unit_name"], r["group"], r["province"])
        for r in read_records(path, kinds.units.LAYOUT)
    ]


def write_units_csv(path: Path, units: Iterable[Unit]) -> Path:
    return write_csv(
        path, kinds.units.HEADERS, ((u.code, u.name, u.group, u.province) for u in units)
    )


def read_rounds(path: Path = ROUNDS_FILE) -> list[Round]:
    return [
        Round(
            int(r["year"]),
            int(r["round"]),
            dt.datetime.strptime(r["opens_at"], TIME_FORMAT),
            dt.datetime.strptime(r["locks_at"], TIME_FORMAT),
        )
        for r in read_records(path, kinds.rounds.LAYOUT)
    ]


def write_rounds_csv(path: Path, rounds: Iterable[Round]) -> Path:
    return write_csv(
        path,
        kinds.rounds.HEADERS,
        (
            (r.year, r.round, r.opens_at.strftime(TIME_FORMAT), r.locks_at.strftime(TIME_FORMAT))
            for r in rounds
        ),
    )


def framework_files(directory: Path = FRAMEWORKS_DIR) -> list[Path]:
    return sorted(directory.glob("framework_*.csv"))


def read_frameworks(paths: Iterable[Path]) -> dict[tuple[int, str], list[FrameworkRow]]:
    """Framework rows by (year, group), in file order."""
    trees: dict[tuple[int, str], list[FrameworkRow]] = defaultdict(list)
    for path in paths:
        for row in read_framework_csv(path):
            trees[(row.year, row.group)].append(row)
    return dict(trees)


def leaf_specs(framework: Sequence[FrameworkRow]) -> list[LeafSpec]:
    parents = {row.parent_code for row in framework if row.parent_code}
    return [
        LeafSpec(
            code=row.code,
            name=row.name,
            max_points=int(row.max_points * 100),
            evidence_required=row.evidence_required,
            survey=row.method == "survey",
        )
        for row in framework
        if row.code not in parents
    ]


def not_applicable_leaves(framework: Sequence[FrameworkRow]) -> frozenset[str]:
    """Leaves under the criteria a unit without administrative procedures does not handle."""
    roots = {row.code for row in framework if row.name in NOT_APPLICABLE_CRITERIA}
    return frozenset(
        leaf.code
        for leaf in leaf_specs(framework)
        if any(leaf.code == root or leaf.code.startswith(root + ".") for root in roots)
    )


def _clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def unit_years(
    units: Sequence[Unit], years: Sequence[int], seed: str
) -> dict[tuple[str, int], tuple[float, float]]:
    """(ability, survey level) per unit and year.

    Within each group the strongest unit is lifted and the weakest pushed down so every
    group has a clear leader and laggard; abilities drift upward over the years.
    """
    by_group: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        by_group[unit.group].append(unit)
    drivers: dict[tuple[str, int], tuple[float, float]] = {}
    for group, members in sorted(by_group.items()):
        rng = random.Random(f"{seed}:profile:{group}")
        base = {u.code: rng.uniform(0.76, 0.9) for u in members}
        slope = {u.code: rng.uniform(-0.006, 0.03) for u in members}
        ordered = sorted(base, key=base.__getitem__)
        base[ordered[-1]] += 0.04
        base[ordered[0]] -= 0.05
        for unit in members:
            for step, year in enumerate(years):
                ability = _clamp(
                    base[unit.code] + slope[unit.code] * step + rng.gauss(0, 0.012), 0.5, 0.96
                )
                survey = _clamp(0.84 + 0.5 * (ability - 0.8) + rng.gauss(0, 0.025), 0.68, 0.97)
                drivers[(unit.code, year)] = (ability, survey)
    return drivers


def unit_year(
    unit: Unit,
    framework: Sequence[FrameworkRow],
    drivers: tuple[float, float],
) -> UnitYear:
    ability, survey = drivers
    not_applicable = (
        not_applicable_leaves(framework) if unit.name in NOT_APPLICABLE_UNITS else frozenset()
    )
    return UnitYear(unit.code, ability, survey, not_applicable)


def score_year(
    unit: Unit,
    framework: Sequence[FrameworkRow],
    year: int,
    drivers: Mapping[tuple[str, int], tuple[float, float]],
    seed: object,
    leaves: Sequence[LeafSpec] | None = None,
) -> tuple[list[LeafScore], list[LeafScore]]:
    """Round 1 and round 2 of ``unit`` in ``year``: one model and one seed at both scales.

    ``drivers``: :func:`unit_years`; ``leaves``: the framework's :func:`leaf_specs`, when the
    caller has them already.
    """
    return score_unit_year(
        leaf_specs(framework) if leaves is None else leaves,
        unit_year(unit, framework, drivers[(unit.code, year)]),
        year,
        f"{seed}:{unit.code}:{year}",
    )


def sent_time(rng: random.Random, round_: Round, *, late: bool = False) -> dt.datetime:
    """When a unit pressed "GỬI": office hours in the last days before the lock (or after)."""
    if late:
        day = round_.locks_at.date() + dt.timedelta(days=rng.randint(1, 2))
        return dt.datetime.combine(day, dt.time(rng.randint(7, 10), rng.randint(0, 59)))
    for _ in range(100):
        day = round_.locks_at.date() - dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3, 4)))
        moment = dt.datetime.combine(day, dt.time(rng.randint(7, 16), rng.randint(0, 59)))
        if round_.opens_at <= moment <= round_.locks_at and moment.weekday() < 5:
            return moment
    return round_.locks_at - dt.timedelta(hours=1)
