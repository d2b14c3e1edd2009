"""Gather the report's numbers from the query layer (``dashboard.queries``) into a ReportData.

Every number comes from ``dashboard.queries`` (hence from ``dashboard.metrics``), so the
report, the pages and the CLI can never disagree.  Charts come from the pages' own figure
builders (``dashboard.export.charts``), rendered to PNG by ``dashboard.export.images``.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from dashboard import metrics, queries
from dashboard.export import charts, images
from dashboard.export.report_model import GapSummary, GroupReport, ReportData
from dashboard.export.report_text import TOP_N
from dashboard.figures.rankings import band_order
from dashboard.i18n import group_label
from dashboard.view import View

REPORT_CHART_WIDTH = 640  # px: at A4 text width, 13 px chart text prints at about 9 pt


def band_rule(bands: metrics.Bands = metrics.DEFAULT_BANDS) -> str:
    """``"loại A: từ 90% trở lên; loại B: từ 80% đến dưới 90%; …; loại D: dưới 70%"``."""
    ordered = sorted(bands, key=lambda pair: pair[1], reverse=True)
    parts: list[str] = []
    upper: float | None = None
    for label, lower in ordered:
        low = charts.format_plain(lower)
        if upper is None:
            parts.append(f"loại {label}: từ {low}% trở lên")
        elif lower <= 0:
            parts.append(f"loại {label}: dưới {charts.format_plain(upper)}%")
        else:
            parts.append(f"loại {label}: từ {low}% đến dưới {charts.format_plain(upper)}%")
        upper = lower
    return "; ".join(parts)


def _ranking_table(ranking: pd.DataFrame) -> pd.DataFrame:
    ranked = ranking.sort_values(["rank", "unit_name"], na_position="last")
    return ranked[["rank", "unit_name", "points", "max_points", "index", "band"]].reset_index(
        drop=True
    )


def _band_counts(ranking: pd.DataFrame) -> list[tuple[str, int]]:
    counts = ranking["band"].value_counts()
    return [(label, int(counts.get(label, 0))) for label in band_order()]


def _gap_summary(scores: pd.DataFrame) -> GapSummary:
    both = scores[scores["self_index"].notna() & scores["appraised_self_index"].notna()]
    top = both[both["gap_index"] > 0].sort_values(
        ["gap_index", "unit_name"], ascending=[False, True]
    )
    return GapSummary(
        units=len(both),
        over_claimed=int((both["gap_points"] > 0).sum()),
        mean_self_index=metrics.round_half_up(metrics.mean_or_none(both["self_index_exact"])),
        mean_appraised_index=metrics.round_half_up(
            metrics.mean_or_none(both["appraised_self_index_exact"])
        ),
        top=top[["unit_name", "self_index", "appraised_self_index", "gap_index"]]
        .rename(columns={"appraised_self_index": "appraised_index"})
        .head(TOP_N)
        .reset_index(drop=True),
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


def group_report(
    engine: Engine, year: int, round: int, group: str, *, with_charts: bool = True
) -> GroupReport:
    ranking = queries.rankings(engine, year, round, group)
    sent = queries.progress(engine, year, round).units
    sent = sent[sent["group"] == group]
    view = View(year=year, round=round, group=group)
    return GroupReport(
        code=group,
        label=group_label(group),
        ranking=_ranking_table(ranking),
        ranking_chart=_png(charts.report_figure(engine, "rankings", view)) if with_charts else None,
        bands=_band_counts(ranking),
        gap=_gap_summary(queries.unit_scores(engine, year, round, group)),
        evidence_chart=_png(charts.report_figure(engine, "evidence", view))
        if with_charts
        else None,
        missing_top=_missing_top(queries.unit_evidence(engine, year, round, group)),
        not_sent=[str(n) for n in sent.loc[~sent["sent"], "unit_name"]],
        total_units=len(sent),
    )


def collect_report(
    engine: Engine,
    year: int,
    round: int | None = None,
    group: str | None = None,
    *,
    issued: date | None = None,
    with_charts: bool = True,
) -> ReportData:
    """The report of (year, round) for one group or every group of the year.

    Raises ``queries.SelectionError`` for a year, round or group the warehouse lacks.
    """
    round = queries.check_selection(engine, year, round, group)
    codes = [group] if group else [str(g) for g in queries.groups(engine, year)["group"]]
    filters = [
        ("Năm", str(year)),
        ("Lần thẩm định", str(round)),
        ("Nhóm", group_label(group) if group else "Tất cả các nhóm"),
    ]
    return ReportData(
        year=year,
        round=round,
        issued=issued or date.today(),
        data_date=charts.data_date(engine, View(year=year, round=round)),
        filters=filters,
        groups=[group_report(engine, year, round, g, with_charts=with_charts) for g in codes],
        band_rule=band_rule(),
    )
