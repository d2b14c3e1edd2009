"""Tiêu chí — one field or criterion across the units of a group: scores, losses, explanations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard import formatting, metrics, queries, specs
from dashboard.components import (
    PAGES,
    View,
    ViewState,
    card,
    engine,
    export_tools,
    filter_bar,
    filter_options,
    graph,
    group_text,
    message,
    no_data,
    no_match,
    page_frame,
    resolve,
    tiles,
    view_store,
)
from dashboard.components.criteria import explanation_rows, unit_columns, unit_rows
from dashboard.components.grid import (
    data_grid,
    index_text,
    records,
)
from dashboard.components.tables import item_columns, share_text
from dashboard.figures import empty_figure
from dashboard.i18n import t
from dashboard.ids import PageIds

dash.register_page(
    __name__,
    path="/tieu-chi",
    name="Tiêu chí",
    order=5,
    i18n_key="page.criteria",
    title="Tiêu chí — Chỉ số CCHC",
)

ID = PageIds("criteria")
TITLE = "page.criteria"
SLUG = "criteria"
PAGE = PAGES[SLUG]  # one group, one node: the first field unless one is chosen


def node_of(view: View) -> str | None:
    return view.criterion or view.field


def layout(**kwargs: Any) -> html.Div:
    state = ViewState.from_query(kwargs)
    view = resolve(engine(), state, PAGE)
    if view is None:
        return page_frame(TITLE, state.lang, [no_data(state.lang)])
    lang = view.lang
    options = filter_options(engine(), view, ("year", "round", "group", "field", "criterion"))
    node = node_of(view)
    if node is None or view.group is None:
        return page_frame(TITLE, lang, [filter_bar(view, options, lang), no_match(lang)])
    return page_frame(
        TITLE,
        lang,
        [
            filter_bar(view, options, lang),
            view_store(ID("view"), view),
            dcc.Loading(html.Div(id=ID("tiles")), type="dot"),
            dbc.Row(
                [
                    dbc.Col(
                        card(
                            t("criteria.distribution_title", lang),
                            [graph(ID("distribution"))],
                            tools=export_tools(SLUG, view, "chart", chart="distribution"),
                        ),
                        xs=12,
                        xl=6,
                    ),
                    dbc.Col(
                        card(
                            t("criteria.lost_title", lang),
                            [graph(ID("lost"))],
                            tools=export_tools(SLUG, view, "chart"),
                        ),
                        xs=12,
                        xl=6,
                    ),
                ],
                className="g-3",
            ),
            card(
                t("criteria.units_title", lang),
                [
                    data_grid(
                        ID("units"), pd.DataFrame(), unit_columns(lang), lang, row_id="unit_code"
                    )
                ],
                tools=export_tools(SLUG, view, "table"),
            ),
            card(t("criteria.explanations_title", lang), [html.Div(id=ID("explanations"))]),
        ],
        lead=t(
            "criteria.lead",
            lang,
            node=queries.node_name(engine(), view.year, view.group, node),
            group=group_text(view),
            year=view.year,
            round=view.round,
        ),
    )


def summary_tiles(table: pd.DataFrame, lang: str) -> dbc.Row:
    """Units, their mean index, the share of evidence missing and the leaves explained, as
    :func:`dashboard.metrics.node_summary` counts them (the exports' definitions)."""
    s = metrics.node_summary(table)
    return tiles(
        [
            (t("criteria.units", lang), formatting.integer(s["units"]), "units"),
            (t("criteria.mean_index", lang), index_text(s["mean_index"], lang), "mean"),
            (
                t("criteria.missing_rate", lang),
                share_text(s["missing_evidence"], s["evidence_required"]),
                "missing",
            ),
            (t("criteria.explanations", lang), formatting.integer(s["explained"]), "explained"),
        ]
    )


@callback(
    Output(ID("tiles"), "children"),
    Output(ID("distribution"), "figure"),
    Output(ID("lost"), "figure"),
    Output(ID("units"), "rowData"),
    Output(ID("explanations"), "children"),
    Input(ID("view"), "data"),
)
def draw(data: Mapping[str, Any]) -> tuple[Any, ...]:
    view = View.restore(data)
    node = node_of(view)
    assert view.group and node
    lang = view.lang
    table = queries.criterion_explorer(engine(), view.year, view.round, view.group, node)
    if table.empty:
        blank = empty_figure(t("empty.no_match_title", lang))
        return no_match(lang), blank, blank, [], None
    notes = queries.explanations(engine(), view.year, view.round, view.group, node)
    explanations: Any = (
        message(t("criteria.no_explanations", lang), "secondary", "no-explanations")
        if notes.empty
        else data_grid(
            ID("notes"),
            explanation_rows(notes),
            item_columns(lang, unit=True, appraised=True),
            lang,
            row_id="row_id",
            height="480px",
        )
    )
    return (
        summary_tiles(table, lang),
        specs.figure(engine(), specs.chart_spec(PAGE, "distribution"), view),
        specs.figure(engine(), specs.chart_spec(PAGE, "lost"), view),
        records(unit_rows(table, lang)),
        explanations,
    )
