"""The charts and sheets of what the appraisal found (issue 10): the evidence page's other
problems (unspecific and missing explanations) and their rounds, a unit's points at stake and
the reliability of its self-assessment; the ranking and evidence sheets with their columns.

The evidence page's ``problem`` option chooses what its heatmap measures
(:data:`dashboard.figures.findings.BASES`); each problem but the default has a chart of its
own (:data:`PROBLEM_CHARTS`), so an exported chart's title says what it shows.  The counts
come from ``queries.finding_counts`` (the one definition of a problem), the bases from
``queries.evidence_matrix`` / ``queries.unit_evidence``, the same leaves on both sides.

``TABLES["rankings"]`` and ``TABLES["evidence"]`` are :mod:`dashboard.specs.tables`' sheets
with the columns added here (points at stake, index and rank if recovered; unspecific
explanations and their base): registered over them when this module is imported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from dashboard import queries
from dashboard.figures import evidence as evidence_fig
from dashboard.figures import findings as findings_fig
from dashboard.figures.findings import Problem
from dashboard.i18n import both, column_header
from dashboard.queries.reliability import PERSISTENT_SHARE
from dashboard.specs import tables as table_specs
from dashboard.specs.registry import NothingToDrawError, view_group, view_unit
from dashboard.specs.registry import register as chart
from dashboard.specs.tables import Sheet
from dashboard.view import PAGES, View

EVIDENCE = PAGES["evidence"]
PROBLEM_CHARTS: dict[Problem, str | None] = {
    "missing_evidence": None,  # the page's main chart (dashboard.specs.charts)
    "unspecific_explanation": "unspecific",
    "missing_explanation": "missing_explanation",
}
# The evidence page's level → the column of queries.finding_counts counting per node.
LEVEL_KEYS = {"field": "field_code", "criterion": "parent_criterion", "leaf": "criterion_code"}
STAKE = ["at_stake", "index_if_recovered", "rank_if_recovered"]
UNSPECIFIC = ["explained_positive", "unspecific_explanation", "unspecific_explanation_share"]


def problem_of(view: View) -> Problem:
    """The problem the evidence page measures (``?problem=``)."""
    return cast(Problem, view.option(EVIDENCE, "problem"))


_group = view_group
_unit = view_unit


# --- data ---------------------------------------------------------------------------------------


def problem_matrix(engine: Engine, view: View) -> pd.DataFrame:
    """``queries.evidence_matrix`` at the page's level, with the unspecific explanations of
    each cell and their base (:func:`dashboard.figures.findings.with_unspecific`)."""
    level = cast(queries.EvidenceLevel, view.option(EVIDENCE, "level"))
    year, round_, group = view.year, view.round, view.group
    matrix = queries.evidence_matrix(engine, year, round_, group, level, view.field)
    by = LEVEL_KEYS[level]
    counts = queries.finding_counts(engine, year, round_, group, by=by)
    counts = counts.rename(columns={by: "node_code"})
    return findings_fig.with_unspecific(matrix, counts, ["unit_code", "node_code"])


def unit_problems(engine: Engine, view: View, round_: int | None = None) -> pd.DataFrame:
    """``queries.unit_evidence`` (in the view's field, if any) with each unit's unspecific
    explanations and their base, for round ``round_`` (the view's by default)."""
    year, at, group = view.year, view.round if round_ is None else round_, view.group
    units = queries.unit_evidence(engine, year, at, group, view.field)
    if view.field is None:
        counts = queries.finding_counts(engine, year, at, group)
    else:
        counts = queries.finding_counts(engine, year, at, group, by="field_code")
        counts = counts[counts["field_code"] == view.field]
    return findings_fig.with_unspecific(units, counts, ["unit_code"])


def compared_rounds(engine: Engine, view: View) -> tuple[int, int]:
    """The year's first round and the view's (the next one when the view shows the first)."""
    rounds = queries.rounds_of(engine, view.year)
    if len(rounds) < 2:
        raise NothingToDrawError(both("error.one_round", year=view.year))
    later = view.round if view.round in rounds[1:] else rounds[1]
    return rounds[0], later


def unit_stake(engine: Engine, view: View) -> pd.DataFrame:
    """The unit's fields (``code``, ``name``) with the points deducted and at stake in each
    (``queries.finding_counts`` per field, summed over the unit's flagged leaves)."""
    unit = _unit(view)
    card = queries.scorecard(engine, view.year, view.round, unit)
    counts = queries.finding_counts(engine, view.year, view.round, card.group, by="field_code")
    mine = counts.loc[counts["unit_code"] == unit, ["field_code", "deduction", "at_stake"]]
    fields = card.fields[["code", "name"]].merge(
        mine.rename(columns={"field_code": "code"}), on="code", how="left"
    )
    return fields.fillna({"deduction": 0.0, "at_stake": 0.0})


def unit_stake_row(engine: Engine, view: View) -> pd.Series | None:
    """The unit's row of ``queries.stake_ranking`` (its group's ranks), ``None`` if absent."""
    card = queries.scorecard(engine, view.year, view.round, _unit(view))
    table = queries.stake_ranking(engine, view.year, view.round, card.group)
    mine = table[table["unit_code"] == card.unit_code]
    return None if mine.empty else mine.iloc[0]


# --- charts -------------------------------------------------------------------------------------


def _heatmap(engine: Engine, view: View, problem: Problem) -> go.Figure:
    _group(view)  # a chart of one group's units
    return findings_fig.problem_heatmap(
        problem_matrix(engine, view),
        problem,
        lang=view.lang,
        measure=cast(evidence_fig.Measure, view.option(EVIDENCE, "measure")),
        sort=cast(evidence_fig.Sort, view.option(EVIDENCE, "sort")),
    )


@chart("evidence", "unspecific", "findings.unspecific_heatmap_export", one_group=True)
def evidence_unspecific(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    """Units × nodes coloured by unspecific explanations (count or share of the explained)."""
    return _heatmap(engine, view, "unspecific_explanation")


@chart("evidence", "missing_explanation", "findings.missing_explanation_heatmap_export",
       one_group=True)  # fmt: skip
def evidence_missing_explanation(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    """Units × nodes coloured by missing explanations (count or share of self-scored > 0)."""
    return _heatmap(engine, view, "missing_explanation")


@chart("evidence", "unspecific_rounds", "findings.unspecific_rounds_title", one_group=True)
def evidence_unspecific_rounds(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    """Per unit, its unspecific explanations in the year's first round and the view's."""
    first, second = compared_rounds(engine, view)
    rows = findings_fig.round_counts(unit_problems(engine, view, first),
                                     unit_problems(engine, view, second))  # fmt: skip
    return findings_fig.round_dumbbell(rows, first, second, lang=view.lang)


@chart("unit", "stake", "findings.unit_stake_title")
def unit_stake_bars(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    return findings_fig.stake_bars(unit_stake(engine, view), lang=view.lang)


@chart("unit", "reliability", "findings.unit_reliability_title")
def unit_reliability(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    periods = queries.reliability(engine, unit_code=_unit(view)).periods
    return findings_fig.reliability_bars(periods, float(PERSISTENT_SHARE), lang=view.lang)


# --- sheets -------------------------------------------------------------------------------------


def _joined(sheets: list[Sheet], extra: pd.DataFrame, columns: list[str], lang: str) -> list[Sheet]:
    """``sheets`` with ``extra``'s ``columns`` joined on ``unit_code`` (headers in ``lang``)."""
    added = extra[["unit_code", *columns]]
    headers = {c: column_header(c, lang) for c in columns}
    return [
        Sheet(s.title, s.frame.merge(added, on="unit_code", how="left"), {**s.headers, **headers})
        for s in sheets
    ]


def rankings(engine: Engine, v: View) -> list[Sheet]:
    """The ranking with each unit's points at stake and its index and rank if recovered (the
    appraised ranking only: a self ranking has nothing deducted)."""
    sheets = table_specs.rankings(engine, v)
    if v.score != "appraised":
        return sheets
    return _joined(sheets, queries.stake_ranking(engine, v.year, v.round, v.group), STAKE, v.lang)


def evidence(engine: Engine, v: View) -> list[Sheet]:
    """Each unit's evidence with its unspecific explanations and their base."""
    return _joined(table_specs.evidence(engine, v), unit_problems(engine, v), UNSPECIFIC, v.lang)


SHEETS: dict[str, Callable[[Engine, View], list[Sheet]]] = {
    "rankings": rankings,
    "evidence": evidence,
}
table_specs.TABLES.update(SHEETS)
