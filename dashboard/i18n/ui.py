"""The screen's texts: the app shell, page names, filters, shared terms, empty states and
each page's own keys (under its prefix: ``overview.``, ``gaps.``, …)."""

from __future__ import annotations

from typing import Final

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
    # --- unit page: choosing a unit ------------------------------------------------------------
    "unit.picker_title": ("Chọn đơn vị: {year} lần {round}", "Choose a unit: {year} round {round}"),
    "unit.picker_lead": (
        "Bấm vào một đơn vị (hoặc chọn dòng bằng phím mũi tên rồi nhấn Enter) để xem chi tiết.",
        "Click a unit (or move to its row with the arrow keys and press Enter) for its details.",
    ),
    "unit.picker_rank": ("Hạng trong nhóm", "Rank in group"),
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
    "empty.forbidden_title": ("Không có quyền xem trang này", "You may not open this page"),
    "empty.forbidden_body": (
        "Tài khoản của bạn không được xem trang này. Hãy chọn một trang trên thanh điều hướng "
        "hoặc liên hệ Sở Nội vụ nếu cần quyền.",
        "Your account may not see this page. Choose a page in the navigation bar, or ask the "
        "Department of Home Affairs for access.",
    ),
    "page.audit": ("Nhật ký", "Audit log"),
    "audit.lead": (
        "Ai đã làm gì, khi nào, từ đâu: đăng nhập, nạp dữ liệu, hoàn tác, xuất tệp.",
        "Who did what, when, from where: sign-ins, loads, undos, exports.",
    ),
    "audit.table_title": ("Các sự kiện gần nhất", "Latest events"),
    "audit.user": ("Người dùng", "User"),
    "audit.all_users": ("Mọi người dùng", "All users"),
    "audit.action": ("Thao tác", "Action"),
    "audit.all_actions": ("Mọi thao tác", "All actions"),
    "audit.at": ("Thời điểm", "Time"),
    "audit.outcome": ("Kết quả", "Outcome"),
    "audit.target": ("Đối tượng", "Target"),
    "audit.remote_addr": ("Từ địa chỉ", "From"),
    "audit.none": ("Chưa có sự kiện nào.", "No event yet."),
    "audit.outcome_ok": ("Thành công", "Done"),
    "audit.outcome_refused": ("Bị từ chối", "Refused"),
    "audit.outcome_failed": ("Lỗi", "Failed"),
}
