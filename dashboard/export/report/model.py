"""What the leadership report says, independent of PDF or DOCX: plain frozen dataclasses.

``data.collect_report`` fills it from the query layer; ``pdf`` and ``docx`` lay it out.
Every number here is final (already computed by ``dashboard.metrics`` through
``dashboard.queries``); the writers only format it, in the report's language (``lang``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.export.official.letterhead import BLANK, Issuer, Letterhead, date_line
from dashboard.i18n import Lang, t

__all__ = ["GapSummary", "GroupReport", "Issuer", "ReportData"]


@dataclass(frozen=True)
class GapSummary:
    """Self-assessed vs appraised, over the self-scored criteria of one group: the units of
    the gaps page's scatter (``dashboard.figures.gaps.scatter_points``)."""

    units: int  # units with both a self and an appraised index
    over_claimed: int  # units whose self score exceeds the appraised one (gap > 0 points)
    mean_self_index: float | None  # over those same units
    mean_appraised_index: float | None
    top: pd.DataFrame  # unit_name, self_index, appraised_index, gap_index (largest first)


@dataclass(frozen=True)
class GroupReport:
    code: str
    label: str
    ranking: pd.DataFrame  # rank, unit_name, points, max_points, index, band
    ranking_chart: bytes | None  # PNG
    bands: list[tuple[str, int]]  # (band label, number of units)
    gap: GapSummary
    evidence_chart: bytes | None  # PNG heatmap of missing evidence
    missing_top: pd.DataFrame  # unit_name, missing_evidence, missing_explanation
    not_sent: list[str]  # unit names
    total_units: int


@dataclass(frozen=True)
class ReportData:
    year: int
    round: int
    lang: Lang
    issued: date
    data_date: str | None  # the date of the newest data loaded, in ``lang``
    groups: list[GroupReport]
    issuer: Issuer
    band_rule: str = ""  # e.g. "loại A: từ 90% trở lên; loại B: từ 80% đến dưới 90%; …"

    @property
    def title(self) -> str:
        return t("report.title", self.lang, year=self.year, round=self.round)

    @property
    def date_line(self) -> str:
        return date_line(self.issuer.place, self.issued, self.lang)

    @property
    def letterhead(self) -> Letterhead:
        """The report's frame: "Số: …/BC-SNV", its date, "BÁO CÁO", its title, "Nơi nhận"."""
        return Letterhead(
            lang=self.lang,
            issuer=self.issuer,
            number=t("report.number", self.lang, blank=BLANK, agency=self.issuer.agency_short),
            date_line=self.date_line,
            heading=t("report.heading", self.lang),
            title=self.title,
            document_title=t("report.document_title", self.lang, title=self.title),
            recipients=self.issuer.recipients,
        )
