"""The feedback notice to each unit ("Thông báo kết quả thẩm định"), PDF and DOCX.

    view = require(engine, ViewState.from_query(request.args))     # dashboard.view
    pdf = build_notice(engine, view, "ST-SNV", "pdf")                # one unit
    paths = build_all(engine, view, "huyen", Path("thong-bao"))     # a folder: PDF + DOCX each
    paths = build_all(engine, view, None, Path("thong-bao.zip"))    # every group, one zip
    body = notices_zip(engine, view)                                # the zip, in memory

A notice is laid out like the report pack (``dashboard.export.official``: the issuing body,
"Số: ……/TB-SNV" left to fill in, place and date, "THÔNG BÁO", "Kính gửi: <unit>", "Nơi
nhận", the signer) and says, for the view's year and round: the unit's appraised index and
rank in its group; every flagged leaf (:mod:`dashboard.findings`) with its self and appraised
scores, the appraiser's note, what is wrong (missing evidence, missing explanation, an
unspecific explanation naming the rule, the deduction) and what to supply; the points at
stake and the rank if recovered; the next round's opening and locking times.  Vietnamese by
default, English with ``view.lang == "en"``.

Modules: ``data`` (the facts, from ``dashboard.queries``), ``model`` (what a notice says),
``text`` (its letterhead and body), ``pdf`` and ``docx`` (the two layouts).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine

from dashboard.export.images import ExportError
from dashboard.export.notice.data import UnknownNoticeError, collect_notices
from dashboard.export.notice.docx import render_docx
from dashboard.export.notice.model import NoticeModel, notice_model
from dashboard.export.notice.pdf import render_pdf
from dashboard.i18n import both, t
from dashboard.view import View

NoticeFormat = Literal["pdf", "docx"]
NOTICE_FORMATS: tuple[NoticeFormat, ...] = ("pdf", "docx")
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
}
Progress = Callable[[str], None]  # told one line per unit written

__all__ = [
    "MEDIA_TYPES",
    "NOTICE_FORMATS",
    "NoticeFormat",
    "NoticeModel",
    "UnknownNoticeError",
    "build_all",
    "build_notice",
    "collect_notices",
    "notice_filename",
    "notice_model",
    "notices_filename",
    "notices_zip",
    "render",
]


def _check(fmt: str) -> None:
    if fmt not in NOTICE_FORMATS:
        raise ExportError(f"Định dạng thông báo không hỗ trợ / unsupported notice format: {fmt!r}")


def render(model: NoticeModel, fmt: str) -> bytes:
    """Lay out a notice as ``pdf`` or ``docx``."""
    _check(fmt)
    return render_pdf(model) if fmt == "pdf" else render_docx(model)


def build_notice(
    engine: Engine, view: View, unit_code: str, fmt: str = "pdf", issued: date | None = None
) -> bytes:
    """The notice of ``unit_code`` for the view's year and round, in its language, as PDF or
    DOCX bytes, dated ``issued`` (today by default).

    Raises ``queries.SelectionError`` (unknown year or round) and :class:`UnknownNoticeError`
    (a unit without a notice, or outside the current scope)."""
    _check(fmt)
    (model,) = collect_notices(engine, view, unit_code, issued=issued)
    return render(model, fmt)


def _slug(text: str) -> str:
    return "".join(c if c.isascii() and c.isalnum() else "-" for c in text)


def notice_filename(view: View, unit_code: str, fmt: str) -> str:
    """``thong-bao-cchc-2023-lan1-ST-SNV.pdf``; in English ``par-notice-2023-round1-ST-SNV.pdf``.
    ASCII, safe in a Content-Disposition header and in a zip."""
    stem = t("notice.file_stem", view.lang, year=view.year, round=view.round)
    return f"{stem}-{_slug(unit_code)}.{fmt}"


def notices_filename(view: View) -> str:
    """``thong-bao-cchc-2023-lan1.zip`` (``-huyen`` with a group)."""
    stem = t("notice.file_stem", view.lang, year=view.year, round=view.round)
    return "-".join([stem, _slug(view.group)] if view.group else [stem]) + ".zip"


def _files(
    models: list[NoticeModel], view: View, progress: Progress | None
) -> Iterator[tuple[str, bytes]]:
    """``(file name, bytes)`` of every notice in every format, a progress line per unit."""
    seen: set[str] = set()
    for position, model in enumerate(models, start=1):
        names = []
        for fmt in NOTICE_FORMATS:
            name = notice_filename(view, model.unit.code, fmt)
            while name in seen:  # two codes alike once made ASCII
                name = name.replace(f".{fmt}", f"-{position}.{fmt}")
            seen.add(name)
            names.append(name)
            yield name, render(model, fmt)
        if progress is not None:
            progress(t("notice.progress", view.lang, n=position, total=len(models),
                       unit=model.unit.name, code=model.unit.code,
                       files=", ".join(names)))  # fmt: skip


def _zip(files: Iterator[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in files:
            archive.writestr(name, body)
    return buffer.getvalue()


def _every(engine: Engine, view: View, issued: date | None) -> list[NoticeModel]:
    models = collect_notices(engine, view, issued=issued)
    if not models:
        raise ExportError(both("notice.no_units", year=view.year, round=view.round))
    return models


def notices_zip(
    engine: Engine, view: View, *, issued: date | None = None, progress: Progress | None = None
) -> bytes:
    """One zip holding the PDF and the DOCX notice of every unit of the view's group (every
    group when none) in the current scope."""
    return _zip(_files(_every(engine, view, issued), view, progress))


def build_all(
    engine: Engine,
    view: View,
    group: str | None,
    out: Path,
    *,
    issued: date | None = None,
    progress: Progress | None = None,
) -> list[Path]:
    """Write the notices of every unit of ``group`` (every group when ``None``): into the
    folder ``out`` one PDF and one DOCX per unit, or, when ``out`` ends in ``.zip``, one zip
    holding them.  Returns the paths written."""
    chosen = view.with_(group=group)
    models = _every(engine, chosen, issued)
    if out.suffix.lower() == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(_zip(_files(models, chosen, progress)))
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, body in _files(models, chosen, progress):
        path = out / name
        path.write_bytes(body)
        written.append(path)
    return written
