"""Pieces shared by the gaps, evidence, criteria and progress pages.

Layout helpers (a titled section with its download menu, a row of stat tiles, a page-option
switch written to the URL like a filter) and the small pure computations behind the pages'
summary tiles (a round's status and countdown, a node's summary, submission counts).  Dash
Pages skips this module (leading underscore); it registers nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from dashboard import formatting, metrics
from dashboard.components import card
from dashboard.components.downloads import export_menu
from dashboard.components.grid import number_column, text_column
from dashboard.components.url_state import query_string
from dashboard.i18n import group_label, t
from dashboard.ids import filter_id
from dashboard.view import AnyView

# --- the view --------------------------------------------------------------------------------


def option(params: Mapping[str, Any], name: str, allowed: Sequence[str]) -> str:
    """A page option from the URL (``?level=criterion``); the first allowed value by default."""
    value = params.get(name)
    return str(value) if value in allowed else allowed[0]


def search_of(view: AnyView, extra: Mapping[str, str] | None = None) -> str:
    """The query string showing ``view`` and the page's own options (for download links)."""
    return query_string({**view.params(), **(extra or {})})


def group_text(view: AnyView) -> str:
    return group_label(view.group, view.lang) if view.group else t("filter.all", view.lang)


# --- layout ----------------------------------------------------------------------------------


def section(
    title: Any,
    body: list[Any],
    *,
    slug: str | None = None,
    kind: Literal["chart", "table"] = "chart",
    chart: str | None = None,
    search: str = "",
    lang: str = "vi",
    **kwargs: Any,
) -> dbc.Card:
    """A titled card; with ``slug``, the download menu of its chart (``chart``) or table."""
    tools = None
    if slug is not None:
        tools = [export_menu(slug, kind, chart=chart, search=search, lang=lang)]
    return card(title, body, tools=tools, **kwargs)


def option_switch(
    name: str, label: str, choices: Sequence[tuple[str, str]], value: str
) -> html.Div:
    """A button group for a page option; its value goes to the URL as ``?name=value``."""
    return html.Div(
        [
            html.Div(label, className="small text-body-secondary mb-1"),
            dbc.RadioItems(
                id=filter_id(name),
                options=[{"label": text, "value": v} for v, text in choices],
                value=value,
                inline=True,
                className=f"btn-group cchc-option cchc-option-{name}",
                inputClassName="btn-check",
                labelClassName="btn btn-outline-primary btn-sm",
                labelCheckedClassName="active",
            ),
        ],
        className="me-3 mb-2",
    )


def tiles(items: Sequence[tuple[str, str, str]]) -> dbc.Row:
    """A row of ``(label, value, kind)`` figures; ``kind`` names the value's CSS class."""
    return dbc.Row(
        [
            dbc.Col(
                html.Div(
                    [
                        html.Div(label, className="small text-body-secondary"),
                        html.Div(value, className=f"fs-4 fw-semibold cchc-tile-{kind}"),
                    ],
                    className="cchc-tile border rounded px-3 py-2 h-100",
                ),
                xs=6,
                md=3,
                className="mb-2",
            )
            for label, value, kind in items
        ],
        className="g-2 mb-3 cchc-tiles",
    )


def message(text: str, colour: str, kind: str) -> dbc.Alert:
    """A one-line state (``kind`` becomes the class ``cchc-state-<kind>``)."""
    return dbc.Alert(text, color=colour, className=f"cchc-state cchc-state-{kind} mb-3")


# --- pure computations behind the tiles --------------------------------------------------------

RoundStatus = Literal["no_schedule", "not_open", "open", "locked"]


def round_status(
    opens_at: datetime | None, locks_at: datetime | None, now: datetime
) -> tuple[RoundStatus, timedelta | None]:
    """Where ``now`` stands in a round: not open yet (time to opening), open (time left), locked."""
    if locks_at is None:
        return "no_schedule", None
    if now >= locks_at:
        return "locked", None
    if opens_at is not None and now < opens_at:
        return "not_open", opens_at - now
    return "open", locks_at - now


def duration_text(delta: timedelta, lang: str) -> str:
    """``3 ngày 4 giờ``, ``5 giờ 12 phút`` or ``7 phút`` (the two largest units that count)."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [("progress.days", days), ("progress.hours", hours), ("progress.minutes", mins)]
    while len(parts) > 1 and parts[0][1] == 0:
        parts.pop(0)
    return " ".join(t(key, lang, n=n) for key, n in parts[:2])


def status_text(status: RoundStatus, delta: timedelta | None, lang: str) -> str:
    if status == "locked":
        return t("progress.locked", lang)
    if status == "no_schedule":
        return t("progress.no_schedule", lang)
    assert delta is not None
    if status == "not_open":
        return f"{t('progress.not_open', lang)} ({duration_text(delta, lang)})"
    return t("progress.remaining", lang, time=duration_text(delta, lang))


def submission_counts(units: pd.DataFrame) -> dict[str, int]:
    """``units``, ``sent``, ``not_sent``, ``late``, ``report_attached``, ``approved`` of
    :func:`dashboard.queries.progress` rows (the same counts it gives for all units)."""
    return {
        "units": len(units),
        "sent": int(units["sent"].sum()),
        "not_sent": int((~units["sent"].astype(bool)).sum()),
        "late": int(units["late"].sum()),
        "report_attached": int(units["report_attached"].sum()),
        "approved": int(units["approved"].sum()),
    }


def node_summary(table: pd.DataFrame) -> dict[str, Any]:
    """One node across units (:func:`dashboard.queries.criterion_explorer`): how many units,
    their mean index (unrounded mean, shown half-up), and the share of evidence missing."""
    missing = int(table["missing_evidence"].sum()) if len(table) else 0
    required = int(table["evidence_required"].sum()) if len(table) else 0
    mean = metrics.mean_or_none(table["index_exact"]) if len(table) else None
    return {
        "units": len(table),
        "mean_index": metrics.round_half_up(mean),
        "missing_evidence": missing,
        "evidence_required": required,
        "missing_evidence_share": metrics.share(missing, required),
    }


def count_text(value: Any) -> str:
    """A count as shown (``1.234``); pandas' nullable integers included, missing = ``—``."""
    return formatting.MISSING if value is None or pd.isna(value) else formatting.integer(int(value))


def share_text(missing: int, required: int) -> str:
    """``12,5% (3/24)``; ``—`` when nothing requires evidence."""
    if not required:
        return formatting.MISSING
    return f"{formatting.percent(missing / required)} ({missing}/{required})"


WRAP = {"wrapText": True, "autoHeight": True, "cellClass": "cchc-wrap"}


def item_columns(lang: str, *, unit: bool = False, appraised: bool = False) -> list[dict[str, Any]]:
    """Columns of a list of leaf items: criterion, scores, evidence, explanation, appraiser note."""
    columns = [text_column("criterion", t("term.criterion", lang), minWidth=220, **WRAP)]
    if unit:
        columns.insert(0, text_column("unit_name", t("term.unit", lang), minWidth=180, **WRAP))
    columns.append(number_column("self_score", t("term.self_score", lang), maxWidth=110))
    if appraised:
        columns.append(
            number_column("appraised_score", t("term.appraised_score", lang), maxWidth=120)
        )
    return [
        *columns,
        number_column("evidence_count", t("term.evidence_count", lang), maxWidth=100),
        text_column("explanation", t("term.explanation", lang), minWidth=240, **WRAP),
        text_column("appraisal_note", t("term.appraisal_note", lang), minWidth=220, **WRAP),
    ]
