"""Spreadsheets none of our code wrote (python-calamine's test data): each one is rejected
with a reason a user understands, and nothing is written."""

from __future__ import annotations

import pytest

from etl.load import load_file, load_files
from tests import filemakers as fm
from tests.conftest import SHARED

CORPUS = SHARED / "corpus" / "foreign-spreadsheets"
FILES = sorted(p for p in CORPUS.iterdir() if p.name != "README.md") if CORPUS.is_dir() else []


def expected_reason(name: str) -> str:
    if name.startswith("empty_file"):
        return "empty file"
    if name.startswith("password"):
        return "password-protected"
    return "not one of our file kinds"


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_foreign_spreadsheet_is_rejected_clearly(sqlite_engine, tmp_path, path):
    fm.load_reference(sqlite_engine, tmp_path / "ref")
    before = fm.snapshot(sqlite_engine)
    result = load_file(sqlite_engine, path)
    assert result.status == "rejected" and result.rows == 0 and result.batch_id is None
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.file == path.name
    assert expected_reason(path.name) in problem.reason_en
    assert problem.reason_vi and problem.reason_vi != problem.reason_en
    assert "Traceback" not in str(problem)
    assert fm.snapshot(sqlite_engine) == before


def test_the_whole_folder_at_once_writes_nothing(sqlite_engine):
    assert FILES, f"corpus missing: {CORPUS}"
    before = fm.snapshot(sqlite_engine)
    results = load_files(sqlite_engine, [CORPUS], progress=False)
    assert sorted(r.path.name for r in results) == [p.name for p in FILES]
    assert {r.status for r in results} == {"rejected"}
    assert fm.snapshot(sqlite_engine) == before
