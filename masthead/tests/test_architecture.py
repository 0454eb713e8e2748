"""The shape of the code, checked: apps import downward only, no two modules import each
other (directly or round a cycle, including imports inside functions), and
docs/architecture.md's directory map names every module and nothing that does not exist."""

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
REPO = PACKAGE.parent
ARCHITECTURE = REPO / "docs" / "architecture.md"
HUBS = ("masthead.core", "masthead.news")
FEATURES = ("masthead.comments", "masthead.fundraising", "masthead.wordpress", "masthead.demo")


def _name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_name(p): p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts}


def import_graph() -> dict[str, set[str]]:
    """{module: the masthead modules it imports anywhere in its body}."""
    modules = _modules()

    def owner(name):
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name

    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                found.update(owner(alias.name) for alias in node.names if alias.name.startswith("masthead"))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(parts + ([base] if base else []))
                if base.startswith("masthead"):
                    for alias in node.names:
                        full = f"{base}.{alias.name}"
                        found.add(full if full in modules else owner(base))
        found.discard("")
        found.discard(name)
        graph[name] = found
    return graph


def cycles(graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
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

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_core_and_news_import_no_feature_app():
    wrong = {
        module: sorted(target for target in targets if target.startswith(FEATURES))
        for module, targets in import_graph().items()
        if module.startswith(HUBS) and ".tests" not in module
    }
    assert {module: targets for module, targets in wrong.items() if targets} == {}


def test_core_imports_no_other_masthead_app():
    wrong = {
        module: sorted(t for t in targets if not t.startswith(("masthead.core", "masthead.config")))
        for module, targets in import_graph().items()
        if module.startswith("masthead.core")
    }
    assert {module: targets for module, targets in wrong.items() if targets} == {}


def test_no_two_modules_import_each_other():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


# docs/architecture.md ------------------------------------------------------------------


def directory_map() -> set[str]:
    """Every path the map's code block names, made whole from its indentation."""
    text = ARCHITECTURE.read_text()
    block = re.search(r"## Directory map\n.*?```\n(.*?)```", text, re.S).group(1)
    paths, stack = set(), []  # stack of (indent, directory)
    for line in block.splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        names = re.match(r"[\w./-]+(?:, [\w./-]+)*", line.strip())
        names = names.group(0) if names else ""
        if not all(re.search(r"(\.\w+|/)$", item.strip()) for item in names.split(",")):
            continue  # a description carried over to the next line
        while stack and stack[-1][0] >= indent:
            stack.pop()
        prefix = "".join(directory for _, directory in stack)
        for item in (part.strip() for part in names.split(",")):
            paths.add(prefix + item)
        last = names.split(",")[-1].strip()
        if last.endswith("/"):
            stack.append((indent, last))
    return paths


def _documented_modules() -> set[str]:
    """masthead/… .py files a newcomer needs to find: all but tests, migrations, package
    __init__ files and management command packages."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(REPO)
        if {"migrations", "tests"} & set(rel.parts) or path.name == "__init__.py":
            continue
        found.add(str(rel))
    return found


def test_architecture_map_names_every_module():
    mapped = directory_map()
    missing = sorted(module for module in _documented_modules() if module not in mapped)
    assert missing == [], "add these to the directory map of docs/architecture.md"


def test_architecture_page_names_only_paths_that_exist():
    named = {path.rstrip("/") for path in directory_map()}
    text = ARCHITECTURE.read_text()
    named |= set(re.findall(r"`((?:masthead|docs|bench|scripts)/[\w./-]+)`", text))
    missing = sorted(path for path in named if not (REPO / path).exists())
    assert missing == []
