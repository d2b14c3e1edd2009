"""Nhật ký — the audit log for leadership: sign-ins (failed ones too), loads, undos, exports.

Filtered by user and action through the URL like every filter (``?user=…&action=…``); the
newest 500 events first.  Only ``lanh_dao`` without a province may open it: the log names
every province's units and accounts.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from dashboard import audit, formatting
from dashboard import components as ui
from dashboard.components.grid import data_grid, text_column
from dashboard.i18n import t
from dashboard.queries.warehouse import engine

PAGE = ui.register_page(__name__, "audit")
ID = ui.page_ids(PAGE)
LIMIT = 500


def event_rows(events: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The events as grid rows: time in the view's language, outcome in words."""
    return events.assign(
        at=[formatting.datetime_vn(v, lang=lang) for v in events["at"]],
        outcome=[t(f"audit.outcome_{v}", lang) for v in events["outcome"]],
        username=events["username"].fillna("—"),
        target=events["target"].fillna(""),
        remote_addr=events["remote_addr"].fillna(""),
    )


def columns(lang: str) -> list[dict[str, Any]]:
    return [
        text_column("at", t("audit.at", lang), minWidth=150, maxWidth=170),
        text_column("username", t("audit.user", lang), minWidth=120),
        text_column("action", t("audit.action", lang), minWidth=120),
        text_column("outcome", t("audit.outcome", lang), minWidth=110),
        text_column("target", t("audit.target", lang), minWidth=240),
        text_column("remote_addr", t("audit.remote_addr", lang), minWidth=120),
    ]


def layout(**kwargs: Any) -> html.Div:
    lang = ui.ViewState.from_query(kwargs).lang
    if not ui.may_open(PAGE):  # national leadership only: Page.national
        return ui.page_frame(PAGE.title_key, lang, [ui.forbidden(lang)])
    username = str(kwargs.get("user") or "").strip()[:64] or None
    action = str(kwargs.get("action") or "").strip()[:32] or None
    events = audit.events(engine(), username=username, action=action, limit=LIMIT)
    body: Any = (
        ui.message(t("audit.none", lang), "secondary", "no-events")
        if events.empty
        else data_grid(ID("grid"), event_rows(events, lang), columns(lang), lang, height="640px")
    )
    return ui.page_frame(
        PAGE.title_key,
        lang,
        [ui.card(t("audit.table_title", lang), [body])],
        lead=t("audit.lead", lang),
    )
