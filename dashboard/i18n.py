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
    "filter.toggle": ("Bộ lọc", "Filters"),
    "filter.toggle_title": ("Hiện/ẩn bộ lọc", "Show/hide the filters"),
    "format.not_appraised": ("chưa thẩm định", "not appraised yet"),
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
    "term.unfinished": (
        "Chưa xếp hạng: đã thẩm định {done}/{total} tiêu chí",
        "Not ranked: {done} of {total} criteria appraised",
    ),
    "term.unfinished_self": (
        "Chưa xếp hạng: đã tự chấm {done}/{total} tiêu chí",
        "Not ranked: {done} of {total} criteria self-scored",
    ),
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
    # pages Chênh lệch, Tài liệu kiểm chứng, Tiêu chí, Tiến độ
    # --- shared by these pages -----------------------------------------------------------------
    "b.points_pct": ("điểm %", "percentage points"),
    # --- gaps ----------------------------------------------------------------------------------
    "gaps.lead": (
        "Chênh lệch = điểm tự chấm − điểm thẩm định, trên cùng cơ sở (không tính các tiêu chí "
        "điều tra xã hội học); dương là tự chấm cao hơn. {group}, {year} lần {round}.",
        "Gap = self score − appraised score on the same base (survey criteria left out); "
        "positive = over-claimed. {group}, {year} round {round}.",
    ),
    "gaps.scatter_title": (
        "Chỉ số tự chấm và chỉ số thẩm định của từng đơn vị",
        "Self index and appraised index per unit",
    ),
    "gaps.scatter_note": (
        "Đơn vị nằm dưới đường chéo đã tự chấm cao hơn kết quả thẩm định; ghi tên các đơn vị "
        "chênh lệch nhiều nhất.",
        "Units below the diagonal claimed more than the appraisal found; the largest "
        "over-claimers are named.",
    ),
    "gaps.appraised_axis": ("Chỉ số thẩm định, cùng cơ sở (%)", "Appraised index, same base (%)"),
    "gaps.diagonal": ("Tự chấm = thẩm định", "Self = appraised"),
    "gaps.over": ("Tự chấm cao hơn", "Over-claimed"),
    "gaps.not_over": ("Không cao hơn", "Not over-claimed"),
    "gaps.gap_index": ("Chênh lệch (điểm %)", "Gap (percentage points)"),
    "gaps.gap_points": ("Chênh lệch (điểm)", "Gap (points)"),
    "gaps.field_title": (
        "Chênh lệch bình quân theo lĩnh vực (điểm %)",
        "Mean gap per field (percentage points)",
    ),
    "gaps.field_axis": ("Bình quân mỗi đơn vị (điểm %)", "Mean per unit (pct. points)"),
    "gaps.over_units": ("Đơn vị tự chấm cao hơn", "Units over-claiming"),
    "gaps.criteria_title": (
        "Tiêu chí có tổng chênh lệch lớn nhất",
        "Criteria with the largest total over-claim",
    ),
    "gaps.criteria_axis": (
        "Tổng chênh lệch của các đơn vị (điểm)",
        "Total gap across units (points)",
    ),
    "gaps.rounds_title": (
        "Chênh lệch của từng đơn vị qua các lần đánh giá",
        "Each unit's gap, round against round",
    ),
    "gaps.round_n": ("Lần {n}", "Round {n}"),
    "gaps.one_round": (
        "Năm {year} mới có một lần đánh giá: chưa so sánh được giữa các lần.",
        "{year} has only one round so far: nothing to compare yet.",
    ),
    "gaps.no_over_claim": (
        "Không có tiêu chí nào bị tự chấm cao hơn thẩm định.",
        "No criterion was over-claimed.",
    ),
    "gaps.table_title": ("Bảng chênh lệch theo đơn vị", "Gaps per unit"),
    "gaps.whole_year": (
        "Tính trên toàn bộ tiêu chí tự chấm của năm.",
        "Over all self-scored criteria of the year.",
    ),
    # --- evidence ------------------------------------------------------------------------------
    "evidence.lead": (
        "Thiếu TLKC: tiêu chí yêu cầu tài liệu kiểm chứng, đơn vị tự chấm trên 0 điểm nhưng "
        "không đính kèm tài liệu. {group}, {year} lần {round}. Bấm vào một ô để xem các mục "
        "còn thiếu.",
        "Missing evidence: a criterion requiring evidence, self-scored above 0, with no document "
        "attached. {group}, {year} round {round}. Click a cell to list the missing items.",
    ),
    "evidence.level": ("Mức", "Level"),
    "evidence.level_field": ("Lĩnh vực", "Field"),
    "evidence.level_criterion": ("Tiêu chí", "Criterion"),
    "evidence.level_leaf": ("Tiêu chí thành phần", "Sub-criterion"),
    "evidence.colour_by": ("Tô màu theo", "Colour by"),
    "evidence.sort": ("Sắp xếp đơn vị", "Sort units"),
    "evidence.items_card": ("Các mục thiếu TLKC của ô đã chọn", "Missing items of the chosen cell"),
    "evidence.leaf_hint": (
        "Mức tiêu chí thành phần có rất nhiều cột: chọn một lĩnh vực ở bộ lọc để xem rõ hơn.",
        "The sub-criterion level has many columns: choose a field above to see it clearly.",
    ),
    "evidence.measure_count": ("Số mục thiếu", "Missing items"),
    "evidence.measure_share": ("Tỷ lệ thiếu", "Share missing"),
    "evidence.sort_worst": ("Thiếu nhiều nhất trước", "Worst first"),
    "evidence.sort_name": ("Theo tên", "By name"),
    "evidence.heatmap_title": (
        "Thiếu TLKC theo đơn vị và {level}",
        "Missing evidence per unit and {level}",
    ),
    "evidence.colorbar_count": ("Số mục<br>thiếu TLKC", "Items<br>missing"),
    "evidence.colorbar_share": ("Tỷ lệ<br>thiếu TLKC", "Share<br>missing"),
    "evidence.missing_of": ("Thiếu TLKC", "Missing evidence"),
    "evidence.not_required": ("Không yêu cầu TLKC", "No evidence required"),
    "evidence.rounds_title": ("Số mục thiếu TLKC qua các lần", "Missing items across rounds"),
    "evidence.rounds_axis": ("Số mục thiếu TLKC", "Items missing evidence"),
    "evidence.closed": (
        "Lần {second}: {after} mục thiếu, so với {before} ở lần {first} ({change}).",
        "Round {second}: {after} items missing, against {before} in round {first} ({change}).",
    ),
    "evidence.nothing_missing_title": (
        "Không thiếu tài liệu kiểm chứng",
        "No evidence missing",
    ),
    "evidence.nothing_missing_body": (
        "Mọi tiêu chí yêu cầu TLKC mà đơn vị tự chấm trên 0 điểm đều đã có tài liệu.",
        "Every criterion that requires evidence and was self-scored above 0 has a document.",
    ),
    "evidence.pick_cell": (
        "Bấm vào một ô của bản đồ nhiệt để xem các mục còn thiếu của đơn vị đó.",
        "Click a cell of the heatmap to list that unit's missing items.",
    ),
    "evidence.items_title": ("{unit} — {node}: {n} mục thiếu TLKC", "{unit} — {node}: {n} items"),
    "evidence.cell_complete": (
        "{unit} — {node}: không thiếu TLKC.",
        "{unit} — {node}: no evidence missing.",
    ),
    "evidence.table_title": ("Thiếu TLKC theo đơn vị", "Missing evidence per unit"),
    "evidence.required": ("Số tiêu chí yêu cầu TLKC", "Criteria requiring evidence"),
    "evidence.missing": ("Thiếu TLKC", "Missing evidence"),
    "evidence.missing_share": ("Tỷ lệ thiếu TLKC", "Share missing"),
    "evidence.missing_explanation": ("Thiếu giải trình", "Missing explanation"),
    # --- criteria ------------------------------------------------------------------------------
    "criteria.lead": (
        "{node} — các đơn vị nhóm {group}, {year} lần {round}. Chọn lĩnh vực hoặc tiêu chí ở "
        "bộ lọc.",
        "{node} — units of {group}, {year} round {round}. Choose a field or criterion above.",
    ),
    "criteria.distribution_title": ("Phân bố chỉ số của các đơn vị", "Distribution of indices"),
    "criteria.lost_title": ("Đơn vị mất nhiều điểm nhất", "Units that lost the most points"),
    "criteria.lost_axis": ("Điểm bị mất", "Points lost"),
    "criteria.units": ("Số đơn vị", "Units"),
    "criteria.mean_index": ("Chỉ số bình quân", "Mean index"),
    "criteria.missing_rate": ("Tỷ lệ thiếu TLKC", "Missing-evidence rate"),
    "criteria.explanations": ("Số giải trình", "Explanations"),
    "criteria.explanations_title": (
        "Giải trình của đơn vị và ý kiến thẩm định",
        "Units' explanations and appraiser notes",
    ),
    "criteria.no_explanations": (
        "Chưa có giải trình hay ý kiến thẩm định nào cho mục này.",
        "No explanation or appraiser note was given here.",
    ),
    "criteria.units_title": ("Điểm của từng đơn vị", "Scores per unit"),
    "criteria.lost_points": ("Điểm bị mất", "Points lost"),
    # --- progress ------------------------------------------------------------------------------
    "progress.lead": (
        "Đơn vị gửi kết quả tự đánh giá {year} lần {round}: bấm “GỬI” sau khi chấm lại và đính "
        "kèm báo cáo đã phê duyệt.",
        "Units sending their {year} round {round} self-assessment: they press “GỬI” (send) "
        "after re-scoring and attaching the approved report.",
    ),
    "progress.opens": ("Bắt đầu", "Opens"),
    "progress.locks": ("Khóa", "Locks"),
    "progress.locked": ("Đã khóa", "Locked"),
    "progress.not_open": ("Chưa mở", "Not open yet"),
    "progress.remaining": ("Còn {time}", "{time} left"),
    "progress.days": ("{n} ngày", "{n} d"),
    "progress.hours": ("{n} giờ", "{n} h"),
    "progress.minutes": ("{n} phút", "{n} min"),
    "progress.no_schedule": ("Chưa có lịch", "No schedule"),
    "progress.sent": ("Đã gửi", "Sent"),
    "progress.report": ("Có báo cáo", "Report attached"),
    "progress.approved": ("Đã phê duyệt", "Approved"),
    "progress.late": ("Gửi trễ hạn", "Sent late"),
    "progress.on_time": ("Gửi đúng hạn", "Sent on time"),
    "progress.of": ("{n}/{total}", "{n}/{total}"),
    "progress.unsent_title": ("Đơn vị chưa gửi", "Units that have not sent"),
    "progress.all_sent": ("Tất cả đơn vị đã gửi.", "Every unit has sent."),
    "progress.timeline_title": ("Thời điểm gửi", "When units sent"),
    "progress.time_axis": ("Thời điểm gửi", "Sent at"),
    "progress.cumulative_axis": ("Số đơn vị đã gửi (lũy kế)", "Units sent (cumulative)"),
    "progress.lock_line": ("Khóa {time}", "Locks {time}"),
    "progress.open_line": ("Mở {time}", "Opens {time}"),
    "progress.all_units": ("{n} đơn vị", "{n} units"),
    "progress.nothing_sent": ("Chưa có đơn vị nào gửi.", "No unit has sent yet."),
    # --- server errors (pages, and plain-text HTTP answers: Vietnamese, then English) ------
    "error.warehouse_title": (
        "Kho dữ liệu không truy cập được",
        "The data warehouse cannot be reached",
    ),
    "error.warehouse_body": (
        "Máy chủ cơ sở dữ liệu hiện không trả lời. Số liệu sẽ hiển thị lại khi kho dữ liệu "
        "hoạt động trở lại; hãy tải lại trang sau ít phút.",
        "The database server is not answering. The data shows again once the warehouse is "
        "back; reload the page in a few minutes.",
    ),
    "error.too_large": (
        "Yêu cầu quá lớn: tối đa {limit}.",
        "Request too large: at most {limit}.",
    ),
    "error.query_too_long": (
        "Địa chỉ quá dài: giá trị «{name}» tối đa {limit} ký tự.",
        "Address too long: the value of “{name}” takes at most {limit} characters.",
    ),
    "error.query_string_too_long": (
        "Địa chỉ quá dài: phần sau dấu ? tối đa {limit} ký tự.",
        "Address too long: the part after ? takes at most {limit} characters.",
    ),
    "error.input_too_long": (
        "Nội dung gửi lên quá dài: mỗi ô nhập tối đa {limit} ký tự.",
        "Input too long: each field takes at most {limit} characters.",
    ),
    "error.export_timeout": (
        "Xuất tệp mất quá nhiều thời gian (quá {seconds} giây) nên đã dừng. Hãy chọn ít dữ "
        "liệu hơn (một nhóm, một lĩnh vực) hoặc thử lại sau.",
        "The export took too long (over {seconds} s) and was stopped. Choose less data (one "
        "group, one field) or try again later.",
    ),
    "error.export_busy": (
        "Máy chủ đang xuất tệp khác; hãy thử lại sau {seconds} giây.",
        "The server is busy with another export; try again in {seconds} seconds.",
    ),
    "error.export_too_big": (
        "Biểu đồ quá lớn để xuất ảnh ({pixels} triệu điểm ảnh, tối đa {limit} triệu). Hãy lọc "
        "bớt (một nhóm, một lĩnh vực) hoặc tải bảng số liệu.",
        "The chart is too large to export as an image ({pixels} million pixels, at most "
        "{limit} million). Filter it down (one group, one field) or download the table.",
    ),
    "error.unknown_page": (
        "Không có trang «{name}» (các trang: {known}).",
        "There is no page “{name}” (pages: {known}).",
    ),
    "error.unknown_chart": (
        "Trang «{page}» không có biểu đồ «{name}» (các biểu đồ: {known}).",
        "Page “{page}” has no chart “{name}” (charts: {known}).",
    ),
    "error.no_scores": (
        "Kho dữ liệu chưa có điểm nào; hãy chạy `cchc load` hoặc `cchc demo` trước.",
        "The warehouse holds no scores yet: run `cchc load` or `cchc demo` first.",
    ),
    "error.choose_unit": (
        "Hãy chọn một đơn vị (--unit).",
        "Choose a unit (--unit).",
    ),
    "error.choose_node": (
        "Hãy chọn một lĩnh vực hoặc tiêu chí (--field/--criterion).",
        "Choose a field or criterion (--field/--criterion).",
    ),
    "error.one_round": (
        "Năm {year} mới có một lần chấm, chưa so sánh được giữa các lần.",
        "Year {year} has only one round: nothing to compare.",
    ),
    "error.no_group": (
        "Năm đã chọn chưa có nhóm nào có điểm.",
        "No group has scores in the chosen year.",
    ),
    # --- column headers of exported tables (XLSX, CSV) ------------------------------------
    "col.rank": ("Hạng", "Rank"),
    "col.unit_code": ("Mã đơn vị", "Unit code"),
    "col.unit_name": ("Tên đơn vị", "Unit"),
    "col.group": ("Nhóm", "Group"),
    "col.group_code": ("Nhóm", "Group"),
    "col.group_label": ("Nhóm", "Group"),
    "col.year": ("Năm", "Year"),
    "col.round": ("Lần", "Round"),
    "col.points": ("Điểm đạt", "Points"),
    "col.max_points": ("Điểm tối đa", "Maximum points"),
    "col.index": ("Chỉ số (%)", "Index (%)"),
    "col.band": ("Xếp loại", "Band"),
    "col.self_points": ("Điểm tự chấm", "Self-assessed points"),
    "col.appraised_points": ("Điểm thẩm định", "Appraised points"),
    "col.self_score": ("Điểm tự chấm", "Self-assessed score"),
    "col.appraised_score": ("Điểm thẩm định", "Appraised score"),
    "col.self_index": ("Chỉ số tự chấm (%)", "Self-assessed index (%)"),
    "col.appraised_index": ("Chỉ số thẩm định (%)", "Appraised index (%)"),
    "col.gap": ("Chênh lệch (điểm)", "Gap (points)"),
    "col.gap_points": ("Chênh lệch (điểm)", "Gap (points)"),
    "col.gap_index": ("Chênh lệch chỉ số", "Index gap"),
    "col.field_code": ("Mã lĩnh vực", "Field code"),
    "col.field_name": ("Lĩnh vực", "Field"),
    "col.criterion_code": ("Mã tiêu chí", "Criterion code"),
    "col.criterion_name": ("Tiêu chí", "Criterion"),
    "col.evidence_count": ("Số TLKC", "Evidence documents"),
    "col.evidence_required": ("Yêu cầu TLKC", "Evidence required"),
    "col.missing_evidence": ("Thiếu TLKC", "Missing evidence"),
    "col.missing_explanation": ("Thiếu giải trình", "Missing explanation"),
    "col.explanation": ("Giải trình", "Explanation"),
    "col.appraisal_note": ("Ý kiến thẩm định", "Appraisal note"),
    "col.sent_at": ("Thời điểm gửi", "Sent at"),
    "col.sent": ("Đã gửi", "Sent"),
    "col.report_attached": ("Có báo cáo", "Report attached"),
    "col.approved": ("Đã phê duyệt", "Approved"),
    "col.rank_change": ("Thay đổi hạng", "Rank change"),
    "col.previous_rank": ("Hạng trước", "Previous rank"),
    "col.units": ("Số đơn vị", "Units"),
    "col.count": ("Số lượng", "Count"),
    "col.share": ("Tỷ lệ (%)", "Share (%)"),
    "col.missing_evidence_share": ("Tỷ lệ thiếu TLKC", "Share missing evidence"),
    "col.missing_explanation_share": ("Tỷ lệ thiếu giải trình", "Share missing explanation"),
    "col.self_positive": ("Số tiêu chí tự chấm > 0", "Criteria self-scored > 0"),
    "col.late": ("Gửi trễ hạn", "Sent late"),
    "col.lost_points": ("Điểm bị mất", "Points lost"),
    "col.mean_index": ("Chỉ số bình quân (%)", "Mean index (%)"),
    "col.best_unit": ("Đơn vị cao nhất", "Highest unit"),
    "col.best_index": ("Chỉ số cao nhất (%)", "Highest index (%)"),
    "col.worst_unit": ("Đơn vị thấp nhất", "Lowest unit"),
    "col.worst_index": ("Chỉ số thấp nhất (%)", "Lowest index (%)"),
    "col.ranked_units": ("Số đơn vị được xếp hạng", "Units ranked"),
    "col.unsent": ("Số đơn vị chưa gửi", "Units not sent"),
    "col.prev_round_rank": ("Hạng lần trước", "Rank in the previous round"),
    "col.rank_change_round": (
        "Thay đổi hạng so với lần trước",
        "Rank change since the previous round",
    ),
    "col.appraised_self_points": (
        "Điểm thẩm định (các tiêu chí đã tự chấm)",
        "Appraised points (self-scored criteria)",
    ),
    "col.appraised_self_index": (
        "Chỉ số thẩm định (các tiêu chí đã tự chấm, %)",
        "Appraised index (self-scored criteria, %)",
    ),
    "sheet.rankings": ("Xếp hạng", "Rankings"),
    "sheet.gaps": ("Chênh lệch", "Gaps"),
    "sheet.evidence": ("Tài liệu kiểm chứng", "Evidence"),
    "sheet.progress": ("Tiến độ", "Progress"),
    "sheet.criteria": ("Tiêu chí", "Criteria"),
    "sheet.unit": ("Đơn vị", "Unit"),
    "sheet.overview": ("Tổng quan", "Overview"),
    "sheet.filters": ("Bộ lọc", "Filters"),
    "sheet.value": ("Giá trị", "Value"),
    "sheet.source": ("Nguồn", "Source"),
    "sheet.data_date": ("Dữ liệu đến ngày", "Data as of"),
    "sheet.exported_at": ("Xuất lúc", "Exported at"),
    "caption.filters": ("Bộ lọc: {filters}", "Filters: {filters}"),
    "caption.none": ("không", "none"),
    "caption.data_date": ("Dữ liệu đến ngày {date}", "Data as of {date}"),
    "caption.source": (
        "Nguồn: cchc-dashboard — Sở Nội vụ",
        "Source: cchc-dashboard — Department of Home Affairs",
    ),
    "download.menu.chart": ("Tải biểu đồ", "Download chart"),
    "download.menu.table": ("Tải bảng", "Download table"),
    "download.menu.report": ("Báo cáo", "Report"),
    "download.png": ("Ảnh PNG", "PNG image"),
    "download.svg": ("Ảnh vector SVG", "SVG vector image"),
    "download.pdf": ("Tệp PDF", "PDF file"),
    "download.xlsx": ("Bảng tính Excel (XLSX)", "Excel workbook (XLSX)"),
    "download.csv": ("Tệp CSV (UTF-8)", "CSV file (UTF-8)"),
    "download.report.pdf": ("Báo cáo PDF", "Report (PDF)"),
    "download.report.docx": ("Báo cáo Word (DOCX)", "Report (Word, DOCX)"),
    # --- the leadership report pack (dashboard/export/report): PDF and DOCX --------------------
    "report.file_stem": ("bao-cao-cchc-{year}-lan{round}", "par-index-report-{year}-round{round}"),
    "report.document_title": ("Báo cáo {title}", "Report: {title}"),
    "report.authority": ("UBND TỈNH SÓC TRĂNG", "SOC TRANG PROVINCIAL PEOPLE'S COMMITTEE"),
    "report.agency": ("SỞ NỘI VỤ", "DEPARTMENT OF HOME AFFAIRS"),
    "report.agency_name": ("Sở Nội vụ", "Department of Home Affairs"),
    "report.agency_short": ("SNV", "SNV"),
    "report.place": ("Sóc Trăng", "Soc Trang"),
    "report.framework": (
        "Quyết định số 3119/QĐ-UBND ngày 05/11/2021 của Ủy ban nhân dân tỉnh Sóc Trăng "
        "về Bộ Chỉ số cải cách hành chính",
        "Decision No. 3119/QĐ-UBND of 2021-11-05 of the Soc Trang Provincial People's "
        "Committee on the Administrative Reform Index",
    ),
    "report.recipients": (  # one line each
        "UBND tỉnh (b/c);\nCác sở, ban, ngành tỉnh;\nUBND các huyện, thị xã, thành phố;\n"
        "Lưu: VT, CCHC.",
        "Provincial People's Committee (to report);\nProvincial departments and agencies;\n"
        "District, town and city People's Committees;\nFiled: Office, Administrative Reform.",
    ),
    "report.recipients_label": ("Nơi nhận:", "Recipients:"),
    "report.signer_title": ("GIÁM ĐỐC", "DIRECTOR"),
    "report.nation": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "report.motto": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "report.number": ("Số:{blank}/BC-{agency}", "No.:{blank}/BC-{agency}"),
    "report.date_line": (
        "{place}, ngày {day} tháng {month} năm {year}",
        "{place}, {year}-{month}-{day}",
    ),
    "report.heading": ("BÁO CÁO", "REPORT"),
    "report.title": (
        "Kết quả thẩm định Chỉ số cải cách hành chính năm {year} (lần {round})",
        "Appraisal results of the Administrative Reform Index {year} (round {round})",
    ),
    "report.page": ("Trang {page}/{pages}", "Page {page}/{pages}"),
    "report.intro": (
        "Căn cứ {framework}; căn cứ kết quả tự đánh giá, chấm điểm của các cơ quan, đơn vị và "
        "kết quả thẩm định lần {round} năm {year}, {agency} báo cáo kết quả thẩm định Chỉ số "
        "cải cách hành chính năm {year} như sau:",
        "Pursuant to {framework}, and on the basis of the self-assessments and scores of the "
        "agencies and units and of appraisal round {round} of {year}, the {agency} reports the "
        "appraisal results of the Administrative Reform Index {year} as follows:",
    ),
    "report.scope": ("Phạm vi số liệu: {scope}.", "Scope of the data: {scope}."),
    "report.scope_value": (
        "năm {year}, lần thẩm định {round}, {groups}",
        "{year}, appraisal round {round}, {groups}",
    ),
    "report.scope_group": ("nhóm {group}", "{group}"),
    "report.scope_all": ("tất cả các nhóm đơn vị", "all groups of units"),
    "report.data_date": ("Số liệu cập nhật đến ngày {date}.", "Data as of {date}."),
    "report.band_rule": ("Cách xếp loại: {rule}.", "Banding rule: {rule}."),
    "report.band_top": ("loại {band}: từ {low}% trở lên", "band {band}: {low}% and above"),
    "report.band_middle": (
        "loại {band}: từ {low}% đến dưới {high}%",
        "band {band}: from {low}% to below {high}%",
    ),
    "report.band_bottom": ("loại {band}: dưới {high}%", "band {band}: below {high}%"),
    "report.no_data": (
        "Chưa có số liệu cho năm và lần thẩm định đã chọn.",
        "No data for the chosen year and appraisal round yet.",
    ),
    "report.ranking_heading": ("Kết quả xếp hạng", "Rankings"),
    "report.ranking_figure": ("Hình {n}. Chỉ số CCHC — {group}", "Figure {n}. PAR Index — {group}"),
    "report.bands_heading": ("Xếp loại", "Bands"),
    "report.no_bands": (
        "Chưa có đơn vị nào có kết quả thẩm định để xếp loại.",
        "No unit has an appraised result to band yet.",
    ),
    "report.band_count": ("loại {band}: {n} đơn vị", "{n} in band {band}"),
    "report.bands": (
        "Trong {ranked} đơn vị được xếp loại, có {counts}.",
        "Of the {ranked} units banded: {counts}.",
    ),
    "report.gap_heading": (
        "Chênh lệch giữa điểm tự chấm và điểm thẩm định",
        "Gap between self-assessed and appraised scores",
    ),
    "report.gap_missing": (
        "Chưa đủ số liệu tự chấm và thẩm định để so sánh.",
        "Not enough self-assessed and appraised scores to compare yet.",
    ),
    "report.gap": (
        "Có {over}/{units} đơn vị tự chấm cao hơn kết quả thẩm định. Chỉ số tự chấm bình quân "
        "{self_mean}%, chỉ số thẩm định bình quân {appraised_mean}% (tính trên các tiêu chí "
        "đơn vị tự chấm).",
        "{over} of {units} units scored themselves higher than the appraisal did. Mean "
        "self-assessed index {self_mean}%, mean appraised index {appraised_mean}% (over the "
        "criteria the units self-scored).",
    ),
    "report.gap_lead": (
        "Các đơn vị có mức chênh lệch lớn nhất (điểm chỉ số):",
        "Units with the largest gaps (index points):",
    ),
    "report.evidence_heading": ("Tài liệu kiểm chứng", "Evidence documents"),
    "report.evidence_figure": (
        "Hình {n}. Số tiêu chí thiếu tài liệu kiểm chứng theo lĩnh vực — {group}",
        "Figure {n}. Criteria missing evidence documents, by field — {group}",
    ),
    "report.evidence_complete": (
        "Các đơn vị đã cung cấp đầy đủ tài liệu kiểm chứng.",
        "Every unit has provided all its evidence documents.",
    ),
    "report.evidence_lead": (
        "Các đơn vị thiếu nhiều tài liệu kiểm chứng nhất:",
        "Units missing the most evidence documents:",
    ),
    "report.not_sent_heading": ("Đơn vị chưa gửi kết quả", "Units that have not sent results"),
    "report.all_sent": (
        "Tất cả {total} đơn vị đã gửi kết quả tự đánh giá.",
        "All {total} units have sent their self-assessment.",
    ),
    "report.not_sent": (
        "Còn {n}/{total} đơn vị chưa gửi kết quả tự đánh giá: {names}.",
        "Units yet to send their self-assessment ({n} of {total}): {names}.",
    ),
    "report.closing": (
        "Trên đây là báo cáo kết quả thẩm định Chỉ số cải cách hành chính năm {year} "
        "(lần {round}) của {agency}./.",
        "This concludes the report of the {agency} on the appraisal results of the "
        "Administrative Reform Index {year} (round {round}).",
    ),
    "report.col_no": ("STT", "No."),
    "report.col_rank": ("Hạng", "Rank"),
    "report.col_unit": ("Cơ quan, đơn vị", "Agency or unit"),
    "report.col_points": ("Điểm đạt", "Points"),
    "report.col_max_points": ("Điểm tối đa", "Max. points"),
    "report.col_index": ("Chỉ số (%)", "Index (%)"),
    "report.col_band": ("Xếp loại", "Band"),
    "report.col_self_index": ("Chỉ số tự chấm", "Self index"),
    "report.col_appraised_index": ("Chỉ số thẩm định", "Appraised index"),
    "report.col_gap": ("Chênh lệch", "Gap"),
    "report.col_missing_evidence": ("Số tiêu chí thiếu TLKC", "Criteria missing evidence"),
    "report.col_missing_explanation": (
        "Số tiêu chí thiếu giải trình",
        "Criteria missing an explanation",
    ),
    # --- export titles: each page's main chart and its data, in files and the report ------
    "export.overview": ("Tổng quan Chỉ số CCHC theo nhóm", "PAR Index overview by group"),
    "export.rankings": ("Xếp hạng Chỉ số CCHC", "PAR Index rankings"),
    "export.gaps": (
        "Chênh lệch giữa điểm tự chấm và điểm thẩm định",
        "Gaps between self-assessed and appraised scores",
    ),
    "export.evidence": ("Tài liệu kiểm chứng còn thiếu", "Missing evidence documents"),
    "export.unit": ("Chỉ số thành phần theo lĩnh vực", "Component indices by field"),
    "export.criteria": ("Điểm theo tiêu chí", "Scores by criterion"),
    "export.progress": (
        "Tiến độ gửi kết quả tự đánh giá",
        "Progress of self-assessment submissions",
    ),
    # --- unit page: choosing a unit ------------------------------------------------------------
    "unit.picker_title": ("Chọn đơn vị: {year} lần {round}", "Choose a unit: {year} round {round}"),
    "unit.picker_lead": (
        "Bấm vào một đơn vị (hoặc chọn dòng bằng phím mũi tên rồi nhấn Enter) để xem chi tiết.",
        "Click a unit (or move to its row with the arrow keys and press Enter) for its details.",
    ),
    "unit.picker_rank": ("Hạng trong nhóm", "Rank in group"),
}


def lang_of(value: object) -> Lang:
    """The language named by a query value; anything but ``en`` means Vietnamese."""
    return "en" if isinstance(value, str) and value.strip().lower() == "en" else DEFAULT_LANG


def t(key: str, lang: str = DEFAULT_LANG, /, **values: object) -> str:
    """The text for ``key`` in ``lang`` (Vietnamese for an unknown language), formatted."""
    vi, en = TEXTS[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text


def both(key: str, /, **values: object) -> str:
    """The text in Vietnamese, then in English on the next line (plain-text HTTP answers)."""
    return f"{t(key, 'vi', **values)}\n{t(key, 'en', **values)}"


def group_label(code: str | None, lang: str = DEFAULT_LANG) -> str:
    """A group's name; a code nobody has labelled yet is shown as written."""
    if not code:
        return ""
    key = f"group.{code}"
    return t(key, lang) if key in TEXTS else code


def column_header(column: str, lang: str = DEFAULT_LANG) -> str:
    """An exported table's header for ``column`` (``col.*``); a column not listed: its name."""
    key = f"col.{column}"
    return t(key, lang) if key in TEXTS else column
