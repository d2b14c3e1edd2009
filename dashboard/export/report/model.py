"""What the leadership report says, independent of PDF or DOCX: plain frozen dataclasses.

``report_data.collect_report`` fills it from the query layer; ``report_pdf`` and
``report_docx`` lay it out.  Every number here is final (already computed by
``dashboard.metrics`` through ``dashboard.queries``); the writers only format it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd


@dataclass(frozen=True)
class Issuer:
    """The issuing body in the title block, and the place in the date line."""

    authority: str = "UBND TỈNH SÓC TRĂNG"
    agency: str = "SỞ NỘI VỤ"
    agency_name: str = "Sở Nội vụ"  # in running text
    agency_short: str = "SNV"  # in the document number "Số: …/BC-SNV"
    place: str = "Sóc Trăng"
    framework: str = (
        "Quyết định số 3119/QĐ-UBND ngày 05/11/2021 của Ủy ban nhân dân tỉnh Sóc Trăng "
        "về Bộ Chỉ số cải cách hành chính"
    )
    recipients: tuple[str, ...] = (
        "UBND tỉnh (b/c);",
        "Các sở, ban, ngành tỉnh;",
        "UBND các huyện, thị xã, thành phố;",
        "Lưu: VT, CCHC.",
    )
    signer_title: str = "GIÁM ĐỐC"


@dataclass(frozen=True)
class GapSummary:
    """Self-assessed vs appraised, over the self-scored criteria of one group."""

    units: int  # units with both a self and an appraised index
    over_claimed: int  # units whose self index exceeds the appraised one
    mean_self_index: float | None
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
    issued: date
    data_date: str | None  # dd/mm/yyyy of the newest data loaded
    filters: list[tuple[str, str]]
    groups: list[GroupReport]
    issuer: Issuer = field(default_factory=Issuer)
    band_rule: str = ""  # e.g. "Loại A: từ 90% trở lên; Loại B: từ 80% đến dưới 90%; …"

    @property
    def title(self) -> str:
        return f"Kết quả thẩm định Chỉ số cải cách hành chính năm {self.year} (lần {self.round})"

    @property
    def date_line(self) -> str:
        # Nghị định 30/2020/NĐ-CP: a zero before days 1–9 and months 1–2 ("tháng 02", "tháng 5").
        d = self.issued
        month = f"{d.month:02d}" if d.month < 3 else str(d.month)
        return f"{self.issuer.place}, ngày {d.day:02d} tháng {month} năm {d.year}"
