"""The criteria page's grids: one node across units, and the explanations units gave.
Pure, tested without a browser."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard import formatting
from dashboard.components.grid import gap_text, index_text, number_column, text_column, with_text
from dashboard.components.tables import count_text
from dashboard.i18n import t


def unit_rows(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One node across units (``queries.criterion_explorer``), its numbers written in ``lang``."""
    return with_text(
        table,
        {
            "index": index_text,
            "self_index": index_text,
            "lost_points": formatting.number,
            "gap_points": gap_text,
            "missing_evidence_share": formatting.percent,
        },
        lang,
    )


def unit_columns(lang: str) -> list[dict[str, Any]]:
    return [
        text_column("unit_name", t("term.unit", lang), minWidth=240),
        number_column("index", t("term.index", lang), maxWidth=140),
        number_column("self_index", t("term.self_index", lang), maxWidth=170),
        number_column("lost_points", t("criteria.lost_points", lang), maxWidth=140, sort="desc"),
        number_column("gap_points", t("gaps.gap_points", lang), maxWidth=160),
        number_column("missing_evidence_share", t("evidence.missing_share", lang), maxWidth=170),
    ]


def explanation_rows(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The explanations units gave (``queries.explanations``), scores written in ``lang``."""
    rows = table.assign(
        criterion=[
            f"{c}. {n}"
            for c, n in zip(table["criterion_code"], table["criterion_name"], strict=True)
        ],
        row_id=[
            f"{u}|{c}" for u, c in zip(table["unit_code"], table["criterion_code"], strict=True)
        ],
    )
    return with_text(
        rows,
        {
            "self_score": formatting.points,
            "appraised_score": formatting.points,
            "evidence_count": count_text,
        },
        lang,
    )
