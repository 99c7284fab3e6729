"""The layout is a contract: the counting core is pure; `ballots` never reaches `app`."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(package: str) -> dict[str, set[str]]:
    """Top-level module names imported by each file of `package`."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def test_counting_imports_only_the_standard_library() -> None:
    allowed = set(sys.stdlib_module_names) | {"counting", "__future__"}
    modules = imported_modules("counting")
    offending = {f: sorted(n - allowed) for f, n in modules.items() if n - allowed}
    assert offending == {}


@pytest.mark.parametrize(
    "module",
    ["io", "os", "pathlib", "random", "secrets", "time", "datetime", "socket", "subprocess"],
)
def test_counting_has_no_io_clock_or_randomness(module: str) -> None:
    users = [f for f, names in imported_modules("counting").items() if module in names]
    assert users == []


def test_counting_calls_no_builtin_io() -> None:
    calls = []
    for path in sorted((ROOT / "counting").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"open", "print", "input"}
            ):
                calls.append(f"{path.name}:{node.lineno} {node.func.id}()")
    assert calls == []


def test_counting_uses_no_floats() -> None:
    """RULES.md: every count and threshold is an integer; never compare with floats."""
    floats = []
    for path in sorted((ROOT / "counting").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, float):
                floats.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
                floats.append(f"{path.name}:{node.lineno} true division")
    assert floats == []


def test_ballots_never_imports_app() -> None:
    offending = [f for f, names in imported_modules("ballots").items() if "app" in names]
    assert offending == []


def test_scan_never_imports_app() -> None:
    """STYLE.md: app → scan → ballots → counting; the reader is paper in, entries out."""
    offending = [f for f, names in imported_modules("scan").items() if "app" in names]
    assert offending == []


def test_stats_imports_only_the_standard_library_and_counting() -> None:
    """CAMPAIGN.md §4 — the statistics are pure: stdlib, integers, no I/O (stats → counting)."""
    allowed = set(sys.stdlib_module_names) | {"counting", "stats", "__future__"}
    modules = imported_modules("stats")
    offending = {f: sorted(n - allowed) for f, n in modules.items() if n - allowed}
    assert offending == {}
    io = {"io", "os", "pathlib", "random", "secrets", "time", "socket", "subprocess"}
    assert {f: sorted(n & io) for f, n in modules.items() if n & io} == {}


def test_stats_uses_no_floats_and_no_clock() -> None:
    found = []
    for path in sorted((ROOT / "stats").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, float):
                found.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
                found.append(f"{path.name}:{node.lineno} true division")
            if isinstance(node, ast.Attribute) and node.attr in {"today", "now", "utcnow"}:
                found.append(f"{path.name}:{node.lineno} clock")
            if isinstance(node, ast.Name) and node.id in {"open", "print", "input"}:
                found.append(f"{path.name}:{node.lineno} {node.id}")
    assert found == []
