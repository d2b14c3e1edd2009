"""Third-party static files, served by the app from installed Python packages.

Nothing is fetched from a CDN and nothing at install time but ``pip install``: Bootstrap 5's
CSS comes from Bootstrap-Flask's wheel (``flask_bootstrap/static/bootstrap5``), so the app
looks the same however it is started — ``make run``, the Procfile on a platform that only
runs ``pip install``, or gunicorn by hand.
"""

from __future__ import annotations

import functools
from importlib.resources import files

from flask import Flask, Response, request
from flask.typing import ResponseReturnValue

PREFIX = "/vendor/"
BOOTSTRAP_CSS = PREFIX + "bootstrap.min.css"
_BOOTSTRAP_SOURCE = ("flask_bootstrap", "static/bootstrap5/css/bootstrap.min.css")
MAX_AGE = 7 * 24 * 3600  # a week: the file changes only with the installed package


@functools.cache
def bootstrap_css() -> bytes:
    """Bootstrap's minified CSS as the installed Bootstrap-Flask ships it."""
    package, path = _BOOTSTRAP_SOURCE
    return files(package).joinpath(path).read_bytes()


def _serve_bootstrap() -> ResponseReturnValue:
    response = Response(bootstrap_css(), mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = MAX_AGE
    response.add_etag()
    return response.make_conditional(request)


def install(server: Flask) -> None:
    """Serve :data:`BOOTSTRAP_CSS` (public: the sign-in page uses it too)."""
    server.add_url_rule(BOOTSTRAP_CSS, "cchc_vendor_bootstrap", _serve_bootstrap)
