"""Empty and partial states: what a page shows instead of a chart, and why."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import dash_bootstrap_components as dbc
from dash import html

from dashboard import formatting
from dashboard.i18n import t
from dashboard.metrics import RoundStatus

LOAD_COMMAND = ".venv/bin/cchc load data/units.csv data/frameworks/ data/rounds.csv exports/"
DEMO_COMMAND = ".venv/bin/cchc demo"


def _state(title: str, body: list[Any], colour: str, kind: str) -> dbc.Alert:
    return dbc.Alert(
        [html.H2(title, className="h5 alert-heading"), *body],
        color=colour,
        className=f"cchc-state cchc-state-{kind}",
    )


def forbidden(lang: str) -> dbc.Alert:
    """The signed-in user's role may not open this page."""
    return _message("forbidden", "warning", lang)


def no_data(lang: str) -> dbc.Alert:
    """The warehouse is empty: say so, and how to load it."""
    return _state(
        t("empty.no_data_title", lang),
        [
            html.P(t("empty.no_data_body", lang)),
            html.Pre(html.Code(LOAD_COMMAND), className="cchc-command"),
            html.P(t("empty.no_data_demo", lang), className="mb-1"),
            html.Pre(html.Code(DEMO_COMMAND), className="cchc-command mb-0"),
        ],
        "info",
        "no-data",
    )


def _message(name: str, colour: str, lang: str, prefix: str | None = None) -> dbc.Alert:
    """A state with a title and one paragraph: texts ``<prefix>_title`` / ``_body``, the
    prefix being ``empty.<name>`` unless given."""
    prefix = prefix or f"empty.{name}"
    return _state(
        t(f"{prefix}_title", lang),
        [html.P(t(f"{prefix}_body", lang), className="mb-0")],
        colour,
        name.replace("_", "-"),
    )


def no_match(lang: str) -> dbc.Alert:
    """Data exists, but not for the chosen filters."""
    return _message("no_match", "secondary", lang)


def not_appraised(lang: str) -> dbc.Alert:
    """Self scores exist but the round has not been appraised yet."""
    return _message("not_appraised", "warning", lang)


def pick_unit(lang: str) -> dbc.Alert:
    """The unit page before a unit is chosen."""
    return _message("pick_unit", "secondary", lang)


def warehouse_down(lang: str) -> dbc.Alert:
    """The warehouse cannot be reached (database server down): say so; it comes back alone."""
    return _message("warehouse_down", "danger", lang, prefix="error.warehouse")


def page_header(title_key: str, lang: str, lead: str | None = None) -> html.Div:
    """The page's <h1> (its name in the current language) and an optional lead line."""
    children: list[Any] = [html.H1(t(title_key, lang), className="h2 mb-1")]
    if lead:
        children.append(html.P(lead, className="text-body-secondary mb-0 cchc-lead"))
    return html.Div(children, className="cchc-page-header mb-3")


def duration_text(delta: timedelta, lang: str) -> str:
    """``3 ngày 4 giờ``, ``5 giờ 12 phút`` or ``7 phút`` (the two largest units that count;
    ``lang="en"``: ``3 d 4 h``), the counts written in ``lang``."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [("progress.days", days), ("progress.hours", hours), ("progress.minutes", mins)]
    while len(parts) > 1 and parts[0][1] == 0:
        parts.pop(0)
    return " ".join(t(key, lang, n=formatting.integer(n, lang=lang)) for key, n in parts[:2])


def status_text(status: RoundStatus, delta: timedelta | None, lang: str) -> str:
    """A round's status as its badge says it: "Còn 3 ngày 4 giờ", "Đã khóa"…"""
    if status == "locked":
        return t("progress.locked", lang)
    if status == "no_schedule":
        return t("progress.no_schedule", lang)
    assert delta is not None
    if status == "not_open":
        return f"{t('progress.not_open', lang)} ({duration_text(delta, lang)})"
    return t("progress.remaining", lang, time=duration_text(delta, lang))
