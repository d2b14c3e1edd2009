"""Texts of the gaps, evidence, criteria and progress pages (Vietnamese, English).

``dashboard.i18n`` has no way yet to register keys from another module, so these pages look
their texts up here with :func:`tb`, which falls back to :func:`dashboard.i18n.t` for the
shared keys (``term.*``, ``filter.*``, ``page.*``, ``empty.*``).  To merge: copy
:data:`TEXTS_B` into ``dashboard.i18n.TEXTS`` and replace ``tb`` by ``t``.
"""

from __future__ import annotations

from typing import Final

from dashboard.i18n import t

# key -> (Vietnamese, English)
TEXTS_B: Final[dict[str, tuple[str, str]]] = {
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
}


def tb(key: str, lang: str = "vi", /, **values: object) -> str:
    """The text for ``key`` in ``lang`` from :data:`TEXTS_B`, else from ``dashboard.i18n``."""
    if key not in TEXTS_B:
        return t(key, lang, **values)
    vi, en = TEXTS_B[key]
    text = en if lang == "en" else vi
    return text.format(**values) if values else text
