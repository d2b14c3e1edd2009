"""Tài liệu kiểm chứng — which units lack evidence where; click a cell to read the missing items.

Page options live in the URL with the filters: ``?level=field|criterion|leaf``,
``?measure=count|share``, ``?sort=worst|name``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html, no_update

from dashboard import components as ui
from dashboard import queries, specs
from dashboard.components import evidence as parts
from dashboard.components.grid import data_grid, records
from dashboard.components.tables import item_columns
from dashboard.figures import empty_figure
from dashboard.figures.evidence import round_totals
from dashboard.i18n import t

PAGE = ui.register_page(__name__, "evidence")
ID = ui.page_ids(PAGE)


def layout(**kwargs: Any) -> html.Div:
    view = ui.view_or_empty(PAGE, kwargs)
    if not isinstance(view, ui.View):
        return view
    lang = view.lang
    level = t(f"evidence.level_{view.option(PAGE, 'level')}", lang).lower()
    filters = ui.filter_bar(
        view, ui.filter_options(ui.engine(), view, ("year", "round", "group", "field")), lang
    )
    heatmap = ui.card(
        t("evidence.heatmap_title", lang, level=level),
        [parts.toolbar(view), dcc.Loading(ui.graph(ID("heatmap"), lang), type="dot")],
        tools=ui.export_tools(PAGE.slug, view, "chart"),
    )
    rounds = ui.card(
        t("evidence.rounds_title", lang),
        [ui.graph(ID("rounds"), lang), html.P(id=ID("closed"), className="small mb-0 cchc-closed")],
        tools=ui.export_tools(PAGE.slug, view, "chart", chart="rounds"),
    )
    items = ui.card(
        t("evidence.items_card", lang),
        [
            html.Div(
                ui.message(t("evidence.pick_cell", lang), "secondary", "pick-cell"), id=ID("items")
            )
        ],
    )
    table = ui.table_card(
        t("evidence.table_title", lang), ID("grid"), parts.unit_columns(lang), view, PAGE.slug
    )
    return ui.page_frame(
        PAGE.title_key,
        lang,
        [
            filters,
            ui.view_store(ID("view"), view),
            html.Div(id=ID("status")),
            dbc.Row(
                [dbc.Col(heatmap, xs=12, xxl=9), dbc.Col(rounds, xs=12, xxl=3)], className="g-3"
            ),
            items,
            table,
        ],
        lead=t("evidence.lead", lang, group=ui.group_text(view), year=view.year, round=view.round),
    )


@ui.draws(
    ID,
    {
        "status": "children",
        "heatmap": "figure",
        "rounds": "figure",
        "closed": "children",
        "grid": "rowData",
    },
)
def draw(view: ui.View) -> tuple[Any, ...]:
    lang, year = view.lang, view.year
    level = cast(queries.EvidenceLevel, view.option(PAGE, "level"))
    matrix = queries.evidence_matrix(ui.engine(), year, view.round, view.group, level, view.field)
    if matrix.empty:
        blank = empty_figure(t("empty.no_match_title", lang))
        return ui.no_match(lang), blank, blank, "", []
    by_round = {
        r: queries.unit_evidence(ui.engine(), year, r, view.group, view.field)
        for r in queries.rounds_of(ui.engine(), year)
    }
    totals = round_totals(by_round)
    units = by_round.get(view.round, pd.DataFrame())
    status: Any = None
    if level == "leaf" and view.field is None:
        status = ui.message(t("evidence.leaf_hint", lang), "info", "leaf-hint")
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
        specs.figure(ui.engine(), specs.chart_spec(PAGE, "heatmap"), view),
        specs.figure(ui.engine(), specs.chart_spec(PAGE, "rounds"), view),
        parts.closed_text(totals, view.round, lang),
        records(parts.unit_rows(units, lang)),
    )


@ui.page_callback(
    PAGE,
    Output(ID("items"), "children"),
    Input(ID("heatmap"), "clickData"),
    State(ID("view"), "data"),
    prevent_initial_call=True,
)
def show_items(click: Mapping[str, Any] | None, data: Mapping[str, Any]) -> Any:
    cell = parts.clicked_cell(click)
    view = ui.restore(data)
    if cell is None or view.scope.unit(cell[0]) != cell[0]:
        return no_update  # no cell, or a forged one of a unit outside the user's scope
    unit, node = cell
    unit_name = queries.unit_names(ui.engine(), [unit])[unit]
    node_label = queries.node_name(ui.engine(), view.year, view.group, node)
    items = queries.missing_items(ui.engine(), view.year, view.round, unit, node)
    items = items[items["missing_evidence"]].reset_index(drop=True)
    if items.empty:
        return ui.message(
            t("evidence.cell_complete", view.lang, unit=unit_name, node=node_label),
            "success",
            "cell-complete",
        )
    title = t("evidence.items_title", view.lang, unit=unit_name, node=node_label, n=len(items))
    return [
        html.H3(title, className="h6 cchc-items-title"),
        data_grid(
            ID("items-grid"),
            parts.item_rows(items, view.lang),
            item_columns(view.lang),
            view.lang,
            row_id="criterion_code",
        ),
    ]
