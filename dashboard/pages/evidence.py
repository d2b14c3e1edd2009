"""Tài liệu kiểm chứng — which units lack evidence where; click a cell to read the missing items.

Page options live in the URL with the filters: ``?level=field|criterion|leaf``,
``?measure=count|share``, ``?sort=worst|name``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update

from dashboard import queries, specs
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
    view_store,
)
from dashboard.components.evidence import (
    clicked_cell,
    closed_text,
    item_rows,
    toolbar,
    unit_columns,
    unit_rows,
)
from dashboard.components.grid import data_grid, records
from dashboard.components.tables import item_columns
from dashboard.figures import empty_figure
from dashboard.figures.evidence import round_totals
from dashboard.i18n import t
from dashboard.ids import PageIds

dash.register_page(
    __name__,
    path="/tai-lieu-kiem-chung",
    name="Tài liệu kiểm chứng",
    order=4,
    i18n_key="page.evidence",
    title="Tài liệu kiểm chứng — Chỉ số CCHC",
)

ID = PageIds("evidence")
TITLE = "page.evidence"
SLUG = "evidence"
PAGE = PAGES[SLUG]  # options: level (field, criterion, leaf), measure, sort


def layout(**kwargs: Any) -> html.Div:
    state = ViewState.from_query(kwargs)
    view = resolve(engine(), state, PAGE)
    if view is None:
        return page_frame(TITLE, state.lang, [no_data(state.lang)])
    lang = view.lang
    level = t(f"evidence.level_{view.option(PAGE, 'level')}", lang).lower()
    filters = filter_bar(
        view, filter_options(engine(), view, ("year", "round", "group", "field")), lang
    )
    heatmap = card(
        t("evidence.heatmap_title", lang, level=level),
        [toolbar(view), dcc.Loading(graph(ID("heatmap")), type="dot")],
        tools=export_tools(SLUG, view, "chart"),
    )
    rounds = card(
        t("evidence.rounds_title", lang),
        [graph(ID("rounds")), html.P(id=ID("closed"), className="small mb-0 cchc-closed")],
        tools=export_tools(SLUG, view, "chart", chart="rounds"),
    )
    items = card(
        t("evidence.items_card", lang),
        [
            html.Div(
                message(t("evidence.pick_cell", lang), "secondary", "pick-cell"), id=ID("items")
            )
        ],
    )
    table = card(
        t("evidence.table_title", lang),
        [data_grid(ID("grid"), pd.DataFrame(), unit_columns(lang), lang, row_id="unit_code")],
        tools=export_tools(SLUG, view, "table"),
    )
    return page_frame(
        TITLE,
        lang,
        [
            filters,
            view_store(ID("view"), view),
            html.Div(id=ID("status")),
            dbc.Row(
                [dbc.Col(heatmap, xs=12, xxl=9), dbc.Col(rounds, xs=12, xxl=3)], className="g-3"
            ),
            items,
            table,
        ],
        lead=t("evidence.lead", lang, group=group_text(view), year=view.year, round=view.round),
    )


@callback(
    Output(ID("status"), "children"),
    Output(ID("heatmap"), "figure"),
    Output(ID("rounds"), "figure"),
    Output(ID("closed"), "children"),
    Output(ID("grid"), "rowData"),
    Input(ID("view"), "data"),
)
def draw(data: Mapping[str, Any]) -> tuple[Any, ...]:
    view = View.restore(data)
    lang, year = view.lang, view.year
    level = cast(queries.EvidenceLevel, view.option(PAGE, "level"))
    matrix = queries.evidence_matrix(engine(), year, view.round, view.group, level, view.field)
    if matrix.empty:
        blank = empty_figure(t("empty.no_match_title", lang))
        return no_match(lang), blank, blank, "", []
    by_round = {
        r: queries.unit_evidence(engine(), year, r, view.group, view.field)
        for r in queries.rounds_of(engine(), year)
    }
    totals = round_totals(by_round)
    units = by_round.get(view.round, pd.DataFrame())
    status: Any = None
    if level == "leaf" and view.field is None:
        status = message(t("evidence.leaf_hint", lang), "info", "leaf-hint")
    if int(matrix["missing_evidence"].sum()) == 0:
        status = dbc.Alert(
            [
                html.H2(t("evidence.nothing_missing_title", lang), className="h5 alert-heading"),
                html.P(t("evidence.nothing_missing_body", lang), className="mb-0"),
            ],
            color="success",
            className="cchc-state cchc-state-complete",
        )
    return (
        status,
        specs.figure(engine(), specs.chart_spec(PAGE, "heatmap"), view),
        specs.figure(engine(), specs.chart_spec(PAGE, "rounds"), view),
        closed_text(totals, view.round, lang),
        records(unit_rows(units)),
    )


@callback(
    Output(ID("items"), "children"),
    Input(ID("heatmap"), "clickData"),
    State(ID("view"), "data"),
    prevent_initial_call=True,
)
def show_items(click: Mapping[str, Any] | None, data: Mapping[str, Any]) -> Any:
    cell = clicked_cell(click)
    if cell is None:
        return no_update
    view = View.restore(data)
    unit, node = cell
    unit_name = queries.unit_names(engine(), [unit])[unit]
    node_label = queries.node_name(engine(), view.year, view.group, node)
    items = queries.missing_items(engine(), view.year, view.round, unit, node)
    items = items[items["missing_evidence"]].reset_index(drop=True)
    if items.empty:
        return message(
            t("evidence.cell_complete", view.lang, unit=unit_name, node=node_label),
            "success",
            "cell-complete",
        )
    title = t("evidence.items_title", view.lang, unit=unit_name, node=node_label, n=len(items))
    return [
        html.H3(title, className="h6 cchc-items-title"),
        data_grid(
            ID("items-grid"),
            item_rows(items),
            item_columns(view.lang),
            view.lang,
            row_id="criterion_code",
        ),
    ]
