"""What the appraisal found and what became of it (:mod:`dashboard.findings`): problems,
deductions, points at stake, the ranking if they were recovered, items between two rounds."""

from __future__ import annotations

import pandas as pd

from dashboard import findings

COLUMNS = ["unit_code", "criterion_code", "missing_evidence", "missing_explanation", "rule",
           "deduction_milli"]  # fmt: skip


def leaves(*rows: tuple[str, str, bool, bool, str | None, int]) -> pd.DataFrame:
    return pd.DataFrame(
        rows,
        columns=COLUMNS,
    ).assign(group="so_nganh")


def test_points_at_stake_are_deductions_where_something_was_missing() -> None:
    found = findings.with_findings(
        leaves(
            ("A", "1.1.1", True, False, None, 2000),  # no evidence, 2 points off: at stake
            ("A", "1.2", False, False, "chung_chung", 500),  # unspecific: at stake
            ("A", "2.1.2", False, False, None, 4000),  # a deduction alone: flagged, not at stake
            ("A", "2.1.1", False, False, None, 0),  # nothing: not flagged
            ("A", "1.1.2", False, True, "qua_ngan", -1000),  # missing text beats a rule; no gain
        )
    )
    assert found["at_stake_milli"].tolist() == [2000, 500, 0, 0, 0]
    assert found["flagged"].tolist() == [True, True, True, False, True]
    assert found["unspecific_explanation"].tolist() == [False, True, False, False, False]
    assert found["deduction_milli"].tolist() == [2000, 500, 4000, 0, 0]


def test_items_between_two_rounds_are_fixed_open_or_new() -> None:
    before = findings.items(
        findings.with_findings(
            leaves(
                ("A", "1.1.1", True, False, None, 0),
                ("A", "1.2", False, False, "x", 0),
                ("B", "1.2", False, True, None, 0),
            )
        )
    )
    after = findings.items(
        findings.with_findings(
            leaves(("A", "1.2", False, False, "x", 0), ("B", "2.1.2", True, False, None, 0))
        )
    )
    compared = findings.compare_items(before, after)
    keys = ["unit_code", "criterion_code", "problem", "status"]
    status = {(u, c, p): s for u, c, p, s in compared[keys].itertuples(index=False)}
    assert status == {
        ("A", "1.1.1", "missing_evidence"): "fixed",
        ("A", "1.2", "unspecific_explanation"): "open",
        ("B", "1.2", "missing_explanation"): "fixed",
        ("B", "2.1.2", "missing_evidence"): "new",
    }
    per_unit = findings.status_counts(compared, ["unit_code"]).set_index("unit_code")
    assert per_unit.loc["A", ["fixed", "open", "new", "flagged_before"]].tolist() == [1, 1, 0, 2]
    assert per_unit.loc["A", "fixed_share"] == 0.5
    assert per_unit.loc["B", "fixed_share"] == 1.0
    empty = findings.status_counts(compared.iloc[0:0], ["unit_code"])
    assert empty.empty and "fixed_share" in empty.columns


def ranking(*rows: tuple[str, float, float, int | None]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=["unit_code", "points", "max_points", "rank"])
    return table.assign(group="so_nganh", rank=table["rank"].astype("Int64"))


def test_the_rank_if_recovered_is_each_unit_s_own_with_exact_ties() -> None:
    """Each unit recovers alone, the others as they are; an unranked unit stays unranked."""
    table = ranking(("A", 90, 100, 1), ("B", 88, 100, 2), ("C", 70, 80, 3), ("D", 50, 100, None))
    stake = pd.Series({"B": 2000, "C": 1000, "D": 40_000})
    out = findings.rank_if_recovered(table, stake).set_index("unit_code")
    assert out["index_if_recovered"].tolist()[:3] == [90.0, 90.0, 88.75]
    # B ties A exactly at 90 (rank 1); C's 71/80 = 88.75 passes B's actual 88, not A's 90
    assert out["rank_if_recovered"].tolist()[:3] == [1, 1, 2]
    assert pd.isna(out.loc["D", "rank_if_recovered"])
    assert out.loc["B", "at_stake"] == 2.0 and out.loc["A", "at_stake"] == 0.0
    capped = findings.rank_if_recovered(table, pd.Series({"C": 50_000})).set_index("unit_code")
    assert capped.loc["C", "index_if_recovered"] == 100.0  # never above the maximum
    assert capped["rank_if_recovered"].tolist()[:3] == [1, 2, 1]  # each alone
