"""The demo province's criteria frameworks, built from one catalogue.

Sóc Trăng's real appendix (QĐ 3119/QĐ-UBND) is not public in machine-readable
form, so ``data/frameworks/framework_<year>.csv`` are representative
reconstructions with the real structure: field → criterion → sub-criterion,
points on the leaves, a parent's maximum the exact sum of its children, and a
sociological-survey field (``method = survey``) at the end of every group.

The catalogue below is the single source.  Every leaf line carries its points
for the four groups (``so_nganh huyen trung_uong su_nghiep``); ``-`` means the
group does not have it, ``2021:3,2022:1.5`` means 3 points from 2021 and 1.5
from 2022 on (absent in years before the first one).  Codes are numbered per
group and year from the catalogue order, so a group that lacks a field simply
numbers the next one down.  ``!`` marks a leaf whose result comes from a system
(no evidence document required); ``@`` marks the survey field.

Regenerate the committed CSVs with ``python -m demo.framework``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from demo.csvfiles import read_records, write_csv
from etl import kinds

GROUPS: tuple[str, ...] = ("so_nganh", "huyen", "trung_uong", "su_nghiep")
YEARS: tuple[int, ...] = (2021, 2022, 2023)
# Points per group: appraised (self-scored) part and survey part.
DESIGNED_TOTALS: dict[str, tuple[Decimal, Decimal]] = {
    "so_nganh": (Decimal(80), Decimal(20)),
    "huyen": (Decimal(80), Decimal(20)),
    "trung_uong": (Decimal(40), Decimal(20)),
    "su_nghiep": (Decimal(60), Decimal(20)),
}

CATALOGUE = """
Công tác chỉ đạo, điều hành cải cách hành chính
  Kế hoạch cải cách hành chính năm
    Ban hành kế hoạch CCHC năm kịp thời, đúng quy định | 0.5 | 0.5 | 1 | 0.5
    Mức độ hoàn thành kế hoạch CCHC năm | 2021:3,2022:1.5 | 2021:2.5,2022:1 | 2 | 2021:3,2022:1.5
  Báo cáo cải cách hành chính định kỳ
    Báo cáo đầy đủ về số lượng, nội dung theo quy định | 0.5 | 0.5 | 1 | 0.5
    Báo cáo đúng thời hạn quy định | 0.5 | 0.5 | 1 | 0.5
  Kiểm tra công tác cải cách hành chính
    Ban hành kế hoạch kiểm tra CCHC | 0.5 | 0.5 | 0.5 | 0.5
    Tỷ lệ cơ quan, đơn vị trực thuộc được kiểm tra trong năm | 1 | 1 | - | 1
    Xử lý các vấn đề phát hiện qua kiểm tra | 1 | 0.5 | 1 | 1
  Công tác tuyên truyền cải cách hành chính
    Ban hành kế hoạch tuyên truyền CCHC | 0.5 | 0.5 | 0.5 | 0.5
    Mức độ thực hiện kế hoạch tuyên truyền CCHC | 1 | 1 | 1 | 1
  Thực hiện nhiệm vụ UBND tỉnh, Chủ tịch UBND tỉnh giao
    Tỷ lệ nhiệm vụ được giao hoàn thành đúng hạn | 1 | 1 | - | 1
    Không có nhiệm vụ quá hạn chưa hoàn thành | 0.5 | 0.5 | - | 0.5
  Sáng kiến, giải pháp mới trong cải cách hành chính | 2022:1.5 | 2022:1.5 | - | 2022:1.5
Cải cách thể chế
  Xây dựng và ban hành văn bản quy phạm pháp luật
    Thực hiện Chương trình xây dựng VBQPPL được UBND tỉnh giao | 1.5 | 1 | - | -
    Tuân thủ quy trình xây dựng, ban hành VBQPPL | 1 | 1 | - | -
  Rà soát, hệ thống hóa văn bản quy phạm pháp luật
    Ban hành kế hoạch rà soát, hệ thống hóa VBQPPL | 0.5 | 0.5 | - | -
    Mức độ hoàn thành kế hoạch rà soát, hệ thống hóa VBQPPL | 1 | 1 | - | -
    Xử lý kết quả rà soát văn bản | 1 | 0.5 | - | -
  Theo dõi thi hành pháp luật
    Ban hành kế hoạch theo dõi thi hành pháp luật | 0.5 | 0.5 | - | -
    Mức độ thực hiện kế hoạch theo dõi thi hành pháp luật | 1 | 1 | - | -
  Tự kiểm tra và xử lý văn bản sau kiểm tra | 1.5 | 1.5 | - | -
Cải cách thủ tục hành chính
  Công bố, công khai thủ tục hành chính
    Tỷ lệ TTHC được trình công bố kịp thời, đúng quy định | 1 | - | - | -
    Công khai đầy đủ TTHC trên Cổng Dịch vụ công và tại nơi tiếp nhận hồ sơ | 2021:1.5,2022:1 | 1.5 | 2021:2,2022:1.5 | -
  Rà soát, đơn giản hóa thủ tục hành chính
    Ban hành kế hoạch rà soát, đánh giá TTHC | 0.5 | 0.5 | 0.5 | -
    Mức độ thực hiện kế hoạch rà soát, đánh giá TTHC | 1 | 1 | 1 | -
    Phương án đơn giản hóa TTHC được cấp có thẩm quyền phê duyệt | 1 | - | - | -
  Thực hiện cơ chế một cửa, một cửa liên thông
    Tỷ lệ TTHC được tiếp nhận, trả kết quả tại Bộ phận Một cửa | 1 | 1.5 | 1 | -
    Tỷ lệ TTHC thực hiện theo cơ chế một cửa liên thông | 0.5 | 1 | - | -
    Bố trí công chức làm việc tại Bộ phận Một cửa đúng quy định | 0.5 | 1.5 | 1 | -
    Số hóa hồ sơ, kết quả giải quyết TTHC | 1 | 1.5 | 1 | -
  Kết quả giải quyết hồ sơ thủ tục hành chính
    ! Tỷ lệ hồ sơ TTHC được giải quyết đúng hạn | 2.5 | 2.5 | 2.5 | -
    Thực hiện xin lỗi người dân, tổ chức khi giải quyết hồ sơ trễ hạn | 2021:0.5,2022:1 | 1 | 2021:0.5,2022:1 | -
  Tiếp nhận, xử lý phản ánh, kiến nghị
    Công khai địa chỉ tiếp nhận phản ánh, kiến nghị | 0.5 | 0.5 | 0.5 | -
    Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn | 1 | 1 | 1 | -
  ! Chất lượng phục vụ người dân, doanh nghiệp trên Hệ thống giải quyết TTHC | 1.5 | 1.5 | 1 | -
Cải cách tổ chức bộ máy hành chính
  Thực hiện quy định về tổ chức bộ máy
    Ban hành quy định chức năng, nhiệm vụ của các phòng, đơn vị trực thuộc | 1 | 1 | - | 1
    Thực hiện quy định về số lượng cấp phó | 1 | 1 | - | 1
    Sắp xếp, kiện toàn tổ chức bên trong theo quy định | 1.5 | 1 | - | 1.5
  Quản lý, sử dụng biên chế
    Thực hiện số lượng biên chế, số lượng người làm việc được giao | 1.5 | 1.5 | - | 1.5
    Thực hiện tinh giản biên chế theo kế hoạch | 1 | 1 | - | 1.5
  Thực hiện phân cấp quản lý
    Thực hiện các nhiệm vụ được phân cấp, ủy quyền | 1 | 0.5 | - | 1.5
    Kiểm tra việc thực hiện nhiệm vụ đã phân cấp | 1 | 1 | - | -
Cải cách chế độ công vụ
  Vị trí việc làm
    Xây dựng, trình phê duyệt vị trí việc làm đúng quy định | 1 | 1 | 1 | 1.5
    Bố trí công chức, viên chức theo vị trí việc làm được phê duyệt | 1.5 | 1 | 1 | 1.5
  Tuyển dụng, sử dụng công chức, viên chức
    Thực hiện quy định về tuyển dụng công chức, viên chức | 1 | 1 | - | 1.5
    Thực hiện quy định về bổ nhiệm, điều động, luân chuyển | 1.5 | 1 | 1 | 1.5
  Đánh giá, xếp loại công chức, viên chức
    Thực hiện đánh giá, xếp loại chất lượng đúng quy định | 2021:2,2023:1 | 2021:2,2023:1 | 1.5 | 2021:2,2023:1
    Đánh giá theo kết quả, sản phẩm thực hiện nhiệm vụ hằng tháng | 2023:1 | 2023:1 | - | 2023:1
  Đào tạo, bồi dưỡng cán bộ, công chức, viên chức
    Ban hành kế hoạch đào tạo, bồi dưỡng | 0.5 | 0.5 | 0.5 | 0.5
    Mức độ hoàn thành kế hoạch đào tạo, bồi dưỡng | 1.5 | 1 | 1.5 | 1.5
  Kỷ luật, kỷ cương hành chính
    Chấp hành kỷ luật, kỷ cương hành chính | 1.5 | 1 | 1.5 | 1.5
    Không có cán bộ, công chức, viên chức vi phạm phải xử lý kỷ luật | 1 | 1 | 1 | 1
    Thực hiện quy tắc ứng xử, văn hóa công sở | 1 | 0.5 | 1 | 1
  Cán bộ, công chức cấp xã
    Tỷ lệ cán bộ, công chức cấp xã đạt chuẩn | - | 1 | - | -
    Tỷ lệ cán bộ, công chức cấp xã được bồi dưỡng trong năm | - | 1 | - | -
  Thực hiện chính sách thu hút, trọng dụng người có tài năng | 1.5 | - | - | 0.5
Cải cách tài chính công
  Giải ngân vốn đầu tư công
    Lập, giao kế hoạch vốn đầu tư công đúng hạn | 0.5 | 0.5 | - | -
    ! Tỷ lệ giải ngân vốn đầu tư công được giao | 2 | 2 | - | -
  Quản lý, sử dụng kinh phí chi thường xuyên
    Ban hành, thực hiện quy chế chi tiêu nội bộ | 1 | 1 | - | 1.5
    Công khai dự toán, quyết toán ngân sách | 1 | 1 | - | 1.5
  Tự chủ tài chính của đơn vị sự nghiệp công lập
    Tỷ lệ đơn vị sự nghiệp trực thuộc được giao tự chủ tài chính | 1 | 0.5 | - | -
    Thực hiện cơ chế tự chủ theo phương án được phê duyệt | 1 | 0.5 | - | 3
    Mức độ tự bảo đảm chi thường xuyên | - | - | - | 3
  Quản lý, sử dụng tài sản công
    Ban hành quy chế quản lý, sử dụng tài sản công | 0.5 | 0.5 | - | 1
    Thực hiện chế độ báo cáo, kê khai tài sản công | 1 | 1 | - | 1.5
  Thực hiện kiến nghị sau thanh tra, kiểm toán | 2 | 1 | - | 2.5
Xây dựng và phát triển chính quyền điện tử, chính quyền số
  Quản lý văn bản điện tử và chữ ký số
    ! Tỷ lệ văn bản trao đổi dưới dạng điện tử | 1.5 | 1.5 | 1.5 | 2
    Tỷ lệ văn bản điện tử được ký số | 1.5 | 1.5 | 1.5 | 2
  Cung cấp dịch vụ công trực tuyến
    Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình | 2021:2.5,2023:1.5 | 2021:2.5,2023:1.5 | 2021:2,2023:1 | -
    ! Tỷ lệ hồ sơ TTHC được xử lý trực tuyến | 2021:2.5,2023:1.5 | 2021:2.5,2023:1.5 | 2021:2,2023:1 | -
    Tích hợp, cung cấp dịch vụ công trên Cổng Dịch vụ công quốc gia | 1.5 | 0.5 | - | -
  Hệ thống thông tin báo cáo
    Cập nhật, chia sẻ dữ liệu trên Hệ thống thông tin báo cáo của tỉnh | 1 | 1 | - | 1.5
    Gửi báo cáo định kỳ qua Hệ thống thông tin báo cáo đúng hạn | 1 | 1 | - | 1.5
  Bảo đảm an toàn thông tin mạng
    Ban hành quy chế bảo đảm an toàn thông tin mạng | 0.5 | 0.5 | 0.5 | 1
    Triển khai phương án bảo đảm an toàn hệ thống thông tin theo cấp độ | 1.5 | 1 | 1 | 2
  Duy trì, cải tiến hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 | 1.5 | 1.5 | 1.5 | 2
  Cập nhật thông tin trên Trang thông tin điện tử của đơn vị | 1 | 0.5 | - | 2
  Thanh toán trực tuyến
    Tỷ lệ TTHC có nghĩa vụ tài chính được triển khai thanh toán trực tuyến | 2023:1 | 2023:1 | 2023:1 | -
    ! Tỷ lệ hồ sơ TTHC được thanh toán trực tuyến | 2023:1 | 2023:1 | 2023:1 | -
Cải cách hành chính cấp xã
  Chỉ đạo, kiểm tra cải cách hành chính cấp xã
    Ban hành văn bản chỉ đạo, hướng dẫn CCHC cấp xã | - | 1 | - | -
    Tỷ lệ UBND cấp xã được kiểm tra CCHC trong năm | - | 1 | - | -
  Bộ phận Một cửa cấp xã
    Cơ sở vật chất, trang thiết bị Bộ phận Một cửa cấp xã đạt chuẩn | - | 1 | - | -
    ! Tỷ lệ hồ sơ TTHC cấp xã được giải quyết đúng hạn | - | 2 | - | -
  Chỉ số cải cách hành chính cấp xã
    Tổ chức đánh giá, xác định Chỉ số CCHC cấp xã | - | 1 | - | -
    Tỷ lệ UBND cấp xã có Chỉ số CCHC đạt từ 80 % trở lên | - | 2 | - | -
@ Tác động của cải cách hành chính
  Mức độ hài lòng của người dân, tổ chức
    Tiếp cận dịch vụ | 2 | 2 | 2 | -
    Thủ tục hành chính | 2.5 | 2.5 | 2.5 | -
    Sự phục vụ của công chức | 2.5 | 2.5 | 2.5 | -
    Kết quả giải quyết công việc | 2.5 | 2.5 | 2.5 | -
    Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị | 1.5 | 1.5 | 1.5 | -
  Mức độ hài lòng đối với dịch vụ sự nghiệp công
    Tiếp cận dịch vụ sự nghiệp công | - | - | - | 3
    Chất lượng dịch vụ sự nghiệp công | - | - | - | 4
    Thái độ phục vụ của viên chức | - | - | - | 3
  Đánh giá của lãnh đạo, cán bộ, công chức
    Đánh giá của lãnh đạo UBND tỉnh về kết quả CCHC của đơn vị | 3 | 3 | 3 | 3
    Đánh giá của cán bộ, công chức, viên chức trong đơn vị | 3 | 3 | 3 | 3
  Tác động của CCHC đến thực hiện nhiệm vụ chính trị của đơn vị | 3 | 3 | 3 | 4
"""  # noqa: E501 (one catalogue line per criterion reads best)


@dataclass(frozen=True)
class FrameworkRow:
    """One line of a framework file."""

    year: int
    group: str
    code: str
    parent_code: str | None
    name: str
    max_points: Decimal
    evidence_required: bool
    method: str  # "self" or "survey"


@dataclass
class _Node:
    name: str
    depth: int
    survey: bool
    evidence_required: bool
    points: tuple[str, ...] | None  # per group, leaves only
    children: list[_Node]


def _parse_catalogue(text: str) -> list[_Node]:
    fields: list[_Node] = []
    stack: list[_Node] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2
        body, _, points = line.strip().partition("|")
        flags, name = _split_flags(body.strip())
        survey = "@" in flags or bool(stack[:depth] and stack[0].survey)
        node = _Node(
            name=name,
            depth=depth,
            survey=survey,
            evidence_required="!" not in flags and not survey,
            points=tuple(p.strip() for p in points.split("|")) if points else None,
            children=[],
        )
        if node.points is not None and len(node.points) != len(GROUPS):
            raise ValueError(f"catalogue line needs {len(GROUPS)} point columns: {line!r}")
        del stack[depth:]
        (stack[-1].children if stack else fields).append(node)
        stack.append(node)
    return fields


def _split_flags(body: str) -> tuple[str, str]:
    flags = ""
    while body[:1] in {"!", "@"}:
        flags += body[0]
        body = body[1:].lstrip()
    return flags, body


def leaf_points(spec: str, year: int) -> Decimal | None:
    """Points of a catalogue cell in a year; None when the leaf is absent that year."""
    if spec == "-":
        return None
    if ":" not in spec:
        return Decimal(spec)
    value: Decimal | None = None
    for part in spec.split(","):
        since, _, points = part.partition(":")
        if int(since) <= year:
            value = Decimal(points)
    return value


def _rows(
    nodes: Sequence[_Node], year: int, group: str, parent: str | None
) -> tuple[list[FrameworkRow], Decimal]:
    column = GROUPS.index(group)
    rows: list[FrameworkRow] = []
    total = Decimal(0)
    number = 0
    for node in nodes:
        code = f"{parent}.{number + 1}" if parent else str(number + 1)
        if node.points is not None:
            points = leaf_points(node.points[column], year)
            if points is None:
                continue
            below: list[FrameworkRow] = []
        else:
            below, points = _rows(node.children, year, group, code)
            if not below:
                continue
        number += 1
        rows.append(
            FrameworkRow(
                year=year,
                group=group,
                code=code,
                parent_code=parent,
                name=node.name,
                max_points=points,
                evidence_required=node.points is not None and node.evidence_required,
                method="survey" if node.survey else "self",
            )
        )
        rows.extend(below)
        total += points
    return rows, total


def build_framework(year: int, group: str) -> list[FrameworkRow]:
    """The criteria tree of one group in one year, parents before their children."""
    rows, _ = _rows(_parse_catalogue(CATALOGUE), year, group, None)
    return rows


def build_frameworks(year: int) -> list[FrameworkRow]:
    """Every group's tree for one year (the content of ``framework_<year>.csv``)."""
    return [row for group in GROUPS for row in build_framework(year, group)]


def format_points(value: Decimal) -> str:
    """``1.50`` -> ``1.5``, ``10`` -> ``10`` (a point decimal, as CSVs carry it)."""
    return format(value.normalize(), "f")


def write_framework_csv(
    path: Path, rows: Iterable[FrameworkRow], *, year: int | None = None
) -> Path:
    """Write rows in the ``framework`` file format; ``year`` relabels them (older-year copies)."""
    return write_csv(
        path,
        kinds.framework.HEADERS,
        (
            (
                year if year is not None else row.year,
                row.group,
                row.code,
                row.parent_code or "",
                row.name,
                format_points(row.max_points),
                int(row.evidence_required),
                row.method,
            )
            for row in rows
        ),
    )


def read_framework_csv(path: Path) -> list[FrameworkRow]:
    """Read back a framework file written by :func:`write_framework_csv`."""
    return [
        FrameworkRow(
            year=int(record["year"]),
            group=record["group"],
            code=record["criterion_code"],
            parent_code=record["parent_code"] or None,
            name=record["name"],
            max_points=Decimal(record["max_points"]),
            evidence_required=record["evidence_required"] == "1",
            method=record["method"],
        )
        for record in read_records(path, kinds.framework.LAYOUT)
    ]


def framework_path(directory: Path, year: int) -> Path:
    return directory / f"framework_{year}.csv"


def main() -> None:  # pragma: no cover - a maintenance entry point
    directory = Path(__file__).resolve().parent.parent / "data" / "frameworks"
    for year in YEARS:
        write_framework_csv(framework_path(directory, year), build_frameworks(year))


if __name__ == "__main__":  # pragma: no cover
    main()
