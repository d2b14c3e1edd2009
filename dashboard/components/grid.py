"""Tables: dash-ag-grid with numbers kept numeric (sorting, filtering) but shown the view
language's way.

Each displayed number column ``c`` gets a text twin ``c__text`` made in Python by
``dashboard.formatting`` in the view's language (:func:`with_text`); the grid sorts and filters
on ``c`` and shows ``c__text``.  So a table, a chart and the CLI print the same ``91,43``
(``91.43`` under ``?lang=en``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from fractions import Fraction
from typing import Any, Protocol

import dash_ag_grid as dag
import pandas as pd

from dashboard import formatting
from dashboard.i18n import t

TEXT_SUFFIX = "__text"


class Formatter(Protocol):
    """Display text of one cell value in a language: ``dashboard.formatting``'s functions
    (``formatting.points``, ``formatting.percent``…) and the helpers below."""

    def __call__(self, value: Any, /, *, lang: str) -> str: ...


# AG Grid's own words in Vietnamese (filters, menus, paging).
LOCALE_VI: dict[str, str] = {
    "noRowsToShow": "Không có dòng nào",
    "loadingOoo": "Đang tải…",
    "filterOoo": "Lọc…",
    "searchOoo": "Tìm…",
    "equals": "Bằng",
    "notEqual": "Khác",
    "contains": "Chứa",
    "notContains": "Không chứa",
    "startsWith": "Bắt đầu bằng",
    "endsWith": "Kết thúc bằng",
    "blank": "Trống",
    "notBlank": "Không trống",
    "lessThan": "Nhỏ hơn",
    "greaterThan": "Lớn hơn",
    "lessThanOrEqual": "Nhỏ hơn hoặc bằng",
    "greaterThanOrEqual": "Lớn hơn hoặc bằng",
    "inRange": "Trong khoảng",
    "andCondition": "VÀ",
    "orCondition": "HOẶC",
    "applyFilter": "Áp dụng",
    "resetFilter": "Đặt lại",
    "clearFilter": "Xóa",
    "page": "Trang",
    "of": "/",
    "to": "–",
    "more": "thêm",
}


def index_text(value: Any, lang: str) -> str:
    """An index as shown (``91,43``; ``lang="en"``: ``91.43``), or "Not appraised yet"."""
    if value is None or pd.isna(value):
        return t("term.not_appraised", lang)
    return formatting.number(value, 2, lang=lang)


def gap_text(value: Any, lang: str) -> str:
    """A signed difference with two decimals: ``+3,20`` (``lang="en"``: ``+3.20``), ``—``."""
    return formatting.number(value, 2, signed=True, lang=lang)


def same_text(text: Callable[[Any], str]) -> Formatter:
    """A formatter whose text is the same in every language (``▲2``)."""

    def formatter(value: Any, /, *, lang: str) -> str:
        return text(value)

    return formatter


def with_text(frame: pd.DataFrame, formatters: Mapping[str, Formatter], lang: str) -> pd.DataFrame:
    """A copy of ``frame`` with a ``c__text`` column per formatted column ``c``, written in
    ``lang`` (each formatter gets ``lang=lang``)."""
    out = frame.copy()
    for column, formatter in formatters.items():
        out[column + TEXT_SUFFIX] = [formatter(v, lang=lang) for v in out[column]]
    return out


def number_column(field: str, header: str, **extra: Any) -> dict[str, Any]:
    """A numeric column shown through its ``__text`` twin; sorted and filtered as a number."""
    return {
        "field": field,
        "headerName": header,
        "type": "numericColumn",
        "filter": "agNumberColumnFilter",
        "valueFormatter": {"function": f"params.data ? params.data['{field}{TEXT_SUFFIX}'] : ''"},
        **extra,
    }


def text_column(field: str, header: str, **extra: Any) -> dict[str, Any]:
    return {"field": field, "headerName": header, "filter": "agTextColumnFilter", **extra}


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-safe dicts (missing values → ``None``, datetimes → ISO strings, exact
    fractions → floats): a query result as the grid's ``rowData``."""
    out = frame.astype(object).where(frame.notna(), None)
    rows: list[dict[str, Any]] = [
        {str(key): value for key, value in row.items()} for row in out.to_dict("records")
    ]
    for row in rows:
        for key, value in row.items():
            if isinstance(value, datetime | pd.Timestamp):
                row[key] = value.isoformat()
            elif isinstance(value, Fraction):
                row[key] = float(value)
    return rows


def data_grid(
    grid_id: Any,
    frame: pd.DataFrame,
    column_defs: Sequence[Mapping[str, Any]],
    lang: str,
    *,
    row_id: str | None = None,
    height: str = "auto",
    **options: Any,
) -> dag.AgGrid:
    """A sortable, filterable grid over ``frame`` (rows as JSON-safe records)."""
    grid_options: dict[str, Any] = {
        "animateRows": False,
        "suppressCellFocus": False,
        "tooltipShowDelay": 300,
        **options.pop("dashGridOptions", {}),
    }
    if lang != "en":
        grid_options["localeText"] = LOCALE_VI
    if height == "auto":
        grid_options["domLayout"] = "autoHeight"
    return dag.AgGrid(
        id=grid_id,
        rowData=records(frame),
        columnDefs=list(column_defs),
        defaultColDef={
            "sortable": True,
            "resizable": True,
            "floatingFilter": True,
            "filter": True,
            "wrapHeaderText": True,
            "autoHeaderHeight": True,
        },
        dashGridOptions=grid_options,
        getRowId=f"params.data.{row_id}" if row_id else None,
        columnSize="responsiveSizeToFit",
        className="cchc-grid",
        style={"height": None if height == "auto" else height, "width": "100%"},
        **options,
    )
