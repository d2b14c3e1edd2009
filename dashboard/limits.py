"""Every bound the web server puts on a request, in one place.

Read once at import; each can be set from the environment (``CCHC_<NAME>``) for a deployment
that needs more.  Who uses them: :mod:`dashboard.security` (request size, query string, callback
inputs), :mod:`dashboard.export.guard` (export time and concurrency),
:mod:`dashboard.export.images` (image size), :mod:`dashboard.loading` (uploads) and the
gunicorn settings.

Why these numbers: a Dash callback sends a few kilobytes (filter values, the URL, a click), so
2 MB is far above any real one; a query value is a year, a code or a language; a chart export
takes a few hundred milliseconds warm and a few seconds cold, so 20 s means something is wrong,
and it must end well before gunicorn's worker timeout (:data:`WORKER_TIMEOUT_S`).
"""

from __future__ import annotations

import os
from typing import Final


def _number(name: str, default: float) -> float:
    value = os.environ.get(f"CCHC_{name}")
    try:
        return float(value) if value else default
    except ValueError:
        return default


MAX_REQUEST_BYTES: Final = int(_number("MAX_REQUEST_BYTES", 2 * 1024 * 1024))
MAX_QUERY_VALUE_CHARS: Final = int(_number("MAX_QUERY_VALUE_CHARS", 200))
MAX_QUERY_STRING_CHARS: Final = int(_number("MAX_QUERY_STRING_CHARS", 2000))
MAX_INPUT_TEXT_CHARS: Final = int(_number("MAX_INPUT_TEXT_CHARS", 2000))

EXPORT_DEADLINE_S: Final = _number("EXPORT_DEADLINE_S", 20.0)
EXPORTS_PER_PROCESS: Final = max(1, int(_number("EXPORTS_PER_PROCESS", 1)))
EXPORT_RETRY_AFTER_S: Final = int(_number("EXPORT_RETRY_AFTER_S", 30))
MAX_EXPORT_MEGAPIXELS: Final = _number("MAX_EXPORT_MEGAPIXELS", 40.0)

# Uploads on the "Nạp dữ liệu" page (:mod:`dashboard.loading.routes`): the one request allowed
# more than MAX_REQUEST_BYTES.  A province's files are a few MB; a national long scores file
# is 13 MB as .xlsx and 40–80 MB as CSV (``etl.limits``, which still checks each file).
MAX_UPLOAD_FILES: Final = int(_number("MAX_UPLOAD_FILES", 20))
MAX_UPLOAD_FILE_BYTES: Final = int(_number("MAX_UPLOAD_FILE_BYTES", 50 * 1024 * 1024))
MAX_UPLOAD_BYTES: Final = int(_number("MAX_UPLOAD_BYTES", 200 * 1024 * 1024))
UPLOAD_SUFFIXES: Final = (".xlsx", ".xls", ".csv", ".ods")

WAREHOUSE_RETRY_AFTER_S: Final = int(_number("WAREHOUSE_RETRY_AFTER_S", 30))

# gunicorn (``dashboard/gunicorn_conf.py``): threads so a page is served while an export runs,
# and a worker timeout the export deadline stays well inside.
WORKER_THREADS: Final = int(_number("WORKER_THREADS", 4))
WORKER_TIMEOUT_S: Final = int(max(_number("WORKER_TIMEOUT_S", 60), EXPORT_DEADLINE_S + 15))
