"""The filter choices of a resolved view (``dashboard.view.resolve`` makes the view):
``filter_options`` gives each filter's ``(value, label)`` choices, read through
``dashboard.queries``."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import Engine

from dashboard import formatting, queries
from dashboard.components.filters import Option
from dashboard.i18n import group_label, t
from dashboard.view import AnyView, Page, rounds_for


def _nodes(tree: pd.DataFrame) -> list[Option]:
    """``(code, "code. name")`` once per code, in framework order."""
    seen: dict[str, str] = {}
    for code, name in zip(tree["code"], tree["name"], strict=True):
        seen.setdefault(str(code), f"{code}. {name}")
    return list(seen.items())


def filter_options(
    engine: Engine, state: AnyView, names: Iterable[str], page: Page | None = None
) -> dict[str, list[Option]]:
    """The choices of each filter in ``names`` for a resolved ``state``."""
    lang = state.lang
    out: dict[str, list[Option]] = {}
    for name in names:
        if name == "year":
            out[name] = [(y, str(y)) for y in queries.years(engine)]
        elif name == "round" and state.year is not None:
            out[name] = [
                (r, t("filter.round_n", lang, n=r)) for r in rounds_for(engine, state.year, page)
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


def schedule_text(engine: Engine, view: AnyView) -> str | None:
    """ "Lần 2 mở lúc 28/11/2023 07:30, khóa lúc 04/12/2023 17:00." when the schedule is known
    (times written in the view's language: ``2023-12-04 17:00`` in English)."""
    table = queries.rounds(engine)
    match = table[(table["year"] == view.year) & (table["round"] == view.round)]
    if match.empty or match[["opens_at", "locks_at"]].isna().all(axis=None):
        return None
    row = match.iloc[0]
    return t(
        "overview.schedule",
        view.lang,
        round=view.round,
        opens=formatting.datetime_vn(row["opens_at"], lang=view.lang),
        locks=formatting.datetime_vn(row["locks_at"], lang=view.lang),
    )
