"""User-facing text: Vietnamese by default, English on request.

The language is part of the view, so it lives in the URL like every filter: ``?lang=en``.
Every page's ``layout(**kwargs)`` reads it with :func:`lang_of` and passes it down; a link
that keeps the view keeps ``lang`` (see ``dashboard.components.url_state``).

    t("filter.year", "vi")   -> "Năm"
    t("filter.year", "en")   -> "Year"
    t("unit.rank_in_group", "en", rank=3, total=20)   # str.format placeholders

The texts are data, one TOML table per area beside this module, merged into :data:`TEXTS`:
``ui.toml`` (the app shell, filters, shared terms and every page), ``export.toml`` (server
errors, exported tables' columns, sheets, captions, downloads, export titles), ``report.toml``
(the report pack), ``auth.toml`` (signing in and out, roles) and ``upload.toml`` (loading data
from the web, undoing loads).  Each key is in exactly one of them: TOML refuses a key written
twice in a table, and the merge refuses one written in two.

A missing key raises ``KeyError`` (``tests/test_i18n.py`` checks that every key used in
``dashboard/`` exists in both languages, and that no key is defined twice).  A new page adds
its keys to ``ui.toml`` under its own prefix (``gaps.``, ``evidence.``, …), names its navbar
entry with ``page.<slug>`` and its export title with ``export.<slug>`` (in ``export.toml``).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Final, Literal

Lang = Literal["vi", "en"]
LANGS: Final[tuple[Lang, ...]] = ("vi", "en")
DEFAULT_LANG: Final[Lang] = "vi"

# key -> (Vietnamese, English), every area's table in one
AREAS: Final = ("ui", "export", "report", "auth", "upload", "findings", "followup", "notice")


def read_table(area: str) -> dict[str, tuple[str, str]]:
    """The texts of one area: ``dashboard/i18n/<area>.toml``, ``"key" = [vi, en]``."""
    table = tomllib.loads((Path(__file__).with_name(f"{area}.toml")).read_text(encoding="utf-8"))
    return {key: (str(vi), str(en)) for key, (vi, en) in table.items()}


def _merged() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for area in AREAS:
        table = read_table(area)
        twice = sorted(set(table) & set(merged))
        if twice:
            raise ValueError(f"i18n keys defined in two tables ({area}.toml): {twice}")
        merged.update(table)
    return merged


TEXTS: Final[dict[str, tuple[str, str]]] = _merged()


def lang_of(value: object) -> Lang:
    """The language named by a query value; anything but ``en`` means Vietnamese."""
    return "en" if isinstance(value, str) and value.strip().lower() == "en" else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, /, **values: object) -> str:
    """The text for ``key`` in ``lang`` (Vietnamese for an unknown language), formatted."""
    vi, en = TEXTS[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text


def both(key: str, /, **values: object) -> str:
    """The text in Vietnamese, then in English on the next line (plain-text HTTP answers)."""
    return f"{t(key, 'vi', **values)}\n{t(key, 'en', **values)}"


def group_label(code: str | None, lang: str = DEFAULT_LANG) -> str:
    """A group's name; a code nobody has labelled yet is shown as written."""
    if not code:
        return ""
    key = f"group.{code}"
    return t(key, lang) if key in TEXTS else code


def column_header(column: str, lang: str = DEFAULT_LANG) -> str:
    """An exported table's header for ``column`` (``col.*``); a column not listed: its name."""
    key = f"col.{column}"
    return t(key, lang) if key in TEXTS else column
