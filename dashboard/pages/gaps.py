"""Chênh lệch — where units over-claim: self vs appraised, per field, criterion and round."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard import formatting, queries, specs
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
    no_data,
    no_match,
    not_appraised,
    page_frame,
    resolve,
    view_store,
)
from dashboard.components.grid import (
    data_grid,
    index_text,
    number_column,
    records,
    text_column,
    with_text,
)
from dashboard.figures import empty_figure
from dashboard.i18n import t
from dashboard.ids import PageIds

dash.register_page(
    __name__,
    path="/chenh-lech",
    name="Chênh lệch",
    order=3,
    i18n_key="page.gaps",
    title="Chênh lệch — Chỉ số CCHC",
)

ID = PageIds("gaps")
TITLE = "page.gaps"
SLUG = "gaps"
CHARTS = specs.chart_names(PAGES["gaps"])  # the page shows every chart of its spec


def table_rows(scores: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per unit: self and appraised index (same base) and the gap, with display text."""
    signed = {
        "gap_points": lambda v: formatting.number(v, 2, signed=True),
        "gap_index": lambda v: formatting.number(v, 2, signed=True),
    }
    shown = {c: (lambda v: index_text(v, lang)) for c in ("self_index", "appraised_self_index")}
    return with_text(scores, {**shown, **signed})


def column_defs(lang: str) -> list[dict[str, Any]]:
    over = {"cchc-missing": "params.value > 0"}
    return [
        text_column("unit_name", t("term.unit", lang), minWidth=240),
        number_column("self_index", t("term.self_index", lang), maxWidth=170),
        number_column("appraised_self_index", t("gaps.appraised_axis", lang), maxWidth=200),
        number_column("gap_index", t("gaps.gap_index", lang), maxWidth=170, cellClassRules=over),
        number_column("gap_points", t("gaps.gap_points", lang), maxWidth=150, sort="desc"),
    ]


def layout(**kwargs: Any) -> html.Div:
    state = ViewState.from_query(kwargs)
    view = resolve(engine(), state, PAGES["gaps"])
    if view is None:
        return page_frame(TITLE, state.lang, [no_data(state.lang)])
    lang = view.lang
    options = filter_options(engine(), view, ("year", "round", "group", "field"))

    def chart(key: str, title: str, *extra: Any) -> dbc.Card:
        body = [*extra, dcc.Loading(graph(ID(key)), type="dot")]
        return card(title, body, tools=export_tools(SLUG, view, "chart", chart=key))

    note = html.P(t("gaps.scatter_note", lang), className="small text-body-secondary mb-1")
    return page_frame(
        TITLE,
        lang,
        [
            filter_bar(view, options, lang),
            view_store(ID("view"), view),
            html.Div(id=ID("status")),
            dbc.Row(
                [
                    dbc.Col(
                        chart("scatter", t("gaps.scatter_title", lang), note),
                        xs=12,
                        xl=7,
                    ),
                    dbc.Col(chart("fields", t("gaps.field_title", lang)), xs=12, xl=5),
                ],
                className="g-3",
            ),
            dbc.Row(
                [
                    dbc.Col(chart("criteria", t("gaps.criteria_title", lang)), xs=12, xl=6),
                    dbc.Col(
                        chart(
                            "rounds",
                            t("gaps.rounds_title", lang),
                            html.P(
                                t("gaps.whole_year", lang),
                                className="small text-body-secondary mb-1",
                            ),
                        ),
                        xs=12,
                        xl=6,
                    ),
                ],
                className="g-3",
            ),
            card(
                t("gaps.table_title", lang),
                [
                    data_grid(
                        ID("grid"), pd.DataFrame(), column_defs(lang), lang, row_id="unit_code"
                    )
                ],
                tools=export_tools(SLUG, view, "table"),
            ),
        ],
        lead=t("gaps.lead", lang, group=group_text(view), year=view.year, round=view.round),
    )


def chart(view: View, name: str) -> Any:
    """The page's chart ``name`` (the same spec the downloads use); a message in its place
    when the view lacks what it needs (a second round to compare)."""
    try:
        return specs.figure(engine(), specs.chart_spec(PAGES["gaps"], name), view)
    except specs.NothingToDrawError:
        return empty_figure(t("gaps.one_round", view.lang, year=view.year))


@callback(
    Output(ID("status"), "children"),
    *(Output(ID(key), "figure") for key in CHARTS),
    Output(ID("grid"), "rowData"),
    Input(ID("view"), "data"),
)
def draw(data: Mapping[str, Any]) -> tuple[Any, ...]:
    view = View.restore(data)
    lang = view.lang
    scores = queries.unit_scores(engine(), view.year, view.round, view.group, view.field)
    if scores.empty:
        blank = empty_figure(t("empty.no_match_title", lang))
        return (no_match(lang), *(blank for _ in CHARTS), [])
    if scores["appraised_self_index"].isna().all():
        blank = empty_figure(t("term.not_appraised", lang))
        return (not_appraised(lang), *(blank for _ in CHARTS), [])
    return (None, *(chart(view, name) for name in CHARTS), records(table_rows(scores, lang)))
