"""Chênh lệch — where units over-claim: self vs appraised, per field, criterion and round."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import components as ui
from dashboard import queries, specs
from dashboard.components.grid import (
    gap_text,
    index_text,
    number_column,
    records,
    text_column,
    with_text,
)
from dashboard.figures import empty_figure
from dashboard.i18n import t

PAGE = ui.register_page(__name__, "gaps")
ID = ui.page_ids(PAGE)
CHARTS = specs.chart_names(PAGE)  # the page shows every chart of its spec


def table_rows(scores: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per unit: self and appraised index (same base) and the gap, with display text in
    ``lang``."""
    formatters = {
        "self_index": index_text,
        "appraised_self_index": index_text,
        "gap_points": gap_text,
        "gap_index": gap_text,
    }
    return with_text(scores, formatters, lang)


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
    view = ui.view_or_empty(PAGE, kwargs)
    if not isinstance(view, ui.View):
        return view
    lang = view.lang
    options = ui.filter_options(ui.engine(), view, ("year", "round", "group", "field"))

    def chart(key: str, title: str, *extra: Any) -> dbc.Card:
        return ui.chart_card(title, ID(key), view, PAGE.slug, key, *extra)

    note = html.P(t("gaps.scatter_note", lang), className="small text-body-secondary mb-1")
    return ui.page_frame(
        PAGE.title_key,
        lang,
        [
            ui.filter_bar(view, options, lang),
            ui.view_store(ID("view"), view),
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
            ui.table_card(
                t("gaps.table_title", lang), ID("grid"), column_defs(lang), view, PAGE.slug
            ),
        ],
        lead=t("gaps.lead", lang, group=ui.group_text(view), year=view.year, round=view.round),
    )


def chart(view: ui.View, name: str) -> Any:
    """The page's chart ``name`` (the same spec the downloads use); a message in its place
    when the view lacks what it needs (a second round to compare)."""
    try:
        return specs.figure(ui.engine(), specs.chart_spec(PAGE, name), view)
    except specs.NothingToDrawError:
        return empty_figure(t("gaps.one_round", view.lang, year=view.year))


@ui.draws(ID, {"status": "children", **{key: "figure" for key in CHARTS}, "grid": "rowData"})
def draw(view: ui.View) -> tuple[Any, ...]:
    lang = view.lang
    scores = queries.unit_scores(ui.engine(), view.year, view.round, view.group, view.field)
    if scores.empty:
        blank = empty_figure(t("empty.no_match_title", lang))
        return (ui.no_match(lang), *(blank for _ in CHARTS), [])
    if scores["appraised_self_index"].isna().all():
        blank = empty_figure(t("term.not_appraised", lang))
        return (ui.not_appraised(lang), *(blank for _ in CHARTS), [])
    return (None, *(chart(view, name) for name in CHARTS), records(table_rows(scores, lang)))
