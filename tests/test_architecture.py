"""The layout's own rules that import-linter does not check (the layer contracts are in
.importlinter, run by ``make check``): no import cycles, imports inside functions included;
modules of at most 400 lines; tests that share code through tests/helpers only."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ROOT

PACKAGE = ROOT / "prepctl"
TESTS = ROOT / "tests"
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    """Every module of prepctl by its dotted name (a package by its own)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imports(tree: ast.AST, package: str) -> Iterator[tuple[str, int]]:
    """The dotted names each import statement in ``tree`` names, wherever it stands (in a
    function, under TYPE_CHECKING), with its line: ``from a import b`` names ``a.b``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                yield f"{base}.{alias.name}", node.lineno


def import_graph() -> dict[str, dict[str, int]]:
    """prepctl's modules, each with the prepctl modules it imports (the line of the first
    such import): a name that is not a module stands for the module it is defined in."""
    modules = _modules()
    graph: dict[str, dict[str, int]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges: dict[str, int] = {}
        for imported, line in _imports(ast.parse(path.read_text(encoding="utf-8")), package):
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name:
                edges.setdefault(imported, line)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, without
    recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import() -> None:
    graph = {"a": {"b": 1}, "b": {"c": 3}, "c": {"a": 7}, "d": {"a": 2}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b": 1}, "b": {}}) == []


def test_imports_inside_functions_are_edges(tmp_path: Path) -> None:
    tree = ast.parse("def f():\n    from prepctl.core import diff\n")
    assert ("prepctl.core.diff", 2) in list(_imports(tree, "prepctl.commands"))
    relative = ast.parse("from . import summary\n")
    assert ("prepctl.reporters.diff.summary", 1) in list(
        _imports(relative, "prepctl.reporters.diff")
    )


def one_cycle(graph: dict[str, dict[str, int]], component: list[str]) -> str:
    """A shortest cycle through the component's first module, each import with its line."""
    start = component[0]
    came_from: dict[str, str] = {}
    frontier = [start]
    while frontier and start not in came_from:
        following = []
        for module in frontier:
            for target in sorted(graph[module]):
                if target in component and target not in came_from:
                    came_from[target] = module
                    following.append(target)
        frontier = following
    path = [start]
    while len(path) == 1 or path[-1] != start:
        path.append(came_from[path[-1]])
    path.reverse()
    return (
        " -> ".join(
            f"{module} (line {graph[module][path[i + 1]]})" for i, module in enumerate(path[:-1])
        )
        + f" -> {start}"
    )


def test_the_cycle_is_shown_import_by_import() -> None:
    graph = {"a": {"b": 4}, "b": {"a": 9, "c": 1}, "c": {"b": 2}}
    assert one_cycle(graph, ["a", "b", "c"]) == "a (line 4) -> b (line 9) -> a"


def test_no_import_cycles() -> None:
    graph = import_graph()
    found = cycles(graph)
    assert not found, "import cycles:\n" + "\n".join(one_cycle(graph, c) for c in found)


def test_no_module_is_over_400_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): count
        for path in sorted(PACKAGE.rglob("*.py"))
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, "modules over 400 lines:\n" + "\n".join(f"{k}: {v}" for k, v in long.items())


@pytest.mark.parametrize("path", sorted(TESTS.glob("test_*.py")), ids=lambda path: path.name)
def test_no_test_module_imports_another(path: Path) -> None:
    tests = {p.stem for p in TESTS.glob("test_*.py")} | {"conftest"}
    reached = {
        name.partition(".")[0]
        for name, _ in _imports(ast.parse(path.read_text(encoding="utf-8")), "")
    }
    assert not reached & tests, f"{path.name} imports {sorted(reached & tests)}: use tests/helpers"
