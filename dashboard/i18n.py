"""User-facing text: Vietnamese by default, English on request.

The language is part of the view, so it lives in the URL like every filter: ``?lang=en``.
Every page's ``layout(**kwargs)`` reads it with :func:`lang_of` and passes it down; a link
that keeps the view keeps ``lang`` (see ``dashboard.components.url_state``).

    t("filter.year", "vi")   -> "Năm"
    t("filter.year", "en")   -> "Year"
    t("unit.rank_in_group", "en", rank=3, total=20)   # str.format placeholders

A missing key raises ``KeyError`` (``tests/test_i18n.py`` checks that every key used in
``dashboard/`` exists in both languages).  A new page adds its keys to :data:`TEXTS` under its
own prefix (``gaps.``, ``evidence.``, …) and names its navbar entry with ``page.<slug>``.
"""

from __future__ import annotations

from typing import Final, Literal

Lang = Literal["vi", "en"]
LANGS: Final[tuple[Lang, ...]] = ("vi", "en")
DEFAULT_LANG: Final[Lang] = "vi"

# key -> (Vietnamese, English)
TEXTS: Final[dict[str, tuple[str, str]]] = {
    # --- app shell ---------------------------------------------------------------------------
    "app.title": ("Chỉ số cải cách hành chính", "Administrative Reform Index"),
    "app.brand": ("Chỉ số CCHC", "PAR Index"),
    "app.lang_switch": ("English", "Tiếng Việt"),
    "app.lang_switch_title": ("Switch to English", "Chuyển sang tiếng Việt"),
    "app.theme_toggle": ("Đổi giao diện sáng/tối", "Toggle light/dark theme"),
    "app.print": ("In trang", "Print page"),
    "app.source": ("Nguồn: dữ liệu chấm điểm CCHC", "Source: PAR Index scoring data"),
    # --- page names (navbar and <h1>) --------------------------------------------------------
    "page.overview": ("Tổng quan", "Overview"),
    "page.rankings": ("Xếp hạng", "Rankings"),
    "page.gaps": ("Chênh lệch", "Gaps"),
    "page.evidence": ("Tài liệu kiểm chứng", "Evidence"),
    "page.criteria": ("Tiêu chí", "Criteria"),
    "page.progress": ("Tiến độ", "Progress"),
    "page.unit": ("Đơn vị", "Unit"),
    # --- filter bar --------------------------------------------------------------------------
    "filter.year": ("Năm", "Year"),
    "filter.round": ("Lần", "Round"),
    "filter.group": ("Nhóm", "Group"),
    "filter.field": ("Lĩnh vực", "Field"),
    "filter.criterion": ("Tiêu chí", "Criterion"),
    "filter.unit": ("Đơn vị", "Unit"),
    "filter.score": ("Điểm", "Score"),
    "filter.all": ("Tất cả", "All"),
    "filter.round_n": ("Lần {n}", "Round {n}"),
    "filter.reset": ("Bỏ lọc", "Clear filters"),
    "score.appraised": ("Thẩm định", "Appraised"),
    "score.self": ("Tự chấm", "Self-assessed"),
    # --- groups ------------------------------------------------------------------------------
    "group.so_nganh": ("Sở, ban, ngành tỉnh", "Provincial departments"),
    "group.su_nghiep": ("Đơn vị sự nghiệp công lập", "Public service units"),
    "group.trung_uong": ("Cơ quan Trung ương đặt tại tỉnh", "Central agencies in the province"),
    "group.huyen": ("UBND cấp huyện", "District People's Committees"),
    "group.tinh": ("Tỉnh, thành phố", "Provinces"),
    # --- shared terms ------------------------------------------------------------------------
    "term.rank": ("Hạng", "Rank"),
    "term.unit": ("Đơn vị", "Unit"),
    "term.unit_code": ("Mã đơn vị", "Unit code"),
    "term.group": ("Nhóm", "Group"),
    "term.index": ("Chỉ số (%)", "Index (%)"),
    "term.self_index": ("Chỉ số tự chấm (%)", "Self index (%)"),
    "term.points": ("Điểm đạt", "Points"),
    "term.max_points": ("Điểm tối đa", "Maximum"),
    "term.self_score": ("Tự chấm", "Self score"),
    "term.appraised_score": ("Thẩm định", "Appraised"),
    "term.gap": ("Chênh lệch", "Gap"),
    "term.evidence_count": ("Số TLKC", "Evidence"),
    "term.explanation": ("Giải trình", "Explanation"),
    "term.appraisal_note": ("Ý kiến thẩm định", "Appraiser note"),
    "term.band": ("Xếp loại", "Band"),
    "term.code": ("Mã", "Code"),
    "term.criterion": ("Tiêu chí", "Criterion"),
    "term.field": ("Lĩnh vực", "Field"),
    "term.change_round": ("So với lần trước", "vs previous round"),
    "term.change_year": ("So với năm trước", "vs previous year"),
    "term.period": ("Kỳ", "Period"),
    "term.year_round": ("{year} – lần {round}", "{year} – round {round}"),
    "term.not_appraised": ("Chưa thẩm định", "Not appraised yet"),
    "term.not_scored": ("Chưa chấm", "Not scored yet"),
    "term.not_applicable": ("Không áp dụng", "Not applicable"),
    "term.not_applicable_max": (
        "Không áp dụng (tối đa {max} điểm, không tính)",
        "Not applicable (max {max}, not counted)",
    ),
    "term.none": ("—", "—"),
    "term.band_legend": ("Xếp loại {band}", "Band {band}"),
    "term.no_band": ("Chưa xếp loại", "No band"),
    # --- empty and partial states ------------------------------------------------------------
    "empty.no_data_title": ("Chưa có dữ liệu", "No data loaded"),
    "empty.no_data_body": (
        "Kho dữ liệu chưa có điểm chấm nào. Nạp dữ liệu bằng lệnh dưới đây rồi tải lại trang.",
        "The warehouse holds no scores yet. Load data with the command below, then reload.",
    ),
    "empty.no_data_demo": (
        "Hoặc tạo dữ liệu mẫu (tỉnh Sóc Trăng):",
        "Or build the demo data (Sóc Trăng province):",
    ),
    "empty.no_match_title": ("Không có dữ liệu cho bộ lọc này", "No data for these filters"),
    "empty.no_match_body": (
        "Hãy chọn năm, lần hoặc nhóm khác.",
        "Choose another year, round or group.",
    ),
    "empty.not_appraised_title": ("Chưa thẩm định", "Not appraised yet"),
    "empty.not_appraised_body": (
        "Lần đánh giá này chưa có điểm thẩm định. Xem điểm tự chấm hoặc chọn lần khác.",
        "This round has no appraised scores yet. Show self scores or choose another round.",
    ),
    "empty.pick_unit_title": ("Chọn một đơn vị", "Choose a unit"),
    "empty.pick_unit_body": (
        "Chọn đơn vị trong bộ lọc phía trên, hoặc bấm vào một đơn vị ở trang Xếp hạng.",
        "Choose a unit in the filter bar above, or click a unit on the Rankings page.",
    ),
    # --- overview ----------------------------------------------------------------------------
    "overview.lead": (
        "Tóm tắt theo nhóm đơn vị: {year}, lần {round}.",
        "Summary per group of units: {year}, round {round}.",
    ),
    "overview.schedule": (
        "Lần {round} mở lúc {opens}, khóa lúc {locks}.",
        "Round {round} opened {opens}, locked {locks}.",
    ),
    "overview.units": ("Số đơn vị", "Units"),
    "overview.mean_index": ("Chỉ số bình quân", "Mean index"),
    "overview.best": ("Cao nhất", "Highest"),
    "overview.worst": ("Thấp nhất", "Lowest"),
    "overview.mean_gap": ("Chênh lệch bình quân (điểm)", "Mean gap (points)"),
    "overview.missing_evidence": ("Thiếu TLKC", "Missing evidence"),
    "overview.not_sent": ("Chưa gửi", "Not sent"),
    "overview.not_sent_value": ("{n}/{total} đơn vị", "{n}/{total} units"),
    "overview.to_rankings": ("Xem xếp hạng", "See rankings"),
    "overview.to_gaps": ("Xem chênh lệch", "See gaps"),
    "overview.to_evidence": ("Xem TLKC", "See evidence"),
    "overview.to_progress": ("Xem tiến độ", "See progress"),
    "overview.chart_title": ("Chỉ số bình quân theo nhóm", "Mean index per group"),
    # --- rankings ----------------------------------------------------------------------------
    "rankings.lead": (
        "Xếp hạng trong từng nhóm theo chỉ số {score}, {year} lần {round}. "
        "Bấm vào một đơn vị để xem chi tiết.",
        "Ranking within each group by {score} index, {year} round {round}. "
        "Click a unit for its details.",
    ),
    "rankings.table_title": ("Bảng xếp hạng", "Ranking table"),
    "rankings.chart_title": ("{group}: chỉ số {score}", "{group}: {score} index"),
    "rankings.change_round_na": ("Chưa có lần trước", "No previous round"),
    "rankings.quick_filter": ("Tìm đơn vị…", "Search units…"),
    # --- unit --------------------------------------------------------------------------------
    "unit.rank_in_group": ("Hạng {rank}/{total} trong nhóm", "Rank {rank} of {total} in group"),
    "unit.index_label": ("Chỉ số", "Index"),
    "unit.self_index_label": ("Chỉ số tự chấm", "Self index"),
    "unit.points_total_label": ("Điểm đạt / tối đa", "Points / maximum"),
    "unit.not_applicable_note": (
        "{points} điểm không áp dụng, không tính vào điểm tối đa",
        "{points} points not applicable, left out of the maximum",
    ),
    "unit.points_label": ("Điểm", "Points"),
    "unit.fields_title": ("Chỉ số thành phần theo lĩnh vực", "Sub-index per field"),
    "unit.history_title": ("Chỉ số qua các năm và các lần", "Index across years and rounds"),
    "unit.tree_title": ("Điểm theo tiêu chí", "Scores per criterion"),
    "unit.unknown": ("Không tìm thấy đơn vị {code}", "Unit {code} not found"),
    "unit.back": ("← Về bảng xếp hạng", "← Back to rankings"),
}


def lang_of(value: object) -> Lang:
    """The language named by a query value; anything but ``en`` means Vietnamese."""
    return "en" if isinstance(value, str) and value.strip().lower() == "en" else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, /, **values: object) -> str:
    """The text for ``key`` in ``lang`` (Vietnamese for an unknown language), formatted."""
    vi, en = TEXTS[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text


def group_label(code: str | None, lang: str = DEFAULT_LANG) -> str:
    """A group's name; a code nobody has labelled yet is shown as written."""
    if not code:
        return ""
    key = f"group.{code}"
    return t(key, lang) if key in TEXTS else code
