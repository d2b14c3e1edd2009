"""The demo's CSV files: written as the scoring software writes them, read back by column key."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from etl.columns import Layout


def write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Path:
    """``headers`` then ``rows``, in UTF-8 with ``\\n`` line ends; the folders are made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def read_records(path: Path, layout: Layout) -> list[dict[str, str]]:
    """A UTF-8 CSV file of ``layout``'s kind, each row by column key (``unit_code``).

    Its header row is matched as the loader matches it (any name or alias of a column).
    """
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        columns = layout.match(next(rows, []))
        missing = [key for key in layout.required if key not in columns]
        if missing:
            raise ValueError(f"{path}: not a {layout.kind} file, no column {', '.join(missing)}")
        return [{key: row[index] for key, index in columns.items()} for row in rows if row]
