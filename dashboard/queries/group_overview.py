"""The leadership overview: one row per group of a round."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy import Engine

from dashboard import metrics
from dashboard.i18n import group_label
from dashboard.queries.cache import cached
from dashboard.queries.frames import sorted_by_group
from dashboard.queries.scores import rankings, unit_scores
from dashboard.queries.submissions import progress


@cached(unit_free=True)
def overview(engine: Engine, year: int, round: int) -> pd.DataFrame:
    """One row per group for the leadership overview.

    Columns: ``group``, ``group_label``, ``units`` (expected to send, or with scores),
    ``ranked_units`` (with an index), ``mean_index``, ``best_unit_code``, ``best_unit``,
    ``best_index``,
    ``worst_unit_code``, ``worst_unit``, ``worst_index``, ``mean_self_index``,
    ``mean_gap_points``, ``evidence_required``, ``missing_evidence``,
    ``missing_evidence_share``, ``unsent``.  Of the scope's units: built from cached queries
    that answer within it.
    """
    table = unit_scores(engine, year, round)
    ranking = rankings(engine, year, round)
    sent = progress(engine, year, round).units
    rows: list[dict[str, Any]] = []
    for code, part in table.groupby("group", sort=False):
        ranked = ranking[(ranking["group"] == code) & ranking["rank"].notna()]
        ranked = ranked.sort_values(["index_exact", "unit_name"], ascending=[False, True])
        required = int(part["evidence_required"].sum())
        missing = int(part["missing_evidence"].sum())
        compared = metrics.compared_units(part)  # the gaps page's population
        best = ranked.iloc[0] if len(ranked) else None
        worst = ranked.iloc[-1] if len(ranked) else None
        rows.append(
            {
                "group": code,
                "group_label": group_label(str(code)),
                "units": max(len(part), int((sent["group"] == code).sum())),
                "ranked_units": len(ranked),
                "mean_index": metrics.mean_rounded(ranked["index_exact"]),
                "best_unit_code": None if best is None else best["unit_code"],
                "best_unit": None if best is None else best["unit_name"],
                "best_index": None if best is None else best["index"],
                "worst_unit_code": None if worst is None else worst["unit_code"],
                "worst_unit": None if worst is None else worst["unit_name"],
                "worst_index": None if worst is None else worst["index"],
                "mean_self_index": metrics.mean_rounded(compared["self_index_exact"]),
                "mean_gap_points": metrics.mean_rounded(compared["gap_points"]),
                "evidence_required": required,
                "missing_evidence": missing,
                "missing_evidence_share": metrics.share(missing, required),
                "unsent": int((~sent.loc[sent["group"] == code, "sent"]).sum()),
            }
        )
    columns = [
        "group", "group_label", "units", "ranked_units", "mean_index", "best_unit_code",
        "best_unit", "best_index", "worst_unit_code", "worst_unit", "worst_index",
        "mean_self_index", "mean_gap_points", "evidence_required", "missing_evidence",
        "missing_evidence_share", "unsent",
    ]  # fmt: skip
    return sorted_by_group(pd.DataFrame(rows, columns=columns), [], [])
