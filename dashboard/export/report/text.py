"""The report's body as a list of blocks (headings, paragraphs, tables, figures).

Both writers (PDF and DOCX) render the same outline, so the two formats always say the
same thing; only the title block and the signature block are laid out by each writer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from dashboard import formatting
from dashboard.export.report_model import GroupReport, ReportData

Align = Literal["L", "C", "R", "J"]
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
TOP_N = 5


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1: a group (I., II.), 2: a section inside it (1., 2.)


@dataclass(frozen=True)
class Paragraph:
    text: str
    italic: bool = False
    bold: bool = False
    align: Align = "J"


@dataclass(frozen=True)
class TableBlock:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative widths
    aligns: list[Align]
    lead: str = ""  # the sentence introducing the table, kept on the same page


@dataclass(frozen=True)
class FigureBlock:
    png: bytes
    caption: str


Block = Heading | Paragraph | TableBlock | FigureBlock


def number(value: Any, decimals: int = 2) -> str:
    """A number in Vietnamese format (``91,43``); ``—`` for a missing value."""
    return formatting.number(value, decimals)


def rows_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a small table as dicts, missing values as ``None``."""
    return [
        {str(k): (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def intro(data: ReportData) -> list[Block]:
    scope = f"năm {data.year}, lần thẩm định {data.round}, " + (
        f"nhóm {data.groups[0].label}" if len(data.groups) == 1 else "tất cả các nhóm đơn vị"
    )
    text = (
        f"Căn cứ {data.issuer.framework}; căn cứ kết quả tự đánh giá, chấm điểm của các cơ "
        f"quan, đơn vị và kết quả thẩm định lần {data.round} năm {data.year}, "
        f"{data.issuer.agency_name} báo cáo kết quả thẩm định Chỉ số cải cách hành "
        f"chính năm {data.year} như sau:"
    )
    blocks: list[Block] = [Paragraph(text)]
    note = f"Phạm vi số liệu: {scope}."
    if data.data_date:
        note += f" Số liệu cập nhật đến ngày {data.data_date}."
    blocks.append(Paragraph(note, italic=True))
    if data.band_rule:
        blocks.append(Paragraph(f"Cách xếp loại: {data.band_rule}.", italic=True))
    return blocks


def ranking_table(group: GroupReport) -> TableBlock:
    rows = [
        [
            formatting.integer(r["rank"]),
            str(r["unit_name"]),
            number(r["points"]),
            number(r["max_points"]),
            formatting.index(r["index"]),
            r["band"] or "",
        ]
        for r in rows_of(group.ranking)
    ]
    return TableBlock(
        headers=["Hạng", "Cơ quan, đơn vị", "Điểm đạt", "Điểm tối đa", "Chỉ số (%)", "Xếp loại"],
        rows=rows,
        widths=[13, 75, 21, 21, 22, 18],
        aligns=["C", "L", "R", "R", "R", "C"],
    )


def band_sentence(group: GroupReport) -> str:
    ranked = sum(n for _, n in group.bands)
    if not ranked:
        return "Chưa có đơn vị nào có kết quả thẩm định để xếp loại."
    parts = [f"loại {label}: {n} đơn vị" for label, n in group.bands]
    return f"Trong {ranked} đơn vị được xếp loại, có " + "; ".join(parts) + "."


def gap_blocks(group: GroupReport) -> list[Block]:
    gap = group.gap
    if not gap.units:
        return [Paragraph("Chưa đủ số liệu tự chấm và thẩm định để so sánh.")]
    text = (
        f"Có {gap.over_claimed}/{gap.units} đơn vị tự chấm cao hơn kết quả thẩm định. "
        f"Chỉ số tự chấm bình quân {number(gap.mean_self_index)}%, chỉ số thẩm định bình quân "
        f"{number(gap.mean_appraised_index)}% (tính trên các tiêu chí đơn vị tự chấm)."
    )
    blocks: list[Block] = [Paragraph(text)]
    if len(gap.top):
        blocks.append(
            TableBlock(
                lead="Các đơn vị có mức chênh lệch lớn nhất (điểm chỉ số):",
                headers=[
                    "STT",
                    "Cơ quan, đơn vị",
                    "Chỉ số tự chấm",
                    "Chỉ số thẩm định",
                    "Chênh lệch",
                ],
                rows=[
                    [
                        str(i),
                        str(r["unit_name"]),
                        number(r["self_index"]),
                        number(r["appraised_index"]),
                        number(r["gap_index"]),
                    ]
                    for i, r in enumerate(rows_of(gap.top), start=1)
                ],
                widths=[11, 81, 26, 26, 26],
                aligns=["C", "L", "R", "R", "R"],
            )
        )
    return blocks


def evidence_blocks(group: GroupReport, figure_no: int) -> list[Block]:
    blocks: list[Block] = []
    if group.evidence_chart:
        blocks.append(
            FigureBlock(
                group.evidence_chart,
                f"Hình {figure_no}. Số tiêu chí thiếu tài liệu kiểm chứng theo lĩnh vực — "
                f"{group.label}",
            )
        )
    missing = group.missing_top
    if not len(missing) or int(missing["missing_evidence"].sum()) == 0:
        blocks.append(Paragraph("Các đơn vị đã cung cấp đầy đủ tài liệu kiểm chứng."))
        return blocks
    blocks.append(
        TableBlock(
            lead="Các đơn vị thiếu nhiều tài liệu kiểm chứng nhất:",
            headers=[
                "STT",
                "Cơ quan, đơn vị",
                "Số tiêu chí thiếu TLKC",
                "Số tiêu chí thiếu giải trình",
            ],
            rows=[
                [
                    str(i),
                    str(r["unit_name"]),
                    formatting.integer(r["missing_evidence"]),
                    formatting.integer(r["missing_explanation"]),
                ]
                for i, r in enumerate(rows_of(missing), start=1)
            ],
            widths=[11, 87, 36, 36],
            aligns=["C", "L", "R", "R"],
        )
    )
    return blocks


def not_sent_sentence(group: GroupReport) -> str:
    if not group.not_sent:
        return f"Tất cả {group.total_units} đơn vị đã gửi kết quả tự đánh giá."
    names = "; ".join(group.not_sent)
    return (
        f"Còn {len(group.not_sent)}/{group.total_units} đơn vị chưa gửi kết quả tự đánh giá: "
        f"{names}."
    )


def group_blocks(group: GroupReport, position: int, figure_no: int) -> tuple[list[Block], int]:
    """The blocks of one group and the next free figure number."""
    roman = ROMAN[position] if position < len(ROMAN) else str(position + 1)
    blocks: list[Block] = [
        Heading(f"{roman}. {group.label.upper()}", 1),
        Heading("1. Kết quả xếp hạng", 2),
        ranking_table(group),
    ]
    if group.ranking_chart:
        blocks.append(
            FigureBlock(group.ranking_chart, f"Hình {figure_no}. Chỉ số CCHC — {group.label}")
        )
        figure_no += 1
    blocks += [
        Heading("2. Xếp loại", 2),
        Paragraph(band_sentence(group)),
        Heading("3. Chênh lệch giữa điểm tự chấm và điểm thẩm định", 2),
        *gap_blocks(group),
        Heading("4. Tài liệu kiểm chứng", 2),
        *evidence_blocks(group, figure_no),
        Heading("5. Đơn vị chưa gửi kết quả", 2),
        Paragraph(not_sent_sentence(group)),
    ]
    if group.evidence_chart:
        figure_no += 1
    return blocks, figure_no


def closing(data: ReportData) -> Paragraph:
    return Paragraph(
        f"Trên đây là báo cáo kết quả thẩm định Chỉ số cải cách hành chính năm {data.year} "
        f"(lần {data.round}) của {data.issuer.agency_name}./."
    )


def outline(data: ReportData) -> list[Block]:
    """The report body: intro, then every group, then the closing sentence."""
    blocks = intro(data)
    if not data.groups:
        blocks.append(Paragraph("Chưa có số liệu cho năm và lần thẩm định đã chọn."))
    figure_no = 1
    for position, group in enumerate(data.groups):
        group_part, figure_no = group_blocks(group, position, figure_no)
        blocks += group_part
    blocks.append(closing(data))
    return blocks


def column_widths(relative: Sequence[float], total: float) -> list[float]:
    scale = total / sum(relative)
    return [w * scale for w in relative]
