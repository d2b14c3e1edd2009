"""The PAR Index arithmetic: index, rank, band, gap, completeness — pure functions.

Nothing here touches Dash or SQL, so the CLI, the pages and the exports compute every number
the same way.  Points arrive as integer thousandths ("milli-points"): the warehouse stores
points as ``Numeric(10, 3)``, and the query layer sums ``round(points * 1000)`` in SQL, so sums
are exact integers on every backend and two equal indices are exactly equal
(``Fraction(6832 * 100, 84000)``), never "equal up to float noise".

Rules (the PAR Index domain notes, "Scoring rules"):

* index = achieved ÷ applicable maximum × 100; not-applicable leaves leave the maximum;
  ``None`` when nothing in the set has been scored yet ("chưa thẩm định"), never 0;
* displayed with two decimals, rounded half-up on the exact value;
* the applicable maximum is the framework's maximum less the not-applicable leaves, whether or
  not the other leaves are scored yet (the ETL stores a row for every leaf of a unit's round);
* rank within a group, highest first, on the exact index; ties share a rank, the next rank is
  skipped (1, 2, 2, 4); a unit whose applicable leaves are not all scored is not finished and
  gets no rank (:func:`finished_index`), nor does a unit without an index;
* bands are configuration: a list of ``(label, lower bound)`` pairs.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Literal

import pandas as pd

MILLI = 1000

Bands = Sequence[tuple[str, float]]

# National PAR Index 2022 (QĐ 876/QĐ-BNV): A ≥ 90, B 80–<90, C 70–<80, D < 70.
NATIONAL_2022_BANDS: Bands = (("A", 90.0), ("B", 80.0), ("C", 70.0), ("D", 0.0))
# National 2018: A ≥ 80, B 75–<80, C 70–<75, D < 70.
NATIONAL_2018_BANDS: Bands = (("A", 80.0), ("B", 75.0), ("C", 70.0), ("D", 0.0))
DEFAULT_BANDS: Bands = NATIONAL_2022_BANDS


def to_milli(points: float | Decimal | int | None) -> int | None:
    """Points as integer thousandths (``68.32`` → ``68320``); ``None`` stays ``None``."""
    if points is None or (isinstance(points, float) and points != points):
        return None
    return int((Decimal(repr(points)) * MILLI).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_milli(milli: int | None) -> float | None:
    """Integer thousandths back to points (``68320`` → ``68.32``)."""
    return None if milli is None else milli / MILLI


def exact_index(points_milli: int | None, max_milli: int | None) -> Fraction | None:
    """The unrounded index ``points / max × 100``; ``None`` without points or without a maximum."""
    if points_milli is None or not max_milli:
        return None
    return Fraction(int(points_milli) * 100, int(max_milli))


def round_half_up(value: Fraction | Decimal | float | None, places: int = 2) -> float | None:
    """``value`` rounded half-up to ``places`` decimals, from the exact value.

    A ``Fraction`` is rounded exactly (``Fraction(91435, 1000)`` → ``91.44``); a float is taken
    at its shortest decimal repr (``2.675`` → ``2.68``, not the binary ``2.67``).
    """
    if value is None:
        return None
    if isinstance(value, Fraction):
        numerator, denominator, scale = abs(value.numerator), value.denominator, 10**places
        whole = (2 * numerator * scale + denominator) // (2 * denominator)  # integers only
        return (whole if value.numerator >= 0 else -whole) / scale  # half away from zero
    decimal = value if isinstance(value, Decimal) else Decimal(repr(value))
    return float(decimal.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def display_index(points_milli: int | None, max_milli: int | None) -> float | None:
    """The index as shown: two decimals, half-up on the exact value."""
    return round_half_up(exact_index(points_milli, max_milli))


def competition_ranks(values: Sequence[Fraction | float | None]) -> list[int | None]:
    """Ranks, highest first; equal values share a rank and the next is skipped (1, 2, 2, 4).

    ``None`` (no index yet) gets no rank.
    """
    present = sorted((v for v in values if v is not None), reverse=True)
    first_position: dict[Fraction | float, int] = {}
    for position, value in enumerate(present, start=1):
        first_position.setdefault(value, position)
    return [None if v is None else first_position[v] for v in values]


def finished_index(
    index: Fraction | float | None, scored: int | None, applicable: int | None
) -> Fraction | float | None:
    """The index a unit is ranked on: its index once every applicable leaf is scored, else
    ``None`` (not finished: "đã thẩm định x/y tiêu chí", listed after the ranked units)."""
    if index is None or scored is None or applicable is None or scored < applicable:
        return None
    return index


def band(index: float | Fraction | None, bands: Bands = DEFAULT_BANDS) -> str | None:
    """The label of the first band whose lower bound the index reaches (bands in any order)."""
    if index is None:
        return None
    exact = index if isinstance(index, Fraction) else Fraction(repr(float(index)))
    for label, lower in sorted(bands, key=lambda pair: pair[1], reverse=True):
        if exact >= Fraction(repr(float(lower))):
            return label
    return None


def share(part: int | None, whole: int | None) -> float | None:
    """``part / whole`` (0–1), ``None`` when ``whole`` is 0."""
    if not whole:
        return None
    return (part or 0) / whole


# --- DataFrame helpers: the query layer returns milli-point sums, these add the metrics -------


def _milli_or_none(value: Any) -> int | None:
    if value is None or pd.isna(value):
        return None
    return int(value)


def rank_within(
    frame: pd.DataFrame,
    value_col: str,
    by: Sequence[str] = ("group",),
    out_col: str = "rank",
    counts: tuple[str, str] | None = None,
) -> pd.DataFrame:
    """Add ``out_col``: the competition rank of ``value_col`` (exact values) within ``by``.

    With ``counts`` = (scored leaves column, applicable leaves column), only finished rows
    are ranked (:func:`finished_index`)."""
    out = frame.copy()
    if counts is not None:
        scored, applicable = (frame[name] for name in counts)
        basis = [
            finished_index(None if pd.isna(v) else v, int(s), int(a))
            for v, s, a in zip(frame[value_col], scored, applicable, strict=True)
        ]
        frame = frame.assign(**{value_col: pd.Series(basis, index=frame.index, dtype=object)})
    ranks = pd.Series(pd.NA, index=out.index, dtype="Int64")
    keys: list[Hashable] = list(by)
    if out.empty:
        out[out_col] = ranks
        return out
    found: dict[Hashable, int] = {}
    for _, part in frame.groupby(keys, sort=False, dropna=False):
        values = [None if pd.isna(v) else v for v in part[value_col]]
        ranked = zip(part.index, competition_ranks(values), strict=True)
        found.update((position, rank) for position, rank in ranked if rank is not None)
    out[out_col] = pd.Series(found, dtype="Int64").reindex(out.index)
    return out


def band_column(
    frame: pd.DataFrame, index_col: str = "index_exact", bands: Bands = DEFAULT_BANDS
) -> pd.Series:
    """The band label of every row's index (``None`` where there is no index)."""
    labels = [band(None if pd.isna(v) else v, bands) for v in frame[index_col]]
    return pd.Series(labels, index=frame.index, dtype=object)


def points_column(frame: pd.DataFrame, milli_col: str) -> pd.Series:
    """Milli-points back to points (``68320`` → ``68.32``), missing stays missing."""
    values = [from_milli(_milli_or_none(v)) for v in frame[milli_col]]
    return pd.Series(values, index=frame.index, dtype="float64")


def rank_change(current: pd.Series, previous: pd.Series) -> pd.Series:
    """Places gained since ``previous`` (positive = moved up); missing where either is missing."""
    return (previous.astype("Int64") - current.astype("Int64")).astype("Int64")


def mean_or_none(values: Iterable[float | None]) -> float | None:
    """Arithmetic mean of the present values; ``None`` when none is present."""
    present = [float(v) for v in values if v is not None and not pd.isna(v)]
    return sum(present) / len(present) if present else None


# --- from integer measures to score columns ----------------------------------------------------

MEASURE_NAMES = (
    "max_all_milli",  # applicable maximum, every method (base of the final index)
    "max_self_milli",  # applicable maximum of self-scored criteria (base of self/gap)
    "appraised_all_milli",  # appraised + survey points
    "appraised_self_milli",  # appraised points on self-scored criteria
    "self_milli",  # self points
    "gap_milli",  # self − appraised over leaves where both are scored
    "n_leaves",  # applicable leaves
    "n_self_leaves",  # applicable self-scored leaves
    "n_self_scored",  # … with a self score
    "n_appraised",  # applicable leaves with an appraised (or survey) score
    "n_appraised_self",  # self-scored leaves with an appraised score
    "n_both",  # self-scored leaves with both scores
    "n_evidence_required",  # applicable self-scored leaves requiring evidence
    "n_missing_evidence",  # evidence required, self score > 0, no document
    "n_self_positive",  # self score > 0
    "n_missing_explanation",  # self score > 0, no explanation
    "n_explained",  # an explanation given
)
"""The integer sums the query layer computes per group of leaves (one definition, in SQL)."""


def _ints(frame: pd.DataFrame, column: str) -> list[int]:
    return [int(v) for v in frame[column]]


def _indices(points: list[int], maxima: list[int], scored: list[int]) -> list[Fraction | None]:
    return [
        exact_index(p, m) if n else None for p, m, n in zip(points, maxima, scored, strict=True)
    ]


def _floats(values: Iterable[float | Fraction | None]) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


FINAL = ("max_all_milli", "appraised_all_milli", "n_appraised", "n_leaves")
SELF = ("max_self_milli", "self_milli", "n_self_scored", "n_self_leaves")
SAME_BASE = ("max_self_milli", "appraised_self_milli", "n_appraised_self")
GAP = ("max_self_milli", "gap_milli", "n_both")
EVIDENCE = (
    "n_evidence_required",
    "n_missing_evidence",
    "n_self_positive",
    "n_missing_explanation",
    "n_explained",
)
"""Blocks of measures; a query sums only the blocks it needs (each costs time per row)."""


def measures_of(*blocks: Sequence[str]) -> tuple[str, ...]:
    """The measures of some blocks, once each, in :data:`MEASURE_NAMES` order."""
    wanted = {name for block in blocks for name in block}
    return tuple(name for name in MEASURE_NAMES if name in wanted)


def derive_scores(frame: pd.DataFrame) -> pd.DataFrame:
    """Score columns from integer measure sums (a copy; the measures are kept).

    Each block of measures present adds its columns:

    * :data:`FINAL` — ``max_points``, ``points`` (appraised + survey; NaN before appraisal),
      ``index_exact`` (Fraction or None), ``index``, ``completeness``, ``lost_points``,
      ``applicable_leaves``, ``scored_leaves``;
    * :data:`SELF` — ``self_max_points``, ``self_points``, ``self_index_exact``,
      ``self_index``, ``self_completeness``, ``self_applicable_leaves``, ``self_scored_leaves``;
    * :data:`SAME_BASE` — ``appraised_self_points``, ``appraised_self_index_exact``,
      ``appraised_self_index``;
    * :data:`GAP` — ``gap_points``, ``gap_index_exact``, ``gap_index``;
    * :data:`EVIDENCE` — ``evidence_required``, ``missing_evidence``,
      ``missing_evidence_share``, ``self_positive``, ``missing_explanation``,
      ``missing_explanation_share``, ``explained``.
    """
    out = frame.copy()
    m = {name: _ints(out, name) for name in MEASURE_NAMES if name in out.columns}

    def has(block: Sequence[str]) -> bool:
        return all(name in m for name in block)

    def column(values: Iterable[float | Fraction | None]) -> pd.Series:
        return pd.Series(_floats(values), index=out.index, dtype="float64")

    def points(milli: str, scored: str) -> pd.Series:
        return column(p / MILLI if n else None for p, n in zip(m[milli], m[scored], strict=True))

    def ratio(part: str, whole: str) -> pd.Series:
        return column(share(p, w) for p, w in zip(m[part], m[whole], strict=True))

    def index(prefix: str, milli: str, maximum: str, scored: str) -> None:
        exact = _indices(m[milli], m[maximum], m[scored])
        out[f"{prefix}index_exact"] = pd.Series(exact, index=out.index, dtype=object)
        out[f"{prefix}index"] = column(round_half_up(v) for v in exact)

    def counts(names: dict[str, str]) -> None:
        for name, source in names.items():
            out[name] = pd.Series(m[source], index=out.index, dtype="int64")

    if has(FINAL):
        out["max_points"] = column(v / MILLI for v in m["max_all_milli"])
        out["points"] = points("appraised_all_milli", "n_appraised")
        index("", "appraised_all_milli", "max_all_milli", "n_appraised")
        out["completeness"] = ratio("n_appraised", "n_leaves")
        out["lost_points"] = out["max_points"] - out["points"]
        counts({"applicable_leaves": "n_leaves", "scored_leaves": "n_appraised"})
    if has(SELF):
        out["self_max_points"] = column(v / MILLI for v in m["max_self_milli"])
        out["self_points"] = points("self_milli", "n_self_scored")
        index("self_", "self_milli", "max_self_milli", "n_self_scored")
        out["self_completeness"] = ratio("n_self_scored", "n_self_leaves")
        counts({"self_applicable_leaves": "n_self_leaves", "self_scored_leaves": "n_self_scored"})
    if has(SAME_BASE):
        out["appraised_self_points"] = points("appraised_self_milli", "n_appraised_self")
        index("appraised_self_", "appraised_self_milli", "max_self_milli", "n_appraised_self")
    if has(GAP):
        out["gap_points"] = points("gap_milli", "n_both")
        gap = _indices(m["gap_milli"], m["max_self_milli"], m["n_both"])
        out["gap_index_exact"] = pd.Series(gap, index=out.index, dtype=object)
        out["gap_index"] = column(round_half_up(v) for v in gap)
    if has(EVIDENCE):
        counts(
            {
                "evidence_required": "n_evidence_required",
                "missing_evidence": "n_missing_evidence",
                "self_positive": "n_self_positive",
                "missing_explanation": "n_missing_explanation",
                "explained": "n_explained",
            }
        )
        out["missing_evidence_share"] = ratio("n_missing_evidence", "n_evidence_required")
        out["missing_explanation_share"] = ratio("n_missing_explanation", "n_self_positive")
    return out


def roll_up(tree: pd.DataFrame, leaf_measures: pd.DataFrame) -> pd.DataFrame:
    """Sum leaf measures up a criteria tree: one row per node with the sums over its leaves.

    ``tree``: ``code``, ``parent_code`` (+ any other node columns, kept; its ``max_points``
    and ``evidence_required`` are renamed ``framework_max_points`` and ``requires_evidence``).
    ``leaf_measures``: ``leaf_code`` + measures.  A node whose leaves have no rows sums to
    zeros.
    """
    parents = dict(zip(tree["code"], tree["parent_code"], strict=True))
    pairs: list[tuple[str, str]] = []  # (ancestor-or-self, leaf)
    for leaf in leaf_measures["leaf_code"]:
        node: str | None = leaf
        seen: set[str] = set()
        while isinstance(node, str) and node and node not in seen:
            seen.add(node)
            pairs.append((node, leaf))
            node = parents.get(node)
    links = pd.DataFrame(pairs, columns=["code", "leaf_code"])
    present = [name for name in MEASURE_NAMES if name in leaf_measures.columns]
    sums = links.merge(leaf_measures, on="leaf_code").groupby("code")[present].sum().reset_index()
    nodes = tree.rename(
        columns={"max_points": "framework_max_points", "evidence_required": "requires_evidence"}
    )
    out = nodes.merge(sums, on="code", how="left")
    for name in present:
        out[name] = out[name].fillna(0).astype("int64")
    return out


# --- a criterion across units, a round's status ------------------------------------------------


def node_summary(table: pd.DataFrame) -> dict[str, Any]:
    """One node across units (:func:`dashboard.queries.criterion_explorer` rows): how many
    units, their mean index (unrounded mean, shown half-up), evidence required and missing,
    the share missing, and the leaves explained (applicable leaves with an explanation)."""
    missing = int(table["missing_evidence"].sum()) if len(table) else 0
    required = int(table["evidence_required"].sum()) if len(table) else 0
    return {
        "units": len(table),
        "mean_index": mean_rounded(table["index_exact"]) if len(table) else None,
        "missing_evidence": missing,
        "evidence_required": required,
        "missing_evidence_share": share(missing, required),
        "explained": int(table["explained"].sum()) if len(table) else 0,
    }


RoundStatus = Literal["no_schedule", "not_open", "open", "locked"]


def round_status(
    opens_at: datetime | None, locks_at: datetime | None, now: datetime
) -> tuple[RoundStatus, timedelta | None]:
    """Where ``now`` stands in a round: not open yet (time to opening), open (time left), locked."""
    if locks_at is None:
        return "no_schedule", None
    if now >= locks_at:
        return "locked", None
    if opens_at is not None and now < opens_at:
        return "not_open", opens_at - now
    return "open", locks_at - now


# --- self-assessed against appraised: one population, one definition ---------------------------


def compared_units(scores: pd.DataFrame) -> pd.DataFrame:
    """The units whose self-assessment can be compared with the appraisal: both a self index
    and an appraised index on the same base (the self-scored leaves).  Every gap figure —
    the gaps page, the overview's means, the report — is over these units."""
    both = scores["self_index"].notna() & scores["appraised_self_index"].notna()
    return scores[both].reset_index(drop=True)


def over_claiming(scores: pd.DataFrame) -> pd.Series:
    """True for a unit (or field, criterion) that claimed more points than were appraised."""
    return scores["gap_points"].fillna(0) > 0


def mean_rounded(values: Iterable[Any]) -> float | None:
    """The mean of exact values (indices as Fractions, or floats), rounded half-up to two
    decimals as shown — never the mean of already rounded values."""
    return round_half_up(mean_or_none(values))
