"""The view lives in the URL: parsing it, writing it, and linking to another view.

One rule makes reload, shared links and back/forward all work: **the query string is the only
state**.  A filter control never drives a chart directly; the one callback below writes its
value into the URL (``dcc.Location``, ``refresh="callback-nav"``), Dash Pages re-renders the
page with the new query parameters as ``layout(**kwargs)``, and the page draws from those.

Any control with id ``dashboard.ids.filter_id(NAME)`` is written to ``?NAME=value`` — a page
adds its own view option (e.g. ``score``) just by giving its control that id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode

from dash import ALL, Input, Output, State, callback, ctx, dcc, no_update

from dashboard import ids
from dashboard.auth import current_scope
from dashboard.view import KEYS, AnyView


def parse_search(search: str | None) -> dict[str, str]:
    """``"?year=2023&round=2"`` -> ``{"year": "2023", "round": "2"}``."""
    return dict(parse_qsl((search or "").lstrip("?"), keep_blank_values=False))


def query_string(params: Mapping[str, object]) -> str:
    """``{"year": 2023, "unit": None}`` -> ``"?year=2023"``; empty values dropped."""
    present = {k: str(v) for k, v in params.items() if v is not None and str(v) != ""}
    ordered = [k for k in KEYS if k in present] + sorted(k for k in present if k not in KEYS)
    encoded = urlencode([(k, present[k]) for k in ordered])
    return f"?{encoded}" if encoded else ""


def merge_search(search: str | None, updates: Mapping[str, object]) -> str:
    """The query string ``search`` with ``updates`` applied (``None`` removes a key)."""
    params: dict[str, object] = dict(parse_search(search))
    params.update(updates)
    return query_string(params)


def scoped_search(search: str | None) -> str:
    """``search`` with its ``unit`` held to the signed-in user's scope (``Scope.unit``): a URL
    the server writes back names no unit the user may not see, even when the one it was asked
    with (forged) did."""
    asked = parse_search(search).get("unit")
    if asked is None:
        return query_string(parse_search(search))
    return merge_search(search, {"unit": current_scope().unit(asked)})


def href(path: str, state: AnyView, keys: Iterable[str] = KEYS, **overrides: object) -> str:
    """A link to ``path`` showing ``state`` (restricted to ``keys``) with ``overrides`` applied."""
    params: dict[str, object] = dict(state.params(keys))
    params.update(overrides)
    return path + query_string(params)


def rendered_values(scope: str, values: Mapping[str, Any]) -> dcc.Store:
    """Remember what the filter controls were rendered with.

    Dash fires the URL writer when a page's controls first appear (all of them at once, which
    the writer ignores); a lone control still showing its rendered value is not a user's
    choice either, so it must not be written (a default written into the URL would add a
    history entry and trap the back button).  ``filter_bar`` adds one of these; a page with
    its own ``filter_id`` control outside the bar may add another (any ``scope``).
    """
    data = {name: _plain(value) for name, value in values.items()}
    return dcc.Store(id=ids.rendered_id(scope), data=data, storage_type="memory")


def _plain(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, list):  # a multi-select control
        return ",".join(str(v) for v in value) or None
    return str(value)


def changed_filters(
    triggered: Sequence[Mapping[str, Any]], rendered: Mapping[str, str | None], search: str | None
) -> dict[str, str | None]:
    """``{name: new value}`` for the triggered controls whose value is not the rendered one.

    ``triggered``: ``[{"name": ..., "value": ...}]``.  A control nobody recorded is compared
    with the URL instead.
    """
    current = parse_search(search)
    changes: dict[str, str | None] = {}
    for item in triggered:
        name = str(item["name"])
        value = _plain(item["value"])
        before = rendered[name] if name in rendered else current.get(name)
        if value != before:
            changes[name] = value
    return changes


@callback(
    Output(ids.URL, "search", allow_duplicate=True),
    Input({"type": ids.FILTER_TYPE, "name": ALL}, "value"),
    State({"type": ids.RENDERED_TYPE, "scope": ALL}, "data"),
    State(ids.URL, "search"),
    prevent_initial_call=True,
)
def write_filter_to_url(
    _values: list[Any], rendered: list[Mapping[str, Any] | None], search: str | None
) -> Any:
    """A filter changed: put its value in the URL; the page re-renders from the URL."""
    triggered = []
    for item in ctx.triggered:
        prop_id = str(item["prop_id"]).rsplit(".", 1)[0]
        if prop_id.startswith("{"):
            triggered.append({"name": json.loads(prop_id)["name"], "value": item["value"]})
    if len(triggered) > 1:  # controls appearing (Dash triggers them all); a user changes one
        return no_update
    recorded: dict[str, Any] = {}
    for store in rendered:
        recorded.update(store or {})
    changes = changed_filters(triggered, recorded, search)
    if changes.get("unit") is not None:  # a unit of the user's scope only (a forged choice)
        changes["unit"] = current_scope().unit(changes["unit"])
    if not changes:
        return no_update
    new_search = merge_search(scoped_search(search), changes)
    return no_update if new_search == query_string(parse_search(search)) else new_search
