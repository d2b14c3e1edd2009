"""Exports bounded in time and in number: a slow export never holds a page hostage.

A download route hands its work to :func:`run`.  The work runs on an export thread while the
request waits at most :data:`dashboard.limits.EXPORT_DEADLINE_S`:

* past the deadline the request answers 503 ("Xuất tệp mất quá nhiều thời gian…") at once;
  the work finishes (or fails) on its own thread, no worker is killed, and its slot is only
  given back then, so a run of slow exports cannot pile up behind each other; while this
  process has no browser yet, its one-time start (:data:`~dashboard.export.images.START_TIMEOUT_S`
  at most) is added to the deadline;
* at most :data:`dashboard.limits.EXPORTS_PER_PROCESS` exports run in a process; one more is
  answered 429 with ``Retry-After`` instead of waiting for a slot.

Both refusals are :class:`~dashboard.export.images.ExportError`, so the routes answer them like
any other export error, with the status and ``Retry-After`` the error carries.

The work's queries answer within the data scope of the request that handed it over
(:func:`dashboard.queries.cache.scoped`): the export thread has no request of its own.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from dashboard import limits
from dashboard.export import images
from dashboard.export.images import ExportError
from dashboard.i18n import both
from dashboard.queries.cache import current_units, scoped

T = TypeVar("T")


class ExportRefusedError(ExportError):
    """An export not answered with a file: ``status`` and ``retry_after`` for the answer."""

    status = 503

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ExportBusyError(ExportRefusedError):
    status = 429


class ExportTimeoutError(ExportRefusedError):
    status = 503


class _Pool:
    """The export slots of this process.  Each export runs on a thread of its own that gives
    its slot back when it ends, however it ends: a long-lived pool thread could be killed
    under it (a test server stops threads it did not start with an injected ``SystemExit``)
    and leave its slot taken and every later export refused for ever."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pid = 0
        self._slots = threading.BoundedSemaphore(1)

    def _slots_here(self) -> threading.BoundedSemaphore:
        with self._lock:
            if self._pid != os.getpid():  # a gunicorn worker forked from the master
                self._slots = threading.BoundedSemaphore(limits.EXPORTS_PER_PROCESS)
                self._pid = os.getpid()
            return self._slots

    def submit(self, work: Callable[[], T]) -> Future[T]:
        """Start ``work`` on a thread of its own, its queries in the caller's scope."""
        units = current_units()  # read here: the thread has no request
        slots = self._slots_here()
        if not slots.acquire(blocking=False):
            seconds = limits.EXPORT_RETRY_AFTER_S
            raise ExportBusyError(both("error.export_busy", seconds=seconds), seconds)
        future: Future[T] = Future()

        def export() -> None:
            try:
                if future.set_running_or_notify_cancel():
                    try:
                        with scoped(units):
                            future.set_result(work())
                    except BaseException as exc:  # handed to the waiting request
                        future.set_exception(exc)
            finally:
                slots.release()

        try:
            threading.Thread(target=export, name="cchc-export", daemon=True).start()
        except BaseException:
            slots.release()
            raise
        return future


_pool = _Pool()


def run(work: Callable[[], T], deadline_s: float | None = None) -> T:
    """``work()``'s result, or :class:`ExportBusyError` / :class:`ExportTimeoutError`.

    ``work`` runs on an export thread: it must not touch Flask's ``request`` (read the
    request first, then hand over a closure).  Its own errors are raised here unchanged.
    """
    deadline = limits.EXPORT_DEADLINE_S if deadline_s is None else deadline_s
    if not images.browser_ready():
        # the browser's one-time start (seconds, more on a fresh machine) is not the export's
        deadline += images.START_TIMEOUT_S
    future = _pool.submit(work)
    try:
        return future.result(timeout=deadline)
    except FutureTimeout:
        seconds = limits.EXPORT_RETRY_AFTER_S
        message = both("error.export_timeout", seconds=f"{deadline:g}")
        raise ExportTimeoutError(message, seconds) from None
