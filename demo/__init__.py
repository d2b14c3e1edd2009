"""Realistic, seeded demo data, loaded through the ETL like any user's files.

``write_demo`` writes the exports a province's scoring software would produce;
``run_demo`` loads the shipped reference data (units, frameworks, rounds) and those
exports with :func:`etl.load.load_files` — the same path as ``cchc load``, no back door.

Province scale (:mod:`demo.province`): Sóc Trăng, 2021–2023, one unit workbook per unit
and round plus one submissions file per round.  National scale (:mod:`demo.national`):
63 provinces × ~45 units × 2019–2023 as long score tables.  The files' headers are the
loader's own (``etl.kinds.<kind>.HEADERS``); ``etl`` never imports this package.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from demo.data import DATA_DIR, ROUNDS_FILE, UNITS_FILE, framework_files
from demo.national import write_national
from demo.province import write_province

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from etl.load import FileResult

DEFAULT_OUT_DIR = DATA_DIR / "demo"
SCALES = ("province", "national")


def write_demo(
    out_dir: Path, *, scale: str = "province", seed: int = 2023, provinces: int | None = None
) -> list[Path]:
    """Write the demo exports under ``out_dir``; the files to load, in load order.

    At province scale these are the unit workbooks and submissions (the reference data
    ships in ``data/``); at national scale every file needed, reference data included.
    ``provinces`` limits the national scale to its first N provinces (for tests).
    """
    if scale == "province":
        return write_province(out_dir, seed=seed)
    if scale == "national":
        return write_national(out_dir, seed=seed, provinces=provinces)
    raise ValueError(f"scale must be one of {', '.join(SCALES)}: {scale!r}")


def reference_files() -> list[Path]:
    """The shipped reference data, in load order: units, frameworks, rounds."""
    return [UNITS_FILE, *framework_files(), ROUNDS_FILE]


def run_demo(
    engine: Engine,
    *,
    scale: str = "province",
    out_dir: Path | None = None,
    progress: bool | None = None,
) -> list[FileResult]:
    """Write the demo exports and load them, with the reference data, through the ETL."""
    from etl.load import load_files

    written = write_demo(out_dir or DEFAULT_OUT_DIR, scale=scale)
    paths = reference_files() + written if scale == "province" else written
    return load_files(engine, paths, progress=progress)


__all__ = ["DEFAULT_OUT_DIR", "SCALES", "reference_files", "run_demo", "write_demo"]
