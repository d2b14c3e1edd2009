"""The follow-up view's chart and tables ("Theo dõi khắc phục", :mod:`dashboard.pages.followup`).

What became of the items (unit, leaf, problem) flagged in the round before the view's —
:func:`dashboard.queries.follow_up`, the definitions in :mod:`dashboard.findings` — drawn and
exported alike by the page, its downloads, ``cchc export`` and the report:

* chart ``fixed`` (the page's main chart): per group, the share of the items flagged before
  that were fixed (:func:`fixed_share_bars`, "93,5 %");
* the export sheets (registered in :data:`dashboard.specs.tables.TABLES`): per group, per unit
  (worst first, :func:`worst_first`), every item, the units that sent late or not at all.

A year's first round has nothing to follow up: chart and tables answer
:class:`~dashboard.specs.registry.NothingToDrawError` (the page says so and links round 2).
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import plotly.graph_objects as go
from sqlalchemy import Engine

from dashboard import formatting, metrics, queries
from dashboard.figures import base_layout, empty_figure, rows_top_down
from dashboard.figures.labels import names_above_bars, plain
from dashboard.i18n import both, column_header, group_label, t
from dashboard.specs.registry import NothingToDrawError
from dashboard.specs.registry import register as chart
from dashboard.specs.tables import TABLES, Sheet
from dashboard.theme import APPRAISED_COLOUR, GRID_COLOUR, MUTED_COLOUR
from dashboard.view import View

COUNTS = ["flagged_before", "fixed", "open", "new"]
ROW_HEIGHT = 62


def percent_fixed(fixed: int, flagged: int) -> Fraction | None:
    """The share fixed as an exact percentage (``None`` when nothing was flagged before)."""
    return Fraction(int(fixed) * 100, int(flagged)) if flagged else None


def share_text(fixed: int, flagged: int, lang: str) -> str:
    """The share of ``flagged`` items ``fixed`` as the follow-up writes it, one decimal
    half-up from the exact value: ``93,5 %`` (``lang="en"``: ``93.5%``); ``—`` when nothing
    was flagged."""
    exact = percent_fixed(fixed, flagged)
    if exact is None:
        return formatting.MISSING
    return t("followup.share", lang, n=formatting.number(exact, 1, lang=lang))


def in_group_order(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in the usual group order (unknown codes last, by code)."""
    order = {g: i for i, g in enumerate(queries.GROUP_ORDER)}
    key = [(order.get(str(g), len(order)), str(g)) for g in frame["group"]]
    ranked = sorted(range(len(frame)), key=lambda i: key[i])
    return frame.iloc[ranked].reset_index(drop=True)


def worst_first(per_unit: pd.DataFrame) -> pd.DataFrame:
    """``FollowUp.per_unit`` worst first: the most items still open or newly flagged, then the
    most still open, the smallest share fixed, then by name."""
    out = per_unit.assign(_outstanding=per_unit["open"] + per_unit["new"])
    out = out.sort_values(
        ["_outstanding", "open", "fixed_share", "unit_name"],
        ascending=[False, False, True, True],
        na_position="last",
        kind="stable",
    )
    return out.drop(columns="_outstanding").reset_index(drop=True)


def fixed_share_bars(per_group: pd.DataFrame, *, lang: str = "vi") -> go.Figure:
    """One bar per group: the share of the items flagged in the previous round that were fixed
    (0–100 %), written on the bar ("93,5 %"), the counts in the hover.

    ``per_group``: ``FollowUp.per_group`` (``group``, ``fixed``, ``flagged_before``,
    ``fixed_share``); a group with nothing flagged before has no share and no bar."""
    rows = in_group_order(per_group[per_group["flagged_before"] > 0])
    if rows.empty:
        return empty_figure(t("followup.nothing_flagged", lang), lang=lang)
    codes = [str(g) for g in rows["group"]]
    labels = [plain(group_label(g, lang)) for g in codes]
    texts = [
        share_text(f, n, lang) for f, n in zip(rows["fixed"], rows["flagged_before"], strict=True)
    ]
    hovers = [
        t("followup.share_hover", lang, group=label, share=text,
          fixed=formatting.integer(f, lang=lang), total=formatting.integer(n, lang=lang))
        for label, text, f, n in zip(labels, texts, rows["fixed"], rows["flagged_before"],
                                     strict=True)
    ]  # fmt: skip
    fig = go.Figure(
        go.Bar(
            x=[
                float(percent_fixed(f, n) or 0)
                for f, n in zip(rows["fixed"], rows["flagged_before"], strict=True)
            ],
            y=codes,
            orientation="h",
            marker={"color": APPRAISED_COLOUR, "line": {"color": "#000000", "width": 0.6}},
            text=texts,
            textposition="outside",
            cliponaxis=False,
            hovertext=hovers,
            hovertemplate="%{hovertext}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_layout(base_layout(lang, height=90 + ROW_HEIGHT * len(codes), margin={"r": 60}))
    fig.update_xaxes(
        title_text=t("followup.fixed_share_pct", lang),
        range=[0, 112],
        fixedrange=True,
        gridcolor=GRID_COLOUR,
        linecolor=MUTED_COLOUR,
    )
    return names_above_bars(rows_top_down(fig, codes, labels, fixedrange=True))


def follow_up(engine: Engine, view: View) -> queries.FollowUp:
    """The view's follow-up; :class:`NothingToDrawError` for a year's first round."""
    found = queries.follow_up(engine, view.year, view.round, view.group)
    if found.previous is None:
        raise NothingToDrawError(both("followup.first_round", year=view.year, round=view.round))
    return found


@chart("followup", "fixed")
def followup_fixed(engine: Engine, view: View, *, report: bool = False) -> go.Figure:
    return fixed_share_bars(follow_up(engine, view).per_group, lang=view.lang)


def problem_text(problem: str, lang: str) -> str:
    """A problem (:data:`dashboard.findings.PROBLEMS`) in words."""
    return t(f"followup.problem_{problem}", lang)


def status_text(status: str, lang: str) -> str:
    """An item's status (fixed / open / new) in words."""
    return t(f"followup.{status}", lang)


def late_or_unsent(progress: queries.Progress) -> pd.DataFrame:
    """The rows of ``progress.units`` of the units that sent late or have not sent."""
    units = progress.units
    return units[units["late"] | ~units["sent"]].reset_index(drop=True)


def _sheet(title: str, frame: pd.DataFrame, lang: str, headers: dict[str, str]) -> Sheet:
    """A sheet of ``frame``, group codes as names, counts as (nullable) integers.  Every sheet
    carries the headers of all of them: a CSV export is the sheets one under the other."""
    if "group" in frame.columns:
        labels = [group_label(str(g), lang) for g in frame["group"]]
        frame = frame.assign(group=labels).rename(columns={"group": "group_label"})
    counts = {c: frame[c].astype("Int64") for c in COUNTS if c in frame.columns}
    return Sheet(title, frame.assign(**counts).reset_index(drop=True), headers)


def _percent(frame: pd.DataFrame) -> pd.DataFrame:
    """``fixed_share`` as a percentage, one decimal half-up (as the page writes it)."""
    shares = [metrics.round_half_up(percent_fixed(f, n), 1)
              for f, n in zip(frame["fixed"], frame["flagged_before"], strict=True)]  # fmt: skip
    return frame.assign(fixed_share=pd.Series(shares, index=frame.index, dtype="float64"))


ITEM_COLUMNS = ["unit_code", "unit_name", "group", "criterion_code", "criterion_name", "problem",
                "status"]  # fmt: skip


def followup_tables(engine: Engine, v: View) -> list[Sheet]:
    """Per group, per unit (worst first), every item, the units late or not sent."""
    found = follow_up(engine, v)
    lang = v.lang
    groups = _percent(in_group_order(found.per_group))[["group", *COUNTS, "fixed_share"]]
    units = _percent(worst_first(found.per_unit))
    units = units[["unit_code", "unit_name", "group", *COUNTS, "fixed_share"]]
    items = found.items.assign(
        problem=[problem_text(p, lang) for p in found.items["problem"]],
        status=[status_text(s, lang) for s in found.items["status"]],
    )[ITEM_COLUMNS]
    late = late_or_unsent(queries.progress(engine, v.year, v.round, v.group))
    late = late[["unit_code", "unit_name", "group", "sent", "sent_at", "late"]]
    frames = (groups, units, items, late)
    own = {"flagged_before": t("followup.flagged_before", lang, round=found.previous),
           "fixed_share": t("followup.fixed_share_pct", lang)}  # fmt: skip
    own |= {key: t(f"followup.{key}", lang) for key in ("fixed", "open", "new", "problem",
                                                         "status")}  # fmt: skip
    columns = dict.fromkeys(str(c) if c != "group" else "group_label" for f in frames for c in f)
    headers = {c: own.get(c) or column_header(c, lang) for c in columns}
    titles = ("followup.sheet_groups", "followup.sheet_units", "followup.sheet_items",
              "followup.sheet_late")  # fmt: skip
    return [_sheet(t(key, lang), f, lang, headers) for key, f in zip(titles, frames, strict=True)]


TABLES["followup"] = followup_tables
