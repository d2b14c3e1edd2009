"""Tổng quan — the landing page: one card per group, each figure linking to the page behind it."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard import components as ui
from dashboard import queries, specs
from dashboard.components.grid import gap_text, index_text
from dashboard.components.options import schedule_text
from dashboard.components.tables import count_text, share_text
from dashboard.figures import empty_figure
from dashboard.i18n import group_label, t

PAGE = ui.register_page(__name__, "overview")
ID = ui.page_ids(PAGE)
VIEW_KEYS = ("year", "round", "lang")


def _stat(label: str, value: str, link: str | None, kind: str) -> html.Div:
    shown: Any = dcc.Link(value, href=link, className="stretched-link-off") if link else value
    return html.Div(
        [html.Dt(label, className="small text-body-secondary fw-normal"),
         html.Dd(shown, className=f"mb-2 fw-semibold cchc-stat-{kind}")],
    )  # fmt: skip


def group_card(row: pd.Series, view: ui.View) -> dbc.Card:
    """One group's summary; each number links to the page that explains it."""
    lang = view.lang
    scope = view.with_(group=str(row["group"]))

    def link(path: str, **extra: object) -> str:
        return ui.href(path, scope, ("year", "round", "group", "lang"), **extra)

    def unit_link(code: Any) -> str | None:
        return None if code is None or pd.isna(code) else link("/don-vi", unit=code)

    def unit_text(name: Any, value: Any) -> str:
        if name is None or pd.isna(name):
            return t("term.not_appraised", lang)
        return f"{name} ({index_text(value, lang)})"

    units = int(row["units"])
    stats = [
        _stat(t("overview.units", lang), count_text(units, lang), link("/xep-hang"), "units"),
        _stat(t("overview.mean_index", lang), index_text(row["mean_index"], lang),
              link("/xep-hang"), "mean"),
        _stat(t("overview.best", lang), unit_text(row["best_unit"], row["best_index"]),
              unit_link(row["best_unit_code"]), "best"),
        _stat(t("overview.worst", lang), unit_text(row["worst_unit"], row["worst_index"]),
              unit_link(row["worst_unit_code"]), "worst"),
        _stat(t("overview.mean_gap", lang), gap_text(row["mean_gap_points"], lang),
              link("/chenh-lech"), "gap"),
        _stat(t("overview.missing_evidence", lang),
              share_text(int(row["missing_evidence"]), int(row["evidence_required"]), lang),
              link("/tai-lieu-kiem-chung"), "evidence"),
        _stat(t("overview.not_sent", lang),
              t("overview.not_sent_value", lang, n=count_text(row["unsent"], lang),
                total=count_text(units, lang)),
              link("/tien-do"), "unsent"),
    ]  # fmt: skip
    return dbc.Card(
        [
            dbc.CardHeader(
                dcc.Link(
                    group_label(str(row["group"]), lang),
                    href=link("/xep-hang"),
                    className="h6 mb-0 d-block cchc-group-title",
                ),
            ),
            dbc.CardBody(html.Dl(stats, className="mb-0")),
        ],
        className="h-100 cchc-group-card",
        id={"type": ID("group"), "group": str(row["group"])},
    )


def group_cards(table: pd.DataFrame, view: ui.View) -> dbc.Row:
    return dbc.Row(
        [dbc.Col(group_card(row, view), xs=12, md=6, xl=3, className="mb-3")
         for _, row in table.iterrows()],
        className="g-3",
    )  # fmt: skip


def layout(**kwargs: Any) -> html.Div:
    view = ui.view_or_empty(PAGE, kwargs)
    if not isinstance(view, ui.View):
        return view
    options = ui.filter_options(ui.engine(), view, ("year", "round"))
    return ui.page_frame(
        PAGE.title_key,
        view.lang,
        [
            ui.filter_bar(view, options, view.lang),
            ui.view_store(ID("view"), view),
            dcc.Loading(html.Div(id=ID("cards")), type="dot"),
            ui.card(
                t("overview.chart_title", view.lang),
                [ui.graph(ID("chart"), view.lang)],
                tools=ui.export_tools("overview", view, "chart"),
            ),
        ],
        lead=" ".join(
            part
            for part in (
                t("overview.lead", view.lang, year=view.year, round=view.round),
                schedule_text(ui.engine(), view),
            )
            if part
        ),
    )


@ui.draws(ID, {"cards": "children", "chart": "figure"})
def draw(view: ui.View) -> tuple[Any, Any]:
    table = queries.overview(ui.engine(), view.year, view.round)
    if table.empty:
        return ui.no_match(view.lang), empty_figure(t("empty.no_match_title", view.lang))
    chart = specs.figure(ui.engine(), specs.chart_spec(PAGE), view)
    return group_cards(table, view), chart
