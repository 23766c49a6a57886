"""Paths the tests share (imported by test modules; fixtures live in conftest.py)."""

from pathlib import Path

from actorgraph import settings

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "reports"


def shared_path(*parts: str) -> Path:
    return settings.shared_dir().joinpath(*parts)


def kb_from_texts(folder: Path, db: str, texts: dict[str, str], nlp):
    """A real store holding the given reports (file name -> text), ingested through the pipeline."""
    from actorgraph.pipeline import run
    from actorgraph.store import open_store

    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = open_store(db)
    report = run([str(folder)], store, nlp=nlp, progress=False)
    assert report.ok, report.skipped + report.failed
    return store

