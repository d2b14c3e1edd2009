"""Tiến độ — a round's schedule, who has sent, attached the report, been approved; who has not.

A round with a schedule but no scores yet (the round now open) can be chosen here: it is the
round whose progress matters most.  While it is open the badge counts down to the lock ("Còn 2
ngày 3 giờ 15 phút đến hạn khóa"), from the server's now (:func:`dashboard.clock.now`,
``CCHC_NOW`` in tests), every 30 seconds; once locked the units that sent late are listed.
The follow-up of the round ("Theo dõi khắc phục") is a click away.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, dcc, html

from dashboard import clock, formatting, queries, specs
from dashboard import components as ui
from dashboard.components.downloads import notices_menu
from dashboard.components.followup import followup_link, late_list
from dashboard.components.grid import data_grid, text_column
from dashboard.components.tables import count_text
from dashboard.components.url_state import href
from dashboard.i18n import group_label, t

PAGE = ui.register_page(__name__, "progress")
ID = ui.page_ids(PAGE)
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


TICK_MS = 30_000  # how often the countdown is redrawn


def schedule(p: queries.Progress, view: ui.View) -> html.Div:
    """Opening and lock times, the live countdown beside them, the link to the follow-up."""
    lang = view.lang

    def when(label: str, value: datetime | None, kind: str) -> html.Div:
        return html.Div(
            [
                html.Div(label, className="small text-body-secondary"),
                html.Div(
                    formatting.datetime_vn(value, lang=lang),
                    className=f"fs-5 fw-semibold cchc-{kind}",
                ),
            ],
            className="me-4",
        )

    return html.Div(
        [
            when(t("progress.opens", lang), p.opens_at, "opens"),
            when(t("progress.locks", lang), p.locks_at, "locks"),
            html.Div(id=ID("badge"), className="align-self-center me-4"),
            dcc.Interval(id=ID("tick"), interval=TICK_MS),
            html.Div(
                [followup_link(view), notices_menu(search=href("", view), lang=view.lang)],
                className="align-self-center ms-auto d-flex gap-2 align-items-center",
            ),
        ],
        className="d-flex flex-wrap align-items-end mb-3 cchc-schedule",
    )


def layout(**kwargs: Any) -> html.Div:
    view = ui.view_or_empty(PAGE, kwargs)
    if not isinstance(view, ui.View):
        return view
    lang = view.lang
    options = ui.filter_options(ui.engine(), view, ("year", "round", "group"), PAGE)
    p = queries.progress(ui.engine(), view.year, view.round, view.group)
    return ui.page_frame(
        PAGE.title_key,
        lang,
        [
            ui.filter_bar(view, options, lang),
            ui.view_store(ID("view"), view),
            schedule(p, view),
            dcc.Loading(html.Div(id=ID("tiles")), type="dot"),
            dbc.Row(
                [
                    dbc.Col(
                        ui.chart_card(
                            t("progress.timeline_title", lang),
                            ID("timeline"),
                            view,
                            PAGE.slug,
                            None,
                        ),
                        xs=12,
                        xl=8,
                    ),
                    dbc.Col(
                        [
                            ui.card(
                                t("progress.unsent_title", lang),
                                [html.Div(id=ID("unsent"))],
                                tools=ui.export_tools(PAGE.slug, view, "table"),
                            ),
                            html.Div(id=ID("late")),
                        ],
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
    return t("progress.of", lang, n=count_text(n, lang), total=count_text(total, lang))


@ui.draws(ID, {"tiles": "children", "timeline": "figure", "unsent": "children", "late": "children"})
def draw(view: ui.View) -> tuple[Any, ...]:
    lang = view.lang
    p = queries.progress(ui.engine(), view.year, view.round, view.group)
    units, counts = p.units, p.counts
    total = counts["units"]
    summary = ui.tiles(
        [
            (t("progress.sent", lang), _of(counts["sent"], total, lang), "sent"),
            (t("progress.report", lang), _of(counts["report_attached"], total, lang), "report"),
            (t("progress.approved", lang), _of(counts["approved"], total, lang), "approved"),
            (t("progress.late", lang), count_text(counts["late"], lang), "late"),
        ]
    )
    unsent: Any = (
        ui.message(t("progress.all_sent", lang), "success", "all-sent")
        if counts["not_sent"] == 0
        else data_grid(
            ID("unsent-grid"),
            unsent_rows(units, lang),
            unsent_columns(lang),
            lang,
            row_id="unit_code",
        )
    )
    timeline = specs.figure(ui.engine(), specs.chart_spec(PAGE, "timeline"), view)
    late = None  # who sent late: after the lock (a unit that sent after it)
    if counts["late"]:
        late = ui.card(t("followup.late_card", lang),
                       [late_list(ID("late-grid"), units, lang, sent_only=True)])  # fmt: skip
    return summary, timeline, unsent, late


@ui.page_callback(
    PAGE,
    Output(ID("badge"), "children"),
    Input(ID("tick"), "n_intervals"),
    Input(ID("view"), "data"),
)
def badge(_tick: int | None, data: Mapping[str, Any]) -> dbc.Badge:
    view = ui.restore(data)
    p = queries.progress(ui.engine(), view.year, view.round)
    status, text = clock.countdown(p.opens_at, p.locks_at, clock.now(), view.lang)
    return dbc.Badge(
        text,
        color=STATUS_COLOURS[status],
        text_color="dark" if status == "no_schedule" else None,
        className=f"fs-6 cchc-round-status cchc-round-{status}",
    )
