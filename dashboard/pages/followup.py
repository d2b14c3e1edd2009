"""Theo dõi khắc phục — what became, by this round, of the items flagged in the round before.

Per unit, the items (a leaf and its problem: missing evidence, no explanation, an explanation
not specific) flagged in the previous round are fixed, still open, or newly flagged
(:func:`dashboard.queries.follow_up`); the table lists the units worst first and a click opens
a unit's items.  The chart gives each group's share fixed; the last card the units that sent
this round late or not at all (:func:`dashboard.queries.progress`).  A year's first round has
nothing to follow up: the page says so and links the next round.

Reached from Tiến độ and from a unit's page (``?unit=`` opens that unit's items:
:func:`dashboard.components.followup.followup_link`).  A unit's account sees its own unit
only (the scope of every query); its view has no group to choose.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dash_bootstrap_components as dbc
from dash import Input, Output, State, ctx, dcc, html

from dashboard import components as ui
from dashboard import queries, specs
from dashboard.components import followup as parts
from dashboard.components.grid import records
from dashboard.components.tables import count_text
from dashboard.figures import empty_figure
from dashboard.i18n import t
from dashboard.specs.followup import share_text

PAGE = ui.register_page(__name__, "followup")
ID = ui.page_ids(PAGE)


def first_round(view: ui.View) -> dbc.Alert:
    """Nothing to follow up in a year's first round; the next round's follow-up if it exists."""
    lang = view.lang
    later = [r for r in queries.rounds_of(ui.engine(), view.year) if r > view.round]
    after: Any = (
        dcc.Link(
            t("followup.to_round", lang, round=later[0]),
            href=parts.followup_href(view.with_(round=later[0])),
            className="alert-link cchc-followup-next",
        )
        if later
        else t("followup.wait_round", lang, round=view.round + 1)
    )
    return dbc.Alert(
        [
            html.P(t("followup.first_round", lang, year=view.year, round=view.round)),
            html.P(after, className="mb-0"),
        ],
        color="info",
        className="cchc-state cchc-state-first-round",
    )


def asked_unit(view: ui.View, params: Mapping[str, Any]) -> str | None:
    """The unit whose items open with the page (``?unit=``, held to the user's scope; a
    unit's account: its own)."""
    asked = view.scope.unit(ui.ViewState.from_query(params).unit)
    return asked if asked in set(queries.units(ui.engine())["unit_code"]) else None


def layout(**kwargs: Any) -> html.Div:
    view = ui.view_or_empty(PAGE, kwargs)
    if not isinstance(view, ui.View):
        return view
    lang = view.lang
    names = ("year", "round") if view.scope.sole else ("year", "round", "group")
    bar = ui.filter_bar(view, ui.filter_options(ui.engine(), view, names, PAGE), lang)
    earlier = [r for r in queries.rounds_of(ui.engine(), view.year) if r < view.round]
    if not earlier:
        return ui.page_frame(PAGE.title_key, lang, [bar, first_round(view)])
    previous = earlier[-1]
    chart = ui.chart_card(t(PAGE.export_title_key, lang), ID("chart"), view, PAGE.slug)
    late = ui.card(
        t("followup.late_title", lang, round=view.round),
        [dcc.Loading(html.Div(id=ID("late")), type="dot")],
    )
    table = ui.table_card(
        t("followup.units_title", lang),
        ID("grid"),
        parts.unit_columns(lang, previous),
        view,
        PAGE.slug,
        height="460px",
        dashGridOptions={"rowSelection": "single"},
    )  # a fixed height: the unit's items, below it, stay in sight
    hint = ui.message(t("followup.pick_unit", lang), "secondary", "pick-unit")
    items = ui.card(t("followup.items_card", lang), [html.Div(hint, id=ID("items"))])
    return ui.page_frame(
        PAGE.title_key,
        lang,
        [
            bar,
            ui.view_store(ID("view"), view),
            dcc.Store(id=ID("picked"), data=asked_unit(view, kwargs), storage_type="memory"),
            dcc.Loading(html.Div(id=ID("tiles")), type="dot"),
            dbc.Row([dbc.Col(chart, xs=12, xl=5), dbc.Col(late, xs=12, xl=7)], className="g-3"),
            table,
            items,
        ],
        lead=t("followup.lead", lang, year=view.year, previous=previous, round=view.round),
    )


def summary(found: queries.FollowUp, lang: str) -> Any:
    """The tiles: items flagged before, fixed (with the share), still open, newly flagged."""
    total = {name: int(found.per_group[name].sum()) for name in ("flagged_before", "fixed",
                                                                  "open", "new")}  # fmt: skip
    share = share_text(total["fixed"], total["flagged_before"], lang)
    fixed = f"{count_text(total['fixed'], lang)} ({share})"
    return ui.tiles(
        [
            (t("followup.flagged_before", lang, round=found.previous),
             count_text(total["flagged_before"], lang), "flagged"),
            (t("followup.fixed", lang), fixed, "fixed"),
            (t("followup.open", lang), count_text(total["open"], lang), "open"),
            (t("followup.new", lang), count_text(total["new"], lang), "new"),
        ]
    )  # fmt: skip


@ui.draws(ID, {"tiles": "children", "chart": "figure", "grid": "rowData", "late": "children"})
def draw(view: ui.View) -> tuple[Any, ...]:
    lang = view.lang
    progress = queries.progress(ui.engine(), view.year, view.round, view.group)
    late = parts.late_list(ID("late-grid"), progress.units, lang)
    found = queries.follow_up(ui.engine(), view.year, view.round, view.group)
    if found.previous is None:  # a stored view of a first round: only forged
        blank = empty_figure(t("followup.first_round", lang, year=view.year, round=view.round))
        return None, blank, [], late
    chart = specs.figure(ui.engine(), specs.chart_spec(PAGE), view)
    rows = records(parts.unit_rows(found, progress, lang))
    return summary(found, lang), chart, rows, late


@ui.page_callback(
    PAGE,
    Output(ID("items"), "children"),
    Input(ID("grid"), "cellClicked"),
    Input(ID("picked"), "data"),
    State(ID("view"), "data"),
)
def show_items(cell: Mapping[str, Any] | None, picked: Any, data: Mapping[str, Any]) -> Any:
    """A unit's items: the row clicked, else the unit the page was opened with."""
    view = ui.restore(data, PAGE)
    clicked = cell.get("rowId") if ctx.triggered_id == ID("grid") and cell else None
    code = clicked or picked
    lang = view.lang
    if not isinstance(code, str) or view.scope.unit(code) != code:
        return ui.message(t("followup.pick_unit", lang), "secondary", "pick-unit")
    found = queries.follow_up(ui.engine(), view.year, view.round, view.group)
    if found.previous is None:  # a stored view of a first round: only forged
        return ui.message(t("followup.pick_unit", lang), "secondary", "pick-unit")
    name = queries.unit_names(ui.engine(), [code])[code]
    return parts.items_view(ID("items-grid"), found, code, name, lang)
