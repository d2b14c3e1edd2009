"""Charts of what the appraisal found (:mod:`dashboard.findings`) and of how reliable a unit's
self-assessment is (:mod:`dashboard.queries.reliability`): pure, frames in, figures out.

* The evidence page measures one of three problems per unit × field, criterion or leaf
  (:data:`BASES`: each problem's count and the base of its share):

  - ``missing_evidence`` ÷ ``evidence_required`` (leaves requiring evidence);
  - ``missing_explanation`` ÷ ``self_positive`` (leaves self-scored above 0);
  - ``unspecific_explanation`` ÷ ``explained_positive`` = ``self_positive`` −
    ``missing_explanation``: the leaves self-scored above 0 that carry an explanation, the
    only ones whose text the rules read (:func:`with_unspecific`).

  :func:`problem_heatmap` draws it with the evidence heatmap's grid, colours and sorting.
* Per unit, unspecific explanations in two rounds (:func:`round_dumbbell`).
* One unit: points deducted and points at stake per field (:func:`stake_bars`), its share of
  criteria over-claimed in every period (:func:`reliability_bars`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from dashboard import formatting, metrics
from dashboard.figures import base_layout, empty_figure, hatch, rows_top_down, segments
from dashboard.figures.evidence import Measure, Sort, evidence_heatmap
from dashboard.figures.labels import (
    AXIS_NAME_WIDTH,
    hover_data,
    hover_template,
    inside_legend,
    names_above_bars,
    plain,
    shorten,
)
from dashboard.figures.scorecard import FIELD_NAME_WIDTH, period_labels
from dashboard.i18n import t
from dashboard.theme import APPRAISED_COLOUR, DOWN_COLOUR, MUTED_COLOUR, SELF_COLOUR

Problem = Literal["missing_evidence", "unspecific_explanation", "missing_explanation"]
PROBLEMS: tuple[Problem, ...] = (
    "missing_evidence",
    "unspecific_explanation",
    "missing_explanation",
)
BASES: dict[Problem, str] = {
    "missing_evidence": "evidence_required",
    "unspecific_explanation": "explained_positive",
    "missing_explanation": "self_positive",
}
SHARES: dict[Problem, str] = {p: f"{p}_share" for p in PROBLEMS}
ROW_HEIGHT = 26
FIELD_ROW_HEIGHT = 70


def with_unspecific(table: pd.DataFrame, counts: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Evidence rows (``queries.unit_evidence`` or ``evidence_matrix``: ``self_positive``,
    ``missing_explanation``) with ``unspecific_explanation`` from ``counts``
    (``queries.finding_counts`` on the same ``keys``; 0 where absent: nothing flagged),
    ``explained_positive`` (its base) and ``unspecific_explanation_share``."""
    found = counts[[*keys, "unspecific_explanation"]]
    out = table.merge(found, on=list(keys), how="left")
    out["unspecific_explanation"] = out["unspecific_explanation"].fillna(0).astype("int64")
    out["explained_positive"] = (out["self_positive"] - out["missing_explanation"]).astype("int64")
    out["unspecific_explanation_share"] = pd.Series(
        [metrics.share(int(u), int(b)) for u, b in
         zip(out["unspecific_explanation"], out["explained_positive"], strict=True)],
        index=out.index, dtype="float64",
    )  # fmt: skip
    return out


def problem_heatmap(
    matrix: pd.DataFrame,
    problem: Problem,
    *,
    lang: str = "vi",
    measure: Measure = "count",
    sort: Sort = "worst",
) -> go.Figure:
    """Units × nodes coloured by ``problem`` (its count, or its share of its base): the
    evidence heatmap (:func:`dashboard.figures.evidence.evidence_heatmap`) of the problem's
    count and base; a cell whose base is 0 stays empty.  ``matrix``: :func:`with_unspecific`
    of ``queries.evidence_matrix``."""
    cells = matrix.assign(
        missing_evidence=matrix[problem], evidence_required=matrix[BASES[problem]]
    )
    fig = evidence_heatmap(cells, lang=lang, measure=measure, sort=sort)
    if problem == "missing_evidence" or matrix.empty:
        return fig
    colourbar = t(f"findings.colorbar_{problem}_{measure}", lang).replace("<br>", " ")
    hover = (
        "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
        + t(f"findings.hover_{problem}", lang)
        + ": %{customdata[2]}/%{customdata[3]} (%{customdata[4]})<extra></extra>"
    )
    return fig.update_traces(colorbar_title_text=colourbar, hovertemplate=hover)


def round_counts(
    before: pd.DataFrame, after: pd.DataFrame, column: str = "unspecific_explanation"
) -> pd.DataFrame:
    """Per unit of either round (``unit_code``, ``unit_name``, ``column``): ``before`` and
    ``after`` (missing for a unit without scores in that round: not sent, nothing to count),
    largest ``after`` first, then ``before``."""
    keys = ["unit_code", "unit_name"]
    first = before[[*keys, column]].rename(columns={column: "before"})
    second = after[[*keys, column]].rename(columns={column: "after"})
    rows = first.merge(second, on=keys, how="outer")
    for name in ("before", "after"):
        rows[name] = rows[name].astype("Int64")
    ordered = rows.sort_values(["after", "before", "unit_name"], ascending=[False, False, True],
                               na_position="last")  # fmt: skip
    return ordered.reset_index(drop=True)


def round_dumbbell(rows: pd.DataFrame, first: int, second: int, *, lang: str = "vi") -> go.Figure:
    """Per unit, its count in round ``first`` (open circle) and ``second`` (filled diamond),
    joined by a line; ``rows``: :func:`round_counts`, drawn top to bottom."""
    if rows.empty:
        return empty_figure(t("empty.no_match_title", lang), lang=lang)
    order = list(rows["unit_code"])
    before, after = (rows[c].astype("float64") for c in ("before", "after"))  # NaN: no marker
    traces: list[go.Scatter] = [segments(order, before, after, width=2)]
    ends = (
        (before, first, {"symbol": "circle-open", "size": 11, "color": DOWN_COLOUR,
                         "line": {"width": 2.5}}),
        (after, second, {"symbol": "diamond", "size": 11, "color": APPRAISED_COLOUR,
                         "line": {"color": "#000000", "width": 1}}),
    )  # fmt: skip
    for values, round_, marker in ends:
        name = t("gaps.round_n", lang, n=round_)
        traces.append(
            go.Scatter(
                x=values, y=order, mode="markers", name=name, marker=marker,
                customdata=hover_data(rows, ["unit_name"], ["unit_name"]),
                hovertemplate=hover_template("<b>%{customdata[0]}</b>", f"{name}: %{{x:,d}}"),
            )
        )  # fmt: skip
    fig = go.Figure(traces)
    fig.update_layout(
        base_layout(lang, height=110 + ROW_HEIGHT * len(order),
                    legend=inside_legend("right", "bottom"))
    )  # fmt: skip
    fig.update_xaxes(title_text=t("findings.unspecific_axis", lang), rangemode="tozero",
                     tickformat=",d")  # fmt: skip
    names = [shorten(n, AXIS_NAME_WIDTH) for n in rows["unit_name"]]
    return rows_top_down(fig, order, names, type="category", showgrid=True)


def stake_bars(fields: pd.DataFrame, *, lang: str = "vi") -> go.Figure:
    """Per field (``code``, ``name``, ``deduction``, ``at_stake`` in points): the points the
    appraisal deducted (hatched) and, of them, those at stake (solid), fields top to bottom."""
    if fields.empty or not fields["deduction"].fillna(0).any():
        return empty_figure(t("findings.no_deduction", lang), lang=lang)
    codes = [plain(c) for c in fields["code"]]
    labels = [f"{c}. {shorten(n, FIELD_NAME_WIDTH)}"
              for c, n in zip(codes, fields["name"], strict=True)]  # fmt: skip
    full = [f"{c}. {plain(n)}" for c, n in zip(codes, fields["name"], strict=True)]
    series = (
        ("deduction", t("findings.deduction", lang), SELF_COLOUR, "/"),
        ("at_stake", t("findings.at_stake", lang), APPRAISED_COLOUR, ""),
    )
    texts = {c: [formatting.points(v, lang=lang) if v else "" for v in fields[c]]
             for c, *_ in series}  # fmt: skip
    fig = go.Figure(
        [
            go.Bar(
                x=fields[column], y=codes, orientation="h", name=name,
                marker={"color": colour, "pattern": hatch(pattern)},
                text=texts[column], textposition="outside", cliponaxis=False, customdata=full,
                hovertemplate="%{customdata}: %{x}<extra>" + name + "</extra>",
            )
            for column, name, colour, pattern in series
        ]
    )  # fmt: skip
    fig.update_layout(
        base_layout(lang, barmode="group", height=110 + FIELD_ROW_HEIGHT * len(codes),
                    legend={"traceorder": "reversed"}, margin={"r": 50})
    )  # fmt: skip
    fig.update_xaxes(title_text=t("unit.points_label", lang), rangemode="tozero", fixedrange=True)
    return names_above_bars(rows_top_down(fig, codes, labels, fixedrange=True), slots=2)


def reliability_bars(periods: pd.DataFrame, threshold: float, *, lang: str = "vi") -> go.Figure:
    """One unit's share of criteria over-claimed per (year, round), oldest first
    (``queries.reliability(...).periods``): each year's first round solid (the one its trend
    and the persistent list read), later rounds hatched; the persistent threshold dashed."""
    if periods.empty:
        return empty_figure(t("findings.reliability_none", lang), lang=lang)
    rows = periods.sort_values(["year", "round"]).reset_index(drop=True)
    rows["label"] = period_labels(rows, lang)
    rows["share_text"] = [formatting.percent(v, lang=lang) for v in rows["over_claimed_share"]]
    rows["mean_text"] = [formatting.number(v, 2, lang=lang) for v in rows["mean_over_claim"]]
    first = ~rows.duplicated("year")
    traces: list[go.Bar | go.Scatter] = []
    for chosen, key, pattern in ((first, "findings.first_round", ""),
                                 (~first, "findings.later_round", "/")):  # fmt: skip
        part = rows[chosen]
        if part.empty:
            continue  # one round a year: no later rounds to draw
        traces.append(
            go.Bar(
                x=part["label"], y=part["over_claimed_share"], name=t(key, lang),
                marker={"color": DOWN_COLOUR, "pattern": hatch(pattern)},
                text=part["share_text"], textposition="outside", cliponaxis=False,
                customdata=part[["over_claimed", "both_scored", "mean_text"]].to_numpy(object),
                hovertemplate=hover_template(
                    "%{x}: %{text}", t("findings.over_of", lang) + ": %{customdata[0]}/"
                    "%{customdata[1]}", t("findings.mean_over", lang) + ": %{customdata[2]}"),
            )
        )  # fmt: skip
    line = {"color": MUTED_COLOUR, "dash": "dash", "width": 1.5}
    label = t("findings.threshold", lang, share=formatting.percent(threshold, 0, lang=lang))
    # the threshold's legend entry (the line itself is drawn across the plot below)
    traces.append(go.Scatter(x=[None], y=[None], mode="lines", line=line, name=label,
                             hoverinfo="skip"))  # fmt: skip
    fig = go.Figure(traces)
    top = max(float(rows["over_claimed_share"].max()), threshold)
    fig.update_layout(base_layout(lang, height=320, legend=inside_legend("right", "top"),
                                  bargap=0.3))  # fmt: skip
    fig.add_hline(y=threshold, line=line)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(rows["label"]))
    fig.update_yaxes(title_text=t("findings.share_axis", lang), tickformat=".0%",
                     range=[0, min(1.0, top * 1.25) + 0.02], fixedrange=True)  # fmt: skip
    return fig
