"""Paths the tests share (imported by test modules; fixtures live in conftest.py)."""

from pathlib import Path

from actorgraph import settings

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "reports"


def shared_path(*parts: str) -> Path:
    return settings.shared_dir().joinpath(*parts)
