"""The shared filter bar: year, round, group, field, criterion, unit (and the score switch).

Each control has id ``filter_id(name)``; its value goes to the URL through
``dashboard.components.url_state`` and comes back as ``layout(**kwargs)``.  A page chooses
which filters it shows by the keys of ``options``::

    filter_bar(state, {"year": years, "round": rounds, "group": groups}, lang)

Options are ``(value, label)`` pairs; the page gets them from ``dashboard.queries`` (see
:func:`dashboard.components.options.filter_options`).

On a phone (below Bootstrap's ``md``, 768 px) the filters fold away behind a "Bộ lọc" /
"Filters" button that names the current choices ("2023 · Lần 2 · UBND cấp huyện"); the button
opens and closes them (a ``dbc.Collapse``, a clientside callback, ``aria-expanded``).  From
``md`` up the button is hidden and the filters always shown (``assets/app.css``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dash_bootstrap_components as dbc
from dash import Input, Output, State, clientside_callback, dcc, html

from dashboard.components.url_state import rendered_values
from dashboard.i18n import t
from dashboard.ids import PageIds, filter_id
from dashboard.view import SCORES, AnyView

Option = tuple[Any, str]

FILTER_ORDER = ("year", "round", "group", "field", "criterion", "unit")
# Filters that always have a value (a view is always of one year and one round).
REQUIRED = frozenset({"year", "round"})
WIDTHS = {"year": 1, "round": 2, "group": 3, "field": 3, "criterion": 3, "unit": 3}
ID = PageIds("filters")  # one filter bar per page
TOGGLE = ID("toggle")
COLLAPSE = ID("collapse")


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
    state: AnyView,
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
            _toggle(summary(shown, options), lang),
            dbc.Collapse(
                dbc.Row(columns, className="g-2 align-items-end"),
                id=COLLAPSE,
                is_open=False,  # on a phone; always shown from md up (assets/app.css)
                className="cchc-filter-collapse",
            ),
            rendered_values("bar", {**shown, "score": state.score}),
        ],
        className="cchc-filter-bar d-print-none mb-3",
    )


def summary(shown: Mapping[str, Any], options: Mapping[str, Sequence[Option]]) -> str:
    """The chosen filters' labels in the bar's order: ``"2023 · Lần 2 · UBND cấp huyện"``."""
    labels = []
    for name, value in shown.items():
        if value is not None:
            labels += [label for v, label in options[name] if v == value][:1]
    return " · ".join(str(label) for label in labels)


def _toggle(chosen: str, lang: str) -> html.Button:
    """The phone's "Bộ lọc" button: opens and closes the filters, names what is chosen."""
    hidden: dict[str, Any] = {"aria-hidden": "true"}
    aria: dict[str, Any] = {"aria-expanded": "false", "aria-controls": COLLAPSE}
    return html.Button(
        [
            html.Span(t("filter.toggle", lang), className="fw-semibold"),
            html.Span(chosen, className="cchc-filter-summary text-truncate"),
            html.Span("▾", className="cchc-filter-caret", **hidden),
        ],
        id=TOGGLE,
        n_clicks=0,
        type="button",
        title=t("filter.toggle_title", lang),
        className="cchc-filter-toggle btn btn-sm btn-outline-secondary",
        **aria,
    )


clientside_callback(
    """function(n, open) {
        const next = !open;
        return [next, next ? 'true' : 'false'];
    }""",
    Output(COLLAPSE, "is_open"),
    Output(TOGGLE, "aria-expanded"),
    Input(TOGGLE, "n_clicks"),
    State(COLLAPSE, "is_open"),
    prevent_initial_call=True,
)


def score_switch(state: AnyView, lang: str) -> dbc.RadioItems:
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
