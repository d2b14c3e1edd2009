"""The upload route of the "Nạp dữ liệu" page: ``POST`` :data:`UPLOAD_PATH`.

Files come as ``multipart/form-data`` (field ``files``, several at once), sent by the page's
script (``assets/upload.js``) so the browser can show the upload's progress, and so that no
Dash callback ever carries a file (callbacks stay within ``dashboard.limits``' 2 MB).  This
is the one request allowed a larger body (:func:`dashboard.security.allow_body`).

The answer is JSON: ``report``, the per-file report (:mod:`.report`) as Dash components the
page puts in place; ``batches``, the batches loaded.  In order:

1. a user who may not load: 403, audited ``refused``;
2. a request without the page's header :data:`UPLOAD_HEADER` (not the page's script): 400;
3. no file, more than ``MAX_UPLOAD_FILES`` files, a file over ``MAX_UPLOAD_FILE_BYTES`` or
   all of them over ``MAX_UPLOAD_BYTES`` (:mod:`dashboard.limits`): 400/413 saying which,
   nothing loaded, audited ``refused``;
4. otherwise each file is written to its own folder in a temporary directory (under its own
   name, so the load history and the report name it as the user does) and the lot is loaded
   by :func:`dashboard.loading.load_paths` — ``etl.load.load_files``, as ``cchc load``, with
   ``loaded_by`` the user and rejected files recorded in the load history; the directory is
   removed afterwards.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from flask import Flask, Response, request
from plotly.io.json import to_json_plotly
from werkzeug.datastructures import FileStorage

from dashboard import formatting, limits, loading, security
from dashboard.i18n import lang_of, t
from dashboard.loading import report
from dashboard.queries.warehouse import engine

UPLOAD_PATH = "/nap-du-lieu/tai-len"
UPLOAD_HEADER = "X-CCHC-Upload"  # set by the page's script; a plain form post lacks it
FIELD = "files"
MULTIPART_OVERHEAD = 64 * 1024 * (limits.MAX_UPLOAD_FILES + 1)  # part headers, boundaries
_NAME_BYTES = 200


def register(server: Flask) -> None:
    """Add the upload route to ``server`` (once)."""
    if "cchc_upload" in server.view_functions:
        return
    security.allow_body(UPLOAD_PATH, limits.MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD)
    server.add_url_rule(UPLOAD_PATH, "cchc_upload", upload, methods=["POST"])


def _answer(status: int, body: Any, batches: list[int] | None = None) -> Response:
    payload = to_json_plotly({"report": body, "batches": batches or []})
    response = Response(payload, status=status, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


def _refuse(status: int, text: str, target: str | None) -> Response:
    loading.refused(engine(), "load", target, text)
    return _answer(status, report.refusal(text))


def file_name(raw: str | None) -> str:
    """The name a file is saved and loaded under: its last path part, printable, at most
    :data:`_NAME_BYTES` bytes (a file system takes 255), its extension kept."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    if name in ("", ".", ".."):
        name = "tep"
    stem, dot, suffix = name.rpartition(".") if "." in name[1:] else (name, "", "")
    while len((stem + dot + suffix).encode("utf-8")) > _NAME_BYTES and stem:
        stem = stem[:-1]
    return (stem + dot + suffix)[:_NAME_BYTES] if stem else "tep" + dot + suffix[:20]


def _mb(size: int, lang: str) -> str:
    return f"{formatting.number(size / (1024 * 1024), 1, lang=lang)} MB"


def limit_problem(sizes: list[tuple[str, int]], lang: str) -> str | None:
    """Why an upload of files ``(name, bytes)`` is refused as a whole, or ``None``."""
    if not sizes:
        return t("upload.no_files", lang)
    if len(sizes) > limits.MAX_UPLOAD_FILES:
        return t("upload.too_many", lang, n=len(sizes), limit=limits.MAX_UPLOAD_FILES)
    large = [name for name, size in sizes if size > limits.MAX_UPLOAD_FILE_BYTES]
    if large:
        limit = _mb(limits.MAX_UPLOAD_FILE_BYTES, lang)
        return t("upload.file_too_large", lang, files=", ".join(large), limit=limit)
    total = sum(size for _name, size in sizes)
    if total > limits.MAX_UPLOAD_BYTES:
        return t(
            "upload.total_too_large",
            lang,
            size=_mb(total, lang),
            limit=_mb(limits.MAX_UPLOAD_BYTES, lang),
        )
    return None


def _save(files: list[FileStorage], folder: Path) -> dict[Path, int]:
    """Each file in its own numbered folder (two files may share a name); path -> bytes."""
    saved: dict[Path, int] = {}
    for number, storage in enumerate(files):
        place = folder / str(number)
        place.mkdir()
        path = place / file_name(storage.filename)
        storage.save(path)
        saved[path] = path.stat().st_size
    return saved


def upload() -> Response:
    """``POST`` :data:`UPLOAD_PATH` (see the module)."""
    lang = lang_of(request.args.get("lang"))
    user = loading.loader()
    if user is None:
        return _refuse(403, t("upload.forbidden", lang), None)
    if request.headers.get(UPLOAD_HEADER) != "1":
        return _answer(400, report.refusal(t("upload.not_the_page", lang)))
    files = [f for f in request.files.getlist(FIELD) if f.filename]
    names = [file_name(f.filename) for f in files]
    target = ", ".join(names)[:500] or None
    if len(files) > limits.MAX_UPLOAD_FILES:  # before writing anything
        too_many = t("upload.too_many", lang, n=len(files), limit=limits.MAX_UPLOAD_FILES)
        return _refuse(413, too_many, target)
    with tempfile.TemporaryDirectory(prefix="cchc-upload-") as temp:
        saved = _save(files, Path(temp))
        problem = limit_problem([(p.name, size) for p, size in saved.items()], lang)
        if problem is not None:
            return _refuse(413 if saved else 400, problem, target)
        results = loading.load_paths(engine(), list(saved), user.username, record_rejected=True)
    batches = [r.batch_id for r in results if r.status == "loaded" and r.batch_id is not None]
    return _answer(200, report.report(results, lang), batches)
