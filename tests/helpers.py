"""What the rejection tests check of a load: the file is rejected and nothing changed, and
which problem names the cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from etl.errors import Problem
from etl.load import FileResult, load_file
from tests import filemakers as fm


def rejected(engine: Engine, path: Path, **kwargs: Any) -> FileResult:
    """Load ``path`` (``kwargs`` for ``load_file``): it must be rejected with problems and
    leave every table as it was."""
    before = fm.snapshot(engine)
    result = load_file(engine, path, **kwargs)
    assert result.status == "rejected", result
    assert result.problems and result.rows == 0
    assert fm.snapshot(engine) == before
    return result


def find(result: FileResult, fragment: str) -> Problem:
    """The problem whose reason (Vietnamese or English) contains ``fragment``."""
    for problem in result.problems:
        if fragment in problem.reason_vi or fragment in problem.reason_en:
            return problem
    raise AssertionError(f"no problem mentions {fragment!r}: {[str(p) for p in result.problems]}")
