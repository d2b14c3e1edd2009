"""The query cache, keyed on the warehouse's data version, and the data scope of every query.

Results are cached under (warehouse URL, data version, function, arguments, scope), the data
version being ``max(load_batch.id)``, ``count(load_batch)`` and the batches undone; every call
reads the version, so every gunicorn worker answers the same and a new load or undo
invalidates at once.  The cache is a small in-process LRU per worker by default; with
``CCHC_CACHE_URL`` the app configures Redis (:mod:`dashboard.shared_cache`), shared by every
worker of every instance.  :func:`configure_cache` takes any backend with ``get(key)`` /
``set(key, value)``.

**The scope.**  Every :func:`cached` query answers within the units the current request may
see (:func:`current_units`: ``None`` = every unit; the provider is registered by
``dashboard.auth``, so this package imports no Flask; :func:`scoped` pins a scope, e.g. for
an export's thread).  The scope is part of the cache key — a scoped result is never served to
another scope — and what a query returns is restricted to it (:func:`restrict`):

* a DataFrame with a ``unit_code`` column keeps the scope's rows only;
* a result with a ``restricted(units)`` method (``Progress``, ``Scorecard``) restricts itself;
* a query with a ``unit_code`` argument (one unit's data) refuses a unit outside the scope
  as it refuses an unknown unit (:func:`unknown_unit`), so nobody learns that it exists;
* any other result must be declared ``@cached(unit_free=True)``: it holds no unit's own rows —
  catalogue data (years, groups, criteria), numbers that name no unit, or sums over other
  cached queries or over :func:`in_scope` rows, so over the scope's units only.  A query that
  is none of these fails on its first call (:class:`TypeError`), scoped or not.

A query runs under the scope of its caller, so the queries it calls answer within the same
scope: an aggregate built from them (``overview``) is the scope's.  What a query computes
from SQL before the restriction (ranks within the whole group) stays as it is: a unit's rank
is its real rank.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import inspect
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, Protocol, TypeVar, overload

import pandas as pd
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


# --- the scope -------------------------------------------------------------------------------

Units = frozenset[str] | None  # the unit codes a request may see; None: every unit


class SelectionError(ValueError):
    """A year, round, group, unit or criterion the warehouse does not hold (bilingual message)."""


def unknown_unit(code: str) -> SelectionError:
    """The refusal of a unit the warehouse does not hold — or that the scope does not."""
    return SelectionError(f"Không có đơn vị {code} / unknown unit {code}")


def _every_unit() -> Units:
    return None


_provider: Callable[[], Units] = _every_unit
_pinned: ContextVar[tuple[Units] | None] = ContextVar("cchc_query_scope", default=None)


def set_scope_provider(provider: Callable[[], Units] | None) -> None:
    """Where the scope of the current request comes from (``dashboard.auth`` registers it);
    ``None``: every unit (the default: the CLI, tests of pure functions)."""
    global _provider
    _provider = provider or _every_unit


def current_units() -> Units:
    """The units queries answer for now: the pinned scope (:func:`scoped`), else the
    provider's."""
    pinned = _pinned.get()
    return pinned[0] if pinned is not None else _provider()


@contextmanager
def scoped(units: Units) -> Iterator[None]:
    """Queries inside answer for ``units`` (``None``: every unit), whatever the provider says:
    the scope of a request carried to a thread of its own (an export)."""
    token = _pinned.set((units,))
    try:
        yield
    finally:
        _pinned.reset(token)


class Restrictable(Protocol):
    def restricted(self, units: frozenset[str]) -> Any: ...


def _rows_of(frame: pd.DataFrame, units: frozenset[str]) -> pd.DataFrame:
    return frame[frame["unit_code"].isin(units)].reset_index(drop=True)


def in_scope(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` (with a ``unit_code`` column) of the current scope's units: what
    a ``unit_free`` query sums over units it read itself."""
    units = current_units()
    return frame if units is None else _rows_of(frame, units)


def restrict(result: Any, units: Units) -> Any:
    """``result`` as the scope ``units`` may see it (see the module docstring)."""
    if units is None:
        return result
    if isinstance(result, pd.DataFrame) and "unit_code" in result.columns:
        return _rows_of(result, units)
    if hasattr(result, "restricted"):
        return result.restricted(units)
    return result


def _restrictable(result: Any) -> bool:
    return (isinstance(result, pd.DataFrame) and "unit_code" in result.columns) or hasattr(
        result, "restricted"
    )


# --- the cache -------------------------------------------------------------------------------

P = ParamSpec("P")
R = TypeVar("R")


def _engine_key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


@overload
def cached(func: Callable[P, R]) -> Callable[P, R]: ...


@overload
def cached(*, unit_free: bool = False) -> Callable[[Callable[P, R]], Callable[P, R]]: ...


def cached(func: Callable[P, R] | None = None, *, unit_free: bool = False) -> Any:
    """Cache ``func(engine, ...)`` under the warehouse's data version and the current scope,
    restricted to the scope; callers get a copy.  ``unit_free``: the result holds no unit's
    own rows (module docstring)."""
    if func is None:
        return functools.partial(cached, unit_free=unit_free)
    signature = inspect.signature(func)
    one_unit = "unit_code" in signature.parameters  # one unit's data: refused outside the scope
    name = func.__qualname__

    def checked(result: R) -> R:
        if not (unit_free or one_unit or _restrictable(result)):
            raise TypeError(
                f"{name} returns neither rows with unit_code nor a result with restricted(): "
                "restrict it to the scope, or declare @cached(unit_free=True) if it holds no "
                "unit's own rows (dashboard.queries.cache)"
            )
        return result

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        engine = args[0]
        assert isinstance(engine, Engine)
        units = current_units()
        if one_unit and units is not None:
            code = signature.bind(*args, **kwargs).arguments.get("unit_code")
            if code is not None and code not in units:
                raise unknown_unit(str(code))
        material = (
            name,
            _engine_key(engine),
            data_version(engine),
            args[1:],
            sorted(kwargs.items()),
            None if units is None else tuple(sorted(units)),
        )
        key = "cchc:" + hashlib.sha256(pickle.dumps(material)).hexdigest()
        hit = _cache.get(key)
        if hit is None:
            hit = restrict(checked(func(*args, **kwargs)), units)
            _cache.set(key, hit)
        return copy.deepcopy(hit)

    return wrapper
