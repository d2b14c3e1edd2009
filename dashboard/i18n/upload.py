"""Loading data from the web: the "Nạp dữ liệu" page, its per-file report, the load history
and undoing a load."""

from __future__ import annotations

from typing import Final

# key -> (Vietnamese, English)
TEXTS: Final[dict[str, tuple[str, str]]] = {
    "page.upload": ("Nạp dữ liệu", "Load data"),
    "upload.lead": (
        "Tải lên tệp xuất của phần mềm chấm điểm, nhiều tệp một lúc. Mỗi tệp được nạp riêng,"
        " trọn vẹn hoặc không ghi gì; một lô điểm đã nạp có thể hoàn tác.",
        "Upload exports of the scoring software, several files at once. Each file is loaded"
        " on its own, entirely or not at all; a loaded batch of scores can be undone.",
    ),
    "upload.title": ("Tải tệp lên", "Upload files"),
    "upload.drop": (
        "Kéo thả tệp vào đây hoặc bấm để chọn (.xlsx, .xls, .csv, .ods)",
        "Drop files here or click to choose (.xlsx, .xls, .csv, .ods)",
    ),
    "upload.limits": (
        "Tối đa {files} tệp một lần, mỗi tệp {file_limit}, tổng cộng {total_limit}.",
        "At most {files} files at once, {file_limit} each, {total_limit} in all.",
    ),
    "upload.sending": ("Đang tải lên…", "Uploading…"),
    "upload.loading": ("Đang nạp…", "Loading…"),
    "upload.failed_request": (
        "Không tải lên được ({reason}). Không nạp tệp nào.",
        "The upload failed ({reason}). Nothing was loaded.",
    ),
    "upload.forbidden": (
        "Tài khoản của bạn không có quyền nạp dữ liệu hoặc hoàn tác.",
        "Your account may not load data or undo loads.",
    ),
    "upload.not_the_page": (
        "Chỉ tải lên được từ trang Nạp dữ liệu.",
        "Files can only be uploaded from the Load data page.",
    ),
    "upload.no_files": ("Chưa chọn tệp nào.", "No file was chosen."),
    "upload.too_many": (
        "Quá nhiều tệp: {n} tệp, tối đa {limit} tệp một lần. Không nạp tệp nào.",
        "Too many files: {n}, at most {limit} at once. Nothing was loaded.",
    ),
    "upload.file_too_large": (
        "Tệp quá lớn (tối đa {limit} mỗi tệp): {files}. Không nạp tệp nào.",
        "Files too large (at most {limit} each): {files}. Nothing was loaded.",
    ),
    "upload.total_too_large": (
        "Tổng dung lượng {size} vượt giới hạn {limit}. Không nạp tệp nào.",
        "{size} in all is over the limit of {limit}. Nothing was loaded.",
    ),
    # the per-file report
    "upload.report_title": ("Kết quả nạp", "Load results"),
    "upload.totals": (
        "Đã nạp {loaded}, bỏ qua {skipped}, từ chối {rejected}",
        "Loaded {loaded}, skipped {skipped}, rejected {rejected}",
    ),
    "upload.totals_failed": ("lỗi nội bộ {n}", "internal errors {n}"),
    "upload.status_loaded": ("Đã nạp", "Loaded"),
    "upload.status_already_loaded": ("Đã nạp trước đó (bỏ qua)", "Already loaded (skipped)"),
    "upload.status_rejected": ("Bị từ chối", "Rejected"),
    "upload.status_failed": ("Lỗi nội bộ", "Internal error"),
    "upload.loaded_rows": ("{rows} dòng · lô #{batch}", "{rows} rows · batch #{batch}"),
    "upload.already_rows": (
        "Tệp này đã được nạp (lô #{batch}, {rows} dòng): không ghi gì thêm.",
        "This file was loaded before (batch #{batch}, {rows} rows): nothing written.",
    ),
    "upload.replaced": ("thay thế lô {batches}", "replaces batch {batches}"),
    "upload.nothing_written": ("Không ghi gì vào kho dữ liệu.", "Nothing was written."),
    "upload.changes": ("Đã sửa {n} điểm đã lưu:", "Changed {n} stored scores:"),
    "upload.change_line": (
        "{year} lần {round} · {unit} · {criterion} · {column}: {old} → {new}",
        "{year} round {round} · {unit} · {criterion} · {column}: {old} → {new}",
    ),
    "upload.more_changes": ("… và {n} điểm khác", "… and {n} more"),
    "upload.self_score": ("tự chấm", "self"),
    "upload.appraised_score": ("thẩm định", "appraised"),
    "upload.not_scored": ("chưa chấm", "not scored"),
    "upload.not_applicable": ("KAD", "n/a"),
    "upload.problems": ("{n} lỗi:", "{n} problems:"),
    "upload.sheet": ("Trang tính", "Sheet"),
    "upload.row": ("Dòng", "Row"),
    "upload.column": ("Cột", "Column"),
    "upload.value": ("Giá trị", "Value"),
    "upload.reason": ("Lý do", "Reason"),
    "upload.kind_units": ("Danh sách đơn vị", "Units"),
    "upload.kind_framework": ("Bộ tiêu chí", "Framework"),
    "upload.kind_rounds": ("Lần chấm", "Rounds"),
    "upload.kind_scores": ("Bảng điểm", "Scores"),
    "upload.kind_workbook": ("Tệp xuất của đơn vị", "Unit workbook"),
    "upload.kind_submissions": ("Tình hình gửi kết quả", "Submissions"),
    "upload.kind_sql": ("Nguồn SQL", "SQL source"),
    # the load history
    "upload.history_title": ("Lịch sử nạp", "Load history"),
    "upload.history_lead": ("{n} lô gần nhất, mới nhất trước.", "The latest {n} batches first."),
    "upload.history_none": ("Chưa nạp tệp nào.", "Nothing has been loaded yet."),
    "upload.col_id": ("Lô", "Batch"),
    "upload.col_file": ("Tệp", "File"),
    "upload.col_kind": ("Loại", "Kind"),
    "upload.col_rows": ("Số dòng", "Rows"),
    "upload.col_status": ("Trạng thái", "Status"),
    "upload.col_loaded_at": ("Thời điểm", "When"),
    "upload.col_loaded_by": ("Người nạp", "By"),
    "upload.col_action": ("Thao tác", "Action"),
    "upload.history_loaded": ("Đã nạp", "Loaded"),
    "upload.history_replaced": ("Đã bị thay thế", "Replaced"),
    "upload.history_rejected": ("Bị từ chối", "Rejected"),
    "upload.history_undone": ("Đã hoàn tác", "Undone"),
    "upload.by_cli": ("dòng lệnh", "command line"),
    "upload.undo": ("Hoàn tác", "Undo"),
    "upload.undo_confirm": (
        "Hoàn tác lô #{batch} ({file})? Các điểm lô này đã ghi sẽ trở lại như trước khi nạp.",
        "Undo batch #{batch} ({file})? The scores it wrote go back to what they were before.",
    ),
}
