"""The deployment's sign-in settings, from the environment.

* ``CCHC_SECRET_KEY``: signs the session cookies; the same in every worker, random and at least
  :data:`MIN_SECRET_CHARS` characters.  gunicorn refuses to start without one
  (``dashboard/gunicorn_conf.py``); ``cchc serve`` makes a random one per process, with a
  warning (sessions then end when it stops).
* ``CCHC_HTTPS=1``: the site is served over HTTPS: cookies are ``Secure``.
* ``CCHC_PROXY=1``: behind one reverse proxy that sets ``X-Forwarded-For``, ``-Proto``,
  ``-Host`` and ``-Port``: they are believed (werkzeug's ``ProxyFix``), so the client's address
  is logged and a request the proxy received over HTTPS gets ``Secure`` cookies.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

SECRET_ENV = "CCHC_SECRET_KEY"
HTTPS_ENV = "CCHC_HTTPS"
PROXY_ENV = "CCHC_PROXY"
MIN_SECRET_CHARS = 32
MAKE_SECRET = 'python3 -c "import secrets; print(secrets.token_hex(32))"'


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    secret_key: str | None = None
    https: bool = False
    proxy: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        return cls(
            secret_key=(environ.get(SECRET_ENV) or "").strip() or None,
            https=_flag(environ.get(HTTPS_ENV)),
            proxy=_flag(environ.get(PROXY_ENV)),
        )


def secret_key_problem(value: str | None) -> str | None:
    """Why ``value`` cannot sign the sessions of a production server (bilingual), or ``None``."""
    if value and len(value.strip()) >= MIN_SECRET_CHARS:
        return None
    said = "chưa đặt / not set" if not value else f"quá ngắn / too short ({len(value.strip())})"
    return (
        f"{SECRET_ENV} {said}. Đặt một chuỗi ngẫu nhiên ít nhất {MIN_SECRET_CHARS} ký tự, "
        f"giống nhau cho mọi tiến trình, ví dụ tạo bằng: {MAKE_SECRET}\n"
        f"Set {SECRET_ENV} to a random string of at least {MIN_SECRET_CHARS} characters, the "
        f"same for every worker, e.g. made with: {MAKE_SECRET}"
    )


DEV_SECRET_WARNING = (
    f"Cảnh báo: chưa đặt {SECRET_ENV}; dùng khóa ngẫu nhiên cho tiến trình này (khởi động lại "
    f"là phải đăng nhập lại).\nWarning: {SECRET_ENV} is not set; this process uses a random "
    "key (sessions end when it restarts)."
)
