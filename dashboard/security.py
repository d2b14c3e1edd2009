"""What the web server refuses, and the security headers on every answer.

:func:`install` adds to the Dash app's Flask server:

* a request body limit (``MAX_CONTENT_LENGTH``, :data:`dashboard.limits.MAX_REQUEST_BYTES`):
  a larger request is refused with 413 before its body is read; a route that takes files
  (the upload of the "Nạp dữ liệu" page) is given its own limit by :func:`allow_body`;
* a query string limit: a value longer than ``MAX_QUERY_VALUE_CHARS`` or a query string longer
  than ``MAX_QUERY_STRING_CHARS`` is refused with 400, in the page's URL and in the URL a Dash
  callback carries (``dcc.Location.search``); any other text a callback sends is bounded by
  ``MAX_INPUT_TEXT_CHARS``;
* headers: a Content-Security-Policy under which Dash runs (scripts only from the app itself
  plus the hashes of Dash's own inline scripts, no other host, no framing), and
  ``X-Content-Type-Options``, ``X-Frame-Options``, ``Referrer-Policy``.

Refusals answer in plain text, Vietnamese then English (:func:`dashboard.i18n.both`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from dash import Dash
from flask import Response, has_request_context, request
from werkzeug.exceptions import RequestEntityTooLarge

from dashboard import limits
from dashboard.i18n import both

CALLBACK_ROUTE = "_dash-update-component"
# The Dash renderer needs none of: eval, inline scripts other than its own (hashed), other
# hosts.  Plotly and Bootstrap set inline styles, and Plotly draws images from data:/blob: URLs.
BASE_POLICY: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def refusal(status: int, text: str, retry_after: int | None = None) -> Response:
    """A plain-text answer (``text`` already bilingual), with ``Retry-After`` when given."""
    response = Response(text + "\n", status=status, mimetype="text/plain")
    response.headers["Content-Type"] = "text/plain; charset=utf-8"
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


_BODY_LIMITS: dict[str, int] = {}  # path -> bytes, for the routes that take files


def allow_body(path: str, limit: int) -> None:
    """Let requests to ``path`` (a route that takes files) carry up to ``limit`` bytes; every
    other request stays within :data:`dashboard.limits.MAX_REQUEST_BYTES`."""
    _BODY_LIMITS[path] = limit


def body_limit(path: str) -> int:
    """The most bytes a request to ``path`` may carry."""
    return _BODY_LIMITS.get(path, limits.MAX_REQUEST_BYTES)


def too_large(_error: Exception | None = None) -> Response:
    limit = body_limit(request.path) if has_request_context() else limits.MAX_REQUEST_BYTES
    return refusal(413, both("error.too_large", limit=_megabytes(limit)))


def query_problem(query: str) -> str | None:
    """Why the query string ``query`` (without ``?``) is refused, or ``None``."""
    if len(query) > limits.MAX_QUERY_STRING_CHARS:
        return both("error.query_string_too_long", limit=limits.MAX_QUERY_STRING_CHARS)
    for name, value in parse_qsl(query, keep_blank_values=True):
        if len(value) > limits.MAX_QUERY_VALUE_CHARS:
            shown = name if len(name) <= 40 else name[:39] + "…"
            return both("error.query_too_long", name=shown, limit=limits.MAX_QUERY_VALUE_CHARS)
    return None


def _texts(value: Any) -> Iterator[str]:
    """Every string inside a callback input's value (lists and dicts walked)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _entries(items: Any) -> Iterator[dict[str, Any]]:
    """The ``{id, property, value}`` entries of a callback payload's inputs or state
    (a pattern-matching input is a list of them)."""
    for item in items or []:
        if isinstance(item, list):
            yield from (entry for entry in item if isinstance(entry, dict))
        elif isinstance(item, dict):
            yield item


def callback_problem(payload: Any) -> str | None:
    """Why a Dash callback request is refused (an over-long URL or input), or ``None``."""
    if not isinstance(payload, dict):
        return None
    for entry in (*_entries(payload.get("inputs")), *_entries(payload.get("state"))):
        value = entry.get("value")
        if entry.get("property") == "search" and isinstance(value, str):
            problem = query_problem(value.lstrip("?"))
            if problem:
                return problem
        elif any(len(text) > limits.MAX_INPUT_TEXT_CHARS for text in _texts(value)):
            return both("error.input_too_long", limit=limits.MAX_INPUT_TEXT_CHARS)
    return None


def content_security_policy(script_hashes: list[str]) -> str:
    policy = dict(BASE_POLICY)
    policy["script-src"] = " ".join([policy["script-src"], *script_hashes])
    return "; ".join(f"{name} {value}" for name, value in policy.items())


def install(app: Dash) -> None:
    """Limits and headers on ``app``'s Flask server (once; a second call does nothing)."""
    server = app.server
    if server.config.get("CCHC_SECURITY"):
        return
    server.config["CCHC_SECURITY"] = True
    server.config["MAX_CONTENT_LENGTH"] = limits.MAX_REQUEST_BYTES
    callback_path = app.config.routes_pathname_prefix + CALLBACK_ROUTE
    server.register_error_handler(RequestEntityTooLarge, too_large)

    @server.before_request
    def refuse_oversized() -> Response | None:
        limit = body_limit(request.path)
        if (request.content_length or 0) > limit:
            return too_large()
        if limit != limits.MAX_REQUEST_BYTES:
            request.max_content_length = limit  # what werkzeug reads at most (Flask >= 3.1)
        problem = query_problem(request.query_string.decode("latin-1"))
        if problem is None and request.path == callback_path and request.method == "POST":
            problem = callback_problem(request.get_json(silent=True))
        return refusal(400, problem) if problem else None

    @server.after_request
    def security_headers(response: Response) -> Response:
        hashes = list(app.csp_hashes()) if response.mimetype == "text/html" else []
        response.headers["Content-Security-Policy"] = content_security_policy(hashes)
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
