"""Each page's charts and tables as files, for the download routes, ``cchc export`` and the
report pack.

The chart or table is the page's own (:mod:`dashboard.specs`), drawn for the view resolved
once for the page (:func:`dashboard.view.resolve`); this module adds what a file needs on top:
a title, the caption (the active filters, the data date, the source) and the file format, in
the view's language.  Pages are named by their slug (``rankings``) or URL path (``xep-hang``)::

    png = export_chart(engine, "rankings", state, "png")
    svg = export_chart(engine, "gaps", state, "svg", "fields")  # another chart, by name
    xlsx = export_table(engine, "rankings", state, "xlsx")
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from dashboard import formatting, queries, specs
from dashboard.export import images, tables
from dashboard.i18n import DEFAULT_LANG, both, group_label, t
from dashboard.specs import tables as table_specs
from dashboard.view import Page, UnknownPageError, View, ViewState, page_of, require

IMAGE_FORMATS = ("png", "svg", "pdf")
TABLE_FORMATS = ("xlsx", "csv")


def format_plain(value: float, *, lang: str = DEFAULT_LANG) -> str:
    """A bound such as ``90`` or ``72,5`` (``72.5`` in English), no trailing zeros."""
    return formatting.number(value, 0 if float(value).is_integer() else 2, lang=lang)


def page_view(engine: Engine, page: Page, view: View | ViewState) -> View:
    """The view resolved for ``page`` (a resolved one is taken as it is)."""
    return view if isinstance(view, View) else require(engine, view, page)


def describe_filters(engine: Engine, view: View, page: Page) -> list[tuple[str, str]]:
    """The active filters as ``(label, value)`` pairs in the view's language, names instead
    of codes; a page filtered by group says "all" when no group is chosen."""
    lang, where = view.lang, (view.year, view.group)
    out = [(t("filter.year", lang), str(view.year)), (t("filter.round", lang), str(view.round))]
    if view.group:
        out.append((t("filter.group", lang), group_label(view.group, lang)))
    elif "group" in page.filters and page.slug != "unit":
        out.append((t("filter.group", lang), t("filter.all", lang)))
    for name in ("field", "criterion"):
        code = getattr(view, name)
        if code:
            out.append((t(f"filter.{name}", lang), queries.node_name(engine, *where, code)))
    if view.unit:
        out.append((t("filter.unit", lang), queries.unit_names(engine, [view.unit])[view.unit]))
    if view.score == "self":
        out.append((t("filter.score", lang), t("score.self", lang)))
    return out


def filters_text(filters: list[tuple[str, str]]) -> str:
    """``"Năm 2023 · Lần 2 · Nhóm: Sở, ban, ngành tỉnh"``."""
    parts = [f"{label} {value}" if i < 2 else f"{label}: {value}"
             for i, (label, value) in enumerate(filters)]  # fmt: skip
    return " · ".join(parts)


def data_date(engine: Engine, view: View) -> str | None:
    """The date the round's data stands at, in the view's language (``dd/mm/yyyy``, English
    ``yyyy-mm-dd``): its lock time once passed, else today.

    ``None`` when the round has no schedule (a scores file loaded without a rounds file).
    """
    schedule = queries.rounds(engine)
    match = schedule[(schedule["year"] == view.year) & (schedule["round"] == view.round)]
    if not len(match) or pd.isna(match["locks_at"].iloc[0]):
        return None
    locks_at = pd.Timestamp(match["locks_at"].iloc[0]).to_pydatetime()
    return formatting.date_vn(min(locks_at, datetime.now()), lang=view.lang)


# --- charts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    figure: go.Figure
    title: str
    caption: list[str]
    view: View


def chart(engine: Engine, slug: str, view: View | ViewState, name: str | None = None) -> Chart:
    """Chart ``name`` of page ``slug`` (its main chart by default) with its export title and
    caption lines.  :class:`dashboard.view.UnknownPageError` for a name the page lacks."""
    page = page_of(slug)
    spec = specs.chart_spec(page, name)
    resolved = specs.registry.chart_view(engine, spec, page_view(engine, page, view))
    figure = spec.draw(engine, resolved)
    lang = resolved.lang
    when = t("export.when", lang, year=resolved.year, round=resolved.round)
    title = f"{spec.title(lang)} — {when}"
    filters = filters_text(describe_filters(engine, resolved, page))
    caption = images.caption_lines(filters, data_date(engine, resolved), lang)
    return Chart(figure, title, caption, resolved)


def export_chart(
    engine: Engine, slug: str, view: View | ViewState, fmt: str, name: str | None = None
) -> bytes:
    """Chart ``name`` of page ``slug`` (main by default) as PNG/SVG/PDF bytes, titled, with
    the filters and the source."""
    result = chart(engine, slug, view, name)
    return images.export_figure(result.figure, fmt, caption=result.caption, title=result.title)


def report_figure(engine: Engine, slug: str, view: View) -> go.Figure:
    """Page ``slug``'s main chart as printed in the leadership report."""
    page = page_of(slug)
    return specs.figure(engine, specs.chart_spec(page), view, report=True)


# --- tables ------------------------------------------------------------------------------------


def page_tables(engine: Engine, slug: str, view: View | ViewState) -> list[tables.Table]:
    """The data behind the page's charts and table, as export sheets."""
    page = page_of(slug)
    build = table_specs.TABLES.get(page.slug)
    if build is None:
        known = ", ".join(table_specs.TABLES)
        raise UnknownPageError(both("error.unknown_page", name=slug, known=known))
    resolved = page_view(engine, page, view)
    return [tables.Table(s.title, s.frame, s.headers) for s in build(engine, resolved)]


def export_table(engine: Engine, slug: str, view: View | ViewState, fmt: str) -> bytes:
    """The page's data as XLSX (one sheet per table + the filters sheet) or CSV (every
    table in one), headers in the view's language."""
    page = page_of(slug)
    resolved = page_view(engine, page, view)
    sheets = page_tables(engine, slug, resolved)
    lang = resolved.lang
    if fmt == "xlsx":
        filters = describe_filters(engine, resolved, page)
        as_of = data_date(engine, resolved)
        if as_of:
            filters.append((t("sheet.data_date", lang), as_of))
        now = formatting.datetime_vn(datetime.now(), lang=lang)
        filters.append((t("sheet.exported_at", lang), now))
        return tables.to_xlsx(sheets, filters, lang)
    if fmt == "csv":
        combined = pd.concat([s.frame for s in sheets], ignore_index=True)
        return tables.to_csv(combined, sheets[0].headers if sheets else {})
    raise images.ExportError(f"Định dạng bảng không hỗ trợ / unsupported table format: {fmt!r}")
