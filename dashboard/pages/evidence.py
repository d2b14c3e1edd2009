"""Tài liệu kiểm chứng — which units lack evidence or explanations where; click a cell to read
the items (for unspecific explanations: the texts and the rule each breaks).

Page options live in the URL with the filters: ``?problem=missing_evidence|
unspecific_explanation|missing_explanation`` (what is measured,
:data:`dashboard.figures.findings.BASES`), ``?level=field|criterion|leaf``,
``?measure=count|share``, ``?sort=worst|name``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, dcc, html, no_update

from dashboard import components as ui
from dashboard import queries, specs
from dashboard.components import evidence as parts
from dashboard.components.grid import data_grid, records
from dashboard.components.tables import item_columns
from dashboard.explanations import default_rules
from dashboard.figures import empty_figure
from dashboard.figures.evidence import round_totals
from dashboard.i18n import t
from dashboard.specs import findings as found

PAGE = ui.register_page(__name__, "evidence")
ID = ui.page_ids(PAGE)


def layout(**kwargs: Any) -> html.Div:
    view = ui.view_or_empty(PAGE, kwargs)
    if not isinstance(view, ui.View):
        return view
    lang, chosen = view.lang, parts.problem(view)
    level = t(f"evidence.level_{view.option(PAGE, 'level')}", lang).lower()
    filters = ui.filter_bar(
        view, ui.filter_options(ui.engine(), view, ("year", "round", "group", "field")), lang
    )
    heatmap = ui.card(
        parts.text(view, "heatmap_title", level=level),
        [parts.toolbar(view), dcc.Loading(ui.graph(ID("heatmap"), lang), type="dot")],
        tools=ui.export_tools(PAGE.slug, view, "chart", chart=found.PROBLEM_CHARTS[chosen]),
    )
    rounds = ui.card(
        t("evidence.rounds_title", lang),
        [ui.graph(ID("rounds"), lang), html.P(id=ID("closed"), className="small mb-0 cchc-closed")],
        tools=ui.export_tools(PAGE.slug, view, "chart", chart="rounds"),
    )
    pick = ui.message(parts.text(view, "pick_cell"), "secondary", "pick-cell")
    items = ui.card(parts.text(view, "items_card"), [html.Div(pick, id=ID("items"))])
    columns = parts.unit_columns(lang, chosen)
    table = ui.table_card(t("findings.table_title", lang), ID("grid"), columns, view, PAGE.slug)
    unspecific = ui.chart_card(t("findings.unspecific_rounds_title", lang), ID("unspecific"),
                               view, PAGE.slug, "unspecific_rounds")  # fmt: skip
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
            unspecific,
        ],
        lead=parts.text(view, "lead", group=ui.group_text(view), year=view.year, round=view.round),
    )


def status(view: ui.View, missing: int) -> Any:
    """A hint at the leaf level without a field; the all-clear when nothing is missing."""
    if missing == 0:
        return dbc.Alert(
            [html.H2(parts.text(view, "nothing_title"), className="h5 alert-heading"),
             html.P(parts.text(view, "nothing_body"), className="mb-0")],
            color="success", className="cchc-state cchc-state-complete",
        )  # fmt: skip
    if view.option(PAGE, "level") == "leaf" and view.field is None:
        return ui.message(t("evidence.leaf_hint", view.lang), "info", "leaf-hint")
    return None


def chart(view: ui.View, name: str | None) -> Any:
    """The page's chart ``name`` (the downloads' spec); a message when it has nothing to
    compare (one round)."""
    try:
        return specs.figure(ui.engine(), specs.chart_spec(PAGE, name), view)
    except specs.NothingToDrawError:
        return empty_figure(t("gaps.one_round", view.lang, year=view.year), lang=view.lang)


@ui.draws(ID, {"status": "children", "heatmap": "figure", "rounds": "figure",
               "closed": "children", "grid": "rowData", "unspecific": "figure"})  # fmt: skip
def draw(view: ui.View) -> tuple[Any, ...]:
    lang, year, chosen = view.lang, view.year, parts.problem(view)
    matrix = found.problem_matrix(ui.engine(), view)
    if matrix.empty:
        blank = empty_figure(t("empty.no_match_title", lang))
        return ui.no_match(lang), blank, blank, "", [], blank
    by_round = {
        r: queries.unit_evidence(ui.engine(), year, r, view.group, view.field)
        for r in queries.rounds_of(ui.engine(), year)
    }
    units = found.unit_problems(ui.engine(), view)
    return (
        status(view, int(matrix[chosen].sum())),
        chart(view, found.PROBLEM_CHARTS[chosen]),
        chart(view, "rounds"),
        parts.closed_text(round_totals(by_round), view.round, lang),
        records(parts.unit_rows(units, lang, chosen)),
        chart(view, "unspecific_rounds"),
    )


def cell_items(view: ui.View, unit: str, node: str) -> tuple[pd.DataFrame, Any]:
    """The chosen problem's items of ``unit`` under ``node`` and their grid's columns."""
    chosen, lang = parts.problem(view), view.lang
    if chosen != "unspecific_explanation":
        items = queries.missing_items(ui.engine(), view.year, view.round, unit, node)
        return parts.item_rows(items[items[chosen]], lang), item_columns(lang)
    rows = queries.leaf_findings(ui.engine(), view.year, view.round, view.group, unit)
    under = rows[["field_code", "parent_criterion", "criterion_code"]].isin([node]).any(axis=1)
    items = rows[under & rows["unspecific_explanation"]]
    rules = default_rules()
    labels = {str(r): rules.label(str(r), lang) for r in items["rule"].dropna().unique()}
    return parts.finding_rows(items, labels, lang), parts.finding_columns(lang)


@ui.page_callback(
    PAGE,
    Output(ID("items"), "children"),
    Input(ID("heatmap"), "clickData"),
    State(ID("view"), "data"),
    prevent_initial_call=True,
)
def show_items(click: Mapping[str, Any] | None, data: Mapping[str, Any]) -> Any:
    cell = parts.clicked_cell(click)
    view = ui.restore(data, PAGE)
    if cell is None or view.scope.unit(cell[0]) != cell[0]:
        return no_update  # no cell, or a forged one of a unit outside the user's scope
    unit, node = cell
    unit_name = queries.unit_names(ui.engine(), [unit])[unit]
    node_label = queries.node_name(ui.engine(), view.year, view.group, node)
    rows, columns = cell_items(view, unit, node)
    if rows.empty:
        done = parts.text(view, "cell_complete", unit=unit_name, node=node_label)
        return ui.message(done, "success", "cell-complete")
    title = parts.text(view, "items_title", unit=unit_name, node=node_label, n=len(rows))
    return [
        html.H3(title, className="h6 cchc-items-title"),
        data_grid(ID("items-grid"), rows, columns, view.lang, row_id="criterion_code"),
    ]
