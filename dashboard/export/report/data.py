"""Gather the report's numbers from the query layer (``dashboard.queries``) into a ReportData.

Every number comes from ``dashboard.queries`` (hence from ``dashboard.metrics``) through the
same functions the pages use, so the report, the pages and the CLI can never disagree: the
ranking and bands of the rankings page, the gap summary over the units of the gaps page's
scatter, the missing evidence of the evidence page, who has not sent from the progress page.
Charts come from the pages' own chart specs (``dashboard.export.charts``), rendered to PNG by
``dashboard.export.images``; texts and numbers are in the view's language.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from dashboard import metrics, queries
from dashboard.export import charts, images
from dashboard.export.report.model import GapSummary, GroupReport, Issuer, ReportData
from dashboard.export.report.text import TOP_N
from dashboard.figures import gaps as gaps_fig
from dashboard.figures.rankings import band_order
from dashboard.i18n import DEFAULT_LANG, Lang, group_label, t
from dashboard.view import View

REPORT_CHART_WIDTH = 640  # px: at A4 text width, 13 px chart text prints at about 9 pt


def band_rule(bands: metrics.Bands = metrics.DEFAULT_BANDS, lang: Lang = DEFAULT_LANG) -> str:
    """``"loại A: từ 90% trở lên; loại B: từ 80% đến dưới 90%; …; loại D: dưới 70%"``."""
    ordered = sorted(bands, key=lambda pair: pair[1], reverse=True)
    parts: list[str] = []
    upper: str | None = None
    for label, lower in ordered:
        low = charts.format_plain(lower, lang=lang)
        if upper is None:
            parts.append(t("report.band_top", lang, band=label, low=low))
        elif lower <= 0:
            parts.append(t("report.band_bottom", lang, band=label, high=upper))
        else:
            parts.append(t("report.band_middle", lang, band=label, low=low, high=upper))
        upper = low
    return "; ".join(parts)


def _ranking_table(ranking: pd.DataFrame) -> pd.DataFrame:
    ranked = ranking.sort_values(["rank", "unit_name"], na_position="last")
    return ranked[["rank", "unit_name", "points", "max_points", "index", "band"]].reset_index(
        drop=True
    )


def _band_counts(ranking: pd.DataFrame) -> list[tuple[str, int]]:
    counts = ranking["band"].value_counts()
    return [(label, int(counts.get(label, 0))) for label in band_order()]


def gap_summary(scores: pd.DataFrame) -> GapSummary:
    """The gaps page's numbers for one group (``scores``: ``queries.unit_scores``): the units
    of its scatter (a self index and an appraised index on the same base), those claiming
    more than the appraisal found (gap > 0 points, as its field and criterion charts count),
    both mean indices over those same units, and the over-claimers it names."""
    points = gaps_fig.scatter_points(scores)
    top = gaps_fig.over_claimers(scores, TOP_N)
    return GapSummary(
        units=len(points),
        over_claimed=int((points["gap_points"] > 0).sum()),
        mean_self_index=metrics.mean_rounded(points["self_index_exact"]),
        mean_appraised_index=metrics.round_half_up(
            metrics.mean_or_none(points["appraised_self_index_exact"])
        ),
        top=top[["unit_name", "self_index", "appraised_self_index", "gap_index"]].rename(
            columns={"appraised_self_index": "appraised_index"}
        ),
    )


def _missing_top(evidence: pd.DataFrame) -> pd.DataFrame:
    chosen = evidence[evidence["missing_evidence"] > 0].sort_values(
        ["missing_evidence", "missing_explanation", "unit_name"], ascending=[False, False, True]
    )
    return (
        chosen[["unit_name", "missing_evidence", "missing_explanation"]]
        .head(TOP_N)
        .reset_index(drop=True)
    )


def _png(fig: go.Figure | None) -> bytes | None:
    if fig is None:
        return None
    return images.export_figure(fig, "png", width=REPORT_CHART_WIDTH)


def group_report(engine: Engine, view: View, *, with_charts: bool = True) -> GroupReport:
    """The part of the report on ``view.group`` (``view``: one group, no other filter)."""
    year, round, group = view.year, view.round, str(view.group)
    ranking = queries.rankings(engine, year, round, group)
    sent = queries.progress(engine, year, round).units
    sent = sent[sent["group"] == group]

    def chart(slug: str) -> bytes | None:
        return _png(charts.report_figure(engine, slug, view)) if with_charts else None

    return GroupReport(
        code=group,
        label=group_label(group, view.lang),
        ranking=_ranking_table(ranking),
        ranking_chart=chart("rankings"),
        bands=_band_counts(ranking),
        gap=gap_summary(queries.unit_scores(engine, year, round, group)),
        evidence_chart=chart("evidence"),
        missing_top=_missing_top(queries.unit_evidence(engine, year, round, group)),
        not_sent=[str(n) for n in sent.loc[~sent["sent"], "unit_name"]],
        total_units=len(sent),
    )


def collect_report(
    engine: Engine, view: View, *, issued: date | None = None, with_charts: bool = True
) -> ReportData:
    """The report of the view's year and round, for its group or every group of the year,
    in its language (its other filters do not apply to the report).

    Raises ``queries.SelectionError`` for a year, round or group the warehouse lacks.
    """
    round = queries.check_selection(engine, view.year, view.round, view.group)
    every = [str(g) for g in queries.groups(engine, view.year)["group"]]
    codes = [view.group] if view.group else every
    whole = View(view.year, round, lang=view.lang, scope=view.scope)
    return ReportData(
        year=view.year,
        round=round,
        lang=view.lang,
        issued=issued or date.today(),
        data_date=charts.data_date(engine, whole),
        groups=[group_report(engine, whole.with_(group=g), with_charts=with_charts) for g in codes],
        issuer=Issuer.of(view.lang),
        band_rule=band_rule(lang=view.lang),
    )
