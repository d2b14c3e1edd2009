"""Tài liệu kiểm chứng — which units lack evidence where; click a cell to read the missing items.

Page options live in the URL with the filters: ``?level=field|criterion|leaf``,
``?measure=count|share``, ``?sort=worst|name``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import Input, Output, State, callback, dcc, html, no_update

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
from dashboard.components.grid import data_grid, number_column, records, text_column, with_text
from dashboard.figures import empty_figure
from dashboard.figures.evidence import (
    MEASURES,
    SORTS,
    Measure,
    Sort,
    evidence_heatmap,
    round_total_bars,
    round_totals,
)
from dashboard.i18n import t
from dashboard.ids import PageIds
from dashboard.pages._common_b import (
    count_text,
    group_text,
    item_columns,
    message,
    option,
    option_switch,
    search_of,
    section,
)

dash.register_page(
    __name__,
    path="/tai-lieu-kiem-chung",
    name="Tài liệu kiểm chứng",
    order=4,
    i18n_key="page.evidence",
    title="Tài liệu kiểm chứng — Chỉ số CCHC",
)

ID = PageIds("evidence")
TITLE = "page.evidence"
SLUG = "evidence"
LEVELS: tuple[queries.EvidenceLevel, ...] = ("field", "criterion", "leaf")


def page_options(params: Mapping[str, Any]) -> dict[str, str]:
    """The page's own view options from the URL (defaults: field level, counts, worst first)."""
    return {
        "level": option(params, "level", LEVELS),
        "measure": option(params, "measure", MEASURES),
        "sort": option(params, "sort", SORTS),
    }


def toolbar(opts: Mapping[str, str], lang: str) -> html.Div:
    """The level, colour and sort switches (written to the URL like filters)."""
    values: dict[str, Sequence[str]] = {"level": LEVELS, "measure": MEASURES, "sort": SORTS}
    labels = {"level": "evidence.level", "measure": "evidence.colour_by", "sort": "evidence.sort"}
    return html.Div(
        [
            option_switch(
                name,
                t(labels[name], lang),
                [(v, t(f"evidence.{name}_{v}", lang)) for v in choices],
                opts[name],
            )
            for name, choices in values.items()
        ],
        className="d-flex flex-wrap align-items-end d-print-none cchc-evidence-toolbar",
    )


def unit_rows(table: pd.DataFrame) -> pd.DataFrame:
    return with_text(
        table,
        {
            "evidence_required": formatting.integer,
            "missing_evidence": formatting.integer,
            "missing_evidence_share": formatting.percent,
            "missing_explanation": formatting.integer,
        },
    )


def unit_columns(lang: str) -> list[dict[str, Any]]:
    return [
        text_column("unit_name", t("term.unit", lang), minWidth=240),
        number_column("evidence_required", t("evidence.required", lang), maxWidth=190),
        number_column(
            "missing_evidence",
            t("evidence.missing", lang),
            maxWidth=150,
            cellClassRules={"cchc-missing": "params.value > 0"},
        ),
        number_column("missing_evidence_share", t("evidence.missing_share", lang), maxWidth=170),
        number_column("missing_explanation", t("evidence.missing_explanation", lang), maxWidth=170),
    ]


def item_rows(items: pd.DataFrame) -> pd.DataFrame:
    """The missing items as table rows: criterion, self score, evidence count, texts."""
    rows = items.assign(
        criterion=[
            f"{c}. {n}"
            for c, n in zip(items["criterion_code"], items["criterion_name"], strict=True)
        ],
        evidence_count=items["evidence_count"].fillna(0),
    )
    return with_text(rows, {"self_score": formatting.points, "evidence_count": count_text})


def layout(**kwargs: Any) -> html.Div:
    state = ViewState.from_query(kwargs)
    view = resolve(engine(), state, PAGES["evidence"])
    if view is None:
        return page_frame(TITLE, state.lang, [no_data(state.lang)])
    lang = view.lang
    opts = page_options(kwargs)
    search = search_of(view, opts)
    level = t(f"evidence.level_{opts['level']}", lang).lower()
    filters = filter_bar(
        view, filter_options(engine(), view, ("year", "round", "group", "field")), lang
    )
    heatmap = section(
        t("evidence.heatmap_title", lang, level=level),
        [toolbar(opts, lang), dcc.Loading(graph(ID("heatmap")), type="dot")],
        slug=SLUG,
        search=search,
        lang=lang,
    )
    rounds = section(
        t("evidence.rounds_title", lang),
        [graph(ID("rounds")), html.P(id=ID("closed"), className="small mb-0 cchc-closed")],
        slug=SLUG,
        chart="rounds",
        search=search,
        lang=lang,
    )
    items = section(
        t("evidence.items_card", lang),
        [
            html.Div(
                message(t("evidence.pick_cell", lang), "secondary", "pick-cell"), id=ID("items")
            )
        ],
    )
    table = section(
        t("evidence.table_title", lang),
        [data_grid(ID("grid"), pd.DataFrame(), unit_columns(lang), lang, row_id="unit_code")],
        slug=SLUG,
        kind="table",
        search=search,
        lang=lang,
    )
    return page_frame(
        TITLE,
        lang,
        [
            filters,
            view_store(ID("view"), view),
            dcc.Store(id=ID("options"), data=opts),
            html.Div(id=ID("status")),
            dbc.Row(
                [dbc.Col(heatmap, xs=12, xxl=9), dbc.Col(rounds, xs=12, xxl=3)], className="g-3"
            ),
            items,
            table,
        ],
        lead=t("evidence.lead", lang, group=group_text(view), year=view.year, round=view.round),
    )


def closed_text(totals: pd.DataFrame, current: int, lang: str) -> str:
    """How the view's round compares with the year's first round (empty for the first round)."""
    if len(totals) < 2:
        return ""
    first = totals.iloc[0]
    later = totals[totals["round"] == current]
    now = later.iloc[0] if len(later) and int(current) != int(first["round"]) else totals.iloc[-1]
    before, after = int(first["missing_evidence"]), int(now["missing_evidence"])
    return t(
        "evidence.closed",
        lang,
        first=int(first["round"]),
        second=int(now["round"]),
        before=formatting.integer(before),
        after=formatting.integer(after),
        change=formatting.number(after - before, 0, signed=True),
    )


@callback(
    Output(ID("status"), "children"),
    Output(ID("heatmap"), "figure"),
    Output(ID("rounds"), "figure"),
    Output(ID("closed"), "children"),
    Output(ID("grid"), "rowData"),
    Input(ID("view"), "data"),
    Input(ID("options"), "data"),
)
def draw(data: Mapping[str, Any], opts: Mapping[str, str]) -> tuple[Any, ...]:
    view = View.restore(data)
    lang, year = view.lang, view.year
    level = cast(queries.EvidenceLevel, opts.get("level", "field"))
    matrix = queries.evidence_matrix(engine(), year, view.round, view.group, level, view.field)
    if matrix.empty:
        blank = empty_figure(t("empty.no_match_title", lang))
        return no_match(lang), blank, blank, "", []
    by_round = {
        r: queries.unit_evidence(engine(), year, r, view.group, view.field)
        for r in queries.rounds_of(engine(), year)
    }
    totals = round_totals(by_round)
    units = by_round.get(view.round, pd.DataFrame())
    status: Any = None
    if level == "leaf" and view.field is None:
        status = message(t("evidence.leaf_hint", lang), "info", "leaf-hint")
    if int(matrix["missing_evidence"].sum()) == 0:
        status = dbc.Alert(
            [
                html.H2(t("evidence.nothing_missing_title", lang), className="h5 alert-heading"),
                html.P(t("evidence.nothing_missing_body", lang), className="mb-0"),
            ],
            color="success",
            className="cchc-state cchc-state-complete",
        )
    heatmap = evidence_heatmap(
        matrix,
        lang=lang,
        measure=cast(Measure, opts.get("measure", "count")),
        sort=cast(Sort, opts.get("sort", "worst")),
    )
    return (
        status,
        heatmap,
        round_total_bars(totals, view.round, lang=lang),
        closed_text(totals, view.round, lang),
        records(unit_rows(units)),
    )


def clicked_cell(click: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """``(unit code, node code)`` of a clicked heatmap cell (its y and x categories)."""
    points = (click or {}).get("points") or []
    if not points or points[0].get("x") is None or points[0].get("y") is None:
        return None
    return str(points[0]["y"]), str(points[0]["x"])


def node_text(year: int, group: str | None, node: str) -> str:
    """``"1.2. Báo cáo CCHC định kỳ"``: a framework node's code and name."""
    tree = queries.framework(engine(), year, group)
    match = tree[tree["code"] == node]
    return f"{node}. {match['name'].iloc[0]}" if len(match) else node


@callback(
    Output(ID("items"), "children"),
    Input(ID("heatmap"), "clickData"),
    State(ID("view"), "data"),
    prevent_initial_call=True,
)
def show_items(click: Mapping[str, Any] | None, data: Mapping[str, Any]) -> Any:
    cell = clicked_cell(click)
    if cell is None:
        return no_update
    view = View.restore(data)
    unit, node = cell
    unit_name = queries.unit_names(engine(), [unit])[unit]
    node_label = node_text(view.year, view.group, node)
    items = queries.missing_items(engine(), view.year, view.round, unit, node)
    items = items[items["missing_evidence"]].reset_index(drop=True)
    if items.empty:
        return message(
            t("evidence.cell_complete", view.lang, unit=unit_name, node=node_label),
            "success",
            "cell-complete",
        )
    title = t("evidence.items_title", view.lang, unit=unit_name, node=node_label, n=len(items))
    return [
        html.H3(title, className="h6 cchc-items-title"),
        data_grid(
            ID("items-grid"),
            item_rows(items),
            item_columns(view.lang),
            view.lang,
            row_id="criterion_code",
        ),
    ]
