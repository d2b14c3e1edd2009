"""Vietnamese and English texts: complete, well-formed, and every key the code asks for exists."""

from __future__ import annotations

import re
import string
import tomllib
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from dashboard.i18n import AREAS, TEXTS, group_label, lang_of, read_table, t
from dashboard.view import SCORES

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"
TABLES = sorted((DASHBOARD / "i18n").glob("*.toml"))  # the tables by area
# Texts written the same in both languages, on purpose: a dash, a count, an abbreviation.
SAME_IN_BOTH = {"term.none", "progress.of", "report.agency_short"}
# t("key", ...) / t('key', ...) and i18n_key="key" in the dashboard's sources
LITERAL_KEY = re.compile(
    r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_]+)["']|i18n_key=["']([a-z_.0-9]+)["']"""
)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_text_exists_in_both_languages_in_nfc() -> None:
    for key, (vi, en) in TEXTS.items():
        assert vi.strip() and en.strip(), key
        assert unicodedata.normalize("NFC", vi) == vi, key
        assert placeholders(vi) == placeholders(en), key  # same {values} in both


def test_every_key_is_defined_once_across_the_tables() -> None:
    written = Counter(key for area in AREAS for key in read_table(area))
    assert sorted(key for key, n in written.items() if n > 1) == []
    assert set(written) == set(TEXTS)
    assert {p.stem for p in TABLES} == set(AREAS)  # every table is read


def test_a_key_written_twice_is_refused(tmp_path: Path) -> None:
    with pytest.raises(tomllib.TOMLDecodeError):
        tomllib.loads('"page.x" = ["A", "B"]\n"page.x" = ["C", "D"]\n')


def test_every_text_differs_between_the_languages_unless_meant_to() -> None:
    same = {key for key, (vi, en) in TEXTS.items() if vi == en}
    assert same == SAME_IN_BOTH


def test_every_key_the_dashboard_asks_for_exists() -> None:
    used: set[str] = set()
    for source in DASHBOARD.rglob("*.py"):
        for match in LITERAL_KEY.finditer(source.read_text(encoding="utf-8")):
            used.add(match.group(1) or match.group(2))
    # keys built at run time
    used |= {f"score.{s}" for s in SCORES}
    used |= {f"filter.{n}" for n in ("year", "round", "group", "field", "criterion", "unit")}
    used |= {
        f"empty.{n}_{part}"
        for n in ("no_match", "not_appraised", "pick_unit", "forbidden")
        for part in ("title", "body")
    }
    assert used, "the scan found no t() call"
    missing = sorted(key for key in used if key not in TEXTS)
    assert missing == []


def test_vietnamese_is_the_default_and_english_is_asked_for() -> None:
    assert t("page.rankings") == "Xếp hạng"
    assert t("page.rankings", "en") == "Rankings"
    assert t("page.rankings", "fr") == "Xếp hạng"
    assert [lang_of(v) for v in ("en", " EN ", "vi", None, "", "de", ["en"])] == [
        "en", "en", "vi", "vi", "vi", "vi", "vi",
    ]  # fmt: skip
    assert t("filter.round_n", "vi", n=2) == "Lần 2"
    assert t("unit.rank_in_group", "en", rank=3, total=20) == "Rank 3 of 20 in group"


def test_an_unknown_key_fails_loudly() -> None:
    with pytest.raises(KeyError):
        t("no.such_key")


def test_groups_have_names_and_unknown_codes_show_as_written() -> None:
    assert group_label("huyen") == "UBND cấp huyện"
    assert group_label("huyen", "en") == "District People's Committees"
    assert group_label("xa_phuong") == "xa_phuong"
    assert group_label(None) == ""


def test_every_registered_page_is_named_in_both_languages() -> None:
    import dash

    import dashboard.app  # noqa: F401  registers the pages

    for page in dash.page_registry.values():
        key = page.get("i18n_key")
        assert key in TEXTS, page["module"]
        assert page["name"] == t(key, "vi"), page["module"]
