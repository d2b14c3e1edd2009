"""The query cache, keyed on the warehouse's data version.

Results are cached under (warehouse URL, data version, function, arguments), the data version
being ``max(load_batch.id)``, ``count(load_batch)`` and the batches undone; every call reads
the version, so every gunicorn worker answers the same and a new load or undo invalidates at
once.  The cache is a small in-process LRU per worker: a worker computes a result once per
data version (tens of milliseconds, ``cchc bench``), so there is no shared cache server to run.
:func:`configure_cache` takes any backend with ``get(key)`` / ``set(key, value)`` should one
ever be needed.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, ParamSpec, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy import Engine

from etl.schema import load_batch


class CacheBackend(Protocol):
    def get(self, key: str) -> Any: ...

    def set(self, key: str, value: Any) -> Any: ...


class LocalCache:
    """A bounded in-process LRU: the default, correct across workers thanks to the versioned key."""

    def __init__(self, maxsize: int = 256) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()  # the development server answers from several threads

    def get(self, key: str) -> Any:
        with self._lock:
            if key not in self._data:
                return None
            self._data.move_to_end(key)
            return self._data[key]

    def set(self, key: str, value: Any) -> None:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_cache: CacheBackend = LocalCache()


def configure_cache(backend: CacheBackend | None) -> None:
    """Use ``backend`` (anything with ``get(key)``/``set(key, value)``); ``None``: a fresh LRU."""
    global _cache
    _cache = backend if backend is not None else LocalCache()


_WITH_SCHEMA: set[str] = set()


def has_schema(engine: Engine) -> bool:
    """Whether the warehouse's tables exist (``cchc`` creates them; the app only reads): a
    new, empty warehouse is shown as "no data yet", not as an error."""
    key = _engine_key(engine)
    if key not in _WITH_SCHEMA and sa.inspect(engine).has_table(load_batch.name):
        _WITH_SCHEMA.add(key)
    return key in _WITH_SCHEMA


def data_version(engine: Engine) -> tuple[int, int, int]:
    """``(max(load_batch.id), count(load_batch), batches undone)``: changes with every load
    and every undo (``etl.undo`` marks a batch ``undone``, it adds none)."""
    if not has_schema(engine):
        return 0, 0, 0
    undone = sa.func.count().filter(load_batch.c.status == "undone")
    with engine.connect() as conn:
        row = conn.execute(sa.select(sa.func.max(load_batch.c.id), sa.func.count(), undone)).one()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)


P = ParamSpec("P")
R = TypeVar("R")


def _engine_key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def cached(func: Callable[P, R]) -> Callable[P, R]:
    """Cache ``func(engine, ...)`` under the warehouse's data version; callers get a copy."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        engine = args[0]
        assert isinstance(engine, Engine)
        material = (
            func.__qualname__,
            _engine_key(engine),
            data_version(engine),
            args[1:],
            sorted(kwargs.items()),
        )
        key = "cchc:" + hashlib.sha256(pickle.dumps(material)).hexdigest()
        hit = _cache.get(key)
        if hit is None:
            hit = func(*args, **kwargs)
            _cache.set(key, hit)
        return copy.deepcopy(hit)

    return wrapper
