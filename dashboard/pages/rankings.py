"""Xếp hạng — per group, units ranked by index (appraised or self), rank changes, a table
with each unit's points at stake and its index and rank if it recovered them (appraised
ranking), and the units that over-claim year after year (``queries.reliability``).

Clicking a bar or a table row opens the unit page for the same year and round.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import ALL, Input, Output, Patch, State, ctx, dcc, html, no_update

from dashboard import components as ui
from dashboard import ids, queries, specs
from dashboard.components import findings as found
from dashboard.components.grid import data_grid, number_column, records, text_column
from dashboard.components.tables import ranking_rows
from dashboard.components.unit_picker import open_search, search_patch
from dashboard.i18n import group_label, t

PAGE = ui.register_page(__name__, "rankings")
ID = ui.page_ids(PAGE)
UNIT_PATH = ui.PAGES["unit"].url
BARS = ID("bars")
BARS_SPEC = specs.chart_spec(PAGE, "bars")  # one chart per group, as exported


CHANGE_CLASSES = {"cchc-up": "params.value > 0", "cchc-down": "params.value < 0"}


def column_defs(lang: str, score: str = "appraised") -> list[dict[str, Any]]:
    """The ranking's columns; the appraised ranking's with the points at stake."""
    stake = found.stake_columns(lang) if score == "appraised" else []
    return [
        number_column("rank", t("term.rank", lang), minWidth=70, maxWidth=90, pinned="left"),
        number_column("rank_change_round", t("term.change_round", lang), maxWidth=130,
                      cellClassRules=CHANGE_CLASSES),
        number_column("rank_change_year", t("term.change_year", lang), maxWidth=130,
                      cellClassRules=CHANGE_CLASSES),
        text_column("unit_name", t("term.unit", lang), minWidth=240, cellClass="cchc-link-cell"),
        text_column("group_label", t("term.group", lang), minWidth=180),
        number_column("points", t("term.points", lang), maxWidth=120),
        number_column("max_points", t("term.max_points", lang), maxWidth=120),
        number_column("index", t("term.index", lang), maxWidth=140),
        text_column("band", t("term.band", lang), maxWidth=110),
        *stake,
    ]  # fmt: skip


def layout(**kwargs: Any) -> html.Div:
    view = ui.view_or_empty(PAGE, kwargs)
    if not isinstance(view, ui.View):
        return view
    lang = view.lang
    options = ui.filter_options(ui.engine(), view, ("year", "round", "group"))
    score = t(f"score.{view.score}", lang).lower()
    return ui.page_frame(
        PAGE.title_key,
        lang,
        [
            ui.filter_bar(view, options, lang, extra=[ui.score_switch(view, lang)]),
            ui.view_store(ID("view"), view),
            dcc.Loading(html.Div(id=ID("charts")), type="dot"),
            ui.card(
                t("rankings.table_title", lang),
                tools=ui.export_tools("rankings", view, "chart", "table"),
                body=[
                    dbc.Input(
                        id=ID("search"),
                        type="search",
                        debounce=False,
                        placeholder=t("rankings.quick_filter", lang),
                        className="mb-2 d-print-none",
                        style={"maxWidth": "22rem"},
                    ),
                    data_grid(
                        ID("grid"),
                        pd.DataFrame(),
                        column_defs(lang, view.score),
                        lang,
                        row_id="unit_code",
                    ),
                    *stake_note(view),
                ],
            ),
            ui.card(
                t("findings.persistent_title", lang),
                [
                    html.P(found.persistent_lead(lang), className="small text-body-secondary"),
                    html.Div(id=ID("persistent")),
                ],
            ),
        ],
        lead=t("rankings.lead", lang, score=score, year=view.year, round=view.round),
    )


def stake_note(view: ui.View) -> list[Any]:
    """What the points at stake are (the appraised ranking only)."""
    if view.score != "appraised":
        return []
    note = t("findings.stake_note", view.lang)
    return [html.P(note, className="small text-body-secondary mt-2 mb-0 cchc-stake-note")]


def group_charts(table: pd.DataFrame, view: ui.View) -> list[Any]:
    """One card per group, its ranking chart inside."""
    lang = view.lang
    score = t(f"score.{view.score}", lang).lower()
    charts = []
    groups = list(dict.fromkeys(table["group"]))
    for code in groups:
        title = t("rankings.chart_title", lang, group=group_label(str(code), lang), score=score)
        figure = specs.figure(ui.engine(), BARS_SPEC, view.with_(group=str(code)))
        charts.append(
            dbc.Col(ui.card(title, [ui.graph({"type": BARS, "group": str(code)}, lang, figure)]),
                    xs=12, xxl=12 if len(groups) == 1 else 6)
        )  # fmt: skip
    return [dbc.Row(charts, className="g-3")]


@ui.draws(ID, {"charts": "children", "grid": "rowData"})
def draw(view: ui.View) -> tuple[Any, Any]:
    engine, year, round_, group = ui.engine(), view.year, view.round, view.group
    if view.score == "appraised":  # the ranking and each unit's points at stake
        table = queries.stake_ranking(engine, year, round_, group)
    else:
        table = queries.rankings(engine, year, round_, group, score=view.score)
    if table.empty:
        return ui.no_match(view.lang), []
    rows = ranking_rows(table, view.lang, view.score)
    if view.score == "appraised":
        rows = found.stake_rows(rows, view.lang)
    return group_charts(table, view), records(rows)


@ui.draws(ID, {"persistent": "children"})
def draw_persistent(view: ui.View) -> Any:
    """The units over-claiming every year (over every year, the view's group or all)."""
    units = queries.reliability(ui.engine(), group=view.group).units
    rows = found.persistent_rows(units, view.lang)
    if rows.empty:
        return ui.message(t("findings.persistent_none", view.lang), "secondary", "no-persistent")
    columns = found.persistent_columns(view.lang)
    return data_grid(ID("persistent-grid"), rows, columns, view.lang, row_id="unit_code")


@ui.page_callback(PAGE, Output(ID("grid"), "dashGridOptions"), Input(ID("search"), "value"),
                  prevent_initial_call=True)  # fmt: skip
def quick_filter(text: str | None) -> Patch:
    return search_patch(text)


def clicked_unit(trigger: Any, value: Any) -> str | None:
    """The unit code a click points at: a bar's ``customdata[0]`` or a grid row's id."""
    if not value:
        return None
    if trigger == ID("grid"):
        return str(value.get("rowId") or "") or None
    points = value.get("points") or []
    if points and points[0].get("customdata"):
        return str(points[0]["customdata"][0])
    return None


@ui.page_callback(
    PAGE,
    Output(ids.URL, "pathname", allow_duplicate=True),
    Output(ids.URL, "search", allow_duplicate=True),
    Input({"type": BARS, "group": ALL}, "clickData"),
    Input(ID("grid"), "cellClicked"),
    State(ID("view"), "data"),
    prevent_initial_call=True,
)
def open_unit(_bars: list[Any], _cell: Any, data: Mapping[str, Any]) -> tuple[Any, Any]:
    if not ctx.triggered:
        return no_update, no_update
    trigger = ctx.triggered_id
    code = clicked_unit(ID("grid") if trigger == ID("grid") else trigger, ctx.triggered[0]["value"])
    search = open_search(ui.restore(data), code)  # a unit of the user's scope only
    return (no_update, no_update) if search is no_update else (UNIT_PATH, search)
