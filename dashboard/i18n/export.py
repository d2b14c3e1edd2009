"""The texts of files and server answers: server errors, exported tables' column headers,
sheets, captions, the download menu and each page's export title."""

from __future__ import annotations

from typing import Final

# key -> (Vietnamese, English)
TEXTS: Final[dict[str, tuple[str, str]]] = {
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
}
