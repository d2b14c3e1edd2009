"""What the leadership report says, independent of PDF or DOCX: plain frozen dataclasses.

``data.collect_report`` fills it from the query layer; ``pdf`` and ``docx`` lay it out.
Every number here is final (already computed by ``dashboard.metrics`` through
``dashboard.queries``); the writers only format it, in the report's language (``lang``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from dashboard.i18n import Lang, t


@dataclass(frozen=True)
class Issuer:
    """The issuing body in the title block, and the place in the date line."""

    authority: str
    agency: str
    agency_name: str  # in running text
    agency_short: str  # in the document number "Số: …/BC-SNV"
    place: str
    framework: str  # the decision the index is built on, as cited in the first sentence
    recipients: tuple[str, ...]
    signer_title: str

    @classmethod
    def of(cls, lang: Lang) -> Issuer:
        """The Sóc Trăng Department of Home Affairs, in ``lang`` (``dashboard.i18n``)."""
        return cls(
            authority=t("report.authority", lang),
            agency=t("report.agency", lang),
            agency_name=t("report.agency_name", lang),
            agency_short=t("report.agency_short", lang),
            place=t("report.place", lang),
            framework=t("report.framework", lang),
            recipients=tuple(t("report.recipients", lang).split("\n")),
            signer_title=t("report.signer_title", lang),
        )


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
        # Nghị định 30/2020/NĐ-CP: a zero before days 1–9 and months 1–2 ("tháng 02", "tháng 5");
        # English: ISO 8601, as dashboard.formatting writes English dates.
        d = self.issued
        month = str(d.month) if self.lang == "vi" and d.month >= 3 else f"{d.month:02d}"
        return t("report.date_line", self.lang, place=self.issuer.place, day=f"{d.day:02d}",
                 month=month, year=d.year)  # fmt: skip
