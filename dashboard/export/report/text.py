"""The report's body as a list of blocks (headings, paragraphs, tables, figures:
``dashboard.export.official.blocks``).

Both writers (PDF and DOCX) render the same outline, so the two formats always say the
same thing; the title block and the signature block are the report's letterhead
(``ReportData.letterhead``), laid out by ``dashboard.export.official``.
Every text is a ``report.*`` key of ``dashboard.i18n``, every number is written by
``dashboard.formatting``, both in the report's language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import pandas as pd

from dashboard import formatting
from dashboard.export.official.blocks import (
    Align,
    Block,
    FigureBlock,
    Heading,
    Paragraph,
    TableBlock,
)
from dashboard.export.report.model import GroupReport, ReportData
from dashboard.i18n import Lang, t

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
TOP_N = 5


def number(value: Any, lang: Lang, decimals: int = 2) -> str:
    """A number in the report's language (``91,43`` / ``91.43``); ``—`` for a missing value."""
    return formatting.number(value, decimals, lang=lang)


def rows_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of a small table as dicts, missing values as ``None``."""
    return [
        {str(k): (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def intro(data: ReportData) -> list[Block]:
    lang = data.lang
    groups = (
        t("report.scope_group", lang, group=data.groups[0].label)
        if len(data.groups) == 1
        else t("report.scope_all", lang)
    )
    scope = t("report.scope_value", lang, year=data.year, round=data.round, groups=groups)
    text = t("report.intro", lang, framework=data.issuer.framework, round=data.round,
             year=data.year, agency=data.issuer.agency_name)  # fmt: skip
    blocks: list[Block] = [Paragraph(text)]
    note = t("report.scope", lang, scope=scope)
    if data.data_date:
        note += " " + t("report.data_date", lang, date=data.data_date)
    blocks.append(Paragraph(note, italic=True))
    if data.band_rule:
        blocks.append(Paragraph(t("report.band_rule", lang, rule=data.band_rule), italic=True))
    return blocks


def ranking_table(group: GroupReport, lang: Lang) -> TableBlock:
    rows = [
        [
            formatting.integer(r["rank"], lang=lang),
            str(r["unit_name"]),
            number(r["points"], lang),
            number(r["max_points"], lang),
            formatting.index(r["index"], lang=lang),
            r["band"] or "",
        ]
        for r in rows_of(group.ranking)
    ]
    return TableBlock(
        headers=[
            t("report.col_rank", lang),
            t("report.col_unit", lang),
            t("report.col_points", lang),
            t("report.col_max_points", lang),
            t("report.col_index", lang),
            t("report.col_band", lang),
        ],
        rows=rows,
        widths=[13, 75, 21, 21, 22, 18],
        aligns=["C", "L", "R", "R", "R", "C"],
    )


def unit_list(
    lead: str,
    frame: pd.DataFrame,
    columns: dict[str, str],
    write: Callable[[Any], str],
    widths: Sequence[float],
    lang: Lang,
) -> TableBlock:
    """A numbered table of units after the sentence ``lead`` (a key): No., the unit, then each
    of ``columns`` (header key → column of ``frame``) with its values written by ``write``."""
    values: list[Align] = ["R"] * len(columns)
    return TableBlock(
        lead=t(lead, lang),
        headers=[t(key, lang) for key in ("report.col_no", "report.col_unit", *columns)],
        rows=[
            [str(i), str(r["unit_name"]), *(write(r[column]) for column in columns.values())]
            for i, r in enumerate(rows_of(frame), start=1)
        ],
        widths=list(widths),
        aligns=["C", "L", *values],
    )


def band_sentence(group: GroupReport, lang: Lang) -> str:
    ranked = sum(n for _, n in group.bands)
    if not ranked:
        return t("report.no_bands", lang)
    parts = [t("report.band_count", lang, band=label, n=n) for label, n in group.bands]
    return t("report.bands", lang, ranked=ranked, counts="; ".join(parts))


def gap_blocks(group: GroupReport, lang: Lang) -> list[Block]:
    gap = group.gap
    if not gap.units:
        return [Paragraph(t("report.gap_missing", lang))]
    text = t("report.gap", lang, over=gap.over_claimed, units=gap.units,
             self_mean=number(gap.mean_self_index, lang),
             appraised_mean=number(gap.mean_appraised_index, lang))  # fmt: skip
    blocks: list[Block] = [Paragraph(text)]
    if len(gap.top):
        columns = {
            "report.col_self_index": "self_index",
            "report.col_appraised_index": "appraised_index",
            "report.col_gap": "gap_index",
        }
        index, widths = partial(number, lang=lang), [11, 81, 26, 26, 26]
        blocks.append(unit_list("report.gap_lead", gap.top, columns, index, widths, lang))
    return blocks


def evidence_blocks(group: GroupReport, figure_no: int, lang: Lang) -> list[Block]:
    blocks: list[Block] = []
    if group.evidence_chart:
        caption = t("report.evidence_figure", lang, n=figure_no, group=group.label)
        blocks.append(FigureBlock(group.evidence_chart, caption))
    missing = group.missing_top
    if not len(missing) or int(missing["missing_evidence"].sum()) == 0:
        blocks.append(Paragraph(t("report.evidence_complete", lang)))
        return blocks
    columns = {
        "report.col_missing_evidence": "missing_evidence",
        "report.col_missing_explanation": "missing_explanation",
    }
    count, widths = partial(formatting.integer, lang=lang), [11, 87, 36, 36]
    blocks.append(unit_list("report.evidence_lead", missing, columns, count, widths, lang))
    return blocks


def not_sent_sentence(group: GroupReport, lang: Lang) -> str:
    if not group.not_sent:
        return t("report.all_sent", lang, total=group.total_units)
    names = "; ".join(group.not_sent)
    return t("report.not_sent", lang, n=len(group.not_sent), total=group.total_units, names=names)


def group_blocks(
    group: GroupReport, position: int, figure_no: int, lang: Lang
) -> tuple[list[Block], int]:
    """The blocks of one group and the next free figure number."""
    roman = ROMAN[position] if position < len(ROMAN) else str(position + 1)
    blocks: list[Block] = [
        Heading(f"{roman}. {group.label.upper()}", 1),
        Heading(f"1. {t('report.ranking_heading', lang)}", 2),
        ranking_table(group, lang),
    ]
    if group.ranking_chart:
        caption = t("report.ranking_figure", lang, n=figure_no, group=group.label)
        blocks.append(FigureBlock(group.ranking_chart, caption))
        figure_no += 1
    blocks += [
        Heading(f"2. {t('report.bands_heading', lang)}", 2),
        Paragraph(band_sentence(group, lang)),
        Heading(f"3. {t('report.gap_heading', lang)}", 2),
        *gap_blocks(group, lang),
        Heading(f"4. {t('report.evidence_heading', lang)}", 2),
        *evidence_blocks(group, figure_no, lang),
        Heading(f"5. {t('report.not_sent_heading', lang)}", 2),
        Paragraph(not_sent_sentence(group, lang)),
    ]
    if group.evidence_chart:
        figure_no += 1
    return blocks, figure_no


def closing(data: ReportData) -> Paragraph:
    text = t("report.closing", data.lang, year=data.year, round=data.round,
             agency=data.issuer.agency_name)  # fmt: skip
    return Paragraph(text)


def outline(data: ReportData) -> list[Block]:
    """The report body: intro, then every group, then the closing sentence."""
    blocks = intro(data)
    if not data.groups:
        blocks.append(Paragraph(t("report.no_data", data.lang)))
    figure_no = 1
    for position, group in enumerate(data.groups):
        group_part, figure_no = group_blocks(group, position, figure_no, data.lang)
        blocks += group_part
    blocks.append(closing(data))
    return blocks
