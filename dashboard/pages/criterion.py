"""Tiêu chí — one field or criterion across the units of a group: scores, losses, explanations."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import components as ui
from dashboard import metrics, queries, specs
from dashboard.components.criteria import explanation_rows, unit_columns, unit_rows
from dashboard.components.grid import data_grid, index_text, records
from dashboard.components.tables import count_text, item_columns, share_text
from dashboard.figures import empty_figure
from dashboard.i18n import t

PAGE = ui.register_page(__name__, "criteria")
ID = ui.page_ids(PAGE)


def node_of(view: ui.View) -> str | None:
    return view.criterion or view.field


def layout(**kwargs: Any) -> html.Div:
    view = ui.view_or_empty(PAGE, kwargs)
    if not isinstance(view, ui.View):
        return view
    lang = view.lang
    options = ui.filter_options(ui.engine(), view, ("year", "round", "group", "field", "criterion"))
    node = node_of(view)
    if node is None or view.group is None:
        return ui.page_frame(
            PAGE.title_key, lang, [ui.filter_bar(view, options, lang), ui.no_match(lang)]
        )
    return ui.page_frame(
        PAGE.title_key,
        lang,
        [
            ui.filter_bar(view, options, lang),
            ui.view_store(ID("view"), view),
            dcc.Loading(html.Div(id=ID("tiles")), type="dot"),
            dbc.Row(
                [
                    dbc.Col(
                        ui.chart_card(
                            t("criteria.distribution_title", lang),
                            ID("distribution"),
                            view,
                            PAGE.slug,
                            "distribution",
                        ),
                        xs=12,
                        xl=6,
                    ),
                    dbc.Col(
                        ui.chart_card(
                            t("criteria.lost_title", lang), ID("lost"), view, PAGE.slug, None
                        ),
                        xs=12,
                        xl=6,
                    ),
                ],
                className="g-3",
            ),
            ui.table_card(
                t("criteria.units_title", lang), ID("units"), unit_columns(lang), view, PAGE.slug
            ),
            ui.card(t("criteria.explanations_title", lang), [html.Div(id=ID("explanations"))]),
        ],
        lead=t(
            "criteria.lead",
            lang,
            node=queries.node_name(ui.engine(), view.year, view.group, node),
            group=ui.group_text(view),
            year=view.year,
            round=view.round,
        ),
    )


def summary_tiles(table: pd.DataFrame, lang: str) -> dbc.Row:
    """Units, their mean index, the share of evidence missing and the leaves explained, as
    :func:`dashboard.metrics.node_summary` counts them (the exports' definitions)."""
    s = metrics.node_summary(table)
    return ui.tiles(
        [
            (t("criteria.units", lang), count_text(s["units"], lang), "units"),
            (t("criteria.mean_index", lang), index_text(s["mean_index"], lang), "mean"),
            (
                t("criteria.missing_rate", lang),
                share_text(s["missing_evidence"], s["evidence_required"], lang),
                "missing",
            ),
            (t("criteria.explanations", lang), count_text(s["explained"], lang), "explained"),
        ]
    )


@ui.draws(
    ID,
    {
        "tiles": "children",
        "distribution": "figure",
        "lost": "figure",
        "units": "rowData",
        "explanations": "children",
    },
)
def draw(view: ui.View) -> tuple[Any, ...]:
    node = node_of(view)
    assert view.group and node
    lang = view.lang
    table = queries.criterion_explorer(ui.engine(), view.year, view.round, view.group, node)
    if table.empty:
        blank = empty_figure(t("empty.no_match_title", lang))
        return ui.no_match(lang), blank, blank, [], None
    notes = queries.explanations(ui.engine(), view.year, view.round, view.group, node)
    explanations: Any = (
        ui.message(t("criteria.no_explanations", lang), "secondary", "no-explanations")
        if notes.empty
        else data_grid(
            ID("notes"),
            explanation_rows(notes, lang),
            item_columns(lang, unit=True, appraised=True),
            lang,
            row_id="row_id",
            height="480px",
        )
    )
    return (
        summary_tiles(table, lang),
        specs.figure(ui.engine(), specs.chart_spec(PAGE, "distribution"), view),
        specs.figure(ui.engine(), specs.chart_spec(PAGE, "lost"), view),
        records(unit_rows(table, lang)),
        explanations,
    )
