"""Event templates (MUC-4 style): incident type plus PerpInd, PerpOrg, Target, Victim and Weapon fillers.

`extract_templates(doc)` takes a spaCy Doc made with the project model and returns templates whose
fillers carry character offsets into `doc.text`. Three trained parts, all CPU-only and saved in
`templates_model/` (rebuilt by scripts/train_muc4.py from MUC-4 train):

1. a CRF role tagger: BIO labels over the five roles, with lexical, syntactic, entity and
   word-vector-cluster features of each token and of the noun phrase and verb it hangs on,
   trained on the documents that report an incident and decoded from per-token marginals;
2. document classifiers: is there any incident, and which types (tf-idf + logistic regression,
   stacked with gradient boosted trees over those estimates and type-trigger counts);
3. template assembly: no template for irrelevant documents, otherwise one template per predicted
   type, each filler going to the template of the nearest incident trigger of that type, and a
   template split in two when its targets and victims form groups far apart in the text.
"""

from __future__ import annotations

import json
import math
import pickle

import numpy as np
from scipy.special import expit
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from ..errors import ModelMissing

NAME = "muc4_templates"
VERSION = "2"
MODEL_DIR = Path(__file__).resolve().parent / "templates_model"
ROLES = ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon")
INCIDENT_TYPES = ("attack", "bombing", "kidnapping", "arson", "robbery", "forced work stoppage")

# Event words whose presence in a sentence is a feature of every token in it; the tagger learns the weights.
EVENT_LEMMAS = frozenset("""
kill murder assassinate assassination attack bomb bombing explode explosion dynamite blast detonate
kidnap kidnapping abduct abduction hostage shoot shot gun fire wound injure destroy damage burn set
arson rob robbery steal ambush massacre clash execute strike sabotage die dead death victim
""".split())

# Trigger lemmas per incident type, used to place fillers in multi-template documents.
TYPE_TRIGGERS = {
    "attack": frozenset("attack kill murder assassinate assassination shoot massacre ambush machinegun clash wound".split()),
    "bombing": frozenset("bomb bombing explode explosion dynamite blast detonate explosive car-bomb".split()),
    "kidnapping": frozenset("kidnap kidnapping abduct abduction hostage kidnapper release".split()),
    "arson": frozenset("burn arson fire set torch blaze".split()),
    "robbery": frozenset("rob robbery steal loot".split()),
    "forced work stoppage": frozenset("strike stoppage paralyze".split()),
}


@dataclass(frozen=True)
class Filler:
    """One mention filling a role; offsets point into the document text."""

    text: str
    start: int
    end: int


@dataclass
class Template:
    incident_type: str
    roles: dict[str, list[Filler]] = field(default_factory=lambda: {r: [] for r in ROLES})
    score: float = 0.0

    def as_dict(self) -> dict:
        return {
            "incident_type": self.incident_type,
            **{r: [[{"text": f.text, "start": f.start, "end": f.end}] for f in fs] for r, fs in self.roles.items()},
        }


# --- features -------------------------------------------------------------------------------


def _chunk_roots(doc: Doc) -> dict[int, Token]:
    """Token index -> root of the noun chunk that contains it."""
    roots = {}
    for chunk in doc.noun_chunks:
        for tok in chunk:
            roots[tok.i] = chunk.root
    return roots


def _verb_of(tok: Token) -> Token | None:
    for anc in tok.ancestors:
        if anc.pos_ in ("VERB", "AUX") or anc.dep_ == "ROOT":
            return anc
    return None


def _cluster(tok: Token, clusters: list[int]) -> str:
    """Id of the k-means cluster of the token's word vector ("-1" when it has none)."""
    row = tok.vocab.vectors.key2row.get(tok.lower, -1) if clusters else -1
    return str(clusters[row]) if 0 <= row < len(clusters) else "-1"


def _tok_base(tok: Token, clusters: list[int]) -> dict[str, str]:
    low = tok.lower_
    return {
        "w": low, "l": tok.lemma_, "p": tok.tag_, "sh": tok.shape_, "s3": low[-3:],
        "c": _cluster(tok, clusters),
    }


def sentence_features(doc: Doc, clusters: list[int], only: set[int] | None = None) -> list[list[dict[str, float | str]]]:
    """CRF features for every token, one list per sentence (per sentence of `only`, by index, when given)."""
    roots = _chunk_roots(doc)
    sents = list(doc.sents)
    freq: dict[str, int] = {}
    first: dict[str, int] = {}
    for si, sent in enumerate(sents):
        for tok in sent:
            freq[tok.lower_] = freq.get(tok.lower_, 0) + 1
            first.setdefault(tok.lower_, si)
    out = []
    for si, sent in enumerate(sents):
        if only is not None and si not in only:
            continue
        lemmas = {t.lemma_ for t in sent}
        sent_kw = {f"skw={l}": 1.0 for l in lemmas & EVENT_LEMMAS}
        pos_bucket = str(min(si, 4))
        base = [_tok_base(t, clusters) for t in sent]
        feats = []
        for k, tok in enumerate(sent):
            f: dict[str, float | str] = {"bias": 1.0, "sidx": pos_bucket}
            for key, val in base[k].items():
                f[key] = val
            f["pos"] = tok.pos_
            f["dep"] = tok.dep_
            f["ent"] = f"{tok.ent_iob_}-{tok.ent_type_}" if tok.ent_type_ else "O"
            f["stop"] = str(tok.is_stop)
            f["pre3"] = tok.lower_[:3]
            f["hl"] = tok.head.lemma_
            f["dep_hl"] = f"{tok.dep_}|{tok.head.lemma_}"
            root = roots.get(tok.i)
            if root is not None:
                f["nr"] = root.lemma_
                f["nr_c"] = _cluster(root, clusters)
                f["nr_dep"] = root.dep_
                f["nr_dep_h"] = f"{root.dep_}|{root.head.lemma_}"
                f["nr_is"] = str(root.i == tok.i)
                f["nr_freq"] = str(min(freq.get(root.lower_, 0), 4))
                f["nr_first"] = str(min(first.get(root.lower_, 0), 4))
                if root.head.dep_ == "prep" or root.dep_ == "pobj":
                    f["nr_prep"] = f"{root.head.lower_}|{root.head.head.lemma_}"
            verb = _verb_of(roots.get(tok.i, tok))
            if verb is not None:
                f["v"] = verb.lemma_
                f["v_c"] = _cluster(verb, clusters)
                passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
                f["v_pass"] = str(passive)
            f.update(sent_kw)
            for off in (-2, -1, 1, 2):
                j = k + off
                if 0 <= j < len(sent):
                    f[f"{off}w"] = base[j]["w"]
                    f[f"{off}c"] = base[j]["c"]
                    if abs(off) == 1:
                        f[f"{off}p"] = base[j]["p"]
                else:
                    f[f"{off}w"] = "<pad>"
            feats.append(f)
        out.append(feats)
    return out


def trigger_features(doc: Doc) -> list[float]:
    """Per incident type: how often its trigger words occur, their share, how early, and in the lead."""
    sents = list(doc.sents)
    count = {t: 0 for t in INCIDENT_TYPES}
    first = {t: len(sents) for t in INCIDENT_TYPES}
    lead = {t: 0 for t in INCIDENT_TYPES}
    for si, sent in enumerate(sents):
        for tok in sent:
            for t in INCIDENT_TYPES:
                if tok.lemma_ in TYPE_TRIGGERS[t] or tok.lower_ in TYPE_TRIGGERS[t]:
                    count[t] += 1
                    first[t] = min(first[t], si)
                    if si < 2:
                        lead[t] += 1
    total = sum(count.values()) + 1e-9
    out: list[float] = []
    for t in INCIDENT_TYPES:
        out += [math.log1p(count[t]), count[t] / total, 1.0 / (1 + first[t]), math.log1p(lead[t])]
    out.append(math.log1p(len(sents)))
    return out


def stack_row(base: dict[str, float], names: list[str], triggers: list[float]) -> list[float]:
    """Input of the stacked document classifiers: logits of the tf-idf estimates, then trigger features."""
    clip = lambda p: min(max(p, 1e-4), 1 - 1e-4)  # noqa: E731
    return [math.log(clip(base[n]) / (1 - clip(base[n]))) for n in names] + list(triggers)


def doc_text_for_classifier(doc: Doc) -> str:
    """Lemmas of content words, the input of the document classifiers."""
    return " ".join(t.lemma_ for t in doc if not (t.is_punct or t.is_space or t.like_num))


# --- decoding -------------------------------------------------------------------------------


def marginal_spans(sent: Span, marg: list[dict[str, float]], floor: float):
    """Spans of tokens whose best role has marginal probability >= floor; confidence is the span's mean."""
    spans, cur = [], None
    for k, m in enumerate(marg):
        role_p = {r: m.get(f"B-{r}", 0.0) + m.get(f"I-{r}", 0.0) for r in ROLES}
        role = max(role_p, key=role_p.get)
        p = role_p[role]
        if p < floor:
            if cur:
                spans.append(cur)
            cur = None
            continue
        begins = m.get(f"B-{role}", 0.0) > m.get(f"I-{role}", 0.0)
        if cur is None or cur[0] != role or begins:
            if cur:
                spans.append(cur)
            cur = [role, k, k + 1, [p]]
        else:
            cur[2] = k + 1
            cur[3].append(p)
    if cur:
        spans.append(cur)
    return [(r, sent.start + a, sent.start + b, sum(c) / len(c)) for r, a, b, c in spans]


_TRIM = {"DET", "PUNCT", "CCONJ", "SPACE"}


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and doc[start].pos_ in _TRIM:
        start += 1
    while end > start and doc[end - 1].pos_ in _TRIM:
        end -= 1
    return start, end


class TemplateExtractor:
    """Loads the saved artifact once; call it on a Doc to get templates."""

    def __init__(self, model_dir: Path = MODEL_DIR):
        config_path = Path(model_dir) / "config.json"
        if not config_path.exists():
            raise ModelMissing(
                f"The MUC-4 template model is missing from {model_dir}. Run: make train-muc4"
            )
        import pycrfsuite

        self.config = json.loads(config_path.read_text())
        self.tagger = pycrfsuite.Tagger()
        self.tagger.open(str(Path(model_dir) / "tagger.crfsuite"))
        with open(Path(model_dir) / "classifiers.pkl", "rb") as fh:
            self.classifiers = pickle.load(fh)
        clusters_path = Path(model_dir) / "clusters.json"
        self.clusters = json.loads(clusters_path.read_text()) if clusters_path.exists() else []
        self.stackers = {name: BoostedTrees(model) for name, model in self.classifiers.get("stackers", {}).items()}

    # parts, exposed for the training script and the benchmarks
    def tag(self, doc: Doc, only: set[int] | None = None) -> list[tuple[str, int, int, float]]:
        """Role spans found by the CRF: (role, start token, end token, confidence), in the sentences of
        `only` (indices) when given. Sentences are tagged one by one, so tagging a part adds up to the whole.

        Decoded from per-token marginals rather than the Viterbi path, so the assembly step can
        trade precision for recall with a confidence threshold per role.
        """
        labels = self.tagger.labels()
        floor = self.config.get("marginal_floor", 0.1)
        sents = [sent for si, sent in enumerate(doc.sents) if only is None or si in only]
        spans = []
        for sent, feats in zip(sents, sentence_features(doc, self.clusters, only)):
            self.tagger.set(feats)
            marg = [{lab: self.tagger.marginal(lab, k) for lab in labels} for k in range(len(feats))]
            spans.extend(marginal_spans(sent, marg, floor))
        return spans

    def classify(self, doc: Doc) -> dict[str, float]:
        """Probability that the document reports any incident ("relevant") and of each incident type.

        The tf-idf logistic regressions give a first estimate; when the artifact has stackers, gradient
        boosted trees over those estimates (as logits) and the type-trigger counts of `trigger_features`
        give the final one (trained on out-of-fold estimates; types only on documents with an incident).
        """
        X = self.classifiers["vectorizer"].transform([doc_text_for_classifier(doc)])
        base = {name: float(clf.predict_proba(X)[0][1]) for name, clf in self.classifiers["models"].items()}
        if not self.stackers:
            return base
        row = stack_row(base, self.classifiers["stack_inputs"], trigger_features(doc))
        return {name: model.probability(row) for name, model in self.stackers.items()}

    def __call__(self, doc: Doc) -> list[Template]:
        return assemble(doc, self.tag(doc), self.classify(doc), self.config["assembly"])

    def reaching(self, doc: Doc, windows: list[tuple[int, int]]) -> list[Template]:
        """Templates whose fillers inside `windows` (character spans) are those of all of `doc`'s templates.

        Ingest only takes the fillers inside an event's quote (with_template_roles). When the sentences of the
        quotes hold no confident span, no filler lands there: nothing is tagged further nor classified. Else
        the sentences up to the last quote are tagged (a filler repeated earlier is kept where it first
        occurs); sentences after it add fillers outside every quote, so they are tagged only when the
        document's relevance still needs their spans.
        """
        sentences = list(doc.sents)
        near = {i for i, sent in enumerate(sentences)
                if any(sent.start_char < end and start < sent.end_char for start, end in windows)}
        spans = self.tag(doc, near)
        cfg = self.config["assembly"]
        if not any(doc[a].idx < end and start < doc[b - 1].idx + len(doc[b - 1])
                   for a, b in _confident(spans, cfg) for start, end in windows):
            return []
        last = max(near)
        spans = sorted(spans + self.tag(doc, set(range(last + 1)) - near), key=lambda span: span[1])
        probs = self.classify(doc)
        if cfg.get("alpha", 0.0) < 0 or not relevant(doc, spans, probs, cfg):
            spans += self.tag(doc, set(range(last + 1, len(sentences))))
        return assemble(doc, spans, probs, cfg)

class BoostedTrees:
    """The trees of a fitted binary HistGradientBoostingClassifier as arrays, to score one row at a time.

    scikit-learn predicts tree by tree, a call and an OpenMP region each (150 trees: 0.7 ms a row, and
    OpenMP threads that spin on a busy machine); walking all trees at once in numpy takes 0.03 ms. The
    arithmetic is scikit-learn's: `x <= threshold` goes left, a missing value goes where the tree learnt,
    leaf values are added to the baseline tree after tree, and the logistic link gives the probability
    (tests/test_extract_fast_paths.py compares both on many rows).
    """

    def __init__(self, model):
        if model.n_trees_per_iteration_ != 1 or getattr(model, "is_categorical_", None) is not None:
            raise ValueError("BoostedTrees reads binary classifiers over numeric features only")
        trees = [predictors[0].nodes for predictors in model._predictors]
        width = max(len(nodes) for nodes in trees)
        column = lambda name, dtype: np.array(   # noqa: E731
            [np.pad(nodes[name].astype(dtype), (0, width - len(nodes))) for nodes in trees])
        self.feature, self.threshold = column("feature_idx", np.int64), column("num_threshold", np.float64)
        self.left, self.right = column("left", np.int64), column("right", np.int64)
        self.leaf, self.missing_left = column("is_leaf", bool), column("missing_go_to_left", bool)
        self.value = column("value", np.float64)
        self.depth = int(max(nodes["depth"].max() for nodes in trees))
        self.baseline = float(np.ravel(model._baseline_prediction)[0])
        self.trees = np.arange(len(trees))

    def probability(self, row: list[float]) -> float:
        x = np.asarray(row, dtype=np.float64)
        node = np.zeros(len(self.trees), dtype=np.int64)
        for _ in range(self.depth):
            at = (self.trees, node)
            value = x[self.feature[at]]
            left = np.where(np.isnan(value), self.missing_left[at], value <= self.threshold[at])
            node = np.where(self.leaf[at], node, np.where(left, self.left[at], self.right[at]))
        raw = np.cumsum(np.concatenate(([self.baseline], self.value[self.trees, node])))[-1]   # in tree order
        return float(expit(raw))


def _trigger_positions(doc: Doc, types: list[str]) -> dict[str, list[int]]:
    return {t: [tok.i for tok in doc if tok.lemma_ in TYPE_TRIGGERS[t] or tok.lower_ in TYPE_TRIGGERS[t]] for t in types}


def _confident(spans, cfg: dict) -> list[tuple[int, int]]:
    """(start, end) tokens of the spans whose confidence reaches their role's threshold."""
    return [(a, b) for role, a, b, p in spans if p >= cfg["span_threshold"].get(role, 0.0)]


def relevant(doc: Doc, spans, probs: dict[str, float], cfg: dict) -> bool:
    """Whether a document reports an incident: its probability plus `alpha` times the share (of 5) of distinct
    confident spans reaches `relevant_threshold` (more spans never make it less relevant)."""
    thresholds = cfg["span_threshold"]
    n_spans = len({(r, doc[a:b].text.lower()) for r, a, b, p in spans if p >= thresholds.get(r, 0.0)})
    return probs["relevant"] + cfg.get("alpha", 0.0) * min(n_spans, 5) / 5.0 >= cfg["relevant_threshold"]


def assemble(doc: Doc, spans, probs: dict[str, float], cfg: dict) -> list[Template]:
    """Turn tagged spans and document probabilities into templates.

    Relevance: the incident probability plus `alpha` times the share (of 5) of distinct confident
    spans must reach `relevant_threshold`. Types: the most likely one (attack down-weighted by
    `attack_weight`) plus each other type whose probability reaches its `type_threshold` (default
    `second_type_threshold`), at most `max_templates`. Fillers: shared roles go to every template,
    the others to the template of the nearest trigger. Last, a template whose `split_roles` fillers
    fall in groups more than `split_gap` characters apart is split into up to `split_max` templates
    (one per group, the other roles copied), for reports of several incidents of one type.
    """
    if not relevant(doc, spans, probs, cfg):
        return []
    good = [(role, start, end, p) for role, start, end, p in spans if p >= cfg["span_threshold"].get(role, 0.0)]
    type_probs = {t: probs.get(t, 0.0) for t in INCIDENT_TYPES}
    weight = cfg.get("attack_weight", 1.0)
    primary = {t: probs.get(f"primary:{t}", type_probs[t]) * (weight if t == "attack" else 1.0) for t in INCIDENT_TYPES}
    best = max(primary, key=primary.get)
    type_thresholds = cfg.get("type_threshold", {})
    types = [best] + [
        t for t in INCIDENT_TYPES
        if t != best and type_probs[t] >= type_thresholds.get(t, cfg["second_type_threshold"])
    ][: cfg["max_templates"] - 1]
    templates = {t: Template(t, score=type_probs[t]) for t in types}
    triggers = _trigger_positions(doc, types) if len(types) > 1 else {}
    seen: dict[str, set[tuple[str, str]]] = {t: set() for t in types}
    for role, start, end, conf in good:
        start, end = _trim(doc, start, end)
        if start >= end:
            continue
        span = doc[start:end]
        if len(types) == 1 or role in cfg.get("shared_roles", ()):
            targets = types
        else:
            targets = [_nearest_type(start, triggers, type_probs)]
        for t in targets:
            key = (role, span.text.lower())
            if key in seen[t]:
                continue
            seen[t].add(key)
            templates[t].roles[role].append(Filler(span.text, span.start_char, span.end_char))
    out: list[Template] = []
    for template in templates.values():
        out.extend(_split(template, cfg))
    return out


def _split(template: Template, cfg: dict) -> list[Template]:
    """Split a template whose fillers of `split_roles` form groups far apart in the text."""
    gap, most = cfg.get("split_gap", 0), cfg.get("split_max", 1)
    roles = tuple(cfg.get("split_roles", ()))
    if most < 2 or not roles:
        return [template]
    fillers = sorted((f.start, role, f) for role in roles for f in template.roles[role])
    groups: list[list] = []
    for item in fillers:
        if groups and item[0] - groups[-1][-1][0] < gap:
            groups[-1].append(item)
        else:
            groups.append([item])
    if len(groups) < 2:
        return [template]
    while len(groups) > most:  # merge the two closest neighbouring groups
        _, i = min((groups[k + 1][0][0] - groups[k][-1][0], k) for k in range(len(groups) - 1))
        groups[i] = groups[i] + groups.pop(i + 1)
    out = []
    for group in groups:
        part = Template(template.incident_type, score=template.score)
        for role in ROLES:
            part.roles[role] = [f for _, r, f in group if r == role] if role in roles else list(template.roles[role])
        out.append(part)
    return out


def _nearest_type(i: int, triggers: dict[str, list[int]], type_probs: dict[str, float]) -> str:
    best, best_d = None, None
    for t, positions in triggers.items():
        for p in positions:
            d = abs(p - i)
            if best_d is None or d < best_d:
                best, best_d = t, d
    return best or max(triggers, key=lambda t: type_probs[t])


@lru_cache(maxsize=1)
def load_extractor(model_dir: str | None = None) -> TemplateExtractor:
    return TemplateExtractor(Path(model_dir) if model_dir else MODEL_DIR)


def extract_templates(doc: Doc) -> list[Template]:
    """Event templates of one report, with fillers as character offsets into doc.text."""
    return load_extractor()(doc)


def templates_reaching(doc: Doc, windows: list[tuple[int, int]]) -> list[Template]:
    """Event templates of one report that may have fillers inside the character spans `windows`."""
    return load_extractor().reaching(doc, windows)


def with_template_roles(events: list, templates: list[Template]) -> list:
    """Our events gain the template fillers (weapons, targets, victims) found inside their own evidence.

    The rule-based event extractor decides what the events are, with their dates, places and figures;
    the trained role tagger adds who and what was hit and with what, where its fillers fall in an
    event's quoted sentence.
    """
    out = []
    for event in events:
        inside = lambda f: event.evidence.start <= f.start and f.end <= event.evidence.end  # noqa: E731
        fillers = {role: [f.text for t in templates for f in t.roles.get(role, []) if inside(f)] for role in ROLES}
        if not any(fillers.values()):
            out.append(event)
            continue
        out.append(replace(
            event,
            weapons=tuple(dict.fromkeys(event.weapons + tuple(fillers["Weapon"]))),
            targets=tuple(dict.fromkeys(event.targets + tuple(fillers["Target"]))),
            victims=tuple(dict.fromkeys(event.victims + tuple(fillers["Victim"])))))
    return out
