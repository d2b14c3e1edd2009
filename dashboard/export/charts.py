"""Each page's charts and tables for a view, rebuilt outside Dash for exports.

A page's chart is built here exactly as on screen: the same ``dashboard.queries`` call and
the same figure builder from ``dashboard/figures``.  Pages are named by their slug
(``rankings``) or by their URL path (``xep-hang``)::

    result = chart(engine, "rankings", view)            # the page's main chart
    png = export_chart(engine, "rankings", view, "png")
    svg = export_chart(engine, "gaps", view, "svg", "fields")  # another chart, by name
    xlsx = export_table(engine, "rankings", view, "xlsx")
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from dashboard import formatting, queries
from dashboard.components.url_state import ViewState
from dashboard.export import images, tables
from dashboard.figures import criterion as criterion_fig
from dashboard.figures import evidence as evidence_fig
from dashboard.figures import gaps as gaps_fig
from dashboard.figures import overview as overview_fig
from dashboard.figures import progress as progress_fig
from dashboard.figures import rankings as rankings_fig
from dashboard.figures import scorecard as scorecard_fig
from dashboard.i18n import group_label, t

View = ViewState

PAGE_PATHS: dict[str, str] = {
    "overview": "",
    "rankings": "xep-hang",
    "gaps": "chenh-lech",
    "evidence": "tai-lieu-kiem-chung",
    "unit": "don-vi",
    "criteria": "tieu-chi",
    "progress": "tien-do",
}
PAGE_TITLES: dict[str, str] = {
    "overview": "Tổng quan Chỉ số CCHC theo nhóm",
    "rankings": "Xếp hạng Chỉ số CCHC",
    "gaps": "Chênh lệch giữa điểm tự chấm và điểm thẩm định",
    "evidence": "Tài liệu kiểm chứng còn thiếu",
    "unit": "Chỉ số thành phần theo lĩnh vực",
    "criteria": "Điểm theo tiêu chí",
    "progress": "Tiến độ gửi kết quả tự đánh giá",
}


# The filters each page honours; the others are dropped from its exports and captions.
PAGE_FILTERS: dict[str, tuple[str, ...]] = {
    "overview": (),
    "rankings": ("group", "score"),
    "gaps": ("group", "field"),
    "evidence": ("group", "field"),
    "unit": ("unit",),
    "criteria": ("group", "field", "criterion"),
    "progress": ("group",),
}
OPTIONAL_FILTERS = ("group", "field", "criterion", "unit", "score")


def page_view(slug: str, view: ViewState) -> ViewState:
    """``view`` without the filters page ``slug`` does not use (year and round are kept)."""
    kept = PAGE_FILTERS[slug]
    dropped = {
        name: ("appraised" if name == "score" else None)
        for name in OPTIONAL_FILTERS
        if name not in kept
    }
    return view.with_(**dropped)


def format_plain(value: float) -> str:
    """A bound such as ``90`` or ``72,5`` (no trailing zeros), Vietnamese decimal comma."""
    return formatting.number(value, 0 if float(value).is_integer() else 2)


def page_slug(name: str) -> str:
    """``"xep-hang"`` or ``"rankings"`` → ``"rankings"``; ExportError for an unknown page."""
    key = name.strip().strip("/").lower()
    if key in PAGE_PATHS:
        return key
    for slug, path in PAGE_PATHS.items():
        if key == path:
            return slug
    known = ", ".join(PAGE_PATHS)
    raise images.ExportError(f"Không có trang {name!r} (các trang: {known}) / unknown page")


# --- the view: filters resolved against the warehouse -------------------------------------------


def resolve_view(engine: Engine, view: ViewState) -> ViewState:
    """``view`` with year/round defaulted to the latest and unknown choices dropped."""
    from dashboard.components.options import resolve

    resolved = resolve(view, engine)
    if resolved is None:
        raise images.ExportError(
            "Kho dữ liệu chưa có điểm nào; hãy chạy `cchc load` hoặc `cchc demo` trước. / "
            "The warehouse holds no scores yet: run `cchc load` or `cchc demo` first."
        )
    return resolved


def _node_name(engine: Engine, view: ViewState, code: str) -> str:
    assert view.year is not None
    tree = queries.framework(engine, view.year, view.group)
    match = tree.loc[tree["code"] == code, "name"]
    return f"{code}. {match.iloc[0]}" if len(match) else code


def describe_filters(
    engine: Engine, view: ViewState, *, by_group: bool = True
) -> list[tuple[str, str]]:
    """The active filters as ``(label, value)`` pairs, names instead of codes.

    ``by_group``: the page can be filtered by group, so "all groups" is worth saying.
    """
    out = [("Năm", str(view.year)), ("Lần", str(view.round))]
    if view.group or by_group:
        out.append(("Nhóm", group_label(view.group) if view.group else "Tất cả các nhóm"))
    if view.field:
        out.append(("Lĩnh vực", _node_name(engine, view, view.field)))
    if view.criterion:
        out.append(("Tiêu chí", _node_name(engine, view, view.criterion)))
    if view.unit:
        out.append(("Đơn vị", queries.unit_names(engine, [view.unit])[view.unit]))
    if view.score == "self":
        out.append(("Điểm", "Tự chấm"))
    return out


def filters_text(filters: list[tuple[str, str]]) -> str:
    """``"Năm 2023 · Lần 2 · Nhóm: Sở, ban, ngành"``."""
    parts = []
    for label, value in filters:
        parts.append(f"{label} {value}" if label in ("Năm", "Lần") else f"{label}: {value}")
    return " · ".join(parts)


def data_date(engine: Engine, view: ViewState) -> str | None:
    """``dd/mm/yyyy`` the round's data stands at: its lock time once passed, else today.

    ``None`` when the round has no schedule (a scores file loaded without a rounds file).
    """
    schedule = queries.rounds(engine)
    match = schedule[(schedule["year"] == view.year) & (schedule["round"] == view.round)]
    if not len(match) or pd.isna(match["locks_at"].iloc[0]):
        return None
    locks_at = pd.Timestamp(match["locks_at"].iloc[0]).to_pydatetime()
    return formatting.date_vn(min(locks_at, datetime.now()))


# --- each page's chart ----------------------------------------------------------------------


def _group_or_first(engine: Engine, view: ViewState) -> str:
    """Rankings are within one group: the view's group, else the year's first group."""
    if view.group:
        return view.group
    assert view.year is not None
    present = queries.groups(engine, view.year)
    if present.empty:
        raise images.ExportError("Năm đã chọn chưa có nhóm nào có điểm / no group has scores")
    return str(present["group"].iloc[0])


def ranking_figure(engine: Engine, view: ViewState, *, for_report: bool = False) -> go.Figure:
    group = _group_or_first(engine, view)
    assert view.year is not None and view.round is not None
    table = queries.rankings(engine, view.year, view.round, group, score=view.score)
    change = None if for_report else "rank_change_round"
    return rankings_fig.ranking_bars(table, lang=view.lang, change_col=change)


def evidence_figure(engine: Engine, view: ViewState, *, for_report: bool = False) -> go.Figure:
    assert view.year is not None and view.round is not None
    group = _group_or_first(engine, view)
    matrix = queries.evidence_matrix(engine, view.year, view.round, group, "field", view.field)
    return evidence_fig.evidence_heatmap(matrix, lang=view.lang)


def gaps_figure(engine: Engine, view: ViewState, *, for_report: bool = False) -> go.Figure:
    assert view.year is not None and view.round is not None
    scores = queries.unit_scores(engine, view.year, view.round, view.group, view.field)
    return gaps_fig.gap_scatter(scores, lang=view.lang)


def overview_figure(engine: Engine, view: ViewState, *, for_report: bool = False) -> go.Figure:
    assert view.year is not None and view.round is not None
    return overview_fig.group_ranges(
        queries.overview(engine, view.year, view.round), lang=view.lang
    )


def unit_figure(engine: Engine, view: ViewState, *, for_report: bool = False) -> go.Figure:
    assert view.year is not None and view.round is not None
    if not view.unit:
        raise images.ExportError("Hãy chọn một đơn vị (--unit) / choose a unit (--unit)")
    card = queries.scorecard(engine, view.year, view.round, view.unit)
    return scorecard_fig.field_bars(card.fields, lang=view.lang)


def _node(view: ViewState) -> str:
    node = view.criterion or view.field
    if not node:
        raise images.ExportError(
            "Hãy chọn một lĩnh vực hoặc tiêu chí (--field/--criterion) / "
            "choose a field or criterion (--field/--criterion)"
        )
    return node


def criteria_figure(engine: Engine, view: ViewState, *, for_report: bool = False) -> go.Figure:
    assert view.year is not None and view.round is not None
    group = _group_or_first(engine, view)
    table = queries.criterion_explorer(engine, view.year, view.round, group, _node(view))
    return criterion_fig.lost_points_bars(table, lang=view.lang)


def progress_figure(engine: Engine, view: ViewState, *, for_report: bool = False) -> go.Figure:
    assert view.year is not None and view.round is not None
    progress = queries.progress(engine, view.year, view.round)
    units = progress.units
    if view.group:
        units = units[units["group"] == view.group]
    return progress_fig.send_timeline(units, progress.opens_at, progress.locks_at, lang=view.lang)


def _gaps_fields_figure(engine: Engine, view: ViewState, *, for_report: bool = False) -> go.Figure:
    assert view.year is not None and view.round is not None
    fields = queries.field_scores(engine, view.year, view.round, view.group)
    return gaps_fig.field_gap_bars(fields, lang=view.lang)


def _gaps_criteria_figure(
    engine: Engine, view: ViewState, *, for_report: bool = False
) -> go.Figure:
    assert view.year is not None and view.round is not None
    table = queries.criterion_gaps(engine, view.year, view.round, view.group, view.field)
    return gaps_fig.criterion_gap_bars(table, lang=view.lang)


def _gaps_rounds_figure(engine: Engine, view: ViewState, *, for_report: bool = False) -> go.Figure:
    assert view.year is not None
    table = queries.gap_rounds(engine, view.year, view.group)
    pair = gaps_fig.compared_rounds(table)
    if pair is None:
        raise images.ExportError(
            f"Năm {view.year} mới có một lần chấm, chưa so sánh được giữa các lần / "
            f"year {view.year} has only one round: nothing to compare"
        )
    return gaps_fig.gap_round_dumbbell(table, *pair, lang=view.lang)


def _evidence_rounds_figure(
    engine: Engine, view: ViewState, *, for_report: bool = False
) -> go.Figure:
    assert view.year is not None and view.round is not None
    by_round = {
        r: queries.unit_evidence(engine, view.year, r, view.group, view.field)
        for r in queries.rounds_of(engine, view.year)
    }
    totals = evidence_fig.round_totals(by_round)
    return evidence_fig.round_total_bars(totals, view.round, lang=view.lang)


def _criteria_distribution_figure(
    engine: Engine, view: ViewState, *, for_report: bool = False
) -> go.Figure:
    assert view.year is not None and view.round is not None
    group = _group_or_first(engine, view)
    table = queries.criterion_explorer(engine, view.year, view.round, group, _node(view))
    return criterion_fig.score_distribution(table, lang=view.lang)


def _unit_history_figure(engine: Engine, view: ViewState, *, for_report: bool = False) -> go.Figure:
    assert view.year is not None and view.round is not None
    if not view.unit:
        raise images.ExportError("Hãy chọn một đơn vị (--unit) / choose a unit (--unit)")
    card = queries.scorecard(engine, view.year, view.round, view.unit)
    return scorecard_fig.history_lines(card.history, lang=view.lang)


FigureFn = Callable[..., go.Figure]
GROUP_PAGES = ("rankings", "criteria", "evidence")  # charts of one group at a time

# Every chart of every page, by name; each page's first chart is its main one (the default).
CHARTS: dict[str, dict[str, FigureFn]] = {
    "overview": {"groups": overview_figure},
    "rankings": {"bars": ranking_figure},
    "gaps": {
        "scatter": gaps_figure,
        "fields": _gaps_fields_figure,
        "criteria": _gaps_criteria_figure,
        "rounds": _gaps_rounds_figure,
    },
    "evidence": {"heatmap": evidence_figure, "rounds": _evidence_rounds_figure},
    "unit": {"fields": unit_figure, "history": _unit_history_figure},
    "criteria": {"lost": criteria_figure, "distribution": _criteria_distribution_figure},
    "progress": {"timeline": progress_figure},
}
# The main charts (``report_figure`` and the default export).
FIGURES: dict[str, FigureFn] = {slug: next(iter(named.values())) for slug, named in CHARTS.items()}
# Titles of the other charts: their card titles (``dashboard.i18n``); main charts use PAGE_TITLES.
CHART_TITLE_KEYS: dict[tuple[str, str], str] = {
    ("gaps", "fields"): "gaps.field_title",
    ("gaps", "criteria"): "gaps.criteria_title",
    ("gaps", "rounds"): "gaps.rounds_title",
    ("evidence", "rounds"): "evidence.rounds_title",
    ("unit", "history"): "unit.history_title",
    ("criteria", "distribution"): "criteria.distribution_title",
}


class UnknownChartError(images.ExportError):
    """A chart name the page does not have."""

    status = 404


def main_chart(slug: str) -> str:
    """The name of page ``slug``'s main chart (``"scatter"`` for ``"gaps"``)."""
    return next(iter(CHARTS[page_slug(slug)]))


def chart_name(slug: str, name: str | None) -> str:
    """``name`` checked against page ``slug``'s charts; ``None`` = the main chart."""
    charts = CHARTS[page_slug(slug)]
    if name is None:
        return next(iter(charts))
    key = name.strip().lower()
    if key not in charts:
        known = ", ".join(charts)
        raise UnknownChartError(
            f"Trang {slug!r} không có biểu đồ {name!r} (các biểu đồ: {known}) / "
            f"page {slug!r} has no chart {name!r} (charts: {known})"
        )
    return key


def chart_title(slug: str, name: str) -> str:
    """The chart's export title (without year and round)."""
    key = CHART_TITLE_KEYS.get((slug, name))
    return t(key, "vi") if key else PAGE_TITLES[slug]


def report_figure(engine: Engine, slug: str, view: ViewState) -> go.Figure:
    """The page's chart as drawn for the printed report."""
    return FIGURES[slug](engine, view, for_report=True)


@dataclass(frozen=True)
class Chart:
    figure: go.Figure
    title: str
    caption: list[str]


def chart(engine: Engine, slug: str, view: ViewState, name: str | None = None) -> Chart:
    """Chart ``name`` of page ``slug`` (its main chart by default) for ``view``, with its
    export title and caption lines.  :class:`UnknownChartError` for a name the page lacks."""
    slug = page_slug(slug)
    name = chart_name(slug, name)
    resolved = resolve_view(engine, page_view(slug, view))
    if slug in GROUP_PAGES and not resolved.group:
        resolved = resolved.with_(group=_group_or_first(engine, resolved))
    figure = CHARTS[slug][name](engine, resolved)
    filters = describe_filters(engine, resolved, by_group="group" in PAGE_FILTERS[slug])
    title = f"{chart_title(slug, name)} — năm {resolved.year}, lần {resolved.round}"
    caption = images.caption_lines(filters_text(filters), data_date(engine, resolved))
    return Chart(figure, title, caption)


def export_chart(
    engine: Engine, slug: str, view: ViewState, fmt: str, name: str | None = None
) -> bytes:
    """Chart ``name`` of page ``slug`` (main by default) as PNG/SVG/PDF bytes, titled, with
    the filters and the source."""
    result = chart(engine, slug, view, name)
    return images.export_figure(result.figure, fmt, caption=result.caption, title=result.title)


# --- each page's tables -----------------------------------------------------------------------

RANKING_COLUMNS = ["rank", "unit_code", "unit_name", "group_label", "points", "max_points",
                   "index", "band", "prev_round_rank", "rank_change_round"]  # fmt: skip
GAP_COLUMNS = ["unit_code", "unit_name", "group_label", "self_points", "appraised_self_points",
               "self_index", "appraised_self_index", "gap_points", "gap_index"]  # fmt: skip
EVIDENCE_COLUMNS = ["unit_code", "unit_name", "group_label", "evidence_required",
                    "missing_evidence", "missing_evidence_share", "self_positive",
                    "missing_explanation", "missing_explanation_share"]  # fmt: skip
PROGRESS_COLUMNS = ["unit_code", "unit_name", "group_label", "sent", "sent_at", "late",
                    "report_attached", "approved"]  # fmt: skip
CRITERIA_COLUMNS = ["unit_code", "unit_name", "group_label", "max_points", "points", "index",
                    "lost_points", "gap_points", "missing_evidence_share"]  # fmt: skip
UNIT_COLUMNS = ["criterion_code", "criterion_name", "max_points", "self_score",
                "appraised_score", "gap", "evidence_count", "explanation",
                "appraisal_note"]  # fmt: skip
EXTRA_HEADERS = {
    "missing_evidence_share": "Tỷ lệ thiếu TLKC",
    "missing_explanation_share": "Tỷ lệ thiếu giải trình",
    "self_positive": "Số tiêu chí tự chấm > 0",
    "late": "Gửi trễ hạn",
    "lost_points": "Điểm bị mất",
    "group_label": "Nhóm",
    "mean_index": "Chỉ số bình quân (%)",
    "best_unit": "Đơn vị cao nhất",
    "best_index": "Chỉ số cao nhất (%)",
    "worst_unit": "Đơn vị thấp nhất",
    "worst_index": "Chỉ số thấp nhất (%)",
    "ranked_units": "Số đơn vị được xếp hạng",
    "unsent": "Số đơn vị chưa gửi",
    "prev_round_rank": "Hạng lần trước",
    "rank_change_round": "Thay đổi hạng so với lần trước",
}


def _pick(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The export columns, group labels as the UI shows them (``dashboard.i18n``)."""
    if "group" in frame.columns:
        frame = frame.assign(group_label=[group_label(str(g)) for g in frame["group"]])
    return frame[[c for c in columns if c in frame.columns]].reset_index(drop=True)


def _per_group(frame: pd.DataFrame, title: str) -> list[tables.Table]:
    """One sheet per group (units are only compared within their group)."""
    if "group_label" not in frame.columns or frame["group_label"].nunique() <= 1:
        return [tables.Table(title, frame, EXTRA_HEADERS)]
    return [
        tables.Table(f"{title} - {label}", part.reset_index(drop=True), EXTRA_HEADERS)
        for label, part in frame.groupby("group_label", sort=False)
    ]


def page_tables(engine: Engine, slug: str, view: ViewState) -> list[tables.Table]:
    """The data behind the page's chart and table, as export sheets."""
    slug = page_slug(slug)
    v = resolve_view(engine, page_view(slug, view))
    assert v.year is not None and v.round is not None
    if slug == "rankings":
        frame = queries.rankings(engine, v.year, v.round, v.group, score=v.score)
        return _per_group(_pick(frame, RANKING_COLUMNS), "Xếp hạng")
    if slug == "gaps":
        frame = queries.unit_scores(engine, v.year, v.round, v.group, v.field)
        return _per_group(_pick(frame, GAP_COLUMNS), "Chênh lệch")
    if slug == "evidence":
        frame = queries.unit_evidence(engine, v.year, v.round, v.group, v.field)
        return _per_group(_pick(frame, EVIDENCE_COLUMNS), "Tài liệu kiểm chứng")
    if slug == "progress":
        frame = queries.progress(engine, v.year, v.round).units
        if v.group:
            frame = frame[frame["group"] == v.group]
        return [tables.Table("Tiến độ", _pick(frame, PROGRESS_COLUMNS), EXTRA_HEADERS)]
    if slug == "criteria":
        group = _group_or_first(engine, v)
        frame = queries.criterion_explorer(engine, v.year, v.round, group, _node(v))
        return [tables.Table("Tiêu chí", _pick(frame, CRITERIA_COLUMNS), EXTRA_HEADERS)]
    if slug == "unit":
        if not v.unit:
            raise images.ExportError("Hãy chọn một đơn vị / choose a unit")
        leaves = queries.unit_leaves(engine, v.year, v.round, v.unit, v.criterion or v.field)
        return [tables.Table("Đơn vị", _pick(leaves, UNIT_COLUMNS), EXTRA_HEADERS)]
    frame = queries.overview(engine, v.year, v.round)
    columns = ["group_label", "units", "ranked_units", "mean_index", "best_unit", "best_index",
               "worst_unit", "worst_index", "missing_evidence", "unsent"]  # fmt: skip
    return [tables.Table("Tổng quan", _pick(frame, columns), EXTRA_HEADERS)]


def export_table(engine: Engine, slug: str, view: ViewState, fmt: str) -> bytes:
    """The page's data as XLSX (one sheet per table + "Bộ lọc") or CSV (the first table)."""
    sheets = page_tables(engine, slug, view)
    resolved = resolve_view(engine, page_view(page_slug(slug), view))
    if fmt == "xlsx":
        by_group = "group" in PAGE_FILTERS[page_slug(slug)]
        filters = describe_filters(engine, resolved, by_group=by_group)
        as_of = data_date(engine, resolved)
        if as_of:
            filters.append(("Dữ liệu đến ngày", as_of))
        filters.append(("Xuất lúc", datetime.now().strftime("%d/%m/%Y %H:%M")))
        return tables.to_xlsx(sheets, filters)
    if fmt == "csv":
        combined = pd.concat([s.frame for s in sheets], ignore_index=True)
        return tables.to_csv(combined, EXTRA_HEADERS)
    raise images.ExportError(f"Định dạng bảng không hỗ trợ / unsupported table format: {fmt!r}")
