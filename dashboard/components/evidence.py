"""The evidence page's pieces: its option switches, the texts of the problem it measures, its
grids' rows and columns, and the sentence comparing the view's round with the year's first.
Pure, tested without a browser."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

import pandas as pd
from dash import html

from dashboard import formatting
from dashboard.components.grid import number_column, text_column, with_text
from dashboard.components.layout import option_switch
from dashboard.components.tables import WRAP, count_text
from dashboard.figures.findings import SHARES, Problem
from dashboard.i18n import t
from dashboard.view import PAGES, View

PAGE = PAGES["evidence"]
# The texts of the default problem (missing evidence); another problem's are
# ``findings.<name>_<problem>`` (dashboard/i18n/findings.toml).
EVIDENCE_KEYS = {
    "heatmap_title": "evidence.heatmap_title", "lead": "evidence.lead",
    "items_card": "evidence.items_card", "pick_cell": "evidence.pick_cell",
    "items_title": "evidence.items_title", "cell_complete": "evidence.cell_complete",
    "nothing_title": "evidence.nothing_missing_title",
    "nothing_body": "evidence.nothing_missing_body",
}  # fmt: skip


def problem(view: View) -> Problem:
    """The problem the page measures (``?problem=``, missing evidence by default)."""
    return cast(Problem, view.option(PAGE, "problem"))


def text(view: View, name: str, **values: object) -> str:
    """The page's text ``name`` for the problem it measures, in the view's language."""
    chosen = problem(view)
    key = EVIDENCE_KEYS[name] if chosen == "missing_evidence" else f"findings.{name}_{chosen}"
    return t(key, view.lang, **values)


def _choice(name: str, value: str, lang: str) -> str:
    prefix = "findings" if name == "problem" else "evidence"
    return t(f"{prefix}.{name}_{value}", lang)


def toolbar(view: View) -> html.Div:
    """The problem, level, colour and sort switches (written to the URL like filters)."""
    labels = {"problem": "findings.problem", "level": "evidence.level",
              "measure": "evidence.colour_by", "sort": "evidence.sort"}  # fmt: skip
    return html.Div(
        [
            option_switch(
                name,
                t(labels[name], view.lang),
                [(v, _choice(name, v, view.lang)) for v in choices],
                view.option(PAGE, name),
            )
            for name, choices in PAGE.options
        ],
        className="d-flex flex-wrap align-items-end d-print-none cchc-evidence-toolbar",
    )


UNIT_TEXTS: dict[str, Callable[..., str]] = {
    "evidence_required": formatting.integer,
    "missing_evidence": formatting.integer,
    "missing_evidence_share": formatting.percent,
    "missing_explanation": formatting.integer,
    "missing_explanation_share": formatting.percent,
    "explained_positive": formatting.integer,
    "unspecific_explanation": formatting.integer,
    "unspecific_explanation_share": formatting.percent,
}


def unit_rows(table: pd.DataFrame, lang: str, chosen: Problem = "missing_evidence") -> pd.DataFrame:
    """Each unit's evidence and explanations (``specs.findings.unit_problems``), its numbers
    written in ``lang``; the most ``chosen`` problems first (then the largest share, name)."""
    keys = [c for c in (chosen, SHARES[chosen], "unit_name") if c in table.columns]
    ordered = table.sort_values(keys, ascending=[c == "unit_name" for c in keys],
                                na_position="last").reset_index(drop=True)  # fmt: skip
    texts = {c: f for c, f in UNIT_TEXTS.items() if c in table.columns}
    return with_text(ordered, texts, lang)


def unit_columns(lang: str, chosen: Problem = "missing_evidence") -> list[dict[str, Any]]:
    """The per-unit table's columns; the chosen problem's count is marked where above 0."""

    def count(field: str, header: str) -> dict[str, Any]:
        marked = {"cellClassRules": {"cchc-missing": "params.value > 0"}} if field == chosen else {}
        return number_column(field, header, maxWidth=150, **marked)

    return [
        text_column("unit_name", t("term.unit", lang), minWidth=240),
        number_column("evidence_required", t("evidence.required", lang), maxWidth=190),
        count("missing_evidence", t("evidence.missing", lang)),
        number_column("missing_evidence_share", t("evidence.missing_share", lang), maxWidth=170),
        count("missing_explanation", t("evidence.missing_explanation", lang)),
        number_column("missing_explanation_share", t("findings.missing_explanation_share", lang),
                      maxWidth=170),
        number_column("explained_positive", t("findings.explained_positive", lang), maxWidth=190),
        count("unspecific_explanation", t("findings.unspecific", lang)),
        number_column("unspecific_explanation_share", t("findings.unspecific_share", lang),
                      maxWidth=170),
    ]  # fmt: skip


def item_rows(items: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Leaf items (``queries.missing_items`` or ``queries.leaf_findings`` rows) as table rows:
    criterion, scores and evidence count (written in ``lang``), texts."""
    rows = items.assign(
        criterion=[
            f"{c}. {n}"
            for c, n in zip(items["criterion_code"], items["criterion_name"], strict=True)
        ],
        evidence_count=items["evidence_count"].fillna(0),
    )
    texts: dict[str, Any] = {"self_score": formatting.points, "evidence_count": count_text}
    if "appraised_score" in rows.columns:
        texts["appraised_score"] = formatting.points
    return with_text(rows, texts, lang)


def finding_rows(items: pd.DataFrame, labels: Mapping[str, str], lang: str) -> pd.DataFrame:
    """Unspecific explanations (``queries.leaf_findings`` rows) as table rows, each with the
    label of the rule it breaks (``labels``: rule id → label in ``lang``)."""
    rows = item_rows(items, lang)
    rows["rule_label"] = [labels.get(str(r), str(r)) for r in rows["rule"]]
    return rows


def finding_columns(lang: str) -> list[dict[str, Any]]:
    """Columns of unspecific explanations: criterion, scores, the text, the rule, the note."""
    return [
        text_column("criterion", t("term.criterion", lang), minWidth=220, **WRAP),
        number_column("self_score", t("term.self_score", lang), maxWidth=110),
        number_column("appraised_score", t("term.appraised_score", lang), maxWidth=120),
        text_column("explanation", t("term.explanation", lang), minWidth=240, **WRAP),
        text_column("rule_label", t("findings.rule", lang), minWidth=160, maxWidth=220, **WRAP),
        text_column("appraisal_note", t("term.appraisal_note", lang), minWidth=200, **WRAP),
    ]


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
