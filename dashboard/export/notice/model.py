"""What a unit's feedback notice ("Thông báo kết quả thẩm định") says, independent of PDF or
DOCX: plain frozen dataclasses, built by a pure function from the query layer's results.

    model = notice_model(standing_row, leaves, schedule, year=2023, round=1, lang="vi",
                         issued=date(2023, 11, 12), ranked_units=20, rule_label=label)

* ``standing_row``: the unit's row of ``queries.stake_ranking`` (its index, rank, points at
  stake, index and rank if recovered);
* ``leaves``: its rows of ``queries.leaf_findings`` (every flagged leaf: scores, the
  appraiser's note, the problems, the broken explanation rule's id, the deduction);
* ``schedule``: ``queries.rounds`` (the next round of the year: when it opens and locks);
* ``ranked_units``: how many units of its group are ranked (``queries.group_indices``);
* ``rule_label``: an explanation rule's label in the notice's language
  (``dashboard.explanations``).

No number is computed here: each is the query layer's (``dashboard.findings`` defines them).
Texts from the warehouse (names, notes) are kept as written, control characters aside (they
have no place in a document; Word refuses them).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

import pandas as pd

from dashboard.i18n import Lang, group_label

Problem = Literal["missing_evidence", "missing_explanation", "unspecific_explanation"]
PROBLEMS: tuple[Problem, ...] = (
    "missing_evidence",
    "missing_explanation",
    "unspecific_explanation",
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean(value: Any) -> str:
    """A text from the warehouse as it may be printed: ``""`` for none, control characters
    dropped, white space at the ends trimmed; everything else (``<b>``, ``=1+1``) kept."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return _CONTROL.sub("", str(value)).strip()


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _integer(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _moment(value: Any) -> datetime | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).to_pydatetime()


@dataclass(frozen=True)
class Finding:
    """One flagged leaf of the unit (``queries.leaf_findings``)."""

    code: str
    name: str
    self_score: float | None
    appraised_score: float | None
    note: str  # the appraiser's note ("" when none)
    problems: tuple[Problem, ...]  # in the order of PROBLEMS
    rule: str | None  # the id of the explanation rule broken (an unspecific explanation)
    rule_label: str  # its label in the notice's language ("" when none)
    deduction: float  # self − appraised, points (0 when none)
    at_stake: float  # the deduction when the leaf has a problem, else 0


@dataclass(frozen=True)
class Standing:
    """The unit's result in the round (its row of ``queries.stake_ranking``)."""

    code: str
    name: str
    group: str
    group_label: str
    index: float | None
    points: float | None
    max_points: float | None
    rank: int | None  # None: not fully appraised, not ranked
    ranked_units: int  # units of the group ranked in the round (the whole group's)
    scored_leaves: int
    applicable_leaves: int
    at_stake: float
    index_if_recovered: float | None
    rank_if_recovered: int | None


@dataclass(frozen=True)
class NextRound:
    """The round of the same year after the notice's round, as scheduled."""

    year: int
    round: int
    opens_at: datetime | None  # None: not announced
    locks_at: datetime | None


@dataclass(frozen=True)
class NoticeModel:
    year: int
    round: int
    lang: Lang
    issued: date
    unit: Standing
    findings: tuple[Finding, ...]
    next_round: NextRound | None  # None: no later round of the year is scheduled


def standing_of(row: Mapping[Any, Any], ranked_units: int, lang: Lang) -> Standing:
    """A unit's :class:`Standing` from its row of ``queries.stake_ranking``."""
    return Standing(
        code=str(row["unit_code"]),
        name=clean(row["unit_name"]),
        group=str(row["group"]),
        group_label=group_label(str(row["group"]), lang),
        index=_number(row["index"]),
        points=_number(row["points"]),
        max_points=_number(row["max_points"]),
        rank=_integer(row["rank"]),
        ranked_units=ranked_units,
        scored_leaves=int(row["scored_leaves"]),
        applicable_leaves=int(row["applicable_leaves"]),
        at_stake=_number(row["at_stake"]) or 0.0,
        index_if_recovered=_number(row["index_if_recovered"]),
        rank_if_recovered=_integer(row["rank_if_recovered"]),
    )


def finding_of(row: Mapping[Any, Any], rule_label: Callable[[str], str]) -> Finding:
    """A :class:`Finding` from a row of ``queries.leaf_findings``."""
    rule = None if row["rule"] is None or pd.isna(row["rule"]) else str(row["rule"])
    problems = tuple(p for p in PROBLEMS if bool(row[p]))
    return Finding(
        code=str(row["criterion_code"]),
        name=clean(row["criterion_name"]),
        self_score=_number(row["self_score"]),
        appraised_score=_number(row["appraised_score"]),
        note=clean(row["appraisal_note"]),
        problems=problems,
        rule=rule,
        rule_label=rule_label(rule) if rule and "unspecific_explanation" in problems else "",
        deduction=_number(row["deduction"]) or 0.0,
        at_stake=_number(row["at_stake"]) or 0.0,
    )


def next_round(schedule: pd.DataFrame, year: int, round: int) -> NextRound | None:
    """The first round of ``year`` after ``round`` in ``queries.rounds`` (scheduled or
    scored), or ``None``.  A later year is a new assessment, not the time to complete this
    one, so it is never the next round of a notice."""
    later = schedule[(schedule["year"] == year) & (schedule["round"] > round)]
    if later.empty:
        return None
    first = later.sort_values("round").iloc[0]
    return NextRound(year, int(first["round"]), _moment(first["opens_at"]),
                     _moment(first["locks_at"]))  # fmt: skip


def notice_model(
    standing_row: Mapping[Any, Any],
    leaves: pd.DataFrame,
    schedule: pd.DataFrame,
    *,
    year: int,
    round: int,
    lang: Lang,
    issued: date,
    ranked_units: int,
    rule_label: Callable[[str], str],
) -> NoticeModel:
    """The notice of one unit (see the module docstring for the arguments); ``leaves`` in
    the query's order (framework order)."""
    code = str(standing_row["unit_code"])
    mine = leaves[leaves["unit_code"] == code] if len(leaves) else leaves
    return NoticeModel(
        year=year,
        round=round,
        lang=lang,
        issued=issued,
        unit=standing_of(standing_row, ranked_units, lang),
        findings=tuple(finding_of(row, rule_label) for row in mine.to_dict("records")),
        next_round=next_round(schedule, year, round),
    )
