"""Gather the notices' facts from the query layer (``dashboard.queries``) into NoticeModels.

Only the query layer's results are used, so a notice, the pages and the CLI can never
disagree: ``leaf_findings`` (the flagged leaves, :mod:`dashboard.findings`), ``stake_ranking``
(the index, rank, points at stake, index and rank if recovered), ``group_indices`` (how many
units of the group are ranked, whatever the scope), ``rounds`` (the next round's schedule) and
``units``.  Every query answers within the current data scope (``dashboard.queries.cache``):
a unit's account gets its own notice only, a province's account its units' notices.
The labels of the explanation rules come from ``dashboard.explanations``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from sqlalchemy import Engine

from dashboard import queries
from dashboard.export.images import ExportError
from dashboard.export.notice.model import NoticeModel, notice_model
from dashboard.i18n import Lang, both
from dashboard.view import View


class UnknownNoticeError(ExportError):
    """No notice of that unit for the year and round (unknown, outside the scope, or without
    scores): one message naming nothing (who may not see a unit does not learn it exists)."""

    status = 404

    def __init__(self) -> None:
        super().__init__(both("notice.unknown_unit"))


def rule_labels(lang: Lang) -> Callable[[str], str]:
    """An explanation rule's id → its label in ``lang`` (``dashboard.explanations``)."""
    from dashboard.explanations import default_rules

    rules = default_rules()
    return lambda rule: rules.label(rule, lang)


def _unit_group(engine: Engine, unit_code: str) -> str:
    units = queries.units(engine)  # the scope's units only
    match = units.loc[units["unit_code"] == unit_code, "group"]
    if match.empty:
        raise UnknownNoticeError()
    return str(match.iloc[0])


def collect_notices(
    engine: Engine, view: View, unit_code: str | None = None, *, issued: date | None = None
) -> list[NoticeModel]:
    """The notices of the view's year and round, in its language: of ``unit_code``, else of
    every unit of the view's group (every group when none) with scores in that round, in the
    ranking's order (group, rank).

    Raises ``queries.SelectionError`` for a year, round or group the warehouse lacks and
    :class:`UnknownNoticeError` for a unit without a notice.
    """
    round = queries.check_selection(engine, view.year, view.round, view.group)
    year, lang = view.year, view.lang
    group = _unit_group(engine, unit_code) if unit_code is not None else view.group
    if unit_code is not None:
        try:
            leaves = queries.leaf_findings(engine, year, round, group, unit_code)
        except queries.SelectionError:  # outside the scope: refused as an unknown unit
            raise UnknownNoticeError() from None
    else:
        leaves = queries.leaf_findings(engine, year, round, group)
    standings = queries.stake_ranking(engine, year, round, group)
    if unit_code is not None:
        standings = standings[standings["unit_code"] == unit_code]
        if standings.empty:
            raise UnknownNoticeError()
    schedule = queries.rounds(engine)
    ranked = {  # the units a rank is taken among: the unit's group in its province
        (g, p): len(queries.group_indices(engine, year, round, g, province=p).values)
        for g, p in set(zip(standings["group"], standings["province"], strict=True))
    }
    label = rule_labels(lang)
    when = issued or date.today()
    build = partial(notice_model, year=year, round=round, lang=lang, issued=when, rule_label=label)
    return [
        build(row, leaves, schedule, ranked_units=ranked[(row["group"], row["province"])])
        for row in standings.to_dict("records")
    ]
