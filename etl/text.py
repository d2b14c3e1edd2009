"""Text and number normalisation shared by every reader.

Vietnamese text arrives in NFC, NFD (Windows-1258 decodes tone marks as combining
characters) or mixed; headers arrive in any case and spacing; numbers use a
decimal comma or point.  Everything goes through here once.

Invisible characters: a code or name must not hold control characters (C0/C1), bidi
controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), zero-width characters
(U+200B–U+200D, U+2060, U+FEFF) or any other format, surrogate or private-use character
(``hidden_in_name``): ``‮ụv iộN ởS`` would display as "Sở Nội vụ".  Free text keeps
tabs and line breaks, has bidi and zero-width characters stripped (``clean_free_text``),
and must not hold other control characters (``control_in_text``).  ``printable`` shows
any text safely in a terminal.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"\s+")

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE = re.compile(f"[{BIDI_CONTROLS}{ZERO_WIDTH}]")
_TEXT_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_PAGE_BREAKS = re.compile("[\x0b\x0c]")  # Word's manual line break, form feed
_NAME_WHITESPACE = "\t\n\r"  # folded to a space
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Co"}


def hidden_in_name(text: str) -> str | None:
    """The first character a code or name must not hold (control, format, bidi, …), or None."""
    if text.isprintable():
        return None
    for char in text:
        if char in _NAME_WHITESPACE:
            continue
        if unicodedata.category(char) in _HIDDEN_CATEGORIES:
            return char
    return None


def control_in_text(text: str) -> str | None:
    """The first control character free text must not hold (tab and line breaks are fine)."""
    found = _TEXT_CONTROL.search(text)
    return found.group() if found else None


def clean_free_text(text: str) -> str:
    """Bidi and zero-width characters removed, vertical tab and form feed made line breaks."""
    if text.isprintable():
        return text
    return _PAGE_BREAKS.sub("\n", _INVISIBLE.sub("", text))


def char_label(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``; ``U+0000`` for a control without a name."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """``text`` safe for a terminal: every non-printing character as ``\\x1b``/``\\u202e``."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else _escaped(c) for c in text)


def nfc(value: str) -> str:
    """NFC-normalised text with repeated white space folded and ends trimmed."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str) -> str:
    """A matching key: NFC, lower case, single spaces (``đ`` is a letter, kept)."""
    return nfc(value).casefold()


def strip_accents(value: str) -> str:
    """Lower-case text without tone marks (``Điểm tự chấm`` -> ``diem tu cham``)."""
    decomposed = unicodedata.normalize("NFD", fold(value))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return bare.replace("đ", "d")


def header_key(value: object) -> str:
    """A header's identity: accents, case, punctuation and spacing removed."""
    if value is None:
        return ""
    return re.sub(r"[^a-z0-9]+", "", strip_accents(str(value)))


NOT_APPLICABLE = {"khongapdung", "kad", "kap", "na", "n/a"}


def is_not_applicable(value: object) -> bool:
    """``Không áp dụng``, ``KAD`` or ``-``: the exports' marks for "not applicable"."""
    if not isinstance(value, str):
        return False
    text = nfc(value)
    return text in {"-", "–", "—"} or header_key(text) in NOT_APPLICABLE


def is_blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, str) and nfc(value) == "")
        or (isinstance(value, float) and value != value)
    )


def parse_number(value: object) -> Decimal:
    """A number from a cell: int/float, or text with a decimal comma or point.

    Raises ``ValueError`` for anything else (the caller names the cell).
    ``1.234,5`` and ``1,234.5`` are accepted with thousands separators.
    """
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(value)
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, str):
        raise ValueError(value)
    text = nfc(value).replace(" ", "").replace("\u00a0", "")
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueError(value)
    try:
        return Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the regex
        raise ValueError(value) from exc
