"""What the appraisal found on a unit's leaves, and what became of it: pure functions.

One definition of each, shared by the evidence page, the rankings, the feedback notices, the
follow-up view and the CLI (:mod:`dashboard.queries.followup` reads the rows):

* a **problem** of a leaf a unit self-scored above 0 (the population of "missing
  explanation"): ``missing_evidence`` (evidence required, no document), ``missing_explanation``
  (no text), ``unspecific_explanation`` (a text that breaks a rule of
  ``data/explanation_rules.toml``, :mod:`dashboard.explanations`);
* a **deduction**: self score − appraised score where both are scored and the appraisal gave
  less (points, exact in milli-points);
* **points at stake**: the deduction of a leaf with a problem — what the unit could win back
  by supplying what is missing; summed per unit, its index "if recovered" and the rank it
  would then have, the others as they are (:func:`rank_if_recovered`);
* a leaf is **flagged** when it has a problem or a deduction (it is listed in the unit's
  notice); an **item** of the follow-up is one (unit, leaf, problem): between two rounds it is
  ``fixed`` (in the earlier round only), ``open`` (in both) or ``new`` (in the later only).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

import pandas as pd

from dashboard import metrics

PROBLEMS = ("missing_evidence", "missing_explanation", "unspecific_explanation")
Status = Literal["fixed", "open", "new"]
STATUSES: tuple[Status, ...] = ("fixed", "open", "new")


def with_findings(leaves: pd.DataFrame) -> pd.DataFrame:
    """``leaves`` (one row per unit × leaf with ``missing_evidence``, ``missing_explanation``,
    ``rule`` (the broken rule's id or ``None``) and ``deduction_milli``) plus
    ``unspecific_explanation``, ``problems`` (count), ``at_stake_milli``, ``flagged``."""
    out = leaves.copy()
    out["unspecific_explanation"] = out["rule"].notna() & ~out["missing_explanation"].astype(bool)
    for name in ("missing_evidence", "missing_explanation"):
        out[name] = out[name].astype(bool)
    has_problem = out[list(PROBLEMS)].any(axis=1)
    out["problems"] = out[list(PROBLEMS)].sum(axis=1).astype("int64")
    deduction = out["deduction_milli"].fillna(0).astype("int64").clip(lower=0)
    out["deduction_milli"] = deduction
    out["at_stake_milli"] = deduction.where(has_problem, 0)
    out["flagged"] = has_problem | (deduction > 0)
    return out


def items(findings: pd.DataFrame) -> pd.DataFrame:
    """One row per (unit, leaf, problem) of :func:`with_findings` rows: columns ``group``,
    ``unit_code``, ``criterion_code``, ``problem``."""
    keys = ["group", "unit_code", "criterion_code"]
    long = findings[keys + list(PROBLEMS)].melt(keys, var_name="problem", value_name="has")
    return long[long["has"].astype(bool)][[*keys, "problem"]].reset_index(drop=True)


def compare_items(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """The items of two rounds (:func:`items`) side by side: ``status`` fixed / open / new."""
    keys = ["group", "unit_code", "criterion_code", "problem"]
    both = before[keys].merge(after[keys], on=keys, how="outer", indicator=True)
    status = both["_merge"].map({"left_only": "fixed", "both": "open", "right_only": "new"})
    return both[keys].assign(status=status.astype(str)).reset_index(drop=True)


def status_counts(compared: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Per ``by``: ``fixed``, ``open``, ``new`` and ``flagged_before`` (fixed + open) counts,
    and ``fixed_share`` (fixed ÷ flagged before; NaN when nothing was flagged)."""
    keys = list(by)
    counts = (
        compared.groupby([*keys, "status"]).size().unstack("status", fill_value=0)
        if len(compared)
        else pd.DataFrame(columns=[*keys, *STATUSES]).set_index(keys)
    )
    counts = counts.reindex(columns=list(STATUSES), fill_value=0).astype("int64").reset_index()
    counts.columns.name = None
    counts["flagged_before"] = counts["fixed"] + counts["open"]
    share = counts["fixed"] / counts["flagged_before"].where(counts["flagged_before"] > 0)
    counts["fixed_share"] = share.astype("float64")
    return counts


def rank_if_recovered(ranked: pd.DataFrame, stake_milli: pd.Series) -> pd.DataFrame:
    """Each unit's rank if it alone won back its points at stake, the others as they are.

    ``ranked``: a ranking (:func:`dashboard.queries.rankings`: ``unit_code``, ``group``
    (and ``province``), ``rank``, ``points``, ``max_points``); ``stake_milli``: points at
    stake per unit code (milli-points).  Adds ``at_stake`` (points), ``index_if_recovered``
    (two decimals, half-up, from the exact value, capped at the maximum) and
    ``rank_if_recovered``: 1 + the ranked units of its province and group (as the ranking's
    ranks) whose exact index is above its recovered one — so an exact tie shares the rank,
    and recovering never costs a unit a place.  An unranked unit stays unranked."""
    out = ranked.copy()
    stake = out["unit_code"].map(stake_milli).fillna(0).astype("int64")
    out["at_stake"] = metrics.points_column(out.assign(_s=stake), "_s")
    actual: list[Fraction | None] = []
    recovered: list[Fraction | None] = []
    for points, top, stake_of, rank in zip(
        out["points"], out["max_points"], stake, out["rank"], strict=True
    ):
        if pd.isna(rank) or pd.isna(points) or pd.isna(top) or not top:
            actual.append(None)
            recovered.append(None)
            continue
        top_milli = round(float(top) * metrics.MILLI)
        points_milli = round(float(points) * metrics.MILLI)
        actual.append(metrics.exact_index(points_milli, top_milli))
        recovered.append(
            metrics.exact_index(min(points_milli + int(stake_of), top_milli), top_milli)
        )
    out["index_if_recovered"] = pd.Series(
        [metrics.round_half_up(v) for v in recovered], index=out.index, dtype="float64"
    )
    within = [c for c in ("province", "group") if c in out.columns]
    partition = list(zip(*(out[c] for c in within), strict=True))
    ranks: list[int | None] = []
    for position, (mine, where) in enumerate(zip(recovered, partition, strict=True)):
        if mine is None:
            ranks.append(None)
            continue
        above = sum(
            1
            for other, (theirs, there) in enumerate(zip(actual, partition, strict=True))
            if other != position and there == where and theirs is not None and theirs > mine
        )
        ranks.append(1 + above)
    out["rank_if_recovered"] = pd.array(ranks, dtype="Int64")
    return out
