"""The parts of the follow-up view ("Theo dõi khắc phục", :mod:`dashboard.pages.followup`) and
the links to it from Tiến độ and the unit page.

* :func:`followup_link` — the link to the follow-up of a view (its year, round, group,
  language and, from a unit's page, the unit, whose items the follow-up then opens with);
* the per-unit table (worst first, :func:`dashboard.specs.followup.worst_first`), a unit's
  items and the units that sent late or not at all, as grid rows in the view's language;
* :func:`late_list` — the units that sent late, for Tiến độ once a round has locked.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from dash import dcc, html

from dashboard import formatting, queries
from dashboard.components.downloads import notice_menu
from dashboard.components.grid import data_grid, number_column, text_column, with_text
from dashboard.components.layout import message
from dashboard.components.tables import WRAP, count_text
from dashboard.components.url_state import href
from dashboard.i18n import group_label, t
from dashboard.specs import followup as spec
from dashboard.view import CARRIED, PAGES, AnyView

PATH = PAGES["followup"].url
STATUS_ORDER = {"open": 0, "new": 1, "fixed": 2}  # a unit's items: what is left to do first


def followup_href(view: AnyView, unit: str | None = None) -> str:
    """The follow-up of ``view`` (year, round, group, language), opened on ``unit``'s items."""
    return href(PATH, view, CARRIED, unit=unit)


def followup_link(view: AnyView) -> dcc.Link:
    """A button-like link to the follow-up of ``view``; on a unit's page (``view.unit``) to
    that unit's items.  For Tiến độ and the unit page."""
    key = "followup.unit_link" if view.unit else "followup.link"
    return dcc.Link(
        t(key, view.lang),
        href=followup_href(view, view.unit),
        className="btn btn-outline-primary btn-sm cchc-followup-link",
    )


def unit_actions(view: AnyView, unit_code: str) -> html.Div:
    """On a unit's page: its follow-up items and its feedback notice (PDF, DOCX) for the
    view's year and round."""
    shown = view.with_(unit=unit_code)
    return html.Div(
        [followup_link(shown),
         notice_menu(unit_code, search=href("", shown), lang=view.lang)],
        className="d-flex flex-wrap gap-2 align-items-center mt-2 d-print-none cchc-unit-actions",
    )  # fmt: skip


def _counts(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    counted = {c: count_text for c in spec.COUNTS}
    shares = [spec.share_text(f, n, lang)
              for f, n in zip(frame["fixed"], frame["flagged_before"], strict=True)]  # fmt: skip
    out = with_text(frame, counted, lang)
    exact = [spec.percent_fixed(f, n) for f, n in zip(frame["fixed"], frame["flagged_before"],
                                                       strict=True)]  # fmt: skip
    out["fixed_share"] = [None if e is None else float(e) for e in exact]
    out["fixed_share__text"] = shares
    return out


def sending_text(row: pd.Series, lang: str) -> str:
    """Whether a unit sent the round: on time, late, not at all."""
    if not bool(row["sent"]):
        return t("followup.not_sent", lang)
    return t("followup.sent_late" if bool(row["late"]) else "followup.sent_on_time", lang)


def unit_rows(found: queries.FollowUp, progress: queries.Progress, lang: str) -> pd.DataFrame:
    """One row per unit, worst first: its counts, the share fixed ("93,5 %") and whether it
    sent this round."""
    rows = _counts(spec.worst_first(found.per_unit), lang)
    sent = progress.units.set_index("unit_code")
    rows["sending"] = [
        sending_text(sent.loc[code], lang) if code in sent.index else formatting.MISSING
        for code in rows["unit_code"]
    ]
    rows["group_name"] = [group_label(str(g), lang) for g in rows["group"]]
    return rows


def unit_columns(lang: str, previous: int) -> list[dict[str, Any]]:
    def count(name: str, header: str) -> dict[str, Any]:
        return number_column(name, header, maxWidth=140)

    return [
        text_column("unit_name", t("term.unit", lang), minWidth=200, pinned="left", **WRAP),
        text_column("group_name", t("term.group", lang), minWidth=150, **WRAP),
        count("flagged_before", t("followup.flagged_before", lang, round=previous)),
        count("fixed", t("followup.fixed", lang)),
        count("open", t("followup.open", lang)),
        count("new", t("followup.new", lang)),
        count("fixed_share", t("followup.fixed_share", lang)),
        text_column("sending", t("followup.sending", lang), maxWidth=140),
    ]


def item_rows(items: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A unit's items, what is still open first, then in framework order: the criterion (code
    and name), the problem and the status in words."""
    order = items.assign(_status=[STATUS_ORDER.get(str(s), 3) for s in items["status"]])
    order = order.sort_values(["_status", "criterion_order", "problem"], kind="stable")
    return pd.DataFrame(
        {
            "key": [f"{c}|{p}" for c, p in zip(order["criterion_code"], order["problem"],
                                               strict=True)],
            "criterion_code": order["criterion_code"],
            "criterion": [f"{c}. {n}" for c, n in zip(order["criterion_code"],
                                                      order["criterion_name"], strict=True)],
            "problem": [spec.problem_text(str(p), lang) for p in order["problem"]],
            "status": [spec.status_text(str(s), lang) for s in order["status"]],
            "status_code": order["status"],
        }
    ).reset_index(drop=True)  # fmt: skip


def item_columns(lang: str) -> list[dict[str, Any]]:
    return [
        text_column("criterion", t("term.criterion", lang), minWidth=280, **WRAP),
        text_column("problem", t("followup.problem", lang), minWidth=180, **WRAP),
        text_column("status", t("followup.status", lang), maxWidth=170,
                    cellClassRules={"cchc-followup-open": "params.data.status_code != 'fixed'"}),
    ]  # fmt: skip


def items_view(grid_id: str, found: queries.FollowUp, code: str, name: str, lang: str) -> Any:
    """Unit ``code``'s (named ``name``) items: a title and the grid, or a line saying it had
    none."""
    mine = found.items[found.items["unit_code"] == code]
    if mine.empty:
        text = t("followup.no_items", lang, unit=name, previous=found.previous, round=found.round)
        return message(text, "success", "followup-no-items")
    title = t("followup.items_title", lang, unit=name, n=count_text(len(mine), lang))
    return [
        html.H3(title, className="h6 cchc-followup-items-title"),
        data_grid(grid_id, item_rows(mine, lang), item_columns(lang), lang, row_id="key"),
    ]


def late_rows(units: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The units that sent late or not at all (rows of ``Progress.units``): name, group and
    "Chưa gửi" or "Gửi trễ hạn: 06/12/2023 10:43"."""
    late = units[units["late"] | ~units["sent"]].reset_index(drop=True)
    state = [
        t("followup.late_at", lang, time=formatting.datetime_vn(at, lang=lang))
        if bool(sent) else t("followup.not_sent", lang)
        for sent, at in zip(late["sent"], late["sent_at"], strict=True)
    ]  # fmt: skip
    return late.assign(group_name=[group_label(str(g), lang) for g in late["group"]], state=state)


def late_columns(lang: str) -> list[dict[str, Any]]:
    return [
        text_column("unit_name", t("term.unit", lang), minWidth=200, **WRAP),
        text_column("group_name", t("term.group", lang), minWidth=150, **WRAP),
        text_column("state", t("followup.sending", lang), minWidth=170),
    ]


def late_list(grid_id: str, units: pd.DataFrame, lang: str, *, sent_only: bool = False) -> Any:
    """The units late or not sent as a grid (``sent_only``: those that sent late), or a line
    saying every unit sent on time."""
    rows = late_rows(units[units["sent"]] if sent_only else units, lang)
    if rows.empty:
        return message(t("followup.all_on_time", lang), "success", "all-on-time")
    return data_grid(grid_id, rows, late_columns(lang), lang, row_id="unit_code")
