"""The leadership report pack (``dashboard/export/report``, PDF and DOCX): every
``report.*`` text."""

from __future__ import annotations

from typing import Final

# key -> (Vietnamese, English)
TEXTS: Final[dict[str, tuple[str, str]]] = {
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
}
