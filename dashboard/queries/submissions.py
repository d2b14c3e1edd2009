"""Submission progress: which units have sent a round's results, late or not."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy import Engine

from dashboard.queries.cache import cached
from dashboard.queries.catalogue import framework, groups, rounds, units
from dashboard.queries.frames import plain, sorted_by_group
from dashboard.queries.sql import read
from etl.schema import submission


@dataclass
class Progress:
    """Who has sent their round's results."""

    year: int
    round: int
    opens_at: datetime | None
    locks_at: datetime | None
    units: pd.DataFrame = field(repr=False)
    counts: dict[str, int] = field(default_factory=dict)

    def restricted(self, units: frozenset[str]) -> Progress:
        """Only ``units``' rows, counted again."""
        table = self.units[self.units["unit_code"].isin(units)].reset_index(drop=True)
        return Progress(self.year, self.round, self.opens_at, self.locks_at, table, _counts(table))


def _counts(table: pd.DataFrame) -> dict[str, int]:
    """``units``, ``sent``, ``not_sent``, ``late``, ``report_attached``, ``approved``."""
    return {
        "units": len(table),
        "sent": int(table["sent"].sum()),
        "not_sent": int((~table["sent"]).sum()),
        "late": int(table["late"].sum()),
        "report_attached": int(table["report_attached"].sum()),
        "approved": int(table["approved"].sum()),
    }


def _expected_units(engine: Engine, year: int, round: int) -> pd.DataFrame:
    """Units expected to send: those of groups with a framework or scores in the year,
    plus any unit with a submission; all units when the year has neither."""
    everyone = units(engine)
    expected_groups = set(framework(engine, year)["group"]) | set(groups(engine, year)["group"])
    sent = read(
        engine,
        sa.select(submission.c.unit_code).where(
            submission.c.year == year, submission.c.round == round
        ),
    )
    if not expected_groups:
        return everyone
    chosen = everyone["group"].isin(expected_groups) | everyone["unit_code"].isin(
        set(sent["unit_code"])
    )
    return everyone[chosen]


@cached
def progress(engine: Engine, year: int, round: int, group: str | None = None) -> Progress:
    """Submission progress of a round (of one group's units when ``group`` is given).

    ``units`` columns: ``unit_code``, ``unit_name``, ``group``, ``group_label``, ``sent``
    (bool), ``sent_at`` (NaT if not sent), ``late`` (sent after the lock time), ``report_attached``,
    ``approved``.  A unit without a submission row has not sent.  Sorted: not sent first, then
    by group and name.  ``counts``: ``units``, ``sent``, ``not_sent``, ``late``,
    ``report_attached``, ``approved``.
    """
    schedule = rounds(engine)
    match = schedule[(schedule["year"] == year) & (schedule["round"] == round)]
    opens_at = plain(match["opens_at"].iloc[0]) if len(match) else None
    locks_at = plain(match["locks_at"].iloc[0]) if len(match) else None
    s = submission.c
    rows = read(
        engine,
        sa.select(s.unit_code, s.sent_at, s.report_attached, s.approved).where(
            s.year == year, s.round == round
        ),
    )
    table = _expected_units(engine, year, round).merge(rows, on="unit_code", how="left")
    table["sent_at"] = pd.to_datetime(table["sent_at"])
    table["sent"] = table["sent_at"].notna()
    table["late"] = (
        table["sent"] & (table["sent_at"] > pd.Timestamp(locks_at))
        if locks_at is not None
        else False
    )
    for column in ("report_attached", "approved"):
        table[column] = table[column].fillna(False).astype(bool)
    table = table[
        ["unit_code", "unit_name", "group", "group_label", "sent", "sent_at", "late",
         "report_attached", "approved"]
    ]  # fmt: skip
    table = sorted_by_group(table.assign(_sent=table["sent"]), ["_sent", "unit_name"], [True, True])
    table = table.drop(columns="_sent")
    if group is not None:
        table = table[table["group"] == group].reset_index(drop=True)
    return Progress(year, round, opens_at, locks_at, table, _counts(table))
