"""The shared filter bar: year, round, group, field, criterion, unit (and the score switch).

Each control has id ``filter_id(name)``; its value goes to the URL through
``dashboard.components.url_state`` and comes back as ``layout(**kwargs)``.  A page chooses
which filters it shows by the keys of ``options``::

    filter_bar(state, {"year": years, "round": rounds, "group": groups}, lang)

Options are ``(value, label)`` pairs; the page gets them from ``dashboard.queries`` (see
:func:`dashboard.components.options.filter_options`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard.components.url_state import SCORES, ViewState, rendered_values
from dashboard.i18n import t
from dashboard.ids import filter_id

Option = tuple[Any, str]

FILTER_ORDER = ("year", "round", "group", "field", "criterion", "unit")
# Filters that always have a value (a view is always of one year and one round).
REQUIRED = frozenset({"year", "round"})
WIDTHS = {"year": 1, "round": 2, "group": 3, "field": 3, "criterion": 3, "unit": 3}


def _dropdown(name: str, value: Any, options: Sequence[Option], lang: str) -> dbc.Col:
    control_id = filter_id(name)
    return dbc.Col(
        [
            dbc.Label(t(f"filter.{name}", lang), className="form-label small mb-1"),
            dcc.Dropdown(
                id=control_id,
                options=[{"value": v, "label": label} for v, label in options],
                value=value,
                clearable=name not in REQUIRED,
                searchable=name in ("unit", "criterion"),
                placeholder=t("filter.all", lang),
                className=f"cchc-filter cchc-filter-{name}",
            ),
        ],
        xs=12,
        sm=6,
        lg=max(WIDTHS.get(name, 2), 2),
        xl=WIDTHS.get(name, 2),
        className="mb-2",
    )


def filter_bar(
    state: ViewState,
    options: Mapping[str, Sequence[Option]],
    lang: str,
    extra: Sequence[Any] = (),
) -> html.Div:
    """A row of the filters named in ``options`` (in the standard order), then ``extra``."""
    values = {
        "year": state.year,
        "round": state.round,
        "group": state.group,
        "field": state.field,
        "criterion": state.criterion,
        "unit": state.unit,
    }
    shown = {
        name: values[name] if values[name] in {v for v, _ in options[name]} else None
        for name in FILTER_ORDER
        if name in options
    }
    columns = [_dropdown(name, value, options[name], lang) for name, value in shown.items()]
    columns += [dbc.Col(item, xs="auto", className="mb-2 align-self-end") for item in extra]
    return html.Div(
        [
            dbc.Row(columns, className="g-2 align-items-end"),
            rendered_values("bar", {**shown, "score": state.score}),
        ],
        className="cchc-filter-bar d-print-none mb-3",
    )


def score_switch(state: ViewState, lang: str) -> dbc.RadioItems:
    """Appraised or self score; written to the URL as ``?score=self``."""
    return dbc.RadioItems(
        id=filter_id("score"),
        options=[{"label": t(f"score.{s}", lang), "value": s} for s in SCORES],
        value=state.score,
        inline=True,
        className="btn-group cchc-score-switch",
        inputClassName="btn-check",
        labelClassName="btn btn-outline-primary btn-sm",
        labelCheckedClassName="active",
    )
