"""The benchmark's data: the demo's files and warehouses of each scale, built once and kept.

Everything lives under ``.tmp/bench/<scale>-<key>/`` where ``key`` hashes what the data is made
from — the demo's code and inputs (``demo/``, ``data/units.csv``, ``data/rounds.csv``,
``data/frameworks/``) and the warehouse's schema (``etl/schema.py``,
``etl/migrations/versions/``): a repeated ``cchc bench`` reuses them, a change rebuilds them
(``rm -r .tmp/bench`` rebuilds them after a change of the loader that alters what it stores).

* ``files/`` — ``demo.write_demo`` at that scale (the province's unit workbooks and
  submissions; the national long score CSVs with their reference files);
* ``warehouse.db`` — the SQLite warehouse ``cchc demo [--scale national]`` builds (through
  ``etl.load.load_files``, as the command does); each run works on a copy;
* the same warehouse on PostgreSQL, the database ``warehouse_<scale>_<key>`` of the cluster kept
  in ``.tmp/bench/pg/``; each run works on ``CREATE DATABASE … TEMPLATE`` it;
* ``etl/`` — what :func:`etl_sets` loads to measure ETL throughput: long score tables as CSV
  (at province scale, the national demo's first province) and as spreadsheets (the province's
  unit workbooks; at national scale, the same long tables as ``.xlsx``).
"""

from __future__ import annotations

import csv
import hashlib
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CACHE = REPO / ".tmp" / "bench"
PG_DIR = CACHE / "pg"  # the PostgreSQL cluster kept for the benchmark (every scale's warehouse)
# The national ETL sample: the first provinces' long score tables (about 32,000 rows each).
NATIONAL_ETL_PROVINCES = 6
_KEY_SOURCES = ("demo/*.py", "data/units.csv", "data/rounds.csv", "data/frameworks/*.csv",
                "etl/schema.py", "etl/migrations/versions/*.py")  # fmt: skip
# Columns of a long scores file that hold numbers (year, round, self, appraised, evidence).
_NUMERIC_COLUMNS = (0, 1, 4, 5, 6)


def data_key() -> str:
    """A short hash of everything the demo's files and warehouses are made from."""
    digest = hashlib.sha256()
    for pattern in _KEY_SOURCES:
        for path in sorted(REPO.glob(pattern)):
            digest.update(str(path.relative_to(REPO)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _fresh(path: Path) -> Path:
    """``path``'s sibling to build into, emptied (renamed to ``path`` once complete)."""
    building = path.with_name(path.name + ".building")
    if building.is_dir():
        shutil.rmtree(building)
    elif building.exists():
        building.unlink()
    return building


@dataclass(frozen=True)
class Demo:
    """One scale's kept files and warehouses."""

    scale: str
    root: Path

    @classmethod
    def of(cls, scale: str, cache: Path = CACHE) -> Demo:
        return cls(scale, cache / f"{scale}-{data_key()}")

    # --- files --------------------------------------------------------------------------------

    def files(self) -> list[Path]:
        """Every file ``cchc demo`` loads at this scale, in load order (written once)."""
        from demo import reference_files, write_demo

        done = self.root / "files"
        listing = done / "files.txt"
        if not listing.exists():
            building = _fresh(done)
            written = write_demo(building, scale=self.scale)
            names = [str(p.relative_to(building)) for p in written]
            (building / "files.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
            shutil.rmtree(done, ignore_errors=True)
            building.rename(done)
        written = [done / name for name in listing.read_text(encoding="utf-8").split()]
        return reference_files() + written if self.scale == "province" else written

    def etl_sets(self, limit: int | None = None) -> dict[str, tuple[list[Path], list[Path]]]:
        """For each subject (``csv``, ``xlsx``): the reference files loaded first (untimed) and
        the score files whose load is timed (at most ``limit`` of them)."""
        sets = self._province_sets() if self.scale == "province" else self._national_sets()
        return {subject: (ref, timed[:limit]) for subject, (ref, timed) in sets.items()}

    def _province_sets(self) -> dict[str, tuple[list[Path], list[Path]]]:
        from demo import reference_files
        from demo.national import write_national

        files = self.files()
        reference = reference_files()
        workbooks = [p for p in files if p.suffix == ".xlsx"]
        done = self.root / "etl" / "csv"
        if not (done / "files.txt").exists():
            building = _fresh(done)
            written = write_national(building, provinces=1)
            names = [str(p.relative_to(building)) for p in written]
            (building / "files.txt").write_text("\n".join(names) + "\n", encoding="utf-8")
            shutil.rmtree(done, ignore_errors=True)
            building.rename(done)
        national = [done / n for n in (done / "files.txt").read_text(encoding="utf-8").split()]
        scores = [p for p in national if p.parent.name == "scores"]
        national_reference = [p for p in national if p.parent.name != "scores"
                              and not p.name.startswith("submissions")]  # fmt: skip
        return {"csv": (national_reference, scores), "xlsx": (reference, workbooks)}

    def _national_sets(self) -> dict[str, tuple[list[Path], list[Path]]]:
        from demo.national import PROVINCES

        files = self.files()
        codes = {code for code, _ in PROVINCES[:NATIONAL_ETL_PROVINCES]}
        scores = [p for p in files
                  if p.parent.name == "scores" and p.stem.split("_")[1] in codes]  # fmt: skip
        reference = [p for p in files if p.parent.name != "scores"
                     and not p.name.startswith("submissions")]  # fmt: skip
        done = self.root / "etl" / "xlsx"
        if not done.is_dir():
            building = _fresh(done)
            building.mkdir(parents=True)
            for path in scores:
                _csv_to_xlsx(path, building / f"{path.stem}.xlsx")
            shutil.rmtree(done, ignore_errors=True)
            building.rename(done)
        workbooks = [done / f"{p.stem}.xlsx" for p in scores]
        return {"csv": (reference, scores), "xlsx": (reference, workbooks)}

    # --- warehouses ---------------------------------------------------------------------------

    def sqlite_warehouse(self) -> Path:
        """The SQLite warehouse of this scale (built by the ETL once, then kept)."""
        path = self.root / "warehouse.db"
        if not path.exists():
            building = _fresh(path)
            scratch = _fresh(self.root / "scratch.db")
            load_all(f"sqlite:///{scratch}", self.files())
            _vacuum_into(scratch, building)
            for leftover in scratch.parent.glob(scratch.name + "*"):
                leftover.unlink()
            building.rename(path)
        return path

    def sqlite_copy(self, directory: Path) -> str:
        """A copy of the SQLite warehouse in ``directory`` (a run may write to it); its URL."""
        copy = directory / f"warehouse-{self.scale}.db"
        shutil.copyfile(self.sqlite_warehouse(), copy)
        return f"sqlite:///{copy}"

    @property
    def pg_template(self) -> str:
        """The database holding this scale's warehouse in the kept cluster (:data:`PG_DIR`)."""
        return f"warehouse_{self.scale}_{self.root.name.rsplit('-', 1)[-1]}"

    def pg_warehouse(self, base_url: str) -> str:
        """Make sure the cluster at ``base_url`` holds this scale's warehouse (built by the ETL
        once; older builds of this scale dropped); its database name."""
        from dashboard.devservices import (
            create_database,
            database_names,
            drop_database,
            rename_database,
        )

        name = self.pg_template
        names = database_names(base_url)
        for stale in names:
            if stale.startswith(f"warehouse_{self.scale}_") and stale != name:
                drop_database(base_url, stale)
        if name in names:
            return name
        building = f"building_{self.scale}"
        drop_database(base_url, building)
        load_all(create_database(base_url, name=building), self.files())
        rename_database(base_url, building, name)
        return name


def load_all(url: str, paths: list[Path]) -> None:
    """Load ``paths`` into the warehouse at ``url`` as ``cchc demo`` does; every file must load."""
    from etl.db import get_engine
    from etl.load import load_files

    engine = get_engine(url)
    try:
        results = load_files(engine, paths, progress=False)
    finally:
        engine.dispose()
    rejected = [r for r in results if r.status == "rejected"]
    if rejected:
        raise RuntimeError(f"demo files rejected: {[str(r.path) for r in rejected[:5]]}")


def _vacuum_into(source: Path, target: Path) -> None:
    """A compact copy of a SQLite database, its write-ahead log folded in."""
    connection = sqlite3.connect(source)
    try:
        connection.execute("VACUUM INTO ?", (str(target),))
    finally:
        connection.close()


def _csv_to_xlsx(source: Path, target: Path) -> None:
    """A long scores CSV as a spreadsheet, numbers as numbers (as a user's export has them)."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    sheet = book.add_worksheet("Điểm")
    with source.open(encoding="utf-8", newline="") as handle:
        for row_number, row in enumerate(csv.reader(handle)):
            for column, cell in enumerate(row):
                if row_number and column in _NUMERIC_COLUMNS and _is_number(cell):
                    sheet.write_number(row_number, column, float(cell))
                elif cell:
                    sheet.write_string(row_number, column, cell)
    book.close()


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@contextmanager
def scratch_database(backend: str, directory: Path, base_url: str | None) -> Iterator[str]:
    """An empty warehouse URL on ``backend`` (a file in ``directory``, or a new database on
    the server at ``base_url``), removed afterwards."""
    from dashboard.devservices import create_database, drop_database

    name = f"bench_{uuid.uuid4().hex[:10]}"
    if backend == "sqlite":
        path = directory / f"{name}.db"
        try:
            yield f"sqlite:///{path}"
        finally:
            for leftover in directory.glob(f"{name}.db*"):
                leftover.unlink()
        return
    assert base_url is not None
    url = create_database(base_url, name=name)
    try:
        yield url
    finally:
        drop_database(base_url, name)


@contextmanager
def run_database(demo: Demo, backend: str, directory: Path, base_url: str | None) -> Iterator[str]:
    """A copy of ``demo``'s warehouse for one run on ``backend``, removed afterwards."""
    from dashboard.devservices import create_database, drop_database

    if backend == "sqlite":
        url = demo.sqlite_copy(directory)
        try:
            yield url
        finally:
            for leftover in directory.glob(f"warehouse-{demo.scale}.db*"):
                leftover.unlink()
        return
    assert base_url is not None
    template = demo.pg_warehouse(base_url)
    name = f"bench_run_{uuid.uuid4().hex[:10]}"
    url = create_database(base_url, name=name, template=template)
    try:
        yield url
    finally:
        drop_database(base_url, name)
