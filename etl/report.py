"""The terminal summary of a load: one line per file, then every problem."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from etl.kinds import KINDS, SQL_KIND
from etl.load import FileResult

STATUS_VI = {
    "loaded": "[green]Đã nạp[/]",
    "already_loaded": "[cyan]Đã nạp trước đó (bỏ qua)[/]",
    "rejected": "[bold red]Bị từ chối[/]",
}
_KIND_VI = {name: kind.vi for name, kind in KINDS.items()} | {SQL_KIND: "Nguồn SQL"}


def kind_label(kind: str | None) -> str:
    return _KIND_VI.get(kind, kind) if kind else "—"


def display_path(path: Path) -> str:
    """The path as the user typed it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def print_results(results: list[FileResult], console: Console | None = None) -> None:
    """A summary table (file, kind, status, rows, problems), then each rejected file's problems."""
    console = console or Console()
    table = Table(title="Kết quả nạp dữ liệu / load results", title_justify="left")
    table.add_column("Tệp / file", overflow="fold", ratio=3)
    table.add_column("Loại / kind")
    table.add_column("Trạng thái / status")
    table.add_column("Số dòng / rows", justify="right")
    table.add_column("Lỗi / problems", justify="right")
    for r in results:
        status = STATUS_VI.get(r.status, r.status)
        if r.replaced_batches:
            batches = ", ".join(f"#{b}" for b in r.replaced_batches)
            status += f" (thay thế lô {batches})"
        table.add_row(
            display_path(r.path),
            kind_label(r.kind),
            status,
            f"{r.rows:,}".replace(",", "."),
            str(len(r.problems)) if r.problems else "",
        )
    console.print(table)
    for r in results:
        if not r.problems:
            continue
        console.print(
            f"\n[bold red]{display_path(r.path)}[/] — bị từ chối, không ghi gì"
            " / rejected, nothing written:"
        )
        for problem in r.problems:
            console.print(f"  • {problem}", markup=False, highlight=False)
    counts = {s: sum(r.status == s for r in results) for s in STATUS_VI}
    console.print(
        f"\nĐã nạp {counts['loaded']}, bỏ qua {counts['already_loaded']}, từ chối"
        f" {counts['rejected']} / loaded {counts['loaded']}, skipped"
        f" {counts['already_loaded']}, rejected {counts['rejected']}"
    )
