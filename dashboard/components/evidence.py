"""The evidence page's pieces: its option switches, its grids' rows and columns, and the
sentence comparing the view's round with the year's first.  Pure, tested without a browser."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from dash import html

from dashboard import formatting
from dashboard.components.grid import number_column, text_column, with_text
from dashboard.components.layout import option_switch
from dashboard.components.tables import count_text
from dashboard.i18n import t
from dashboard.view import PAGES, View

PAGE = PAGES["evidence"]


def toolbar(view: View) -> html.Div:
    """The level, colour and sort switches (written to the URL like filters)."""
    labels = {"level": "evidence.level", "measure": "evidence.colour_by", "sort": "evidence.sort"}
    return html.Div(
        [
            option_switch(
                name,
                t(labels[name], view.lang),
                [(v, t(f"evidence.{name}_{v}", view.lang)) for v in choices],
                view.option(PAGE, name),
            )
            for name, choices in PAGE.options
        ],
        className="d-flex flex-wrap align-items-end d-print-none cchc-evidence-toolbar",
    )


def unit_rows(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each unit's evidence (``queries.unit_evidence``), its numbers written in ``lang``."""
    return with_text(
        table,
        {
            "evidence_required": formatting.integer,
            "missing_evidence": formatting.integer,
            "missing_evidence_share": formatting.percent,
            "missing_explanation": formatting.integer,
        },
        lang,
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


def item_rows(items: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The missing items as table rows: criterion, self score, evidence count (written in
    ``lang``), texts."""
    rows = items.assign(
        criterion=[
            f"{c}. {n}"
            for c, n in zip(items["criterion_code"], items["criterion_name"], strict=True)
        ],
        evidence_count=items["evidence_count"].fillna(0),
    )
    return with_text(rows, {"self_score": formatting.points, "evidence_count": count_text}, lang)


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
        before=formatting.integer(before, lang=lang),
        after=formatting.integer(after, lang=lang),
        change=formatting.number(after - before, 0, signed=True, lang=lang),
    )


def clicked_cell(click: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """``(unit code, node code)`` of a clicked heatmap cell (its y and x categories)."""
    points = (click or {}).get("points") or []
    if not points or points[0].get("x") is None or points[0].get("y") is None:
        return None
    return str(points[0]["y"]), str(points[0]["x"])
