"""Text and number normalisation shared by every reader.

Vietnamese text arrives in NFC, NFD (Windows-1258 decodes tone marks as combining
characters) or mixed; headers arrive in any case and spacing; numbers use a
decimal comma or point.  Everything goes through here once.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_SPACES = re.compile(r"\s+")


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
