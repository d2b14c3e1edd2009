"""The data behind each page, as export sheets: one function per page from a resolved view
to its frames, with the columns a reader needs and headers in the view's language."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from dashboard import queries
from dashboard.i18n import both, column_header, group_label, t
from dashboard.specs.registry import NothingToDrawError
from dashboard.view import View

RANKING = ["rank", "unit_code", "unit_name", "group_label", "points", "max_points", "index",
           "band", "prev_round_rank", "rank_change_round"]  # fmt: skip
GAPS = ["unit_code", "unit_name", "group_label", "self_points", "appraised_self_points",
        "self_index", "appraised_self_index", "gap_points", "gap_index"]  # fmt: skip
EVIDENCE = ["unit_code", "unit_name", "group_label", "evidence_required", "missing_evidence",
            "missing_evidence_share", "self_positive", "missing_explanation",
            "missing_explanation_share"]  # fmt: skip
PROGRESS = ["unit_code", "unit_name", "group_label", "sent", "sent_at", "late",
            "report_attached", "approved"]  # fmt: skip
CRITERIA = ["unit_code", "unit_name", "group_label", "max_points", "points", "index",
            "lost_points", "gap_points", "missing_evidence_share"]  # fmt: skip
UNIT = ["criterion_code", "criterion_name", "max_points", "self_score", "appraised_score", "gap",
        "evidence_count", "explanation", "appraisal_note"]  # fmt: skip
OVERVIEW = ["group_label", "units", "ranked_units", "mean_index", "best_unit", "best_index",
            "worst_unit", "worst_index", "missing_evidence", "unsent"]  # fmt: skip


@dataclass(frozen=True)
class Sheet:
    """One exported table: its title and its frame, and the headers of its columns."""

    title: str
    frame: pd.DataFrame
    headers: dict[str, str]


def _pick(frame: pd.DataFrame, columns: list[str], lang: str) -> pd.DataFrame:
    """The export columns, group labels in the view's language."""
    if "group" in frame.columns:
        frame = frame.assign(group_label=[group_label(str(g), lang) for g in frame["group"]])
    return frame[[c for c in columns if c in frame.columns]].reset_index(drop=True)


def _sheets(
    frame: pd.DataFrame, columns: list[str], title_key: str, view: View, *, split: bool = True
) -> list[Sheet]:
    """One sheet per group when ``split`` (units are only compared within their group)."""
    picked = _pick(frame, columns, view.lang)
    title = t(title_key, view.lang)
    headers = {c: column_header(c, view.lang) for c in picked.columns}
    if not split or "group_label" not in picked.columns or picked["group_label"].nunique() <= 1:
        return [Sheet(title, picked, headers)]
    return [
        Sheet(f"{title} - {label}", part.reset_index(drop=True), headers)
        for label, part in picked.groupby("group_label", sort=False)
    ]


def rankings(engine: Engine, v: View) -> list[Sheet]:
    frame = queries.rankings(engine, v.year, v.round, v.group, score=v.score)
    return _sheets(frame, RANKING, "sheet.rankings", v)


def gaps(engine: Engine, v: View) -> list[Sheet]:
    frame = queries.unit_scores(engine, v.year, v.round, v.group, v.field)
    return _sheets(frame, GAPS, "sheet.gaps", v)


def evidence(engine: Engine, v: View) -> list[Sheet]:
    frame = queries.unit_evidence(engine, v.year, v.round, v.group, v.field)
    return _sheets(frame, EVIDENCE, "sheet.evidence", v)


def progress(engine: Engine, v: View) -> list[Sheet]:
    frame = queries.progress(engine, v.year, v.round, v.group).units
    return _sheets(frame, PROGRESS, "sheet.progress", v, split=False)


def criteria(engine: Engine, v: View) -> list[Sheet]:
    node = v.criterion or v.field
    if v.group is None or not node:
        raise NothingToDrawError(both("error.choose_node"))
    frame = queries.criterion_explorer(engine, v.year, v.round, v.group, node)
    return _sheets(frame, CRITERIA, "sheet.criteria", v)


def unit(engine: Engine, v: View) -> list[Sheet]:
    if not v.unit:
        raise NothingToDrawError(both("error.choose_unit"))
    leaves = queries.unit_leaves(engine, v.year, v.round, v.unit, v.criterion or v.field)
    return _sheets(leaves, UNIT, "sheet.unit", v)


def overview(engine: Engine, v: View) -> list[Sheet]:
    frame = queries.overview(engine, v.year, v.round)
    return _sheets(frame, OVERVIEW, "sheet.overview", v, split=False)


TABLES: dict[str, Callable[[Engine, View], list[Sheet]]] = {
    "overview": overview,
    "rankings": rankings,
    "gaps": gaps,
    "evidence": evidence,
    "unit": unit,
    "criteria": criteria,
    "progress": progress,
}
