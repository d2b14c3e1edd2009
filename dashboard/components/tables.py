"""Table rows for the grids: numbers kept for sorting, display text made here, once.

Pure functions over ``dashboard.queries`` results, so they are tested without a browser.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from dashboard import formatting
from dashboard.components.grid import (
    gap_text,
    index_text,
    number_column,
    same_text,
    text_column,
    with_text,
)
from dashboard.figures.rankings import rank_arrow
from dashboard.i18n import group_label, t


def unfinished_note(row: pd.Series, lang: str, score: str = "appraised") -> str:
    """The note of a unit not ranked yet ("Chưa xếp hạng: đã thẩm định x/y tiêu chí"), or ""."""
    if pd.notna(row["rank"]) or pd.isna(row["index"]):
        return ""
    key = "term.unfinished_self" if score == "self" else "term.unfinished"
    return t(key, lang, done=int(row["scored_leaves"]), total=int(row["applicable_leaves"]))


def ranking_rows(table: pd.DataFrame, lang: str, score: str = "appraised") -> pd.DataFrame:
    """Ranking rows with display text, in ``lang``, for every shown number and the ▲▼ changes;
    a unit not finished shows "đã thẩm định x/y tiêu chí" in place of its rank."""
    out = with_text(
        table,
        {
            "rank": formatting.integer,
            "points": formatting.points,
            "max_points": formatting.points,
            "index": index_text,
            "rank_change_round": same_text(rank_arrow),
            "rank_change_year": same_text(rank_arrow),
        },
        lang,
    )
    out["group_label"] = [group_label(str(g), lang) for g in out["group"]]
    out["band"] = out["band"].fillna("—")
    notes = [unfinished_note(row, lang, score) for _, row in out.iterrows()]
    out["rank__text"] = [note or text for note, text in zip(notes, out["rank__text"], strict=True)]
    return out


def _flag(value: Any) -> bool:
    """A yes/no cell that may be missing (parent rows): missing is no."""
    return False if value is None or pd.isna(value) else bool(value)


def _leaf_value(row: pd.Series, leaf_col: str, node_col: str) -> Any:
    return row[leaf_col] if row["is_leaf"] else row[node_col]


def scorecard_rows(tree: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The criteria tree as table rows: numbers for sorting, text in ``lang`` for display.

    A leaf that does not apply shows its framework maximum as "not applicable (… not counted)";
    a leaf not scored yet shows "not scored" / "not appraised", never 0.
    """

    def points(value: Any) -> str:
        return formatting.points(value, lang=lang)

    rows = []
    for _, node in tree.iterrows():
        leaf = bool(node["is_leaf"])
        if leaf:
            not_applicable = pd.notna(node["applicable"]) and not _flag(node["applicable"])
        else:  # every leaf under it is not applicable
            not_applicable = node["max_points"] == 0 and node["framework_max_points"] > 0
        survey = node["method"] == "survey"
        self_value = None if not_applicable else _leaf_value(node, "self_score", "self_points")
        appraised = None if not_applicable else _leaf_value(node, "appraised_score", "points")
        gap = None if not_applicable else _leaf_value(node, "gap", "gap_points")
        evidence = node["evidence_count"] if leaf else None
        framework_max = node["framework_max_points"]
        if not_applicable:
            max_text = t("term.not_applicable_max", lang, max=points(framework_max))
            self_text = appraised_text = t("term.not_applicable", lang)
        else:
            max_text = points(node["max_points"])
            if node["max_points"] != framework_max:
                max_text += f" / {points(framework_max)}"
            self_text = (
                formatting.MISSING if survey
                else t("term.not_scored", lang) if pd.isna(self_value)
                else points(self_value)
            )  # fmt: skip
            appraised_text = (
                t("term.not_appraised", lang) if pd.isna(appraised) else points(appraised)
            )
        rows.append(
            {
                "code": str(node["code"]),
                "name": str(node["name"]),
                "level": int(node["level"]),
                "is_leaf": leaf,
                "applicable": not not_applicable,
                "max": None if not_applicable else node["max_points"],
                "max__text": max_text,
                "self": self_value,
                "self__text": self_text,
                "appraised": appraised,
                "appraised__text": appraised_text,
                "gap": gap,
                "gap__text": gap_text(gap, lang),
                "evidence": evidence,
                "evidence__text": "" if not leaf else count_text(evidence, lang),
                "missing_evidence": leaf and _flag(node["missing_evidence"]),
                "explanation": node["explanation"] if leaf else None,
                "appraisal_note": node["appraisal_note"] if leaf else None,
            }
        )
    return pd.DataFrame(rows)


def count_text(value: Any, lang: str) -> str:
    """A count as shown (``1.234``; ``lang="en"``: ``1,234``); pandas' nullable integers
    included, missing = ``—``."""
    if value is None or pd.isna(value):
        return formatting.MISSING
    return formatting.integer(int(value), lang=lang)


def share_text(missing: int, required: int, lang: str) -> str:
    """``12,5% (3/24)`` (``lang="en"``: ``12.5% (3/24)``); ``—`` when nothing requires
    evidence."""
    if not required:
        return formatting.MISSING
    counts = f"{count_text(missing, lang)}/{count_text(required, lang)}"
    return f"{formatting.percent(missing / required, lang=lang)} ({counts})"


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
