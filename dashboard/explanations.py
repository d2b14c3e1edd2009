"""Is a unit's explanation (giải trình) of a criterion specific?  Pure: no Dash, no SQL.

The rules are data, ``data/explanation_rules.toml`` (commented there): each names an ``id``
(``chung_chung``, ``qua_ngan``, ``khong_can_cu``), a ``kind`` and a label in both languages.

* ``generic`` — a phrase or pattern of boilerplate ("đã thực hiện đầy đủ", "theo hướng dẫn
  của Sở Nội vụ"); broken only when the text has no reference (``unless_reference``);
* ``short`` — fewer than ``min_words`` words (a word: a run without white space holding a
  letter or digit, so ``12/KH-SNV`` is one);
* ``no_reference`` — nothing a reader could check: no document number, date, figure with its
  base or link (the file's ``[references]``).

How a text is read (:meth:`Rules.flag`): empty or white space only → ``None`` (that is a
*missing* explanation, counted elsewhere); otherwise NFC, then matched without case and
without diacritics (``đ`` → ``d``; the rules' phrases and patterns are folded the same way,
so ``Da thuc hien day du`` is the same boilerplate as ``Đã thực hiện đầy đủ``; every match
starts at the start of a word, so ``tin`` is not found in ``thông tin``).  Generic
phrases are taken out before references are looked for, so ``Hoàn thành 100% kế hoạch`` has
none left while ``Hoàn thành 100% (12/12 nhiệm vụ)`` keeps ``12/12``.  The rules are tried
in file order and the first one broken is named: one rule per flagged text.

A malformed file raises :class:`RulesError` (a ``ValueError``) naming the file, the rule and
what is wrong, in Vietnamese and English.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

DEFAULT_PATH: Final = Path(__file__).resolve().parent.parent / "data" / "explanation_rules.toml"

Kind = Literal["generic", "short", "no_reference"]
KINDS: Final[tuple[Kind, ...]] = ("generic", "short", "no_reference")
_COMMON_KEYS: Final = frozenset({"id", "kind", "label", "label_en"})
_KIND_KEYS: Final[dict[str, frozenset[str]]] = {
    "generic": frozenset({"phrases", "patterns", "unless_reference"}),
    "short": frozenset({"min_words", "unless_reference"}),
    "no_reference": frozenset(),
}
_UNLESS_REFERENCE_DEFAULT: Final = {"generic": True, "short": False, "no_reference": False}
_ID: Final = re.compile(r"[a-z][a-z0-9_]*")

# Folding for matching: combining marks (U+0300–U+036F after NFD) and invisible characters
# go, đ/Đ become d/D.  (A regular expression: twice as fast as ``str.translate``.)
_FOLD: Final = re.compile("[\u0300-\u036f\u200b-\u200d\u2060\ufeff]")
_WORD: Final = re.compile(r"\S*\w\S*")
_YEAR_AHEAD: Final = r"(?!(?:19|20)\d{2}\b)"


def _folded(text: str) -> str:
    """``text`` as the rules match it: NFC, lower case, no diacritics, ends trimmed."""
    lowered = unicodedata.normalize("NFC", text).casefold()
    return _FOLD.sub("", unicodedata.normalize("NFD", lowered)).replace("đ", "d").strip()


def _folded_pattern(source: str) -> str:
    """A regular expression without diacritics (not lower-cased: ``\\D`` is not ``\\d``)."""
    bare = _FOLD.sub("", unicodedata.normalize("NFD", unicodedata.normalize("NFC", source)))
    return bare.replace("đ", "d").replace("Đ", "D")


def _literals(phrases: Sequence[str]) -> str | None:
    """Literal phrases as one pattern (to follow the start of a word, :func:`_compile`):
    whole words, any white space inside, the longest first; ``None`` for no phrase."""
    folded = sorted({f for f in map(_folded, phrases) if f}, key=lambda f: (-len(f), f))
    if not folded:
        return None
    words = (r"\s+".join(map(re.escape, phrase.split())) for phrase in folded)
    return r"(?:" + "|".join(words) + r")(?!\w)"


class RulesError(ValueError):
    """A rules file that cannot be used: which file, which rule, what is wrong (vi / en)."""

    def __init__(self, path: Path | str, rule_id: str | None, reason_vi: str, reason_en: str):
        self.path = str(path)
        self.rule_id = rule_id
        self.reason_vi = reason_vi
        self.reason_en = reason_en
        rule_vi = f", quy tắc '{rule_id}'" if rule_id else ""
        rule_en = f", rule '{rule_id}'" if rule_id else ""
        super().__init__(
            f"Tệp quy tắc giải trình {self.path}{rule_vi}: {reason_vi} / "
            f"explanation rules file {self.path}{rule_en}: {reason_en}"
        )


@dataclass(frozen=True)
class Rule:
    """One rule of the file; ``matcher`` is the compiled boilerplate of a ``generic`` rule."""

    id: str
    kind: Kind
    label: str
    label_en: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    min_words: int | None = None
    unless_reference: bool = False
    matcher: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def label_in(self, lang: str) -> str:
        """The label in ``lang`` (``"en"``: English; anything else: Vietnamese)."""
        return self.label_en if lang == "en" else self.label


class Rules:
    """The rules of one file, in order, with what counts as a reference."""

    def __init__(self, rules: Sequence[Rule], references: re.Pattern[str]) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.references = references
        self._by_id = {rule.id: rule for rule in self.rules}
        self._generic = [r for r in self.rules if r.kind == "generic" and r.matcher is not None]

    @property
    def ids(self) -> tuple[str, ...]:
        """The rules' ids, in file order (precedence)."""
        return tuple(self._by_id)

    def flag(self, text: str | None) -> str | None:
        """The id of the first rule ``text`` breaks; ``None`` when specific or empty."""
        if not isinstance(text, str):
            return None
        folded = _folded(text)
        if not folded:
            return None
        remainder, generic = folded, set()
        for rule in self._generic:
            assert rule.matcher is not None
            if rule.matcher.search(folded):
                generic.add(rule.id)
                remainder = rule.matcher.sub(" ", remainder)
        referenced = self.references.search(remainder) is not None
        for rule in self.rules:
            if rule.kind == "no_reference":
                broken = not referenced
            else:
                if rule.kind == "generic":
                    broken = rule.id in generic
                else:
                    broken = len(_WORD.findall(folded)) < (rule.min_words or 0)
                broken = broken and not (rule.unless_reference and referenced)
            if broken:
                return rule.id
        return None

    def label(self, rule_id: str, lang: str = "vi") -> str:
        """A rule's label in ``lang`` (``"vi"`` or ``"en"``); ``KeyError`` for an unknown id."""
        try:
            return self._by_id[rule_id].label_in(lang)
        except KeyError:
            raise KeyError(f"không có quy tắc / no rule {rule_id!r}") from None

    def flag_series(self, texts: pd.Series) -> pd.Series:
        """:meth:`flag` of every text (same index), each distinct text classified once."""
        codes, uniques = pd.factorize(texts, use_na_sentinel=True)
        flags = [self.flag(v if isinstance(v, str) else str(v)) for v in uniques]
        table = np.array([*flags, None], dtype=object)  # code -1 (a missing text) → None
        return pd.Series(table[codes], index=texts.index, dtype=object, name="rule")


# --- reading the file ----------------------------------------------------------------------------


def load_rules(path: Path | str | None = None) -> Rules:
    """The rules of ``path`` (default ``data/explanation_rules.toml``); :class:`RulesError`
    when the file cannot be read or is malformed."""
    source = DEFAULT_PATH if path is None else Path(path)
    try:
        text = source.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise RulesError(
            source,
            None,
            f"không đọc được tệp ({exc.strerror or exc})",
            f"cannot read the file ({exc.strerror or exc})",
        ) from None
    except UnicodeDecodeError as exc:
        raise RulesError(
            source,
            None,
            f"tệp không phải UTF-8 (byte {exc.start + 1}); hãy lưu lại bằng UTF-8",
            f"the file is not UTF-8 (byte {exc.start + 1}); save it again as UTF-8",
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(source, None, f"sai cú pháp TOML ({exc})", f"bad TOML ({exc})") from None
    return parse_rules(data, source)


@cache
def default_rules() -> Rules:
    """The shipped rules, read once per process."""
    return load_rules()


def flag_series(texts: pd.Series, rules: Rules | None = None) -> pd.Series:
    """:meth:`Rules.flag_series` with ``rules``, else the shipped rules."""
    return (default_rules() if rules is None else rules).flag_series(texts)


def parse_rules(data: Mapping[str, Any], source: Path | str = "<rules>") -> Rules:
    """:class:`Rules` from a parsed rules file (``source`` names it in errors)."""
    unknown = sorted(set(data) - {"rule", "references"})
    if unknown:
        raise RulesError(
            source, None, f"khóa lạ ở đầu tệp: {unknown}", f"unknown top-level keys: {unknown}"
        )
    tables = data.get("rule")
    if not isinstance(tables, list) or not tables:
        raise RulesError(
            source,
            None,
            "không có quy tắc nào (cần ít nhất một khối [[rule]])",
            "no rules (at least one [[rule]] table is needed)",
        )
    rules: list[Rule] = []
    for number, table in enumerate(tables, 1):
        rule = _rule(table, number, source)
        if any(r.id == rule.id for r in rules):
            raise RulesError(source, rule.id, "mã quy tắc bị trùng", "the rule id is used twice")
        rules.append(rule)
    return Rules(rules, _references(data.get("references"), source))


def _rule(table: object, number: int, source: Path | str) -> Rule:
    where = f"#{number}"
    if not isinstance(table, dict):
        raise RulesError(source, where, "quy tắc phải là một bảng", "a rule must be a table")
    rule_id = table.get("id")
    if not isinstance(rule_id, str) or not _ID.fullmatch(rule_id):
        raise RulesError(
            source,
            where,
            f"thiếu 'id' hoặc 'id' sai ({rule_id!r}): chữ thường không dấu, số, gạch dưới",
            f"missing or bad 'id' ({rule_id!r}): lower-case ASCII letters, digits, underscores",
        )
    kind = table.get("kind")
    if kind not in KINDS:
        raise RulesError(
            source,
            rule_id,
            f"loại quy tắc (kind) không hợp lệ: {kind!r}; chọn một trong {list(KINDS)}",
            f"unknown kind {kind!r}; use one of {list(KINDS)}",
        )
    for key in ("label", "label_en"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise RulesError(
                source, rule_id, f"thiếu '{key}' (một chuỗi)", f"missing '{key}' (a string)"
            )
    unknown = sorted(set(table) - _COMMON_KEYS - _KIND_KEYS[kind])
    if unknown:
        raise RulesError(
            source,
            rule_id,
            f"khóa không dùng được cho loại '{kind}': {unknown}",
            f"keys a '{kind}' rule does not take: {unknown}",
        )
    unless = table.get("unless_reference", _UNLESS_REFERENCE_DEFAULT[kind])
    if not isinstance(unless, bool):
        raise RulesError(
            source,
            rule_id,
            "'unless_reference' phải là true/false",
            "'unless_reference': true/false",
        )
    phrases = _strings(table, "phrases", rule_id, source)
    patterns = _strings(table, "patterns", rule_id, source)
    min_words: int | None = None
    matcher: re.Pattern[str] | None = None
    if kind == "generic":
        if not any(_folded(p) for p in phrases) and not patterns:
            raise RulesError(
                source,
                rule_id,
                "quy tắc 'generic' cần ít nhất một cụm từ (phrases) hay biểu thức (patterns)",
                "a 'generic' rule needs at least one of 'phrases' or 'patterns'",
            )
        checked = [_checked(p, f"patterns[{i}]", rule_id, source) for i, p in enumerate(patterns)]
        matcher = _compile(_literals(phrases), checked)
    elif kind == "short":
        min_words = table.get("min_words")
        if not isinstance(min_words, int) or isinstance(min_words, bool) or min_words < 1:
            raise RulesError(
                source,
                rule_id,
                f"'min_words' phải là một số nguyên ≥ 1 (đang là {min_words!r})",
                f"'min_words' must be an integer ≥ 1 (found {min_words!r})",
            )
    return Rule(rule_id, kind, table["label"], table["label_en"], phrases, patterns,
                min_words, unless, matcher)  # fmt: skip


def _references(table: object, source: Path | str) -> re.Pattern[str]:
    where = "references"
    if not isinstance(table, dict):
        raise RulesError(
            source,
            None,
            "thiếu bảng [references] (căn cứ kiểm tra được)",
            "missing the [references] table (what counts as a reference)",
        )
    unknown = sorted(set(table) - {"patterns", "count_nouns"})
    if unknown:
        raise RulesError(
            source, None, f"khóa lạ trong [references]: {unknown}", f"unknown keys: {unknown}"
        )
    patterns = _strings(table, "patterns", where, source)
    nouns = [n for n in (_folded(v) for v in _strings(table, "count_nouns", where, source)) if n]
    if not patterns and not nouns:
        raise RulesError(
            source,
            None,
            "[references] cần 'patterns' hoặc 'count_nouns'",
            "[references] needs 'patterns' or 'count_nouns'",
        )
    checked = [
        _checked(p, f"references.patterns[{i}]", None, source) for i, p in enumerate(patterns)
    ]
    # a count: a number (not a year), then a noun of the list ("12 văn bản", "1.245 hồ sơ")
    listed = _literals(nouns)
    counted = None if listed is None else rf"{_YEAR_AHEAD}\d+(?:[.,]\d+)*\s+{listed}"
    return _compile(counted, checked)


def _strings(
    table: Mapping[str, Any], key: str, rule_id: str | None, source: Path | str
) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RulesError(
            source,
            rule_id,
            f"'{key}' phải là một danh sách chuỗi",
            f"'{key}' must be a list of strings",
        )
    return tuple(value)


def _checked(pattern: str, where: str, rule_id: str | None, source: Path | str) -> str:
    """``pattern`` folded, once it compiles and cannot match empty text."""
    folded = _folded_pattern(pattern)
    try:
        compiled = re.compile(folded, re.IGNORECASE)
    except re.error as exc:
        raise RulesError(
            source,
            rule_id,
            f"biểu thức chính quy sai ở {where} {pattern!r}: {exc}",
            f"bad regular expression at {where} {pattern!r}: {exc}",
        ) from None
    if compiled.search("") is not None:
        raise RulesError(
            source,
            rule_id,
            f"biểu thức ở {where} {pattern!r} khớp cả văn bản rỗng",
            f"the expression at {where} {pattern!r} matches empty text",
        )
    return folded


def _compile(literals: str | None, patterns: Sequence[str]) -> re.Pattern[str]:
    """One expression: the literals (lower case, as the text) and the file's patterns, each
    of those without case (the text is lower case, but a pattern may say ``QĐ``).

    Every match starts at the start of a word (not after a letter or digit): one check in
    front of the alternation spares trying every branch inside a word, which makes the
    search two to four times faster."""
    sources = [] if literals is None else [literals]
    sources += [f"(?i:{p})" for p in patterns]
    return re.compile(r"(?<!\w)(?:" + "|".join(sources) + ")")
