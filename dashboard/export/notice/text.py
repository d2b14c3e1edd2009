"""A notice's words: its letterhead (``dashboard.export.official``) and its body as blocks.

Both writers (PDF and DOCX) lay out the same blocks, so the two formats say the same thing.
Every text is a ``notice.*`` key of ``dashboard.i18n`` (the issuing body, national motto and
"Nơi nhận" are the report pack's ``report.*``), every number is written by
``dashboard.formatting``, both in the notice's language.
"""

from __future__ import annotations

from dashboard import formatting
from dashboard.export.notice.model import Finding, NoticeModel, Standing
from dashboard.export.official.blocks import Block, Heading, Paragraph, TableBlock
from dashboard.export.official.letterhead import Issuer, Letterhead, date_line
from dashboard.i18n import Lang, t


def letterhead(model: NoticeModel) -> Letterhead:
    """The notice's frame: "Số: ……/TB-SNV", the date, "THÔNG BÁO", the title naming the unit,
    "Kính gửi", the recipients ("Như trên; Lưu: VT, CCHC.") and the signer."""
    lang, unit = model.lang, model.unit.name
    issuer = Issuer.of(lang)
    title = t("notice.title", lang, year=model.year, round=model.round, unit=unit)
    return Letterhead(
        lang=lang,
        issuer=issuer,
        number=t("notice.number", lang, agency=issuer.agency_short),
        date_line=date_line(issuer.place, model.issued, lang),
        heading=t("notice.heading", lang),
        title=title,
        document_title=t("notice.document_title", lang, title=title),
        recipients=tuple(t("notice.recipients", lang).split("\n")),
        addressee=t("notice.addressee", lang, unit=unit),
    )


def score(value: float | None, lang: Lang) -> str:
    """A score as the scoring software writes it: ``2,5``, ``0,25``, ``3`` (``—``: none)."""
    return formatting.points(value, lang=lang)


def _index(value: float | None, lang: Lang) -> str:
    return formatting.index(value, lang=lang)


def result_sentence(model: NoticeModel) -> str:
    """The unit's appraised index and its rank in its group (or why it has none)."""
    lang, unit = model.lang, model.unit
    values = {
        "year": model.year,
        "round": model.round,
        "index": _index(unit.index, lang),
        "points": score(unit.points, lang),
        "max_points": score(unit.max_points, lang),
        "scored": formatting.integer(unit.scored_leaves, lang=lang),
        "applicable": formatting.integer(unit.applicable_leaves, lang=lang),
        "group": unit.group_label,
    }
    if unit.rank is not None:
        return t("notice.result", lang, rank=unit.rank, ranked=unit.ranked_units, **values)
    key = "notice.result_partial" if unit.index is not None else "notice.result_none"
    return t(key, lang, **values)


def problems(finding: Finding, lang: Lang) -> list[str]:
    """What is wrong with the leaf: each problem, then the deduction."""
    out = [t(f"notice.problem.{p}", lang, rule=finding.rule_label or "—") for p in finding.problems]
    if finding.deduction > 0:
        out.append(t("notice.problem.deduction", lang, points=score(finding.deduction, lang)))
    return out


def to_supply(finding: Finding, lang: Lang) -> list[str]:
    """What the unit should supply: one short instruction per problem (a deduction alone:
    review the score against the appraiser's note)."""
    if not finding.problems:
        return [t("notice.supply.deduction", lang)]
    return [t(f"notice.supply.{p}", lang) for p in finding.problems]


def _lines(items: list[str]) -> str:
    return items[0] if len(items) == 1 else "\n".join(f"- {item}" for item in items)


def findings_table(model: NoticeModel) -> TableBlock:
    """One row per flagged leaf, in framework order."""
    lang = model.lang
    rows = [
        [
            f"{f.code}. {f.name}" if f.name else f.code,
            score(f.self_score, lang),
            score(f.appraised_score, lang),
            f.note or formatting.MISSING,
            _lines(problems(f, lang)),
            _lines(to_supply(f, lang)),
        ]
        for f in model.findings
    ]
    keys = ("criterion", "self", "appraised", "note", "problem", "supply")
    return TableBlock(
        headers=[t(f"notice.col_{key}", lang) for key in keys],
        rows=rows,
        widths=[44, 13, 13, 32, 31, 32],
        aligns=["L", "C", "C", "L", "L", "L"],
        lead=t("notice.findings_lead", lang, n=len(model.findings)),
        compact=True,
    )


def stake_sentence(unit: Standing, lang: Lang) -> str:
    """Points at stake and, for a ranked unit, its index and rank if it recovered them."""
    points = score(unit.at_stake, lang)
    if unit.at_stake <= 0:
        return t("notice.stake_none", lang, points=points)
    if unit.rank is None or unit.rank_if_recovered is None:
        return t("notice.stake_unranked", lang, points=points)
    return t("notice.stake", lang, points=points, index=_index(unit.index_if_recovered, lang),
             rank=unit.rank_if_recovered, ranked=unit.ranked_units)  # fmt: skip


def next_round_sentence(model: NoticeModel) -> str:
    """When the unit may complete its file: the next round's opening and locking times."""
    lang, coming = model.lang, model.next_round
    agency = Issuer.of(lang).agency_name
    if coming is None:
        return t("notice.no_next_round", lang, year=model.year, agency=agency)
    unknown = t("notice.time_unknown", lang)
    opens = formatting.datetime_vn(coming.opens_at, lang=lang) if coming.opens_at else unknown
    locks = formatting.datetime_vn(coming.locks_at, lang=lang) if coming.locks_at else unknown
    return t("notice.next_round", lang, round=coming.round, year=coming.year, opens=opens,
             locks=locks)  # fmt: skip


def outline(model: NoticeModel) -> list[Block]:
    """The notice's body: the grounds, the result, the flagged leaves, the points at stake,
    the deadline, the closing sentence."""
    lang, issuer = model.lang, Issuer.of(model.lang)
    agency = issuer.agency_name
    grounds = t("notice.intro", lang, framework=issuer.framework, unit=model.unit.name,
                round=model.round, year=model.year, agency=agency)  # fmt: skip
    blocks: list[Block] = [
        Paragraph(grounds),
        Heading(t("notice.result_heading", lang), 2),
        Paragraph(result_sentence(model)),
        Heading(t("notice.findings_heading", lang), 2),
    ]
    if model.findings:
        blocks.append(findings_table(model))
    else:
        blocks.append(Paragraph(t("notice.no_findings", lang)))
    blocks += [
        Heading(t("notice.stake_heading", lang), 2),
        Paragraph(stake_sentence(model.unit, lang)),
        Heading(t("notice.next_heading", lang), 2),
        Paragraph(next_round_sentence(model)),
        Paragraph(t("notice.closing", lang, agency=agency, unit=model.unit.name)),
    ]
    return blocks
