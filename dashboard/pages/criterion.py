"""Tiêu chí — one field or criterion across the units of a group: scores, losses, explanations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, callback, dcc, html

from dashboard import formatting, queries
from dashboard.components import (
    PAGES,
    View,
    ViewState,
    engine,
    filter_bar,
    filter_options,
    graph,
    no_data,
    no_match,
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
from dashboard.figures.criterion import lost_points_bars, score_distribution
from dashboard.i18n import t
from dashboard.ids import PageIds
from dashboard.pages._common_b import (
    count_text,
    group_text,
    item_columns,
    message,
    node_summary,
    search_of,
    section,
    share_text,
    tiles,
)

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


def with_node(view: View) -> View:
    """The view on one node: its criterion, else its field, else the framework's first field."""
    if view.criterion or view.field:
        return view
    tree = queries.framework(engine(), view.year, view.group)
    fields = tree[tree["level"] == 1]
    return view.with_(field=str(fields["code"].iloc[0])) if len(fields) else view


def node_of(view: View) -> str | None:
    return view.criterion or view.field


def node_text(view: View) -> str:
    """``"1.2. Báo cáo CCHC định kỳ"`` for the view's node."""
    code = node_of(view)
    tree = queries.framework(engine(), view.year, view.group)
    match = tree[tree["code"] == code]
    return f"{code}. {match['name'].iloc[0]}" if len(match) else str(code)


def unit_rows(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    return with_text(
        table,
        {
            "index": lambda v: index_text(v, lang),
            "self_index": lambda v: index_text(v, lang),
            "lost_points": lambda v: formatting.number(v, 2),
            "gap_points": lambda v: formatting.number(v, 2, signed=True),
            "missing_evidence_share": formatting.percent,
        },
    )


def unit_columns(lang: str) -> list[dict[str, Any]]:
    return [
        text_column("unit_name", t("term.unit", lang), minWidth=240),
        number_column("index", t("term.index", lang), maxWidth=140),
        number_column("self_index", t("term.self_index", lang), maxWidth=170),
        number_column("lost_points", t("criteria.lost_points", lang), maxWidth=140, sort="desc"),
        number_column("gap_points", t("gaps.gap_points", lang), maxWidth=160),
        number_column("missing_evidence_share", t("evidence.missing_share", lang), maxWidth=170),
    ]


def explanation_rows(table: pd.DataFrame) -> pd.DataFrame:
    rows = table.assign(
        criterion=[
            f"{c}. {n}"
            for c, n in zip(table["criterion_code"], table["criterion_name"], strict=True)
        ],
        row_id=[
            f"{u}|{c}" for u, c in zip(table["unit_code"], table["criterion_code"], strict=True)
        ],
    )
    return with_text(
        rows,
        {
            "self_score": formatting.points,
            "appraised_score": formatting.points,
            "evidence_count": count_text,
        },
    )


def layout(**kwargs: Any) -> html.Div:
    state = ViewState.from_query(kwargs)
    view = resolve(engine(), state, PAGES["criteria"])
    if view is None:
        return page_frame(TITLE, state.lang, [no_data(state.lang)])
    view = with_node(view)
    lang = view.lang
    options = filter_options(engine(), view, ("year", "round", "group", "field", "criterion"))
    search = search_of(view)
    if node_of(view) is None:
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
                        section(
                            t("criteria.distribution_title", lang),
                            [graph(ID("distribution"))],
                            slug=SLUG,
                            chart="distribution",
                            search=search,
                            lang=lang,
                        ),
                        xs=12,
                        xl=6,
                    ),
                    dbc.Col(
                        section(
                            t("criteria.lost_title", lang),
                            [graph(ID("lost"))],
                            slug=SLUG,
                            search=search,
                            lang=lang,
                        ),
                        xs=12,
                        xl=6,
                    ),
                ],
                className="g-3",
            ),
            section(
                t("criteria.units_title", lang),
                [
                    data_grid(
                        ID("units"), pd.DataFrame(), unit_columns(lang), lang, row_id="unit_code"
                    )
                ],
                slug=SLUG,
                kind="table",
                search=search,
                lang=lang,
            ),
            section(t("criteria.explanations_title", lang), [html.Div(id=ID("explanations"))]),
        ],
        lead=t(
            "criteria.lead",
            lang,
            node=node_text(view),
            group=group_text(view),
            year=view.year,
            round=view.round,
        ),
    )


def explained_count(notes: pd.DataFrame) -> int:
    """Leaves with a non-blank explanation (the table also lists appraiser notes alone)."""
    return int(notes["explanation"].fillna("").astype(str).str.strip().ne("").sum())


def summary_tiles(table: pd.DataFrame, explained: int, lang: str) -> dbc.Row:
    s = node_summary(table)
    return tiles(
        [
            (t("criteria.units", lang), formatting.integer(s["units"]), "units"),
            (t("criteria.mean_index", lang), index_text(s["mean_index"], lang), "mean"),
            (
                t("criteria.missing_rate", lang),
                share_text(s["missing_evidence"], s["evidence_required"]),
                "missing",
            ),
            (t("criteria.explanations", lang), formatting.integer(explained), "explained"),
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
        summary_tiles(table, explained_count(notes), lang),
        score_distribution(table, lang=lang),
        lost_points_bars(table, lang=lang),
        records(unit_rows(table, lang)),
        explanations,
    )
