"""Province-scale demo (Sóc Trăng, 2021–2023, rounds 1 and 2): the exports its units send.

One unit workbook per unit and round, plus one submissions file per round.  The latest
round (2023, round 2) is not yet sent by three units and was sent late by one; two units
of one group end 2023 with exactly the same index.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

from demo.data import (
    ROUNDS_FILE,
    UNITS_FILE,
    Round,
    Unit,
    framework_files,
    leaf_specs,
    read_frameworks,
    read_rounds,
    read_units,
    score_year,
    sent_time,
    unit_years,
)
from demo.framework import FrameworkRow
from demo.model import LeafScore, LeafSpec, points
from demo.workbook import Submission, write_submissions_csv, write_unit_workbook

PROVINCE_YEARS = (2021, 2022, 2023)
ROUNDS = (1, 2)
LATEST = (2023, 2)
UNSENT_LATEST = frozenset({"ST-SNGV", "ST-TW-CTK", "ST-H-CULAODUNG"})
LATE_LATEST = "ST-H-TRANDE"
TIE_GROUP = "trung_uong"  # two of its units end 2023 with exactly the same index

Results = dict[tuple[int, int, str], list[LeafScore]]


def province_results(
    units: Sequence[Unit],
    frameworks: Mapping[tuple[int, str], Sequence[FrameworkRow]],
    years: Sequence[int],
    seed: int,
) -> Results:
    """Every unit's leaf results, keyed by (year, round, unit code)."""
    drivers = unit_years(units, years, str(seed))
    results: Results = {}
    for year in years:
        for unit in units:
            first, second = score_year(unit, frameworks[(year, unit.group)], year, drivers, seed)
            results[(year, 1, unit.code)] = first
            results[(year, 2, unit.code)] = second
    return results


def tie_adjustment(
    finals: Mapping[str, Sequence[LeafScore]], leaves: Sequence[LeafSpec]
) -> tuple[str, str, int] | None:
    """(unit kept, unit adjusted, hundredths to add to the adjusted unit's last survey leaf).

    Picks the two mid-table units whose final appraised points are closest, so a small shift
    of one survey result makes their indices exactly equal.  None when no shift fits.
    """
    survey = [leaf for leaf in leaves if leaf.survey]
    if not survey:
        return None
    last = survey[-1]
    # The leader and the laggard stay alone at the ends of the table.
    totals = sorted((points(scores, "appraised"), code) for code, scores in finals.items())[1:-1]
    pairs = sorted((high[0] - low[0], low[1], high[1]) for low, high in pairwise(totals))
    for delta, low, high in pairs:
        result = next(s for s in finals[low] if s.code == last.code)
        if result.applicable and (result.appraised or 0) + delta <= last.max_points:
            return high, low, delta
    return None


def _shift_leaf(scores: Sequence[LeafScore], code: str, delta: int) -> list[LeafScore]:
    return [
        replace(s, appraised=(s.appraised or 0) + delta) if s.code == code else s for s in scores
    ]


def force_tie(
    results: Results,
    units: Sequence[Unit],
    frameworks: Mapping[tuple[int, str], Sequence[FrameworkRow]],
    year: int,
    group: str,
    exclude: frozenset[str] = frozenset(),
) -> Results:
    """Results where two units of ``group`` share the same final index in ``year``."""
    codes = [u.code for u in units if u.group == group and u.code not in exclude]
    leaves = leaf_specs(frameworks[(year, group)])
    adjustment = tie_adjustment({c: results[(year, 2, c)] for c in codes}, leaves)
    if adjustment is None:
        return results
    _, adjusted, delta = adjustment
    survey_code = [leaf.code for leaf in leaves if leaf.survey][-1]
    tied = dict(results)
    for round_ in ROUNDS:
        key = (year, round_, adjusted)
        tied[key] = _shift_leaf(results[key], survey_code, delta)
    return tied


def province_submissions(
    units: Sequence[Unit], rounds: Sequence[Round], seed: int
) -> list[Submission]:
    """Who sent each round and when; the latest round is still open for a few units."""
    rng = random.Random(f"{seed}:submissions")
    items: list[Submission] = []
    for round_ in rounds:
        latest = (round_.year, round_.round) == LATEST
        for unit in units:
            if latest and unit.code in UNSENT_LATEST:
                items.append(Submission(round_.year, round_.round, unit.code, None, False, False))
                continue
            sent = sent_time(rng, round_, late=latest and unit.code == LATE_LATEST)
            report = rng.random() < (0.93 if latest else 0.99)
            approved = report and rng.random() < (0.8 if latest else 0.97)
            items.append(Submission(round_.year, round_.round, unit.code, sent, report, approved))
    return items


def workbook_path(out_dir: Path, year: int, round_: int, unit_code: str) -> Path:
    return out_dir / str(year) / f"lan{round_}" / f"{unit_code}.xlsx"


def write_province(out_dir: Path, *, seed: int) -> list[Path]:
    """Unit workbooks and submissions files of the demo province."""
    units = read_units(UNITS_FILE)
    frameworks = read_frameworks(framework_files())
    rounds = [r for r in read_rounds(ROUNDS_FILE) if r.year in PROVINCE_YEARS]
    results = province_results(units, frameworks, PROVINCE_YEARS, seed)
    results = force_tie(results, units, frameworks, LATEST[0], TIE_GROUP, UNSENT_LATEST)
    submissions = province_submissions(units, rounds, seed)
    sent = {(s.year, s.round, s.unit_code) for s in submissions if s.sent_at is not None}
    paths: list[Path] = []
    for round_ in rounds:
        for unit in units:
            key = (round_.year, round_.round, unit.code)
            if key not in sent:
                continue
            framework = frameworks[(round_.year, unit.group)]
            paths.append(
                write_unit_workbook(
                    workbook_path(out_dir, *key),
                    unit_name=unit.name,
                    year=round_.year,
                    round_=round_.round,
                    framework=framework,
                    scores={s.code: s for s in results[key]},
                )
            )
        paths.append(
            write_submissions_csv(
                out_dir / f"submissions_{round_.year}_lan{round_.round}.csv",
                [s for s in submissions if (s.year, s.round) == (round_.year, round_.round)],
            )
        )
    return paths
