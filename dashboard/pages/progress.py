"""Tiến độ — a round's schedule, who has sent, attached the report, been approved; who has not.

A round with a schedule but no scores yet (the round now open) can be chosen here: it is the
round whose progress matters most.  The countdown refreshes every minute.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
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
    message,
    no_data,
    page_frame,
    resolve,
    tiles,
    view_store,
)
from dashboard.components.grid import data_grid, text_column
from dashboard.components.states import status_text
from dashboard.i18n import group_label, t
from dashboard.ids import PageIds
from dashboard.metrics import round_status

dash.register_page(
    __name__,
    path="/tien-do",
    name="Tiến độ",
    order=6,
    i18n_key="page.progress",
    title="Tiến độ — Chỉ số CCHC",
)

ID = PageIds("progress")
TITLE = "page.progress"
SLUG = "progress"
PAGE = PAGES[SLUG]
STATUS_COLOURS = {
    "locked": "secondary",
    "open": "success",
    "not_open": "info",
    "no_schedule": "light",
}


def unsent_rows(units: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The units that have not sent, with their group's name in ``lang``."""
    out = units[~units["sent"]].reset_index(drop=True)
    return out.assign(group_name=[group_label(str(g), lang) for g in out["group"]])


def unsent_columns(lang: str) -> list[dict[str, Any]]:
    return [
        text_column("unit_name", t("term.unit", lang), minWidth=220),
        text_column("group_name", t("term.group", lang), minWidth=160),
    ]


def schedule(p: queries.Progress, lang: str) -> html.Div:
    """Opening and lock times, and the live status badge beside them."""

    def when(label: str, value: datetime | None, kind: str) -> html.Div:
        return html.Div(
            [
                html.Div(label, className="small text-body-secondary"),
                html.Div(formatting.datetime_vn(value), className=f"fs-5 fw-semibold cchc-{kind}"),
            ],
            className="me-4",
        )

    return html.Div(
        [
            when(t("progress.opens", lang), p.opens_at, "opens"),
            when(t("progress.locks", lang), p.locks_at, "locks"),
            html.Div(id=ID("badge"), className="align-self-center"),
            dcc.Interval(id=ID("tick"), interval=60_000),
        ],
        className="d-flex flex-wrap align-items-end mb-3 cchc-schedule",
    )


def layout(**kwargs: Any) -> html.Div:
    state = ViewState.from_query(kwargs)
    view = resolve(engine(), state, PAGE)  # a round scheduled but not scored yet included
    if view is None:
        return page_frame(TITLE, state.lang, [no_data(state.lang)])
    lang = view.lang
    options = filter_options(engine(), view, ("year", "round", "group"), PAGE)
    p = queries.progress(engine(), view.year, view.round, view.group)
    return page_frame(
        TITLE,
        lang,
        [
            filter_bar(view, options, lang),
            view_store(ID("view"), view),
            schedule(p, lang),
            dcc.Loading(html.Div(id=ID("tiles")), type="dot"),
            dbc.Row(
                [
                    dbc.Col(
                        card(
                            t("progress.timeline_title", lang),
                            [graph(ID("timeline"))],
                            tools=export_tools(SLUG, view, "chart"),
                        ),
                        xs=12,
                        xl=8,
                    ),
                    dbc.Col(
                        card(
                            t("progress.unsent_title", lang),
                            [html.Div(id=ID("unsent"))],
                            tools=export_tools(SLUG, view, "table"),
                        ),
                        xs=12,
                        xl=4,
                    ),
                ],
                className="g-3",
            ),
        ],
        lead=t("progress.lead", lang, year=view.year, round=view.round),
    )


def _of(n: int, total: int, lang: str) -> str:
    return t("progress.of", lang, n=formatting.integer(n), total=formatting.integer(total))


@callback(
    Output(ID("tiles"), "children"),
    Output(ID("timeline"), "figure"),
    Output(ID("unsent"), "children"),
    Input(ID("view"), "data"),
)
def draw(data: Mapping[str, Any]) -> tuple[Any, ...]:
    view = View.restore(data)
    lang = view.lang
    p = queries.progress(engine(), view.year, view.round, view.group)
    units, counts = p.units, p.counts
    total = counts["units"]
    summary = tiles(
        [
            (t("progress.sent", lang), _of(counts["sent"], total, lang), "sent"),
            (t("progress.report", lang), _of(counts["report_attached"], total, lang), "report"),
            (t("progress.approved", lang), _of(counts["approved"], total, lang), "approved"),
            (t("progress.late", lang), formatting.integer(counts["late"]), "late"),
        ]
    )
    unsent: Any = (
        message(t("progress.all_sent", lang), "success", "all-sent")
        if counts["not_sent"] == 0
        else data_grid(
            ID("unsent-grid"),
            unsent_rows(units, lang),
            unsent_columns(lang),
            lang,
            row_id="unit_code",
        )
    )
    timeline = specs.figure(engine(), specs.chart_spec(PAGE, "timeline"), view)
    return summary, timeline, unsent


@callback(
    Output(ID("badge"), "children"), Input(ID("tick"), "n_intervals"), Input(ID("view"), "data")
)
def badge(_tick: int | None, data: Mapping[str, Any]) -> dbc.Badge:
    view = View.restore(data)
    p = queries.progress(engine(), view.year, view.round)
    status, delta = round_status(p.opens_at, p.locks_at, datetime.now())
    return dbc.Badge(
        status_text(status, delta, view.lang),
        color=STATUS_COLOURS[status],
        text_color="dark" if status == "no_schedule" else None,
        className=f"fs-6 cchc-round-status cchc-round-{status}",
    )
