"""Redis, shared by every worker of every instance: the query cache and the sessions.

Set ``CCHC_CACHE_URL`` (``redis://[:password@]host:6379/0``, ``rediss://…`` over TLS, or
``unix:///run/redis.sock?db=0``) and every gunicorn worker of every instance:

* keeps the answers of :func:`dashboard.queries.cache.cached` in Redis (:class:`RedisCache`,
  wired by :func:`install` at app start): one worker computes an answer once per data version
  and every other worker, on any host, reads it.  The key still holds the warehouse's data
  version, read from the warehouse on every call, so a load through one instance is seen by
  the very next request to any other;
* keeps the sessions in Redis (:mod:`dashboard.auth.sessions`), so signing out ends a session
  everywhere.

Without ``CCHC_CACHE_URL`` nothing here is used: each worker keeps its small in-process LRU
and sessions stay signed cookies.

**Never a failed page because the cache is down.**  A Redis error is logged once (and once
more when Redis is back); Redis is then left alone for :data:`RETRY_S` seconds, during which
the cache answers "not cached" and every answer is computed from the warehouse, as without a
cache.  Timeouts are short (:data:`CONNECT_TIMEOUT_S`, :data:`TIMEOUT_S`).

**Values.**  Pickled, at most :data:`MAX_VALUE_BYTES` (a larger answer is computed each time
rather than stored), with a time to live of :data:`TTL_S` (answers of an old data version are
never asked for again and go by themselves), under a prefix naming the code that computed
them (:func:`code_version`): after a deploy, or while two versions run side by side during
one, no instance reads another version's answers.  Each value carries an HMAC of its key and bytes
under the app's secret key (``CCHC_SECRET_KEY``): a value written by anyone else, or moved to
another key (another scope's), is ignored, never unpickled.

A leaf module: the standard library and ``redis`` only.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os
import pickle
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

CACHE_URL_ENV = "CCHC_CACHE_URL"
SCHEMES = ("redis", "rediss", "unix")
CACHE_PREFIX = "cchc:cache:"  # Redis keys of cached answers (sessions: dashboard.auth.sessions)
TTL_S = 24 * 3600  # a cached answer lives at most this long
MAX_VALUE_BYTES = 4 * 1024 * 1024  # a larger answer is not stored
RETRY_S = 5.0  # after an error, Redis is left alone this long
CONNECT_TIMEOUT_S = 0.5
TIMEOUT_S = 2.0
_FORMAT = b"\x01"  # the layout of a stored value: format byte, HMAC-SHA256, pickle

T = TypeVar("T")


class Unavailable(Exception):
    """Redis cannot be reached now (the error is logged by :class:`Link`)."""


def cache_url(environ: Mapping[str, str] = os.environ) -> str | None:
    """``CCHC_CACHE_URL``, or ``None`` when unset; a URL Redis cannot take is refused at once
    (:class:`ValueError`), not at the first request."""
    url = (environ.get(CACHE_URL_ENV) or "").strip()
    if not url:
        return None
    if urlsplit(url).scheme not in SCHEMES:
        raise ValueError(
            f"{CACHE_URL_ENV} phải là redis://, rediss:// hoặc unix:// / "
            f"{CACHE_URL_ENV} must be a redis://, rediss:// or unix:// URL"
        )
    return url


class Link:
    """One Redis server as the workers of this process reach it, with its outage state."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client = redis.Redis.from_url(
            url,
            socket_connect_timeout=CONNECT_TIMEOUT_S,
            socket_timeout=TIMEOUT_S,
            health_check_interval=30,
        )
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._failing = False

    @property
    def shown(self) -> str:
        """The URL without its password, for the log."""
        parts = urlsplit(self.url)
        host = parts.hostname or parts.path
        return f"{parts.scheme}://{host}{':' + str(parts.port) if parts.port else ''}"

    def run(self, operation: Callable[[redis.Redis], T]) -> T:
        """``operation(client)``; :class:`Unavailable` while Redis is down (a fresh try every
        :data:`RETRY_S` seconds)."""
        if time.monotonic() < self._down_until:
            raise Unavailable(self.shown)
        try:
            result = operation(self.client)
        except RedisError as exc:
            self._failed(exc)
            raise Unavailable(self.shown) from exc
        if self._failing:
            self._back()
        return result

    def _failed(self, exc: RedisError) -> None:
        with self._lock:
            self._down_until = time.monotonic() + RETRY_S
            first, self._failing = not self._failing, True
        if first:
            log.warning(
                "Redis %s unreachable (%s: %s): answers are computed without the shared "
                "cache until it is back",
                self.shown,
                type(exc).__name__,
                exc,
            )

    def _back(self) -> None:
        with self._lock:
            was, self._failing = self._failing, False
        if was:
            log.warning("Redis %s reachable again", self.shown)


_links: dict[str, Link] = {}
_links_lock = threading.Lock()


def link(url: str | None = None) -> Link | None:
    """The process's :class:`Link` to ``url`` (default ``CCHC_CACHE_URL``); ``None`` when no
    URL is set."""
    url = url or cache_url()
    if url is None:
        return None
    with _links_lock:
        if url not in _links:
            _links[url] = Link(url)
        return _links[url]


@functools.cache
def code_version() -> str:
    """A digest of the app's code (every ``.py`` of ``dashboard`` and ``etl``): the answers of
    one version of the code are never read by another."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for package in ("dashboard", "etl"):
        for path in sorted((root / package).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\x00")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _mac_key(secret: str | bytes | None) -> bytes:
    if not secret:
        return secrets.token_bytes(32)  # no shared key: values only this process can read
    raw = secret.encode("utf-8") if isinstance(secret, str) else secret
    return hashlib.sha256(b"cchc-shared-cache\x00" + raw).digest()


class RedisCache:
    """A :class:`dashboard.queries.cache.CacheBackend` in Redis (module docstring)."""

    def __init__(
        self,
        where: Link,
        *,
        secret: str | bytes | None = None,
        prefix: str | None = None,
        ttl_s: int = TTL_S,
        max_bytes: int = MAX_VALUE_BYTES,
    ) -> None:
        self.link = where
        self.prefix = prefix if prefix is not None else f"{CACHE_PREFIX}{code_version()}:"
        self.ttl_s = ttl_s
        self.max_bytes = max_bytes
        self._key = _mac_key(secret)
        self._warned_forged = False

    def _mac(self, key: str, body: bytes) -> bytes:
        return hmac.new(self._key, key.encode("utf-8") + b"\x00" + body, "sha256").digest()

    def get(self, key: str) -> Any:
        """The value stored under ``key``, or ``None`` (not stored, unreadable, or Redis down)."""
        try:
            blob = self.link.run(lambda client: client.get(self.prefix + key))
        except Unavailable:
            return None
        if not isinstance(blob, bytes) or len(blob) < 33 or blob[:1] != _FORMAT:
            return None
        mac, body = blob[1:33], blob[33:]
        if not hmac.compare_digest(mac, self._mac(key, body)):
            if not self._warned_forged:
                self._warned_forged = True
                log.warning(
                    "Redis %s holds a cached value not signed with this app's key (another "
                    "CCHC_SECRET_KEY, or written by someone else): ignored",
                    self.link.shown,
                )
            return None
        try:
            return pickle.loads(body)
        except Exception:  # signed by us, yet unreadable here: computed again
            log.debug("unreadable cached value under %s", key, exc_info=True)
            return None

    def set(self, key: str, value: Any) -> None:
        """Store ``value`` under ``key`` for :attr:`ttl_s` seconds, unless it is larger than
        :attr:`max_bytes` or Redis is down."""
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        if len(body) > self.max_bytes:
            log.debug("not cached in Redis: %d bytes over %d", len(body), self.max_bytes)
            return
        blob = _FORMAT + self._mac(key, body) + body
        try:
            self.link.run(lambda client: client.set(self.prefix + key, blob, ex=self.ttl_s))
        except Unavailable:
            return


def install(
    configure: Callable[[Any], object], secret: str | bytes | None = None
) -> RedisCache | None:
    """When ``CCHC_CACHE_URL`` is set: the query cache in Redis, handed to ``configure``
    (:func:`dashboard.queries.cache.configure_cache`); values signed with ``secret`` (the
    app's secret key, the same in every instance).  Nothing when it is not set."""
    found = link()
    if found is None:
        return None
    backend = RedisCache(found, secret=secret)
    configure(backend)
    log.info("query cache and sessions in Redis %s", found.shown)
    return backend
