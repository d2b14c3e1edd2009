"""Sessions kept in Redis, shared by every worker of every instance, when ``CCHC_CACHE_URL``
is set (:mod:`dashboard.shared_cache`); without it, Flask's signed cookie
(:mod:`dashboard.auth.gate`).

The cookie (:data:`dashboard.auth.gate.SESSION_COOKIE`, with the gate's flags: ``HttpOnly``,
``SameSite=Lax``, ``Secure`` over HTTPS, expiring with the session) holds a random id only
(256 bits).  The session's data — the same as a signed cookie would carry — is in Redis under
the SHA-256 of that id (a copy of Redis holds no cookie anyone could use), as JSON, for the
session's lifetime (``PERMANENT_SESSION_LIFETIME``) from its last write.  So:

* signing out (the gate's ``session.clear()``) deletes the data: the cookie, stolen or not, is
  worth nothing afterwards, on every instance;
* every ``session.clear()`` (signing in, signing out, an expired session) also gives what
  follows a new id: a session signed in never keeps an id someone else may know;
* a write never brings back a session another request has ended meanwhile (``SET … XX``): a
  callback answered while the user signs out cannot revive the session;
* while Redis cannot be reached no session can be read: every request but ``/assets/`` is
  answered 503 with ``Retry-After``, and nobody's cookie is touched, so everybody is still
  signed in when Redis is back.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import secrets
from collections.abc import Mapping
from typing import Any

from flask import Flask, Request, Response, request, session
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSession, SessionInterface, SessionMixin

from dashboard import shared_cache
from dashboard.security import refusal
from dashboard.shared_cache import Link, Unavailable

SESSION_PREFIX = "cchc:session:"
_ID = re.compile(r"[A-Za-z0-9_-]{43}")  # secrets.token_urlsafe(32)
UNAVAILABLE = (
    "Không đọc được phiên đăng nhập: máy chủ Redis tạm thời không truy cập được, vui lòng thử "
    "lại sau ít phút. / Sessions cannot be read: the Redis server cannot be reached for now, "
    "please try again in a few minutes."
)


class ServerSession(SecureCookieSession):
    """A session whose data is in Redis under :attr:`sid` (``None``: not stored yet)."""

    def __init__(
        self,
        initial: Mapping[str, Any] | None = None,
        sid: str | None = None,
        *,
        unavailable: bool = False,
    ) -> None:
        super().__init__(initial)
        self.sid = sid
        self.renew = False  # cleared: the stored data is deleted, what follows gets a new id
        self.unavailable = unavailable  # Redis could not be read: nothing is written either

    def clear(self) -> None:
        super().clear()
        self.renew = True


class RedisSessions(SessionInterface):
    """Flask's session interface over Redis (module docstring)."""

    serializer = TaggedJSONSerializer()  # what Flask's signed cookie holds, as JSON

    def __init__(self, where: Link, prefix: str = SESSION_PREFIX) -> None:
        self.link = where
        self.prefix = prefix

    def _key(self, sid: str) -> str:
        return self.prefix + hashlib.sha256(sid.encode("ascii")).hexdigest()

    def get_cookie_secure(self, app: Flask) -> bool:
        """``Secure`` also when the request came over HTTPS (as a proxy reports it)."""
        return bool(super().get_cookie_secure(app) or request.is_secure)

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        sid = request.cookies.get(self.get_cookie_name(app), "")
        if not _ID.fullmatch(sid):
            return ServerSession()
        try:
            raw = self.link.run(lambda client: client.get(self._key(sid)))
        except Unavailable:
            return ServerSession(sid=sid, unavailable=True)
        if not isinstance(raw, bytes):
            return ServerSession()  # ended, expired or never ours: a new one if written
        try:
            data = self.serializer.loads(raw.decode("utf-8"))
        except ValueError:
            data = None
        return ServerSession(data, sid) if isinstance(data, dict) else ServerSession()

    def _forget(self, sid: str) -> None:
        with contextlib.suppress(Unavailable):  # logged by the link; the cookie goes anyway
            self.link.run(lambda client: client.delete(self._key(sid)))

    def save_session(self, app: Flask, session: SessionMixin, response: Response) -> None:
        if not isinstance(session, ServerSession) or session.unavailable:
            return
        name, domain, path = (self.get_cookie_name(app), self.get_cookie_domain(app),
                              self.get_cookie_path(app))  # fmt: skip
        flags: dict[str, Any] = {
            "domain": domain,
            "path": path,
            "secure": self.get_cookie_secure(app),
            "partitioned": self.get_cookie_partitioned(app),
            "samesite": self.get_cookie_samesite(app),
            "httponly": self.get_cookie_httponly(app),
        }
        if session.accessed:
            response.vary.add("Cookie")
        if session.sid and session.renew:
            self._forget(session.sid)
        if not session:
            if session.modified:
                response.delete_cookie(name, **flags)
                response.vary.add("Cookie")
            return
        if not self.should_set_cookie(app, session):
            return
        known = session.sid is not None and not session.renew
        sid = session.sid if known and session.sid else secrets.token_urlsafe(32)
        data = self.serializer.dumps(dict(session))
        ttl = max(1, int(app.permanent_session_lifetime.total_seconds()))
        try:
            written = self.link.run(
                lambda client: client.set(self._key(sid), data, ex=ttl, xx=known, nx=not known)
            )
        except Unavailable:
            return
        if not written:
            return  # ended meanwhile by another request (signed out): it stays ended
        response.set_cookie(name, sid, expires=self.get_expiration_time(app, session), **flags)
        response.vary.add("Cookie")


def _refuse_while_unavailable() -> Response | None:
    """``before_request``: 503 while the session could not be read (Redis down)."""
    if not getattr(session, "unavailable", False) or request.path.startswith("/assets/"):
        return None
    return refusal(503, UNAVAILABLE, retry_after=int(shared_cache.RETRY_S))


def install(server: Flask) -> bool:
    """Sessions in Redis on ``server`` when ``CCHC_CACHE_URL`` is set (else nothing: the
    gate's signed cookies stay); call before the gate's own ``before_request``."""
    found = shared_cache.link()
    if found is None:
        return False
    server.session_interface = RedisSessions(found)
    server.before_request(_refuse_while_unavailable)
    return True
