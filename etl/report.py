"""The terminal summary of a load: one line per file, then every problem.

Whatever a file holds, or is named, it cannot drive the terminal: every text that comes
from a file (its name, a sheet, a value) is shown with control and bidi characters escaped
(``etl.text.printable``: ESC as ``\\x1b``) and, where rich reads markup, with markup
escaped — a file named ``[reverse]diem.csv`` is shown as such.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from etl.kinds import KINDS, SQL_KIND
from etl.kinds.merge import ScoreChange
from etl.load import FAILED, FileResult
from etl.text import printable

STATUS_VI = {
    "loaded": "[green]Đã nạp[/]",
    "already_loaded": "[cyan]Đã nạp trước đó (bỏ qua)[/]",
    "rejected": "[bold red]Bị từ chối[/]",
    FAILED: "[bold magenta]Lỗi nội bộ[/]",
}
_KIND_VI = {name: kind.vi for name, kind in KINDS.items()} | {SQL_KIND: "Nguồn SQL"}
MAX_CHANGES_SHOWN = 20
_COLUMN = {"self_score": "tự chấm / self", "appraised_score": "thẩm định / appraised"}
_HEADING = {
    "rejected": "bị từ chối, không ghi gì / rejected, nothing written",
    FAILED: "lỗi nội bộ của chương trình, không ghi gì / internal error, nothing written",
}


def safe(text: object) -> str:
    """``text`` for rich markup: control characters and markup escaped."""
    return escape(printable(str(text)))


def kind_label(kind: str | None) -> str:
    return safe(_KIND_VI.get(kind, kind)) if kind else "—"


def display_path(path: Path) -> str:
    """The path as the user typed it (relative to the working directory when inside it),
    safe for rich markup."""
    try:
        shown = str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        shown = str(path)
    return safe(shown)


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
        heading = _HEADING.get(r.status, _HEADING["rejected"])
        console.print(f"\n[bold red]{display_path(r.path)}[/] — {heading}:")
        for problem in r.problems:
            console.print(f"  • {printable(str(problem))}", markup=False, highlight=False)
    for r in results:
        if r.changes:
            print_changes(r, console)
    console.print(_totals(results))


def score_text(value: float | str | None) -> str:
    """A stored score as the report shows it: ``1,5``, ``KAD``, ``chưa chấm``."""
    if value is None:
        return "chưa chấm / not scored"
    if isinstance(value, str):
        return safe(value)
    return f"{value:g}".replace(".", ",")


def change_line(change: ScoreChange) -> str:
    return (
        f"  • {change.year} lần/round {change.round} · {safe(change.unit_code)} · "
        f"{safe(change.criterion_code)} · {_COLUMN.get(change.column, change.column)}: "
        f"{score_text(change.old)} → {score_text(change.new)}"
    )


def print_changes(result: FileResult, console: Console) -> None:
    """The scores already stored that this file changed (old → new), at most
    :data:`MAX_CHANGES_SHOWN` of them, so a correction never passes unseen."""
    changes = result.changes
    console.print(
        f"\n[bold yellow]{display_path(result.path)}[/] — đã sửa {len(changes)} điểm đã lưu"
        f" / changed {len(changes)} stored scores:"
    )
    for change in changes[:MAX_CHANGES_SHOWN]:
        console.print(change_line(change), highlight=False)
    hidden = len(changes) - MAX_CHANGES_SHOWN
    if hidden > 0:
        console.print(f"  … và {hidden} điểm khác / and {hidden} more")


def _totals(results: list[FileResult]) -> str:
    counts = {s: sum(r.status == s for r in results) for s in STATUS_VI}
    line = (
        f"\nĐã nạp {counts['loaded']}, bỏ qua {counts['already_loaded']}, từ chối"
        f" {counts['rejected']} / loaded {counts['loaded']}, skipped"
        f" {counts['already_loaded']}, rejected {counts['rejected']}"
    )
    if counts[FAILED]:
        line += f"\n[bold magenta]Lỗi nội bộ / internal errors: {counts[FAILED]}[/]"
    return line
