"""Data flows one way: each stage imports only models, errors, settings, shared helpers and earlier stages."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "actorgraph"
ORDER = ["ingest", "extract", "resolve", "store", "analyze", "evaluate", "export", "serve"]
SHARED = {"models", "errors", "settings", "names", "dates", "gazetteer", "__init__"}


def imported_stages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level >= 2 or module.startswith("actorgraph."):
                parts = module.replace("actorgraph.", "").split(".")
                found.add(parts[0] if parts[0] else "")
            elif node.level == 1 and path.parent == PACKAGE:
                found.add(module.split(".")[0])
    return found


def test_stages_only_import_earlier_stages():
    problems = []
    for stage in ORDER:
        allowed = set(ORDER[: ORDER.index(stage) + 1]) | SHARED | {""}
        for path in (PACKAGE / stage).rglob("*.py"):
            for used in imported_stages(path) - allowed:
                if used in ORDER:
                    problems.append(f"{path.relative_to(PACKAGE)} imports {used}")
    assert not problems, problems


def test_only_the_store_speaks_sql():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "store" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if "import sqlite3" in text or ".execute(" in text:
            offenders.append(str(path.relative_to(PACKAGE)))
    assert not offenders, offenders
