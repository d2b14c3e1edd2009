"""Imports run one way inside ``dashboard/``: pages → components, figures, export → specs →
view → queries → metrics (the CLI on top), and ``etl`` only from the CLI and the queries.
Pages, components and export also ask ``dashboard.auth`` who is signed in (it sits beside the
app, outside the layers); the "Nạp dữ liệu" page loads and undoes through ``dashboard.loading``
(beside the app too: it uses ``etl`` to write, as the CLI does); the audit page and the
download routes write or read the audit log (``dashboard.audit``).

Read from the source (every ``import``, at module level or inside a function), so a shortcut
taken in a function body is caught too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dashboard"

# What each layer may import from inside ``dashboard`` (besides itself and the leaf modules).
LEAVES = {"i18n", "formatting", "limits", "ids", "theme", "metrics", "security", "findings",
          "explanations", "vendor", "clock", "shared_cache"}  # fmt: skip
MAY_IMPORT: dict[str, set[str]] = {
    "metrics": set(),
    "queries": {"metrics"},
    "view": {"queries"},
    "figures": {"metrics"},
    "specs": {"view", "queries", "figures"},
    "components": {"view", "queries", "figures", "specs", "auth", "loading"},
    "export": {"view", "queries", "figures", "specs", "auth", "audit"},
    "pages": {
        "components",
        "view",
        "queries",
        "figures",
        "specs",
        "export",
        "auth",
        "loading",
        "audit",
    },
}
MAY_USE_ETL = {"queries", "cli", "bench", "gunicorn_conf", "app"}


def _layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _sources() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_run_one_way(path: Path) -> None:
    layer = _layer(path)
    if layer not in MAY_IMPORT:
        return  # the app, the CLI and the leaf modules sit outside the layers
    allowed = MAY_IMPORT[layer] | LEAVES | {layer}
    wrong = []
    for name in _imports(path):
        parts = name.split(".")
        if parts[0] == "dashboard" and len(parts) > 1:
            target = parts[1]
            if (
                target not in allowed
                and (PACKAGE / target).exists() | (PACKAGE / f"{target}.py").exists()
            ):
                wrong.append(name)
        if parts[0] == "etl" and layer not in MAY_USE_ETL:
            wrong.append(name)
    assert not wrong, f"{layer} may not import {sorted(set(wrong))}"
