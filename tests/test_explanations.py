"""Unspecific explanations (giải trình): the rules file, the classifier on a hand-labelled list,
malformed and changed rules files, ``cchc explanations --check`` and the demo's explanations."""

from __future__ import annotations

import csv
import io
import shutil
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from dashboard import explanations
from dashboard.cli import main
from dashboard.explanations import DEFAULT_PATH, Rules, RulesError, default_rules, load_rules
from tests import filemakers as fm
from tests.conftest import REPO

LABELLED = REPO / "tests" / "data" / "explanations_labelled.csv"
RULE_IDS = ("chung_chung", "qua_ngan", "khong_can_cu")


@pytest.fixture(scope="module")
def rules() -> Rules:
    return default_rules()


def _labelled() -> pd.DataFrame:
    return pd.read_csv(LABELLED, dtype=str, keep_default_na=False, encoding="utf-8")


# --- the hand-labelled list -------------------------------------------------------------------


def test_the_labelled_list_is_large_mixed_and_names_known_rules() -> None:
    table = _labelled()
    assert list(table.columns) == ["Giải trình", "unspecific", "rule"]
    assert len(table) >= 80
    assert set(table["unspecific"]) == {"0", "1"}
    assert set(table["rule"]) == {"", *RULE_IDS}
    assert ((table["unspecific"] == "1") == (table["rule"] != "")).all()
    assert all(unicodedata.is_normalized("NFC", text) for text in table["Giải trình"])


def test_precision_and_recall_of_unspecific_on_the_labelled_list(rules: Rules) -> None:
    table = _labelled()
    found = rules.flag_series(table["Giải trình"])
    meant = table["unspecific"] == "1"
    flagged = found.notna()
    tp, fp = int((flagged & meant).sum()), int((flagged & ~meant).sum())
    fn = int((~flagged & meant).sum())
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    both = flagged & meant
    named = int((found[both] == table["rule"][both]).sum())
    print(
        f"\nunspecific on {len(table)} labelled explanations ({int(meant.sum())} unspecific): "
        f"precision {precision:.3f} ({tp}/{tp + fp}), recall {recall:.3f} ({tp}/{tp + fn}), "
        f"rule named correctly {named}/{tp}"
    )
    for text, got, want in zip(table["Giải trình"], found, table["rule"], strict=True):
        if (got or "") != want:
            print(
                f"  disagrees: {text!r}: labelled {want or 'specific'}, found {got or 'specific'}"
            )
    assert precision >= 0.9 and recall >= 0.9
    assert named >= 0.9 * tp


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Đã thực hiện đầy đủ, có Báo cáo số 123/BC-SNV kèm theo", None),  # generic + a number
        ("Tiêu chí 1.2 đã có báo cáo gửi Sở Nội vụ", "khong_can_cu"),  # not a reference
        ("Đã ban hành kế hoạch CCHC năm 2023", "khong_can_cu"),  # a year alone
        ("Hoàn thành 100% kế hoạch đề ra", "chung_chung"),  # 100% of nothing stated
        ("Hoàn thành 100% (12/12 nhiệm vụ)", None),
        ("Thực hiện theo Nghị định 61/2018/NĐ-CP", "chung_chung"),  # a higher text as basis
        ("Da thuc hien day du theo huong dan cua So Noi vu", "chung_chung"),  # no diacritics
        ("Ke hoach so 12/KH-UBND ngay 15/01/2023", None),
        ("Fully implemented in accordance with regulations", "chung_chung"),
        ("Plan No. 12/KH-UBND dated 15/01/2023", None),
        ("Báo cáo quý II/2023 gửi đúng hạn", None),
        ("Hội nghị tổ chức tháng 3/2023", None),
        ("Đăng tải tại https://snv.soctrang.gov.vn/cchc", None),
        ("Công khai trên dichvucong.soctrang.gov.vn", None),
        ("Bố trí 02 công chức tại Bộ phận Một cửa", None),
        ("Trong năm 2023 cơ quan tổ chức tập huấn", "khong_can_cu"),  # "2023 cơ quan": a year
        ("Báo cáo 6 tháng gửi Sở Nội vụ", "khong_can_cu"),  # a period, not a number
        ("Có", "qua_ngan"),
        ("100%", "qua_ngan"),
        ("-", "qua_ngan"),
        ("", None),
        ("   \n\t ", None),
        ("\u200b", None),
        (None, None),
    ],
)
def test_tricky_cases(rules: Rules, text: str | None, rule: str | None) -> None:
    assert rules.flag(text) == rule


def test_nfc_nfd_and_case_read_alike(rules: Rules) -> None:
    texts = ["Đã thực hiện đầy đủ theo hướng dẫn", "Kế hoạch số 12/KH-SNV ngày 15/01/2023"]
    for text in texts:
        variants = [unicodedata.normalize("NFD", text), text.upper(), text.lower()]
        assert {rules.flag(v) for v in variants} == {rules.flag(text)}


def test_labels_in_both_languages_and_the_order_of_precedence(rules: Rules) -> None:
    assert rules.ids == RULE_IDS
    assert rules.label("chung_chung") == "Giải trình chung chung"
    assert rules.label("chung_chung", "en") == "Generic wording"
    assert rules.label("qua_ngan", "vi") == "Giải trình quá ngắn"
    with pytest.raises(KeyError):
        rules.label("khong_co")
    # "done" is both generic and short: the first rule of the file is named
    assert rules.flag("Done") == "chung_chung"


def test_flag_series_keeps_the_index_and_classifies_each_distinct_text_once(
    rules: Rules, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = pd.Series(
        ["Có", None, "Có", float("nan"), "Kế hoạch số 12/KH-SNV", "Có", "  "], index=list("abcdefg")
    )
    seen: list[object] = []
    flag = Rules.flag

    def counting(self: Rules, text: str | None) -> str | None:
        seen.append(text)
        return flag(self, text)

    monkeypatch.setattr(Rules, "flag", counting)
    found = rules.flag_series(texts)
    assert list(found.index) == list("abcdefg")
    assert found.tolist() == ["qua_ngan", None, "qua_ngan", None, None, "qua_ngan", None]
    assert sorted(map(str, seen)) == sorted(["Có", "Kế hoạch số 12/KH-SNV", "  "])
    assert explanations.flag_series(pd.Series([], dtype=object)).tolist() == []


def test_default_rules_are_read_once_from_data() -> None:
    assert DEFAULT_PATH == REPO / "data" / "explanation_rules.toml"
    assert default_rules() is default_rules()


# --- malformed and changed rules files ----------------------------------------------------------


def _copy(tmp_path: Path, old: str = "", new: str = "") -> Path:
    text = DEFAULT_PATH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "quy_tac.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "rule", "words"),
    [
        ("    '(?:hoàn thành|đạt", "    '(?:hoàn thành|đạt(", "chung_chung", ["patterns[0]"]),
        ('kind = "short"', 'kind = "ngan"', "qua_ngan", ["'ngan'", "kind"]),
        ('label_en = "Too short"\n', "", "qua_ngan", ["label_en"]),
        ("min_words = 3", "min_words = 0", "qua_ngan", ["min_words"]),
        ("min_words = 3", 'min_words = "ba"', "qua_ngan", ["min_words"]),
        ("min_words = 3", "min_word = 3", "qua_ngan", ["min_word"]),
        ('id = "qua_ngan"', 'id = "chung_chung"', "chung_chung", ["trùng", "twice"]),
        ('id = "qua_ngan"', 'id = "Quá ngắn"', "#2", ["id"]),
        ("unless_reference = false", 'unless_reference = "no"', "qua_ngan", ["unless_reference"]),
        ("'https?://\\S+',", "'(?:x)?',", None, ["references.patterns", "empty"]),
        ("\n[references]\n", "\n[can_cu]\n", None, ["can_cu"]),
        ('[[rule]]\nid = "chung_chung"', '[[rule]]\nid = "chung_chung"\nid = "x"', None, ["TOML"]),
    ],
)
def test_a_malformed_rules_file_is_a_clear_bilingual_error(
    tmp_path: Path, old: str, new: str, rule: str | None, words: list[str]
) -> None:
    path = _copy(tmp_path, old, new)
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    error = caught.value
    message = str(error)
    assert isinstance(error, ValueError)
    assert str(path) in message and "Tệp quy tắc giải trình" in message
    assert "explanation rules file" in message
    if rule is not None:
        assert error.rule_id == rule and f"'{rule}'" in message
    for word in words:
        assert word in message


def test_an_unreadable_rules_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match=r"không đọc được tệp.*cannot read the file"):
        load_rules(tmp_path / "khong_co.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes(fm.cp1258_bytes("# quy tắc giải trình\n"))
    with pytest.raises(RulesError, match="UTF-8"):
        load_rules(latin)


def test_a_changed_rules_file_changes_the_result(tmp_path: Path, rules: Rules) -> None:
    text = "Như đã báo cáo với Sở Nội vụ trong các kỳ trước"
    assert rules.flag(text) == "khong_can_cu"
    changed = load_rules(
        _copy(tmp_path, '    "như năm trước",\n', '    "như năm trước",\n    "như đã báo cáo",\n')
    )
    assert changed.flag(text) == "chung_chung"
    # fewer words needed: "Xem TLKC" is no longer too short, but still checks nothing
    shorter = load_rules(_copy(tmp_path, "min_words = 3", "min_words = 1"))
    assert rules.flag("Xem TLKC") == "qua_ngan" and shorter.flag("Xem TLKC") == "khong_can_cu"
    # the order of the rules is their precedence
    source = DEFAULT_PATH.read_text(encoding="utf-8")
    first = source.index('[[rule]]\nid = "chung_chung"')
    short = source.index('[[rule]]\nid = "qua_ngan"')
    end = source.index('[[rule]]\nid = "khong_can_cu"')
    swapped = source[:first] + source[short:end] + source[first:short] + source[end:]
    path = tmp_path / "swapped.toml"
    path.write_text(swapped, encoding="utf-8")
    reordered = load_rules(path)
    assert reordered.ids == ("qua_ngan", "chung_chung", "khong_can_cu")
    assert rules.flag("Done") == "chung_chung" and reordered.flag("Done") == "qua_ngan"


# --- cchc explanations --check ------------------------------------------------------------------


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[list[str]], str]:
    code = main(["explanations", *args])
    out, err = capsys.readouterr()
    return code, list(csv.reader(io.StringIO(out))), err


def test_check_adds_unspecific_and_rule_keeping_every_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rules: Rules
) -> None:
    texts = ["Kế hoạch số 12/KH-SNV ngày 15/01/2023", "Thực hiện đúng quy định", "", "Có"]
    rows = [["STT", "Mã tiêu chí", "Giải trình", "Ghi chú"]]
    rows += [[str(i), f"1.{i}", text, "-1,5"] for i, text in enumerate(texts, 1)]
    path = fm.write_csv(tmp_path / "giai_trinh.csv", rows)
    code, out, err = _run(capsys, "--check", str(path))
    assert code == 0, err
    assert out[0] == ["STT", "Mã tiêu chí", "Giải trình", "Ghi chú", "unspecific", "rule"]
    assert out[1:] == [
        [*row, "0" if rules.flag(row[2]) is None else "1", rules.flag(row[2]) or ""]
        for row in rows[1:]
    ]
    assert [row[-1] for row in out[1:]] == ["", "chung_chung", "", "qua_ngan"]
    # its own output checked again: the two columns are rewritten, not repeated
    again = fm.write_csv(tmp_path / "lan2.csv", out)
    code, out2, _ = _run(capsys, "--check", str(again))
    assert code == 0 and out2 == out


@pytest.mark.parametrize(
    ("header", "encoding", "delimiter"),
    [
        (" GIẢI TRÌNH ", "utf-8-sig", ","),
        ("explanation", "utf-8", ";"),
        ("Explanation", "utf-8", "\t"),
        ("Giải trình của đơn vị", "cp1258", ";"),
        (unicodedata.normalize("NFD", "Giải trình"), "utf-8", ","),
    ],
)
def test_check_finds_the_column_in_any_encoding_and_header_spelling(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], header: str, encoding: str, delimiter: str
) -> None:
    rows = [["Đơn vị", header], ["Sở Nội vụ", "Đã thực hiện đầy đủ theo hướng dẫn của Sở Nội vụ"]]
    path = fm.write_csv(tmp_path / "f.csv", rows, encoding=encoding, delimiter=delimiter)
    code, out, err = _run(capsys, "--check", str(path))
    assert code == 0, err
    assert out[1] == ["Sở Nội vụ", "Đã thực hiện đầy đủ theo hướng dẫn của Sở Nội vụ", "1",
                      "chung_chung"]  # fmt: skip


def test_check_leaves_formulas_as_text_a_spreadsheet_will_not_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], rules: Rules
) -> None:
    hostile = ['=HYPERLINK("http://evil.example/x","Bấm vào đây")', "+1+2", "@SUM(A1:A9)", "-2+3"]
    rows = [["=cmd|' /C calc'!A0", "Giải trình", "Điểm"]]
    rows += [[text, text, "-1.5"] for text in hostile]
    path = fm.write_csv(tmp_path / "hostile.csv", rows)
    code, out, err = _run(capsys, "--check", str(path))
    assert code == 0, err
    assert out[0][0] == "'=cmd|' /C calc'!A0"
    for row, text in zip(out[1:], hostile, strict=True):
        assert row[0] == row[1] == "'" + text  # text, never a formula
        assert row[2] == "-1.5"  # a number stays a number
        assert row[4] == (rules.flag(text) or "")  # classified as written


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (
            "Đơn vị,Ghi chú\nSở Nội vụ,x\n".encode(),
            ["không có cột 'Giải trình'", "no 'Giải trình'"],
        ),
        ("Giải trình,explanation\na,b\n".encode(), ["nhiều cột giải trình", "several"]),
        (b"Gi\xe1i tr\xecnh\nabc \x81 xyz\n", ["không đọc được", "cannot read", "0x81"]),
        (b"", ["trống", "empty"]),
    ],
)
def test_check_refuses_a_file_it_cannot_use_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, words: list[str]
) -> None:
    path = tmp_path / "xau.csv"
    path.write_bytes(content)
    code, out, err = _run(capsys, "--check", str(path))
    assert code == 2 and out == []
    assert str(path) in err or path.name in err
    for word in words:
        assert word.casefold() in err.casefold()


def test_check_exit_2_for_a_missing_file_or_a_malformed_rules_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "--check", str(tmp_path / "khong_co.csv"))
    assert code == 2 and "khong_co.csv" in err and "cannot read" in err
    good = fm.write_csv(tmp_path / "g.csv", [["Giải trình"], ["Có"]])
    bad = _copy(tmp_path, 'kind = "short"', 'kind = "ngan"')
    code, _, err = _run(capsys, "--check", str(good), "--rules", str(bad))
    assert code == 2 and str(bad) in err and "qua_ngan" in err and "unknown kind" in err
    changed = _copy(tmp_path, "min_words = 3", "min_words = 1")
    code, out, _ = _run(capsys, "--check", str(good), "--rules", str(changed))
    assert code == 0 and out[1] == ["Có", "1", "khong_can_cu"]
    assert main(["explanations"]) == 2  # --check is required


# --- the demo's explanations ---------------------------------------------------------------------


def test_the_demo_explanations_are_classified_as_the_demo_meant(rules: Rules) -> None:
    from demo.data import UNITS_FILE, framework_files, read_frameworks, read_units
    from demo.province import province_results

    units = read_units(UNITS_FILE)
    results = province_results(units, read_frameworks(framework_files()), (2023,), seed=2023)
    meant: dict[int, list[str | None]] = {1: [], 2: []}
    wrong = []
    for (_year, round_, _unit), scores in results.items():
        for score in scores:
            if not score.explanation:
                assert score.explanation_rule is None
                continue
            meant[round_].append(score.explanation_rule)
            if rules.flag(score.explanation) != score.explanation_rule:
                wrong.append((score.explanation, score.explanation_rule))
    assert not wrong, wrong[:5]
    share = {r: sum(m is not None for m in meant[r]) / len(meant[r]) for r in meant}
    assert share[1] > 0.4 and share[2] < 0.2, share
    assert {m for m in meant[1] if m} == set(RULE_IDS)
    fixed = [
        (unit, first.code)
        for (year, round_, unit), scores in results.items()
        if round_ == 1
        for first, final in zip(scores, results[(year, 2, unit)], strict=True)
        if first.explanation_rule and final.explanation and final.explanation_rule is None
    ]
    assert len({unit for unit, _ in fixed}) >= 20, "units whose explanations became specific"


def test_rules_file_is_shipped_beside_the_other_data(tmp_path: Path) -> None:
    copy = tmp_path / "rules.toml"
    shutil.copy(DEFAULT_PATH, copy)
    assert load_rules(copy).ids == load_rules().ids == RULE_IDS
