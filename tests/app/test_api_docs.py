"""docs/api.md and the OpenAPI document name the same routes with the same methods (issue 15:
the docs said PATCH where the route is PUT)."""

from __future__ import annotations

import re
from pathlib import Path

from app.main import create_app
from app.settings import Settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
ROW = re.compile(r"^\| *([A-Z]+(?:/[A-Z]+)*) *\| *`([^`]+)`((?:, *`[^`]+`)*)")
PROSE = re.compile(r"`((?:GET|POST|PUT|PATCH|DELETE)(?:/[A-Z]+)*) ([^`\s]+)`")  # in a sentence
ELECTION = "/api/v1/elections/{}"


def shape(path: str) -> str:
    """A path with its query dropped and every {placeholder} alike."""
    path = path.split("?", 1)[0].replace("…", ELECTION)
    return re.sub(r"\{[^}]*\}", "{}", path)


def documented() -> set[tuple[str, str]]:
    routes: set[tuple[str, str]] = set()
    text = DOCS.read_text(encoding="utf-8")
    for methods, path in PROSE.findall(text):
        routes |= {(m, shape(path)) for m in methods.split("/")}
    for line in text.splitlines():
        found = ROW.match(line)
        if not found:
            continue
        methods, first, more = found.group(1).split("/"), found.group(2), found.group(3)
        paths = [shape(first)]
        for other in re.findall(r"`([^`]+)`", more):  # `…/table.xlsx` or `announcement.pdf`
            paths.append(paths[0].rsplit("/", 1)[0] + "/" + other.split("/")[-1])
        routes |= {(m, p) for m in methods for p in paths}
    return routes


def served(tmp: Path) -> set[tuple[str, str]]:
    schema = create_app(Settings(database_url=f"sqlite:///{tmp}/docs.db")).openapi()  # type: ignore[call-arg]
    return {(method.upper(), shape(path)) for path, item in schema["paths"].items()
            for method in item if method in ("get", "post", "put", "patch", "delete")}


def test_every_documented_route_is_served_with_that_method(tmp_path: Path) -> None:
    assert sorted(documented() - served(tmp_path)) == []


def test_every_served_route_is_documented(tmp_path: Path) -> None:
    assert sorted(served(tmp_path) - documented()) == []
