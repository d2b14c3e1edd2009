"""Pieces of what the appraisal found, for the rankings and unit pages: the points-at-stake
columns of the ranking, the list of units that over-claim year after year, a unit's stake and
reliability lines.  Pure, tested without a browser."""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import html

from dashboard import formatting
from dashboard.components.grid import index_text, number_column, text_column, with_text
from dashboard.i18n import group_label, t
from dashboard.queries.reliability import PERSISTENT_MIN_YEARS, PERSISTENT_SHARE


def stake_columns(lang: str) -> list[dict[str, Any]]:
    """The ranking's columns of points at stake, index and rank if recovered."""
    return [
        number_column("at_stake", t("findings.at_stake", lang), maxWidth=150),
        number_column("index_if_recovered", t("findings.index_if_recovered", lang), maxWidth=150),
        number_column("rank_if_recovered", t("findings.rank_if_recovered", lang), maxWidth=130),
    ]


def stake_rows(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Ranking rows (``queries.stake_ranking``) with the stake columns written in ``lang``."""
    return with_text(
        rows,
        {"at_stake": formatting.points, "index_if_recovered": index_text,
         "rank_if_recovered": _rank},
        lang,
    )  # fmt: skip


def _rank(value: Any, *, lang: str) -> str:
    return formatting.MISSING if value is None or pd.isna(value) else formatting.integer(value)


def trend_text(value: Any, lang: str) -> str:
    """A trend in share per year as percentage points a year (``-3,2 điểm %/năm``)."""
    if value is None or pd.isna(value):
        return t("findings.trend_none", lang)
    points = formatting.number(float(value) * 100, 1, signed=True, lang=lang)
    return t("findings.trend_per_year", lang, value=points)


def persistent_lead(lang: str) -> str:
    """What the list of persistent over-claimers holds (its threshold, in ``lang``)."""
    threshold = formatting.percent(float(PERSISTENT_SHARE), 0, lang=lang)
    return t("findings.persistent_lead", lang, years=PERSISTENT_MIN_YEARS, threshold=threshold)


def persistent_rows(units: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The persistent over-claimers of ``queries.reliability(...).units``, written in ``lang``."""
    rows = units[units["persistent"].astype(bool)].reset_index(drop=True)
    rows = rows.assign(group_label=[group_label(str(g), lang) for g in rows["group"]])
    rows["years_over__text"] = [
        f"{int(o)}/{int(n)} ({a}–{b})"
        for o, n, a, b in zip(rows["years_over"], rows["years"], rows["first_year"],
                              rows["last_year"], strict=True)
    ]  # fmt: skip
    shares = ("lowest_year_share", "last_share", "over_claimed_share")
    texts: dict[str, Any] = {c: formatting.percent for c in shares}
    texts["mean_over_claim"] = lambda v, *, lang: formatting.number(v, 2, lang=lang)
    texts["trend"] = lambda v, *, lang: formatting.number(
        None if pd.isna(v) else float(v) * 100, 1, signed=True, lang=lang
    )
    return with_text(rows, texts, lang)


def persistent_columns(lang: str) -> list[dict[str, Any]]:
    return [
        text_column("unit_name", t("term.unit", lang), minWidth=220),
        text_column("group_label", t("term.group", lang), minWidth=160),
        number_column("years_over", t("findings.years_over", lang), maxWidth=160),
        number_column("lowest_year_share", t("findings.lowest_year_share", lang), maxWidth=170),
        number_column("last_share", t("findings.last_share", lang), maxWidth=150),
        number_column("over_claimed_share", t("findings.pooled_share", lang), maxWidth=150),
        number_column("mean_over_claim", t("findings.mean_over_short", lang), maxWidth=150),
        number_column("trend", t("findings.trend", lang), maxWidth=150),
    ]


def stake_line(row: pd.Series | None, units_ranked: int, lang: str) -> html.P:
    """A unit's points at stake, index and rank if recovered (its row of
    ``queries.stake_ranking``; ``None``: none to show)."""
    if row is None:
        points = index = rank = formatting.MISSING
    else:
        points = formatting.points(row["at_stake"], lang=lang)
        index = index_text(row["index_if_recovered"], lang)
        ranked = row["rank_if_recovered"]
        rank = formatting.MISSING if pd.isna(ranked) else f"{int(ranked)}/{units_ranked}"
    text = t("findings.stake_line", lang, points=points, index=index, rank=rank)
    return html.P(text, className="small mb-2 cchc-stake-line")


def reliability_line(units: pd.DataFrame, lang: str) -> html.P:
    """A unit's pooled over-claim share, mean excess and trend (its row of
    ``queries.reliability(...).units``; none: it has no compared criterion yet)."""
    if units.empty:
        text = t("findings.reliability_none", lang)
    else:
        row = units.iloc[0]
        text = t(
            "findings.reliability_line", lang,
            share=formatting.percent(row["over_claimed_share"], lang=lang),
            over=formatting.integer(row["over_claimed"], lang=lang),
            both=formatting.integer(row["both_scored"], lang=lang),
            mean=formatting.number(row["mean_over_claim"], 2, lang=lang),
            trend=trend_text(row["trend"], lang),
        )  # fmt: skip
    return html.P(text, className="small mb-2 cchc-reliability-line")
