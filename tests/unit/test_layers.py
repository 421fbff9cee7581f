"""The layers of ARCHITECTURE.md, checked on the source: each package imports only what it may,
and the service packages never depend on each other in a circle."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "vendor_eval"
SHARED = {"domain", "errors", "config", "vendor_eval"}  # `vendor_eval` itself: its __version__

# What each layer may import besides itself and SHARED (ARCHITECTURE.md, "What it may import").
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "engine": set(),
    "pilot": {"engine"},
    "render": {"engine", "files.rfp_workbook"},  # writes the format files/ defines and reads
    "documents": {"engine", "pilot", "render"},
    "files": {"engine"},
    "store": set(),
    "services": {"engine", "pilot", "render", "documents", "files", "store"},
    "ui": {"services", "documents", "engine", "pilot", "files", "store.unit_of_work",
           "store.database"},
    "cli": {"services", "engine", "pilot", "files", "store.unit_of_work"},
}


def _modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        dotted = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        found.append((dotted.removesuffix(".__init__"), path))
    return found


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name for name in names if name == "vendor_eval" or name.startswith("vendor_eval.")}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "vendor_eval"


def _allowed(source: str, target: str) -> bool:
    layer, wanted = _layer(source), _layer(target)
    if wanted == layer or wanted in SHARED:
        return True
    rest = target.split(".", 1)[1] if "." in target else target
    return any(rest == allowed or rest.startswith(allowed + ".") for allowed in ALLOWED.get(layer, set()))


@pytest.mark.parametrize(("module", "path"), _modules(), ids=[m for m, _ in _modules()])
def test_a_module_imports_only_the_layers_below_it(module: str, path: Path) -> None:
    wrong = sorted(target for target in _imports(path) if not _allowed(module, target))
    assert not wrong, f"{module} imports {wrong}, which its layer may not use (ARCHITECTURE.md)"


def test_the_service_packages_depend_on_each_other_without_a_circle() -> None:
    graph: dict[str, set[str]] = defaultdict(set)
    for module, path in _modules():
        parts = module.split(".")
        if parts[1:2] != ["services"] or len(parts) < 3:
            continue
        for target in _imports(path):
            other = target.split(".")
            if other[1:2] == ["services"] and len(other) > 2 and other[2] != parts[2]:
                graph[parts[2]].add(other[2])
    seen: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        seen[node] = 1
        for nxt in sorted(graph[node]):
            assert seen.get(nxt) != 1, f"services depend in a circle: {' -> '.join(path + [nxt])}"
            if nxt not in seen:
                visit(nxt, path + [nxt])
        seen[node] = 2

    for start in sorted(graph):
        if start not in seen:
            visit(start, [start])
    assert graph, "the service packages import each other somewhere"
