"""The charts of every page: the query for the view, then the figure builder of
:mod:`dashboard.figures`.  Each function is registered with its page and name."""

from __future__ import annotations

from typing import cast

import plotly.graph_objects as go
from sqlalchemy import Engine

from dashboard import queries
from dashboard.figures import criterion as criterion_fig
from dashboard.figures import evidence as evidence_fig
from dashboard.figures import gap_bars as gap_bars_fig
from dashboard.figures import gaps as gaps_fig
from dashboard.figures import overview as overview_fig
from dashboard.figures import progress as progress_fig
from dashboard.figures import rankings as rankings_fig
from dashboard.figures import scorecard as scorecard_fig
from dashboard.i18n import both
from dashboard.specs.registry import NothingToDrawError, view_group, view_unit
from dashboard.specs.registry import register as chart
from dashboard.view import PAGES, View

_group = view_group
_unit = view_unit


def _node(view: View) -> str:
    node = view.criterion or view.field
    if not node:
        raise NothingToDrawError(both("error.choose_node"))
    return node


@chart("overview", "groups")
def overview_groups(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    return overview_fig.group_ranges(
        queries.overview(engine, view.year, view.round), lang=view.lang
    )


@chart("rankings", "bars", one_group=True)
def ranking_bars(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    table = queries.rankings(engine, view.year, view.round, _group(view), score=view.score)
    change = None if report else "rank_change_round"
    return rankings_fig.ranking_bars(table, lang=view.lang, change_col=change)


@chart("gaps", "scatter")
def gap_scatter(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    scores = queries.unit_scores(engine, view.year, view.round, view.group, view.field)
    return gaps_fig.gap_scatter(scores, lang=view.lang)


@chart("gaps", "fields", "gaps.field_title")
def gap_fields(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    fields = queries.field_scores(engine, view.year, view.round, view.group)
    return gap_bars_fig.field_gap_bars(fields, lang=view.lang)


@chart("gaps", "criteria", "gaps.criteria_title")
def gap_criteria(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    table = queries.criterion_gaps(engine, view.year, view.round, view.group, view.field)
    return gap_bars_fig.criterion_gap_bars(table, lang=view.lang)


@chart("gaps", "rounds", "gaps.rounds_title")
def gap_rounds(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    table = queries.gap_rounds(engine, view.year, view.group)
    pair = gaps_fig.compared_rounds(table)
    if pair is None:
        raise NothingToDrawError(both("error.one_round", year=view.year))
    return gaps_fig.gap_round_dumbbell(table, *pair, lang=view.lang)


@chart("evidence", "heatmap", one_group=True)
def evidence_heatmap(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    """Units × fields, criteria or leaves (the page's ``level``), coloured by the count or
    the share missing (``measure``), worst units first or by name (``sort``)."""
    page = PAGES["evidence"]
    level = cast(queries.EvidenceLevel, view.option(page, "level"))
    matrix = queries.evidence_matrix(engine, view.year, view.round, _group(view), level, view.field)
    return evidence_fig.evidence_heatmap(
        matrix,
        lang=view.lang,
        measure=cast(evidence_fig.Measure, view.option(page, "measure")),
        sort=cast(evidence_fig.Sort, view.option(page, "sort")),
    )


@chart("evidence", "rounds", "evidence.rounds_title")
def evidence_rounds(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    by_round = {
        r: queries.unit_evidence(engine, view.year, r, view.group, view.field)
        for r in queries.rounds_of(engine, view.year)
    }
    totals = evidence_fig.round_totals(by_round)
    return evidence_fig.round_total_bars(totals, view.round, lang=view.lang)


@chart("unit", "fields")
def unit_fields(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    card = queries.scorecard(engine, view.year, view.round, _unit(view))
    return scorecard_fig.field_bars(card.fields, lang=view.lang)


@chart("unit", "history", "unit.history_title")
def unit_history(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    card = queries.scorecard(engine, view.year, view.round, _unit(view))
    return scorecard_fig.history_lines(card.history, lang=view.lang)


@chart("unit", "peers", "unit.peers_title")
def unit_peers(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    """The unit's index among its group's in its province (``queries.group_indices``:
    numbers, no names), the group being the unit's own whatever the view says."""
    card = queries.scorecard(engine, view.year, view.round, _unit(view))
    peers = queries.group_indices(
        engine, view.year, view.round, card.group, view.score, province=card.province
    )
    own = card.self_index if view.score == "self" else card.index
    return scorecard_fig.peer_strip(peers.values, peers.mean, own, lang=view.lang)


@chart("criteria", "lost", one_group=True)
def criteria_lost(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    table = queries.criterion_explorer(engine, view.year, view.round, _group(view), _node(view))
    return criterion_fig.lost_points_bars(table, lang=view.lang)


@chart("criteria", "distribution", "criteria.distribution_title", one_group=True)
def criteria_distribution(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    table = queries.criterion_explorer(engine, view.year, view.round, _group(view), _node(view))
    return criterion_fig.score_distribution(table, lang=view.lang)


@chart("progress", "timeline")
def progress_timeline(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    progress = queries.progress(engine, view.year, view.round, view.group)
    return progress_fig.send_timeline(
        progress.units, progress.opens_at, progress.locks_at, lang=view.lang
    )
