"""The province as a dimension (issue 11, item 1): a unit is ranked within its province and
group — the PAR Index's own rule — with the index's exact ties, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from dashboard import queries
from tests.warehouse_builder import SO_NGANH, Leaf, WarehouseBuilder

LEAVES = [n for n in SO_NGANH if n.code in ("1.1.1", "1.1.2", "1.2", "2.1.1", "2.1.2", "8.1")]
# appraised points out of 100 (every leaf's maximum, scaled), per unit and province
POINTS = {
    "Sóc Trăng": {"ST-A": 90.0, "ST-B": 85.5, "ST-C": 85.5, "ST-D": 70.0},
    "Bạc Liêu": {"BL-A": 95.0, "BL-B": 60.0},
}


def _scaled(points: float) -> dict[str, Leaf | str]:
    return {n.code: Leaf(None if n.method == "survey" else n.max_points,
                         round(n.max_points * points / 100, 3)) for n in LEAVES}  # fmt: skip


@pytest.fixture
def nation(engine: Engine) -> Engine:
    b = WarehouseBuilder(engine)
    for province, units in POINTS.items():
        b.units([(code, f"Sở {code}", "so_nganh") for code in units], province=province)
    b.framework(2023, "so_nganh", SO_NGANH)
    for units in POINTS.values():
        for code, points in units.items():
            b.scores(2023, 1, code, _scaled(points))
    return engine


def test_units_are_ranked_within_their_province_and_group_with_exact_ties(nation: Engine) -> None:
    table = queries.rankings(nation, 2023, 1, "so_nganh")
    ranks = dict(zip(table["unit_code"], table["rank"], strict=True))
    assert ranks == {"ST-A": 1, "ST-B": 2, "ST-C": 2, "ST-D": 4, "BL-A": 1, "BL-B": 2}
    assert list(table["province"]) == ["Bạc Liêu"] * 2 + ["Sóc Trăng"] * 4  # then by rank
    one = queries.rankings(nation, 2023, 1, "so_nganh", province="Sóc Trăng")
    assert set(one["unit_code"]) == set(POINTS["Sóc Trăng"])
    assert dict(zip(one["unit_code"], one["rank"], strict=True)) == {
        code: ranks[code] for code in POINTS["Sóc Trăng"]
    }


def test_a_unit_s_rank_history_and_peers_are_its_province_s(nation: Engine) -> None:
    card = queries.scorecard(nation, 2023, 1, "BL-B")
    assert (card.rank, card.units_ranked, card.province) == (2, 2, "Bạc Liêu")
    peers = queries.group_indices(nation, 2023, 1, "so_nganh", province=card.province)
    assert peers.values == (60.0, 95.0)
    everyone = queries.group_indices(nation, 2023, 1, "so_nganh")
    assert len(everyone.values) == 6


def test_the_rank_if_recovered_is_taken_within_the_province_too(nation: Engine) -> None:
    """Every self-scored leaf was cut and explained "Có giải trình" (too short: unspecific),
    so every cut is at stake: the self-scored 70 points come back, the survey's 30 stay."""
    table = queries.stake_ranking(nation, 2023, 1, "so_nganh").set_index("unit_code")
    recovered = {code: 70 + 0.3 * p for units in POINTS.values() for code, p in units.items()}
    assert table["index_if_recovered"].to_dict() == pytest.approx(recovered)
    ranks = table["rank_if_recovered"].to_dict()
    # each alone: its recovered index against the others' actual ones in its province
    assert ranks == {"ST-A": 1, "ST-B": 1, "ST-C": 1, "ST-D": 1, "BL-A": 1, "BL-B": 2}
