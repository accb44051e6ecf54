"""The core's layering (DEVELOPERS.md): pathway never imports streamlit, lower parts never import
higher ones, and no two modules import each other, directly or round a longer circle."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATHWAY = ROOT / "pathway"
# part -> the parts it may import
ALLOWED = {
    "clinical": {"clinical"},
    "learn": {"clinical", "learn"},
    "present": {"clinical", "learn", "present"},
    "store": {"clinical", "learn", "store"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """Nodes inside ``if TYPE_CHECKING:`` blocks: imports for type hints only, never run."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            skipped.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return skipped


def _imports(path: Path) -> set[str]:
    """Every module named by an import anywhere in the file (function-level imports included)."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = _type_checking_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in PATHWAY.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}


def _part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) >= 2 and parts[1] in ALLOWED else None


def test_the_core_never_imports_streamlit():
    offenders = [p.name for p in PATHWAY.rglob("*.py") if any(m.split(".")[0] == "streamlit" for m in _imports(p))]
    assert offenders == []


def test_every_module_lives_in_a_part():
    loose = [m for m in _graph() if _part(m) is None and m not in ("pathway", "pathway.__main__")]
    assert loose == [], f"modules outside clinical/learn/present/store: {loose}"


def test_lower_parts_never_import_higher_ones():
    wrong = []
    for module, targets in _graph().items():
        part = _part(module)
        if part is None:
            continue
        for target in targets:
            target_part = _part(target)
            if target_part is not None and target_part not in ALLOWED[part]:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


def test_no_import_circles():
    graph = _graph()
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        for nxt in graph[node]:
            if nxt in stack:
                cycles.append(" -> ".join([*stack[stack.index(nxt) :], nxt]))
            elif len(stack) < 12:
                visit(nxt, [*stack, nxt])

    for start in graph:
        visit(start, [start])
    assert cycles == []
