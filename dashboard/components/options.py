"""From a URL to a complete view: defaults from the warehouse, and the filter choices.

``resolve`` turns what the URL says into a view the warehouse can show (latest year and round
by default; a group, unit, field or criterion it does not hold is dropped).  ``filter_options``
gives each filter's ``(value, label)`` choices.  Both read only through ``dashboard.queries``.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Engine

from dashboard import formatting, queries
from dashboard.components.filters import Option
from dashboard.components.url_state import ViewState
from dashboard.i18n import group_label, t


def resolve(state: ViewState, engine: Engine) -> ViewState | None:
    """``state`` with year/round filled in and unknown choices dropped; ``None`` if no scores."""
    all_years = queries.years(engine)
    if not all_years:
        return None
    year = state.year if state.year in all_years else all_years[-1]
    year_rounds = queries.rounds_of(engine, year)
    round_ = state.round if state.round in year_rounds else year_rounds[-1]
    group = state.group if state.group in set(queries.groups(engine, year)["group"]) else None
    known_units = queries.units(engine)
    unit = state.unit if state.unit in set(known_units["unit_code"]) else None
    tree = queries.framework(engine, year, group)
    field = state.field if state.field in set(tree.loc[tree["level"] == 1, "code"]) else None
    criteria = tree[tree["level"] >= 2]
    if field is not None:
        criteria = criteria[criteria["field_code"] == field]
    criterion = state.criterion if state.criterion in set(criteria["code"]) else None
    return state.with_(
        year=year, round=round_, group=group, unit=unit, field=field, criterion=criterion
    )


def _nodes(tree: pd.DataFrame) -> list[Option]:
    """``(code, "code. name")`` once per code, in framework order."""
    seen: dict[str, str] = {}
    for code, name in zip(tree["code"], tree["name"], strict=True):
        seen.setdefault(str(code), f"{code}. {name}")
    return list(seen.items())


def filter_options(
    engine: Engine, state: ViewState, names: Iterable[str]
) -> dict[str, list[Option]]:
    """The choices of each filter in ``names`` for a resolved ``state``."""
    lang = state.lang
    out: dict[str, list[Option]] = {}
    for name in names:
        if name == "year":
            out[name] = [(y, str(y)) for y in queries.years(engine)]
        elif name == "round" and state.year is not None:
            out[name] = [
                (r, t("filter.round_n", lang, n=r)) for r in queries.rounds_of(engine, state.year)
            ]
        elif name == "group" and state.year is not None:
            out[name] = [
                (g, group_label(g, lang)) for g in queries.groups(engine, state.year)["group"]
            ]
        elif name in ("field", "criterion") and state.year is not None:
            tree = queries.framework(engine, state.year, state.group)
            if name == "field":
                out[name] = _nodes(tree[tree["level"] == 1])
            else:
                chosen = tree[tree["level"] == 2]
                if state.field is not None:
                    chosen = chosen[chosen["field_code"] == state.field]
                out[name] = _nodes(chosen)
        elif name == "unit":
            table = queries.units(engine, state.group)
            out[name] = list(zip(table["unit_code"], table["unit_name"], strict=True))
    return out


def schedule_text(engine: Engine, view: ViewState) -> str | None:
    """ "Lần 2 mở lúc 28/11/2023 07:30, khóa lúc 04/12/2023 17:00." when the schedule is known."""
    table = queries.rounds(engine)
    match = table[(table["year"] == view.year) & (table["round"] == view.round)]
    if match.empty or match[["opens_at", "locks_at"]].isna().all(axis=None):
        return None
    row = match.iloc[0]
    return t(
        "overview.schedule",
        view.lang,
        round=view.round,
        opens=formatting.datetime_vn(None if pd.isna(row["opens_at"]) else row["opens_at"]),
        locks=formatting.datetime_vn(None if pd.isna(row["locks_at"]) else row["locks_at"]),
    )
