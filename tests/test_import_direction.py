"""Each stage only calls down: the MkDocs plugin and what it imports never reach the commands
(`site`), which drive the plugin through MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "generator"


def source_of(module: str) -> Path:
    path = PACKAGE / (module.replace(".", "/") + ".py")
    return path if path.is_file() else PACKAGE / module.replace(".", "/") / "__init__.py"


def is_module(name: str) -> bool:
    return bool(name) and (PACKAGE / (name.replace(".", "/") + ".py")).is_file() or (PACKAGE / name.replace(".", "/")).is_dir()


def imported_modules(module: str) -> set[str]:
    """generator.* modules that `module` (e.g. "briefing.pdf") imports, in functions too."""
    path = source_of(module)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            base = ".".join(package[: len(package) - (node.level - 1)] + ([node.module] if node.module else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}" if base else alias.name
                found.add(candidate if is_module(candidate) else base)
    return {name for name in found if name}


def reachable(start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo += sorted(imported_modules(module))
    return seen


def test_the_plugin_does_not_reach_the_commands() -> None:
    below_plugin = reachable("mkdocs_plugin")
    assert "languages" in below_plugin and "render" in below_plugin  # the walk does follow imports
    assert not {"site", "cli", "preview", "preview_server"} & below_plugin


def test_the_preview_sits_above_the_plugin_and_below_the_commands() -> None:
    assert "site" not in reachable("preview_server")
    assert "preview_server" in imported_modules("site")
