"""The server's "now", and how long until a round opens or locks.

Every "now" the dashboard reasons with — the countdown on Tiến độ, ``cchc progress`` — comes
from :func:`now`: the machine's local time (the warehouse's opening and lock times are the
province's local time, without a zone), unless the environment variable ``CCHC_NOW`` names
another instant (ISO 8601: ``2023-12-02T13:45``, ``2023-12-02 13:45:00``; an offset such as
``+07:00`` is converted to the machine's local time).  ``CCHC_NOW`` is for tests, demos and
replaying a round; ``cchc progress --now ISO`` does the same for one command.  The app reads it
on every call, so a test may change it while the server runs.

:func:`countdown` says where ``now`` stands in a round in the view's language: "Còn 2 ngày 3
giờ 15 phút đến hạn khóa", "Chưa mở: còn 5 giờ 0 phút đến giờ mở", "Đã khóa", "Chưa có
lịch".  Pure: the caller passes ``now``.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta

from dashboard import formatting
from dashboard.i18n import DEFAULT_LANG, t
from dashboard.metrics import RoundStatus, round_status

ENV = "CCHC_NOW"


class ClockError(ValueError):
    """A ``CCHC_NOW`` or ``--now`` that is not an ISO 8601 date and time (bilingual)."""


def parse(text: str) -> datetime:
    """``text`` (ISO 8601) as a local time without a zone; :class:`ClockError` if it is not one."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ClockError(
            f"Thời điểm không hợp lệ «{text:.40}» (cần dạng ISO, ví dụ 2023-12-02T13:45) / "
            f"not an ISO date and time: {text!r:.40} (e.g. 2023-12-02T13:45)"
        ) from None
    if value.tzinfo is not None:
        value = value.astimezone().replace(tzinfo=None)
    return value


def now(override: str | datetime | None = None) -> datetime:
    """The server's now: ``override`` when given (a ``--now`` option), else ``$CCHC_NOW``,
    else the machine's local time."""
    if isinstance(override, datetime):
        return override
    text = override if override is not None else os.environ.get(ENV, "")
    if text.strip():
        return parse(text)
    return datetime.now()


def duration(delta: timedelta, lang: str = DEFAULT_LANG) -> str:
    """``2 ngày 3 giờ 15 phút`` (``lang="en"``: ``2 d 3 h 15 min``): days, hours and whole
    minutes, the leading zero units left out (``3 giờ 0 phút``, ``15 phút``); under a minute:
    ``dưới 1 phút``."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return t("countdown.under_minute", lang)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [("progress.days", days), ("progress.hours", hours), ("progress.minutes", mins)]
    while parts[0][1] == 0:
        parts.pop(0)
    return " ".join(t(key, lang, n=formatting.integer(n, lang=lang)) for key, n in parts)


def countdown(
    opens_at: datetime | None, locks_at: datetime | None, at: datetime, lang: str = DEFAULT_LANG
) -> tuple[RoundStatus, str]:
    """Where ``at`` stands in a round opening at ``opens_at`` and locking at ``locks_at``, and
    the sentence that says it: the time left to the lock while open, to the opening before
    it opens; "Đã khóa" once locked, "Chưa có lịch" without a lock time."""
    status, delta = round_status(opens_at, locks_at, at)
    if status == "no_schedule":
        return status, t("progress.no_schedule", lang)
    if status == "locked":
        return status, t("progress.locked", lang)
    assert delta is not None
    key = "countdown.open" if status == "open" else "countdown.not_open"
    return status, t(key, lang, time=duration(delta, lang))
