"""The unit page before a unit is chosen: the view's units to pick from.

One row per unit of the view's year and round (its group, or every group): rank in the group,
index and band as the ranking gives them (``queries.rankings``; a unit not finished shows
"Chưa xếp hạng: …" as on the rankings page), and the missing evidence as the evidence page
counts it (``queries.unit_evidence``).  Nothing is computed again here.

No callbacks here: the page (``dashboard/pages/unit.py``) registers the one that answers the
picker with :func:`picker_answer` (the search box filters the grid; a click on a row, or
Enter on it, writes ``?unit=CODE`` into the URL, keeping year, round, score and language).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import Patch, html, no_update
from sqlalchemy import Engine

from dashboard import formatting, queries
from dashboard.components import card, view_store
from dashboard.components.grid import data_grid, number_column, text_column, with_text
from dashboard.components.layout import restore
from dashboard.components.tables import ranking_rows
from dashboard.components.url_state import query_string
from dashboard.i18n import t
from dashboard.view import Score, View

EVIDENCE_COLUMNS = ["evidence_required", "missing_evidence", "missing_evidence_share"]
# Enter on a row's cell opens the unit, as a click does (the grid's cells take keyboard focus).
ENTER_OPENS = "params.event.key === 'Enter' && setEventData(params.node.id)"


def picker_table(engine: Engine, view: View) -> pd.DataFrame:
    """The view's ranking (``queries.rankings``, in its order) with each unit's evidence
    columns (``queries.unit_evidence``: ``evidence_required``, ``missing_evidence``,
    ``missing_evidence_share``)."""
    ranking = queries.rankings(engine, view.year, view.round, view.group, score=view.score)
    evidence = queries.unit_evidence(engine, view.year, view.round, view.group)
    return ranking.merge(evidence[["unit_code", *EVIDENCE_COLUMNS]], on="unit_code", how="left")


def picker_rows(table: pd.DataFrame, lang: str, score: str = "appraised") -> pd.DataFrame:
    """:func:`picker_table` as grid rows: the ranking's display text, plus the evidence's,
    written in ``lang``."""
    return with_text(
        ranking_rows(table, lang, score),
        {"missing_evidence": formatting.integer, "missing_evidence_share": formatting.percent},
        lang,
    )


def picker_columns(
    lang: str, *, with_group: bool, score: str = "appraised"
) -> list[dict[str, Any]]:
    index = "term.self_index" if score == "self" else "term.index"
    group = [text_column("group_label", t("term.group", lang), minWidth=180)] if with_group else []
    return [
        number_column("rank", t("unit.picker_rank", lang), minWidth=100, maxWidth=180,
                      pinned="left", wrapText=True, autoHeight=True),
        text_column("unit_name", t("term.unit", lang), minWidth=240, cellClass="cchc-link-cell"),
        *group,
        number_column("index", t(index, lang), maxWidth=150),
        text_column("band", t("term.band", lang), maxWidth=110),
        number_column("missing_evidence", t("evidence.missing", lang), maxWidth=140,
                      cellClassRules={"cchc-missing": "params.value > 0"}),
        number_column("missing_evidence_share", t("evidence.missing_share", lang), maxWidth=170),
    ]  # fmt: skip


def unit_picker(engine: Engine, view: View, score: Score, ids: Callable[[str], str]) -> list[Any]:
    """The view's units on ``score`` in a card: a search box (``ids("search")``) over a grid
    (``ids("picker")``, rows by unit code); and the view a picked unit opens in (a store,
    ``ids("picking")``)."""
    view = view.with_(score=score)
    lang = view.lang
    rows = picker_rows(picker_table(engine, view), lang, view.score)
    columns = picker_columns(lang, with_group=view.group is None, score=view.score)
    search = t("rankings.quick_filter", lang)
    body = [
        html.P(t("unit.picker_lead", lang), className="small text-body-secondary mb-2"),
        dbc.Label(search, html_for=ids("search"), className="visually-hidden"),
        dbc.Input(id=ids("search"), type="search", debounce=False, placeholder=search,
                  className="mb-2 d-print-none", style={"maxWidth": "22rem"}),
        data_grid(ids("picker"), rows, columns, lang, row_id="unit_code",
                  eventListeners={"cellKeyDown": [ENTER_OPENS]}),
    ]  # fmt: skip
    title = t("unit.picker_title", lang, year=view.year, round=view.round)
    return [view_store(ids("picking"), view), card(title, body, className="cchc-unit-picker")]


def search_patch(text: str | None) -> Patch:
    """The grid's quick filter set to what the search box holds."""
    patch = Patch()
    patch["quickFilterText"] = text or ""
    return patch


def picker_answer(searching: bool, value: Any, data: Mapping[str, Any]) -> tuple[Any, Any]:
    """The picker callback's ``(grid options, URL search)``: the search box's text as the
    grid's quick filter, or the query of the unit a row click or Enter points at."""
    if searching:
        return search_patch(value), no_update
    return no_update, open_search(restore(data), picked_unit(value))


def open_search(view: View, unit_code: str | None) -> Any:
    """The unit page's query for ``unit_code`` (:func:`unit_search`), or no update when it
    names no unit of the view's scope (a forged click is never echoed back)."""
    if unit_code is None or view.scope.unit(unit_code) != unit_code:
        return no_update
    return unit_search(view, unit_code)


def picked_unit(value: Any) -> str | None:
    """The unit a grid event points at: a click's ``rowId`` or Enter's ``eventData``."""
    if not isinstance(value, dict):
        return None
    return str(value.get("rowId") or value.get("data") or "") or None


def unit_search(view: View, unit_code: str) -> str:
    """The unit page's query for ``unit_code`` in the view's year, round, score and language."""
    return query_string(
        view.with_(unit=unit_code).params(("year", "round", "unit", "score", "lang"))
    )
