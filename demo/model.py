"""How a demo unit scores: seeded, pure, shared by the province and national writers.

Points are integer hundredths here (``150`` = 1.5 points) so sums are exact and fast;
self-scored leaves move in quarter points, survey results in hundredths.

The story the numbers tell, as the domain describes it:

* each unit has an ability (the share of the self-scored points it really earns), which
  drifts upward over the years; survey results sit around 80–95 %;
* round 1: units over-claim (self > appraised on many leaves), often attach no evidence
  (``Số TLKC`` 0), and appraisers cut points with a note;
* round 2 (final): units re-score closer to the truth and supply most evidence, so the
  gap and the missing evidence shrink;
* explanations: in round 1 most are unspecific (boilerplate, too short, nothing a reader
  could check), in round 2 most cite a document, a date, a figure or a link; each text the
  demo means to be unspecific carries the id of the rule of ``data/explanation_rules.toml``
  it breaks (``LeafScore.explanation_rule``), so the classifier can be checked against it;
* a criterion the unit does not handle is "not applicable" and leaves its maximum.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

QUARTER = 25  # hundredths in a quarter point

# Behaviour per round: (over-claim probability, missing-evidence probability,
# explanation-present probability).
ROUND_1 = (0.18, 0.18, 0.78)
ROUND_2 = (0.1, 0.05, 0.93)

# Explanations (drawn from their own stream, ``<seed>:giai-trinh``): the share of round-2
# texts left unspecific, and the share of round-1 texts unspecific though the unit's round-2
# text is specific (fixed between the rounds).  Unspecific texts break one rule each, by weight.
UNSPECIFIC_FINAL = 0.1
UNSPECIFIC_FIRST = 0.55
GENERIC, SHORT, NO_REFERENCE = "chung_chung", "qua_ngan", "khong_can_cu"  # rule ids
UNSPECIFIC_RULES: tuple[str, ...] = (GENERIC, NO_REFERENCE, SHORT)
UNSPECIFIC_WEIGHTS: tuple[float, ...] = (6, 3, 1)
GENERIC_TEXTS = (
    "Đã thực hiện đầy đủ theo hướng dẫn của Sở Nội vụ",
    "Thực hiện đúng quy định",
    "Đơn vị đã triển khai thực hiện nghiêm túc, đạt yêu cầu",
    "Hoàn thành 100% kế hoạch đề ra",
    "Hoàn thành tốt nhiệm vụ được giao",
)
GENERIC_PARTIAL_TEXTS = (
    "Đơn vị đã triển khai thực hiện, một số nội dung chưa hoàn thành đúng tiến độ",
    "Cơ bản hoàn thành, còn một số nội dung đang triển khai thực hiện",
)
SHORT_TEXTS = ("Có", "Xem TLKC", "Đạt", "Như trên")
# What a "Tỷ lệ …" leaf counts: (a word of its name, the noun), the first found.
COUNTED = (("hồ sơ", "hồ sơ"), ("văn bản", "văn bản"), ("nhiệm vụ", "nhiệm vụ"),
           ("phản ánh", "phản ánh"), ("cán bộ", "cán bộ"), ("cấp xã", "xã"), ("đơn vị", "đơn vị"),
           ("giải ngân", "triệu đồng"), ("tthc", "thủ tục"))  # fmt: skip

NOTE_NO_EVIDENCE = "Chưa có tài liệu kiểm chứng"
NOTE_PARTIAL_EVIDENCE = "Tài liệu kiểm chứng chưa đầy đủ, chỉ chấm một phần điểm"
NOTE_ADD_EVIDENCE = "Đề nghị bổ sung tài liệu kiểm chứng"
NOTE_VAGUE = "Giải trình chưa cụ thể, đề nghị bổ sung số liệu minh chứng"
NOTE_RAISED = "Thẩm định điều chỉnh tăng theo tài liệu kiểm chứng"
OVERCLAIM_NOTES = (
    "Kết quả thực hiện chưa đạt mức tối đa của tiêu chí",
    "Đề nghị bổ sung số liệu cụ thể; chấm theo kết quả thực tế",
    "Giải trình chưa đủ căn cứ để chấm điểm tối đa",
)
# Notes that fit a leaf by the first word of its name.
OVERCLAIM_NOTES_BY_PREFIX = {
    "Ban hành": (
        "Ban hành chưa đúng thời hạn quy định",
        "Văn bản ban hành chưa đủ nội dung theo hướng dẫn",
    ),
    "Tỷ lệ": ("Tỷ lệ đạt thấp hơn mức tối đa theo hướng dẫn chấm điểm",),
    "Mức độ": ("Chưa hoàn thành đầy đủ các nhiệm vụ trong kế hoạch",),
}


@dataclass(frozen=True)
class LeafSpec:
    """What the model needs to know about a leaf criterion."""

    code: str
    name: str
    max_points: int  # hundredths
    evidence_required: bool
    survey: bool


@dataclass(frozen=True)
class LeafScore:
    """One unit's result on one leaf in one round."""

    code: str
    applicable: bool
    self_score: int | None  # hundredths; None: not self-scored (survey) or not applicable
    appraised: int | None
    evidence: int | None
    explanation: str
    note: str
    explanation_rule: str | None = None  # the rule the demo meant the text to break


@dataclass(frozen=True)
class UnitYear:
    """The drivers of one unit's scores in one year."""

    unit_code: str
    ability: float  # expected share of self-scored points earned (0–1)
    survey_level: float  # expected share of survey points (0–1)
    not_applicable: frozenset[str] = frozenset()  # leaf codes


def _floor_quarter(hundredths: float) -> int:
    return int(hundredths // QUARTER) * QUARTER


def _merit(rng: random.Random, max_points: int, ability: float) -> int:
    """The points the unit really earned on a self-scored leaf."""
    p_full = min(1.0, max(0.0, (ability - 0.375) / 0.625))
    if rng.random() < p_full:
        return max_points
    partial = _floor_quarter(max_points * rng.choice((0.0, 0.25, 0.5, 0.75)))
    return min(partial, max_points - QUARTER)


def _document_kind(name: str) -> tuple[str, str]:
    """The document a "Ban hành …" leaf asks for: (its name, its number's symbol)."""
    lowered = name.lower()
    if "kế hoạch" in lowered:
        return "Kế hoạch", "KH"
    if "quy chế" in lowered or "quy định" in lowered:
        return "Quyết định", "QĐ"
    return "Công văn", "CV"


@dataclass(frozen=True)
class Facts:
    """What an explanation may cite, drawn from the score stream: the same draws as the demo
    has always made there, so the scores did not move when the wording changed."""

    number: int  # a document's number
    rate: int  # a "Tỷ lệ …" leaf: the rate reached (%)
    day: int  # a "Ban hành …" leaf: the document's date
    month: int
    variant: int  # which specific wording (other leaves)


def _facts(rng: random.Random, leaf: LeafSpec, full: bool) -> Facts:
    number = rng.randint(12, 389)
    rate, day, month, variant = 100, 1, 1, 0
    if leaf.name.startswith("Tỷ lệ"):
        rate = 100 if full else rng.randint(62, 97)
    elif leaf.name.startswith("Ban hành"):
        day, month = rng.randint(2, 28), rng.randint(1, 3)
    elif full:
        variant = rng.choice(range(4))
    return Facts(number, rate, day, month, variant)


def _counted(name: str) -> str:
    """What a "Tỷ lệ …" leaf counts, by its name."""
    lowered = name.lower()
    for word, noun in COUNTED:
        if word in lowered:
            return noun
    return "hồ sơ"


def _specific(texts: random.Random, leaf: LeafSpec, unit_code: str, year: int, facts: Facts,
              full: bool) -> str:  # fmt: skip
    """A text that cites a document number, a date, a figure with its base or a link."""
    tag = "UBND" if "-H-" in unit_code else unit_code.rsplit("-", 1)[-1]
    site = unit_code.rsplit("-", 1)[-1].lower()
    number = facts.number
    on = f"{texts.randint(2, 28):02d}/{texts.randint(4, 11):02d}/{year}"
    if leaf.name.startswith("Tỷ lệ"):
        total = texts.randint(40, 900)
        done = total if facts.rate == 100 else round(total * facts.rate / 100)
        share = "100%" if done == total else f"{done / total * 100:.1f}%".replace(".", ",")
        return f"Tỷ lệ đạt {share} ({done}/{total} {_counted(leaf.name)}), số liệu ngày {on}"
    if leaf.name.startswith("Ban hành"):
        document, symbol = _document_kind(leaf.name)
        return (
            f"Đã ban hành {document} số {number}/{symbol}-{tag} ngày "
            f"{facts.day:02d}/{facts.month:02d}/{year}"
        )
    if not full:
        planned = texts.randint(4, 12)
        done = planned - texts.randint(1, 3)
        return (
            f"Đã thực hiện {done}/{planned} nội dung của Kế hoạch số {number}/KH-{tag}; "
            f"{planned - done} nội dung chưa hoàn thành đúng tiến độ"
        )
    tasks = texts.randint(3, 15)
    return (
        f"Đã thực hiện đầy đủ, có Báo cáo số {number}/BC-{tag} ngày {on} kèm theo",
        f"Hoàn thành {tasks}/{tasks} nhiệm vụ theo Kế hoạch số {number}/KH-{tag}",
        f"Thực hiện đúng quy định; minh chứng: Công văn số {number}/{tag}-VP ngày {on}",
        f"Kết quả đăng tải tại https://{site}.soctrang.gov.vn/cai-cach-hanh-chinh/{year}",
    )[facts.variant]


def _unspecific(texts: random.Random, leaf: LeafSpec, year: int, full: bool) -> tuple[str, str]:
    """A text meant to break one rule, and that rule's id."""
    rule = texts.choices(UNSPECIFIC_RULES, UNSPECIFIC_WEIGHTS)[0]
    if rule == GENERIC:
        return texts.choice(GENERIC_TEXTS if full else GENERIC_PARTIAL_TEXTS), rule
    if rule == SHORT:
        return texts.choice(SHORT_TEXTS), rule
    return texts.choice(
        (
            f"Có tài liệu kiểm chứng kèm theo tiêu chí {leaf.code}",  # a number, no reference
            f"Nội dung này đơn vị làm trong năm {year}, tài liệu đính kèm trên phần mềm",
            "Đơn vị có báo cáo gửi Sở Nội vụ qua hệ thống quản lý văn bản",
        )
    ), rule


def _explanation(
    texts: random.Random, leaf: LeafSpec, unit_code: str, year: int, facts: Facts, full: bool,
    vague: bool,
) -> tuple[str, str | None]:  # fmt: skip
    """The text and the rule it is meant to break (``None``: meant specific)."""
    if vague:
        return _unspecific(texts, leaf, year, full)
    return _specific(texts, leaf, unit_code, year, facts, full), None


def _overclaim_notes(name: str) -> tuple[str, ...]:
    for prefix, notes in OVERCLAIM_NOTES_BY_PREFIX.items():
        if name.startswith(prefix):
            return notes
    return OVERCLAIM_NOTES


def _round(
    rng: random.Random,
    leaf: LeafSpec,
    unit: UnitYear,
    year: int,
    merit: int,
    floor_self: int,
    behaviour: tuple[float, float, float],
    texts: random.Random,
    vague: bool,
) -> LeafScore:
    """One self-scored leaf in one round: claim, evidence, appraisal, note, explanation
    (``vague``: meant unspecific; its wording drawn from ``texts``)."""
    over_claim, missing_evidence, explained = behaviour
    top = leaf.max_points
    claimed = merit
    if merit < top and rng.random() < over_claim:
        claimed = top
    elif merit > 0 and rng.random() < 0.02:
        claimed = merit - QUARTER  # under-claim: the appraiser raises it
    claimed = max(claimed, floor_self)
    appraised, note = merit, ""
    evidence: int = 0
    if claimed > 0:
        if leaf.evidence_required and rng.random() < missing_evidence:
            cut = rng.random()
            if cut < 0.2:
                appraised, note = 0, NOTE_NO_EVIDENCE
            elif cut < 0.4:
                appraised, note = _floor_quarter(min(merit, claimed) / 2), NOTE_PARTIAL_EVIDENCE
            else:
                appraised, note = min(merit, claimed), NOTE_ADD_EVIDENCE
        else:
            evidence = rng.randint(1, 4) if leaf.evidence_required else rng.randint(0, 1)
            if appraised < claimed:
                note = rng.choice(_overclaim_notes(leaf.name))
            elif appraised > claimed:
                note = NOTE_RAISED
    text, rule = "", None
    if claimed > 0 and rng.random() < explained:
        full = claimed == top
        facts = _facts(rng, leaf, full)
        text, rule = _explanation(texts, leaf, unit.unit_code, year, facts, full, vague)
    return LeafScore(leaf.code, True, claimed, appraised, evidence, text, note, rule)


def _survey(rng: random.Random, leaf: LeafSpec, level: float) -> LeafScore:
    share = min(1.0, max(0.55, rng.gauss(level, 0.04)))
    return LeafScore(leaf.code, True, None, round(leaf.max_points * share), None, "", "")


def score_unit_year(
    leaves: Sequence[LeafSpec], unit: UnitYear, year: int, seed: str
) -> tuple[list[LeafScore], list[LeafScore]]:
    """Round 1 and round 2 results of one unit in one year, leaf by leaf."""
    rng = random.Random(seed)
    texts = random.Random(f"{seed}:giai-trinh")
    first: list[LeafScore] = []
    second: list[LeafScore] = []
    for leaf in leaves:
        if leaf.code in unit.not_applicable:
            blank = LeafScore(leaf.code, False, None, None, None, "", "")
            first.append(blank)
            second.append(blank)
            continue
        if leaf.survey:
            result = _survey(rng, leaf, unit.survey_level)
            first.append(result)
            second.append(result)
            continue
        merit = _merit(rng, leaf.max_points, unit.ability)
        vague_final = texts.random() < UNSPECIFIC_FINAL
        vague_first = texts.random() < UNSPECIFIC_FIRST or vague_final
        final = _round(rng, leaf, unit, year, merit, 0, ROUND_2, texts, vague_final)
        early_merit = merit
        if merit > 0 and rng.random() < 0.03:
            early_merit = _floor_quarter(merit / 2)
        floor = final.self_score or 0
        early = _round(rng, leaf, unit, year, early_merit, floor, ROUND_1, texts, vague_first)
        if (
            early_merit < merit
            and early.note == ""
            and (early.appraised or 0) < (early.self_score or 0)
        ):
            early = replace(early, note=NOTE_VAGUE)
        first.append(early)
        second.append(final)
    return first, second


def points(scores: Sequence[LeafScore], attribute: str) -> int:
    """Sum of ``self_score`` or ``appraised`` over applicable leaves (hundredths)."""
    return sum(getattr(s, attribute) or 0 for s in scores if s.applicable)


def format_hundredths(value: int) -> str:
    """``150`` -> ``1.5``, ``1000`` -> ``10``, ``1373`` -> ``13.73``."""
    whole, rest = divmod(value, 100)
    if rest == 0:
        return str(whole)
    return f"{whole}.{rest:02d}".rstrip("0")
