"""Paths and helpers the tests share (imported by test modules; fixtures live in conftest.py)."""

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



def witness_params(rules) -> tuple[list, list]:
    """(examples, counter-examples) of rules kept as data, as pytest params named rule:index."""
    import pytest

    examples = [pytest.param(rule, example, id=f"{rule.name}:{i}") for rule in rules
                for i, example in enumerate(rule.examples)]
    counters = [pytest.param(rule, text, id=f"{rule.name}:{i}") for rule in rules
                for i, text in enumerate(rule.counters)]
    return examples, counters


def rules_without_witnesses(rules) -> list[str]:
    return [r.name for r in rules if not r.examples or not r.counters]


def same_name(a: str | None, b: str) -> bool:
    """Names equal but for case and a leading 'the'."""
    return a is not None and a.lower().removeprefix("the ") == b.lower().removeprefix("the ")


def write_synthetic(store, items) -> list[str]:
    """Store synthetic (document, extraction, resolution) items in one transaction; their document ids."""
    from actorgraph.serve import synthkb

    with store.transaction():
        for doc, extraction, resolution in items:
            store.write_document(doc, extraction, resolution, synthkb.EXTRACTOR)
    return [doc.id for doc, _, _ in items]
