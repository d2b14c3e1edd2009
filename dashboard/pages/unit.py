"""Đơn vị — one unit: index and rank in its group, sub-index per field, history, its group's
indices (no other unit named), points at stake per field and rank if recovered, how often it
over-claims, criteria tree, links to its follow-up items and its feedback notice.
A unit's account (``don_vi``) sees its own unit only (the view is held to its scope): no
filters but year and round, no picker, no link to a page its role may not open."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, ctx, dcc, html

from dashboard import components as ui
from dashboard import formatting, ids, queries, specs
from dashboard.components import findings as found
from dashboard.components.followup import unit_actions
from dashboard.components.grid import data_grid, index_text, number_column, records, text_column
from dashboard.components.tables import scorecard_rows
from dashboard.components.unit_picker import picker_answer, unit_picker
from dashboard.figures import empty_figure
from dashboard.i18n import group_label, t
from dashboard.specs.findings import unit_stake_row

PAGE = ui.register_page(__name__, "unit")
ID = ui.page_ids(PAGE)


def tree_columns(lang: str) -> list[dict[str, Any]]:
    wrap = {"wrapText": True, "autoHeight": True, "cellClass": "cchc-wrap"}
    return [
        text_column("code", t("term.code", lang), minWidth=80, maxWidth=100, pinned="left"),
        text_column("name", t("term.criterion", lang), minWidth=300,
                    cellClass="cchc-name cchc-wrap", wrapText=True, autoHeight=True),
        number_column("max", t("term.max_points", lang), maxWidth=150, wrapText=True,
                      autoHeight=True),
        number_column("self", t("term.self_score", lang), maxWidth=120),
        number_column("appraised", t("term.appraised_score", lang), maxWidth=130),
        number_column("gap", t("term.gap", lang), maxWidth=110),
        number_column("evidence", t("term.evidence_count", lang), maxWidth=100,
                      cellClassRules={"cchc-missing": "params.data.missing_evidence"}),
        text_column("explanation", t("term.explanation", lang), minWidth=240, **wrap),
        text_column("appraisal_note", t("term.appraisal_note", lang), minWidth=200, **wrap),
    ]  # fmt: skip


FINDINGS = {"stake": "findings.unit_stake_title", "reliability": "findings.unit_reliability_title"}
ROW_CLASSES = {f"cchc-level-{n}": f"params.data.level == {n}" for n in (1, 2, 3, 4)} | {
    "cchc-not-applicable": "!params.data.applicable"
}


def layout(**kwargs: Any) -> html.Div:
    view = ui.view_or_empty(PAGE, kwargs)
    if not isinstance(view, ui.View):
        return view
    lang = view.lang
    if view.unit is not None:  # the unit's own group, so the unit list contains it
        known = queries.units(ui.engine())
        view = view.with_(group=str(known.loc[known["unit_code"] == view.unit, "group"].iloc[0]))
    # a unit's account has one unit: nothing to choose but the year and round
    names = ("year", "round") if view.scope.sole else ("year", "round", "group", "unit")
    options = ui.filter_options(ui.engine(), view, names)
    body: list[Any] = [ui.filter_bar(view, options, lang)]
    if view.unit is None:  # the view's units to pick from
        return ui.page_frame(
            PAGE.title_key, lang, [*body, *unit_picker(ui.engine(), view, view.score, ID)]
        )
    return ui.page_frame(
        PAGE.title_key,
        lang,
        [
            *body,
            ui.view_store(ID("view"), view),
            dcc.Loading(html.Div(id=ID("summary")), type="dot"),
            dbc.Row(
                [
                    dbc.Col(ui.card(t("unit.fields_title", lang), [ui.graph(ID("fields"), lang)],
                                 tools=ui.export_tools("unit", view, "chart")),
                            xs=12, xl=6),
                    dbc.Col(ui.card(t("unit.history_title", lang), [ui.graph(ID("history"), lang)],
                                 tools=ui.export_tools("unit", view, "chart", chart="history")),
                            xs=12, xl=6),
                ],
                className="g-3",
            ),
            ui.chart_card(t("unit.peers_title", lang), ID("peers"), view, PAGE.slug, "peers"),
            dbc.Row([dbc.Col(ui.chart_card(t(title, lang), ID(name), view, PAGE.slug, name,
                                           html.Div(id=ID(f"{name}-line"))), xs=12, xl=6)
                     for name, title in FINDINGS.items()], className="g-3"),
            ui.card(
                t("unit.tree_title", lang),
                tools=ui.export_tools("unit", view, "table"),
                body=[data_grid(ID("tree"), pd.DataFrame(), tree_columns(lang), lang, row_id="code",
                           dashGridOptions={"rowClassRules": ROW_CLASSES})],
            ),
        ],
    )  # fmt: skip


def _figure(label: str, value: str, kind: str) -> dbc.Col:
    return dbc.Col(
        html.Div([html.Div(label, className="small text-body-secondary"),
                  html.Div(value, className=f"fs-4 fw-semibold cchc-figure-{kind}")]),
        xs=6, md="auto", className="me-md-4",
    )  # fmt: skip


def _fields_total(sc: queries.Scorecard, column: str) -> float:
    return float(sc.tree.loc[sc.tree["level"] == 1, column].fillna(0).sum())


def points_text(sc: queries.Scorecard, lang: str) -> str:
    """``80,06 / 87`` (``lang="en"``: ``80.06 / 87``) — appraised points over the applicable
    maximum."""
    done = sc.index is not None
    points = formatting.points(_fields_total(sc, "points"), lang=lang) if done else "—"
    return f"{points} / {formatting.points(_fields_total(sc, 'max_points'), lang=lang)}"


def not_applicable_note(sc: queries.Scorecard, lang: str) -> list[Any]:
    """A line saying how many points do not apply to this unit (none when all apply)."""
    left_out = _fields_total(sc, "framework_max_points") - _fields_total(sc, "max_points")
    if left_out <= 0:
        return []
    text = t("unit.not_applicable_note", lang, points=formatting.points(left_out, lang=lang))
    return [html.Div(text, className="small text-body-secondary mb-1 cchc-na-note")]


def summary(sc: queries.Scorecard, view: ui.View) -> html.Div:
    """The unit's name, group, index, rank in its group and band."""
    lang = view.lang
    rank = (
        t("unit.rank_in_group", lang, rank=sc.rank, total=sc.units_ranked)
        if sc.rank is not None
        else t("term.not_appraised", lang)
    )
    rankings = ui.PAGES["rankings"]
    back = (
        [dcc.Link(t("unit.back", lang), className="d-print-none small",
                  href=ui.href(rankings.url, view.with_(group=sc.group),
                               ("year", "round", "group", "lang")))]
        if ui.may_open(rankings)
        else []
    )  # fmt: skip
    return html.Div(
        [
            html.H2(sc.unit_name, className="h4 mb-0 cchc-unit-name"),
            html.Div(
                [group_label(sc.group, lang), " · ",
                 t("term.year_round", lang, year=sc.year, round=sc.round)],
                className="text-body-secondary mb-2",
            ),
            dbc.Row(
                [
                    _figure(t("unit.index_label", lang), index_text(sc.index, lang), "index"),
                    _figure(t("term.rank", lang), rank, "rank"),
                    _figure(t("term.band", lang), sc.band or "—", "band"),
                    _figure(t("unit.self_index_label", lang), index_text(sc.self_index, lang),
                            "self"),
                    _figure(t("unit.points_total_label", lang), points_text(sc, lang), "points"),
                ],
                className="g-2 mb-2",
            ),
            *not_applicable_note(sc, lang),
            *back,
            unit_actions(view, sc.unit_code),
        ],
        className="cchc-unit-summary mb-3",
    )  # fmt: skip


CHARTS = ("fields", "history", "peers", *FINDINGS)
LINES = {f"{name}-line": "children" for name in FINDINGS}


@ui.draws(ID, {"summary": "children", **{name: "figure" for name in CHARTS}, "tree": "rowData",
               **LINES})  # fmt: skip
def draw(view: ui.View) -> tuple[Any, ...]:
    if view.unit is None:  # a stored view naming a unit outside the scope: none shown
        blank = empty_figure(t("empty.pick_unit_title", view.lang), lang=view.lang)
        return (ui.pick_unit(view.lang), *(blank for _ in CHARTS), [], None, None)
    engine, lang = ui.engine(), view.lang
    sc = queries.scorecard(engine, view.year, view.round, view.unit)
    rows = scorecard_rows(sc.tree, lang)
    figures = (specs.figure(engine, specs.chart_spec(PAGE, name), view) for name in CHARTS)
    stake = found.stake_line(unit_stake_row(engine, view), sc.units_ranked, lang)
    reliability = found.reliability_line(queries.reliability(engine, view.unit).units, lang)
    return (summary(sc, view), *figures, records(rows), stake, reliability)


@ui.page_callback(PAGE, Output(ID("picker"), "dashGridOptions"),
                  Output(ids.URL, "search", allow_duplicate=True), Input(ID("search"), "value"),
                  Input(ID("picker"), "cellClicked"), Input(ID("picker"), "eventData"),
                  State(ID("picking"), "data"), prevent_initial_call=True)  # fmt: skip
def pick(_text: Any, _click: Any, _enter: Any, data: Mapping[str, Any]) -> tuple[Any, Any]:
    """The search box filters the units; a click on a row, or Enter on it, opens its unit."""
    return picker_answer(ctx.triggered_id == ID("search"), ctx.triggered[0]["value"], data)
