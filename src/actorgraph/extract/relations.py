"""Typed relations with evidence, dates and modality, read from the dependency parse with the rules in
relation_rules: one DependencyMatcher pass over the document, then each match's arguments, the
hedges that govern it and the dates of its own clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.attrs import DEP, LEMMA, LOWER
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token

from ..models import Evidence, Relation, Span
from . import arguments as roles
from .arguments import Arg, EntityIndex
from .context import clause_dates, fact_modality, governing_path
from .document_context import DocContext
from .people import is_person_role
from .relation_rules import (ENDING_VERBS, NEGATIVE_QUALIFIERS, POSITIVE_QUALIFIERS, RULES, SPLIT_MEMBER_NOUNS,
                             SUCCESSION_VERBS, TITLES, TOP_NOUNS, Rule)
from .slots import KIND_OF_TYPE, SlottedSentence

EXTRACTOR, VERSION = "relation_rules", "3"
MAX_QUOTE = 600
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
TOPIC_WINDOW = 3            # sentences back to look for the group a passage is about
JUNIOR_WORDS = frozenset({"deputy", "senior", "regional", "provincial", "local", "field", "military", "district",
                          "area", "mid-level", "low-level", "sub", "assistant", "vice", "second", "battalion",
                          "unit", "sector", "zonal", "zone", "cell", "a", "an", "another", "one", "some", "several"})
FORMER_WORDS = frozenset({"former", "ex", "erstwhile", "onetime", "one-time", "previous", "formerly", "previously",
                          "once", "late", "slain", "deceased", "killed", "ousted", "outgoing"})
REGION_WORDS = frozenset({"region", "area", "country", "province", "district", "state", "valley", "zone", "sector"})
UNIT_NOUNS = frozenset({"unit", "sector", "division", "department", "office", "battalion", "brigade", "cell",
                        "wing", "branch", "council", "committee", "front", "squad", "network", "operation", "force"})
GENERIC_PLURALS = frozenset({"group", "organization", "organisation", "faction", "movement", "outfit", "militia"})
ENUMERATING = frozenset({"include", "be", "comprise", "count", "number"})
END_VERBS = {"kill": "killed", "assassinate": "killed", "execute": "killed", "die": "died", "eliminate": "killed",
             "capture": "captured", "arrest": "arrested", "detain": "arrested", "remove": "removed",
             "replace": "replaced", "oust": "removed", "depose": "removed", "dismiss": "removed", "sack": "removed",
             "succeed": "replaced", "behead": "killed", "slay": "killed", "murder": "killed"}
END_NOUNS = {"death": "died", "killing": "killed", "assassination": "killed", "arrest": "arrested",
             "capture": "captured", "ouster": "removed", "execution": "killed", "demise": "died"}
SPECIAL_ROLES = ("topic", "poss_topic", "led_by", "source", "new_leadership", "main_subject", "self",
                 "succession_topic")
APPOINTING = frozenset({"appoint", "name", "choose", "elect", "select", "install", "designate", "nominate", "pick"})  # not read off the parse alone
SUCCESSION_RULES = frozenset({"took_over", "became_leader", "succeeded", "took_leadership"})


@dataclass(frozen=True)
class Found:
    """A relation and the rule that read it (the witness tests check rules by name)."""
    rule: str
    relation: Relation


def extract_relations(ctx: DocContext) -> list[Relation]:
    return [f.relation for f in find_relations(ctx)]


def find_relations(ctx: DocContext) -> list[Found]:
    """Every relation the rules read in a parsed document, tenures ended, one per fact and sentence."""
    reader = _Reader(ctx)
    found = reader.read()
    return _dedupe(_end_tenures(found, reader.ends, ctx), ctx.cluster_of)


def rule_matches(ctx: DocContext) -> list[Found]:
    """What each rule read, before tenures are closed and duplicates dropped (for the rule witnesses)."""
    return _Reader(ctx).read()


# -- the matcher ---------------------------------------------------------------------
class _RuleMatchers:
    """One DependencyMatcher per rule pattern, each run only on the dependency trees holding the words (and the
    dependency labels) it requires.

    spaCy's matcher tests every token against every node of every pattern it holds, whatever words the
    document has. A match lies inside one tree (a sentence), and a sentence holds the trigger words of few
    patterns: matching only those, on a copy of that sentence, gives the same matches in the same order (one
    matcher of all patterns lists them pattern by pattern, tree by tree) in a third of the time.
    """

    def __init__(self, vocab):
        self.patterns = []   # (matcher, rule, node names, the word sets a tree must hold)
        for rule in RULES:
            for k, pattern in enumerate(rule.patterns):
                matcher = DependencyMatcher(vocab)
                matcher.add(f"{rule.name}#{k}", [list(pattern)])
                required = [need for node in pattern for need in _required_words(node["RIGHT_ATTRS"], vocab)]
                self.patterns.append((matcher, rule, [node["RIGHT_ID"] for node in pattern], required))

    def __call__(self, doc: Doc) -> list[tuple[Rule, dict[str, Token]]]:
        """(rule, {node name: token}) for each match."""
        words = doc.to_array([LEMMA, LOWER, DEP])
        found: list[list] = [[] for _ in self.patterns]
        trees = [(root.left_edge.i, root.right_edge.i + 1) for root in doc if root.head.i == root.i]
        if trees != sorted(trees) or any(end > next_start for (_, end), (next_start, _) in zip(trees, trees[1:])):
            trees = [(0, len(doc))]   # trees that interleave (a non-projective parse): match the whole document
        for start, end in trees:
            present = {attr: set(words[start:end, k].tolist()) for k, attr in enumerate((LEMMA, LOWER, DEP))}
            tree = None
            for k, (matcher, rule, names, required) in enumerate(self.patterns):
                if all(present[attr] & hashes for attr, hashes in required):
                    tree = tree if tree is not None else doc[start:end].as_doc()
                    found[k].extend((rule, {n: doc[start + i] for n, i in zip(names, ids)}) for _, ids in matcher(tree))
        return [match for matches in found for match in matches]


def _required_words(attrs: dict, vocab) -> list[tuple[int, frozenset]]:
    """A node's LEMMA, LOWER or DEP constraint as (attribute, hashes of the values one of which must occur)."""
    out = []
    for attr, name in ((LEMMA, "LEMMA"), (LOWER, "LOWER"), (DEP, "DEP")):
        value = attrs.get(name)
        words = [value] if isinstance(value, str) else value.get("IN") if isinstance(value, dict) and len(value) == 1 else None
        if words is not None:
            out.append((attr, frozenset(vocab.strings.add(w) for w in words)))
    return out


_MATCHERS: dict[int, _RuleMatchers] = {}


def _matcher(vocab) -> _RuleMatchers:
    """The rule matchers of a vocabulary, built once."""
    if id(vocab) not in _MATCHERS:
        _MATCHERS[id(vocab)] = _RuleMatchers(vocab)
    return _MATCHERS[id(vocab)]


# -- reading a document ---------------------------------------------------------------
@dataclass
class _Sentence:
    index: int
    slotted: SlottedSentence
    dates: list = field(default_factory=list)


class _Reader:
    def __init__(self, ctx: DocContext):
        self.ctx = ctx
        self.doc: Doc = ctx.doc
        self.index = EntityIndex(self.doc, [s for sent in ctx.sentences for s in sent.slots], self._kind_of)
        self.sentences = [_Sentence(i, s) for i, s in enumerate(ctx.sentences)]
        self._starts = [s.start for s in ctx.sentences]
        self.leaders: dict[int, Arg] = {}          # person cluster -> the group this document says they lead
        self.last_change: tuple[str, int] | None = None   # the latest leadership change so far: date, sentence start
        self.ends: list[tuple[int, str, str, int, int]] = []   # (person cluster, date, reason, sentence start, end)
        self.pending: tuple | None = None          # a relation waiting for the groups the next sentence lists
        self.here: list[Found] = []                # relations read so far in the current sentence
        self.new_leaders: list[Arg] = []           # groups this sentence gives a new leader

    def _kind_of(self, ref: Span) -> str | None:
        index = self.ctx.cluster_of.get(ref)
        return KIND_OF_TYPE.get(self.ctx.clusters[index].type) if index is not None else None

    def read(self) -> list[Found]:
        if not self.doc.has_annotation("DEP"):
            return []
        by_sentence: dict[int, list] = {}
        for rule, nodes in _matcher(self.doc.vocab)(self.doc):
            by_sentence.setdefault(self._sentence_of(nodes["trigger"]), []).append((nodes["trigger"].i, rule, nodes))
        found: list[Found] = []
        for sentence in self.sentences:
            if not sentence.slotted.slots:
                self.pending = None
                continue
            sentence.dates = self.ctx.dates_in(sentence.slotted.text)
            here = self.here = self._listed(sentence)
            self.new_leaders = []
            # rules that read what the sentence already said ('both of them having pledged', 'after Y's death')
            # come after the others
            for _, rule, nodes in sorted(by_sentence.get(sentence.index, []),
                                         key=lambda m: (_reads_sentence(m[1]), m[0])):
                here.extend(self._apply(rule, nodes, sentence))
            self._note_ends(sentence)
            found.extend(here)
        return found

    def _sentence_of(self, token: Token) -> int:
        lo, hi = 0, len(self._starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._starts[mid] <= token.idx:
                lo = mid + 1
            else:
                hi = mid
        return max(lo - 1, 0)

    # -- one match ---------------------------------------------------------------------
    def _apply(self, rule: Rule, nodes: dict, sentence: _Sentence) -> list[Found]:
        trigger = nodes["trigger"]
        subjects, s_role = self._role(rule.subject, nodes, rule, rule.subject_kinds, sentence)
        objects, o_role = self._role(rule.object, nodes, rule, rule.object_kinds, sentence)
        self._remember_generic(rule, nodes, subjects, objects)
        out = []
        for s, o in _pairs(subjects, objects, s_role == o_role or o_role == "partner"):
            if self._same(s, o) or self._listed_with_groups(s) or self._listed_with_groups(o) \
                    or _continues_list(s, o, trigger, self.doc):
                continue
            s, o = self._title_holder(s, trigger), self._title_holder(o, trigger)
            if s is None or o is None or self._same(s, o):
                continue
            found = self._relation(rule, nodes, s, o, sentence, implied=o_role.endswith("topic") or s_role.endswith("topic"))
            if found is not None:
                out.append(found)
                out.extend(self._predecessors(rule, trigger, found))
        return out

    def _predecessors(self, rule: Rule, trigger: Token, found: Found) -> list[Found]:
        """'X succeeded Y' as leader of G: Y led G until then."""
        r = found.relation
        if not rule.ends_object_tenure or r.type != "leader_of":
            return []
        out = []
        for predecessor in roles.entities(roles.objects(trigger), self.index, "P"):
            if not self._same(predecessor, Arg(r.subject, "P", -1)):
                out.append(Found(rule.name, replace(r, subject=predecessor.ref, start=None, end=r.start,
                                                    end_reason="replaced", note="predecessor of the new leader")))
        return out

    def _relation(self, rule: Rule, nodes: dict, s: Arg, o: Arg, sentence: _Sentence, implied: bool):
        trigger = nodes["trigger"]
        rel_type = self._type(rule, trigger, s)
        if rel_type is None or not _qualified(rule, trigger):
            return None
        if rel_type == "operates_in" and o.token >= 0 and _beyond_a_boundary(self.doc[o.token]):
            return None
        arg_tokens = [self.doc[a.token] for a in (s, o) if a.token >= 0 and self._sentence_of(self.doc[a.token]) ==
                      sentence.index]
        phrase = arg_tokens + [n for name, n in nodes.items() if name != "trigger"]   # 'broke away ... to form'
        mood = fact_modality(trigger, phrase)
        if mood is None:
            return None
        path = governing_path(trigger, phrase)
        start, end, precision = self._dates(rule, _own_clause(path), sentence)
        succession = rel_type == "leader_of" and _succession(rule, path)
        if succession:
            self.new_leaders.append(o)
        evidence = self._evidence(sentence, trigger, (s, o))
        if start is None and succession and self.last_change:
            # 'After X was killed in August 2016, Y took over': the date of the change, quoted with it
            joined = _joined_evidence(evidence, self.last_change[1], evidence.end, self.ctx.text)
            if joined is not None:
                start, precision, evidence = self.last_change[0], "approximate", joined
        former = _former(path)
        notes = [rule.note, "group named earlier in the report" if implied else "",
                 f"current as of {self.ctx.reference}" if self.ctx.reference and _current(path) else "",
                 "former" if former else "", "date approximate" if precision == "approximate" else ""]
        relation = Relation(s.ref, rel_type, o.ref, evidence, start=start, end=end,
                            end_reason=former, modality=mood,
                            confidence=min(rule.confidence, 0.5) if implied else rule.confidence,
                            note="; ".join(n for n in notes if n))
        if rel_type == "leader_of":
            self._note_leader(relation, s, o, rule, trigger)
        return Found(rule.name, relation)

    def _type(self, rule: Rule, trigger: Token, s: Arg) -> str | None:
        rel_type = rule.type_for(s.kind)
        if rule.senior_only:
            return "leader_of" if _senior(trigger, self.index) else rel_type
        if rule.junior and _junior(trigger, self.index):
            return rule.junior
        return rel_type

    def _listed_with_groups(self, arg: Arg) -> bool:
        """A 'person' in a list of groups ('Both Ansar Dine and Katibat Macina') is a group NER mistyped; not one
        a person's role describes ('A, head of X, and B, head of Y, met')."""
        if arg.kind != "P" or arg.token < 0:
            return False
        token = self.doc[arg.token]
        if any(is_person_role(a.lemma_) or a.lemma_ in TOP_NOUNS for a in roles.children(token, "appos")):
            return False
        return any(self.index.has(c, "G") for c in token.conjuncts)

    def _same(self, a: Arg, b: Arg) -> bool:
        cluster_of = self.ctx.cluster_of
        return a.ref == b.ref or (cluster_of.get(a.ref) is not None and cluster_of.get(a.ref) == cluster_of.get(b.ref))

    # -- roles -------------------------------------------------------------------------
    def _role(self, spec: str, nodes: dict, rule: Rule, kinds: str, sentence: _Sentence) -> tuple[list[Arg], str]:
        """The entities of the first alternative of a role that names any; a later alternative is tried only
        when the earlier one found no words at all ('took over' with no object: the passage's group; 'took
        over the city': nothing)."""
        for alternative in spec.split("|"):
            args, words, name = [], 0, ""
            for part in alternative.split("+"):   # 'subject+prep:with': both
                name, _, node_name = part.partition("@")
                node = nodes.get(node_name or "trigger")
                if node is not None:
                    found, count = self._args(name, node, rule, kinds, sentence)
                    args, words = args + [a for a in found if a.ref not in {b.ref for b in args}], words + count
            if args:
                return args, name
            if words and not name.startswith("led_by:"):
                return [], name
        return [], ""

    def _counted(self, tokens: list[Token]) -> int:
        """Words that block a fallback role: an unresolved 'their' or 'its' or a reciprocal 'each other' does not."""
        return sum(1 for t in tokens if t.pos_ != "PRON" and t.lower_ not in ("each", "other", "another", "one"))

    def _args(self, name: str, node: Token, rule: Rule, kinds: str, sentence: _Sentence) -> tuple[list[Arg], int]:
        """The entities a role names, and how many words it found."""
        if name == "topic" or (name == "poss_topic" and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in node.children)):
            if _chosen_by_several_groups(node):
                return [], 0
            topic = self._topic(sentence, node)
            return ([topic] if topic is not None and topic.kind in kinds else []), 0
        if name == "poss_topic":
            return [], 0
        if name == "main_subject":   # the group the sentence is about: the subject of its main verb
            root = node.sent.root   # a reading of the whole sentence: it does not place the fact in a clause
            found = roles.entities(roles.grammatical_subjects(root), self.index, kinds)
            return [Arg(a.ref, a.kind, -1) for a in found], 0
        if name == "new_leadership":   # the group whose new leader this sentence names
            return [a for a in self.new_leaders if a.kind in kinds][:1], 0
        if name == "self":   # the trigger names the entity ('Hamas' Qassam Brigades'): no list around it
            return roles.entities([node], self.index, kinds, companions=False), 1
        if name == "succession_topic":   # 'named X to succeed Y', 'replaced Y as leader': the passage's group
            as_leader = any(n.lemma_.lower() in TOP_NOUNS for p in roles.prep_objects(node, {"as"}) for n in [p])
            named = (node.dep_ in ("xcomp", "advcl") and node.head.lemma_ in APPOINTING) or bool(
                roles.misread_controller(node, roles.children(node, "nsubj")))
            return self._args("topic", node, rule, kinds, sentence) if as_leader or named else ([], 0)
        if name.startswith("led_by:"):
            people, words = self._args(name[len("led_by:"):], node, rule, "P", sentence)
            return [self.leaders[self.ctx.cluster_of.get(p.ref)] for p in people
                    if self.ctx.cluster_of.get(p.ref) in self.leaders], words
        if name.startswith("source:"):
            members = self._tokens(name[len("source:"):], node)
            tokens = [t for m in members for item in [m, *m.conjuncts]
                      if item.lemma_.lower() in SPLIT_MEMBER_NOUNS and roles.index_free(item, self.index)
                      for t in roles.owners(item, frozenset({"of", "from", "in", "within"}))]
            return roles.entities(tokens, self.index, kinds), len(tokens)
        tokens = self._tokens(name, node)
        single = name == "holder" and node.dep_ == "appos" and node.tag_ in ("NN", "NNP")
        found = roles.entities(tokens, self.index, kinds, rule.stand_ins, companions=not single)
        if not rule.stand_ins and name not in ("owner", "member_owner"):   # 'a spokesman for the rebels' is the group's
            found = [a for a in found if a.token < 0 or not roles.stands_for_members(self.doc[a.token], self.index)]
        if not found and "P" in kinds:
            found = [a for t in tokens if (a := self._title_word(t)) is not None]
        return found, self._counted(tokens)

    def _tokens(self, name: str, node: Token) -> list[Token]:
        if name.startswith("prep:"):
            return roles.prep_objects(node, frozenset(name[len("prep:"):].split(",")))
        if name == "partner":   # 'X and Y clashed', 'X and Y fought each other', not 'X and Y fought Z'
            if any(t.lower_ not in ("each", "other", "another", "one") for t in roles.objects(node)):
                return []
            return roles.subjects(node)
        return _ROLE_FUNCTIONS[name](node)

    def _topic(self, sentence: _Sentence, before: Token) -> Arg | None:
        """The group the passage is about: the nearest group that is a grammatical subject, in this sentence
        before the trigger or in the few before it; else the report's main group."""
        for back in range(0, TOPIC_WINDOW + 1):
            k = sentence.index - back
            if k < 0:
                break
            span = self.doc.char_span(self.sentences[k].slotted.start, self.sentences[k].slotted.end,
                                      alignment_mode="expand")
            if span is None:
                continue
            candidates = [t for t in span if (back or t.i < before.i) and self._subject_group(t) is not None]
            if candidates:   # in this sentence its main subject (the first); before it, the closest
                return self._subject_group(candidates[-1] if back else candidates[0])
        focus = self.ctx.focus_span
        return Arg(focus, "G", -1) if focus else None

    def _subject_group(self, token: Token) -> Arg | None:
        found = self.index.get(token)
        subject = ("nsubj", "nsubjpass", "dep")   # 'dep': a subject the parser left dislocated
        if found is None or found[1] != "G" or token.dep_ not in subject and not (
                token.dep_ == "pobj" and token.head.head.dep_ in subject):
            return None
        return Arg(found[0], "G", -1)

    def _title_holder(self, arg: Arg, trigger: Token) -> Arg | None:
        """A title ('Amir al-Mu'minin') stands for the person who holds it in this report, else for nobody."""
        if arg.kind != "P" or not _is_title(self.ctx.text[arg.ref[0]:arg.ref[1]]):
            return arg
        cluster = self.ctx.cluster_of.get(arg.ref)
        for mention in self.ctx.mentions:
            if self.ctx.cluster_of.get((mention.start, mention.end)) != cluster:
                continue
            span = self.doc.char_span(mention.start, mention.end, alignment_mode="expand")
            if span is None:
                continue
            for token in [*span.root.children, span.root.head]:   # 'Amir al-Mu'minin X', 'X, the Amir al-Mu'minin'
                linked = token.dep_ in ("appos", "compound") or (token.i == span.root.head.i
                                                                 and span.root.dep_ in ("appos", "compound"))
                found = self.index.get(token)
                if linked and found and found[1] == "P" and not _is_title(self.ctx.text[found[0][0]:found[0][1]]):
                    return Arg(found[0], "P", arg.token)
            group = next((self.index.get(t) for t in span.root.children if t.dep_ in ("poss", "compound", "nmod")
                          and self.index.has(t, "G")), None)
            if group is not None:
                return self._leader_of_group(group[0], arg.token)
        return None

    def _title_word(self, token: Token) -> Arg | None:
        """A title the text did not name as a person ('the Taliban's Amir al-Mu'minin'): the person this report
        says leads the group it belongs to, else nobody."""
        words = [t for t in token.subtree if t.dep_ not in ("det", "poss", "case") and not self.index.has(t, "G")]
        if not words or not _is_title(self.ctx.text[words[0].idx:words[-1].idx + len(words[-1].text)]):
            return None
        groups = [self.index.get(t) for t in token.subtree if t.dep_ in ("poss", "compound", "nmod")
                  and self.index.has(t, "G")]
        return self._leader_of_group(groups[0][0], token.i) if groups else None

    def _leader_of_group(self, group: Span, token: int) -> Arg | None:
        cluster = self.ctx.cluster_of.get(group)
        for person, led in self.leaders.items():
            if led.ref == group or (cluster is not None and self.ctx.cluster_of.get(led.ref) == cluster):
                holder = next((m for m in self.ctx.mentions if self.ctx.cluster_of.get((m.start, m.end)) == person),
                              None)
                if holder is not None:
                    return Arg((holder.start, holder.end), "P", token)
        return None

    # -- lists the next sentence gives ---------------------------------------------------
    def _remember_generic(self, rule: Rule, nodes: dict, subjects: list[Arg], objects: list[Arg]) -> None:
        """'Local groups have close relations with ISKP.' keeps the relation for the groups listed next."""
        if bool(subjects) == bool(objects):
            return
        side = "subject" if not subjects else "object"
        spec = rule.subject if side == "subject" else rule.object
        tokens = []
        for part in spec.replace("+", "|").split("|"):
            name, _, node_name = part.partition("@")
            node = nodes.get(node_name or "trigger")
            if node is not None and not name.startswith(SPECIAL_ROLES):
                tokens += self._tokens(name, node)
        generic = [t for t in tokens if t.lemma_.lower() in GENERIC_PLURALS and t.tag_ == "NNS" and not
                   roles.examples(t)]
        if generic:
            known = objects if side == "subject" else subjects
            self.pending = (rule, side, known, nodes["trigger"], False, self.sentences[self._sentence_of(nodes["trigger"])])

    def _listed(self, sentence: _Sentence) -> list[Found]:
        """'Some of the most active groups include A; B and C.' after a relation stated for such groups; a list
        the sentence splitter cut at its semicolons goes on in the next sentence."""
        pending, self.pending = self.pending, None
        if pending is None:
            return []
        rule, side, known, trigger, continued, stated_at = pending
        span = self.doc.char_span(sentence.slotted.start, sentence.slotted.end, alignment_mode="expand")
        if span is None or not (continued or _enumerates(span.root)):
            return []
        items = [t for t in span if self.index.has(t, "G") and _listed_item(t, span.root)]
        out = []
        for item in roles.entities(items, self.index, "G"):
            for other in known:
                s, o = (item, other) if side == "subject" else (other, item)
                rel_type = rule.type_for(s.kind)
                if rel_type and not self._same(s, o):
                    relation = Relation(s.ref, rel_type, o.ref, self._listing_evidence(stated_at, sentence, item),
                                        modality=fact_modality(trigger) or "alleged", confidence=0.6,
                                        note="listed after the relation was stated for such groups")
                    out.append(Found(rule.name, relation))
        if sentence.slotted.text.rstrip().endswith(";"):
            self.pending = (rule, side, known, trigger, True, stated_at)
        return out

    # -- dates and tenures ---------------------------------------------------------------
    def _dates(self, rule: Rule, path: list[Token], sentence: _Sentence):
        dated = clause_dates(path, sentence.dates, sentence.slotted.start)
        event = rule.tense == "event" or any(t.lemma_ in _CHANGE_VERBS for t in path[1:] if t.pos_ in ("VERB", "AUX"))
        trigger_at = path[0].idx - sentence.slotted.start
        start = end = precision = None
        for d, role in sorted(dated, key=lambda dr: abs(dr[0].start - trigger_at)):
            if role == "end" and end is None:
                end = d.iso
            elif (role == "start" or (role == "at" and event)) and start is None:
                start, precision = d.iso, d.precision
        return start, end, precision

    def _note_leader(self, relation: Relation, s: Arg, o: Arg, rule: Rule, trigger: Token) -> None:
        if relation.modality == "denied":
            return
        person = self.ctx.cluster_of.get(s.ref)
        if person is not None:
            self.leaders[person] = o
        if relation.start:
            self.last_change = (relation.start, relation.evidence.start)
        if rule.ends_object_tenure:
            for predecessor in roles.entities(roles.objects(trigger), self.index, "P"):
                cluster = self.ctx.cluster_of.get(predecessor.ref)
                if cluster is not None and relation.start:
                    self.ends.append((cluster, relation.start, "replaced", relation.evidence.start,
                                      relation.evidence.end))

    def _note_ends(self, sentence: _Sentence) -> None:
        """Leaders killed, arrested or replaced in this sentence, with the date of that clause."""
        span = self.doc.char_span(sentence.slotted.start, sentence.slotted.end, alignment_mode="expand")
        if span is None:
            return
        for token in span:
            lemma = token.lemma_.lower()
            if lemma in END_VERBS and token.pos_ == "VERB":
                people = roles.subjects(token) if lemma == "die" else roles.objects(token)
                reason = END_VERBS[lemma]
            elif lemma in END_NOUNS and token.pos_ == "NOUN":
                people = roles.children(token, "poss") + roles.prep_objects(token, frozenset({"of"}))
                reason = END_NOUNS[lemma]
            else:
                continue
            for person in roles.entities(people, self.index, "P"):
                path = governing_path(token, [self.doc[person.token]])
                if fact_modality(token, [self.doc[person.token]]) in (None, "denied"):
                    continue
                dated = [d for d, role in clause_dates(path, sentence.dates, sentence.slotted.start) if role != "start"]
                if dated:
                    date = min(dated, key=lambda d: abs(d.start - (token.idx - sentence.slotted.start)))
                    cluster = self.ctx.cluster_of.get(person.ref)
                    self.ends.append((cluster, date.iso, reason, sentence.slotted.start, sentence.slotted.end))
                    self.last_change = (date.iso, sentence.slotted.start)

    # -- evidence ------------------------------------------------------------------------
    def _listing_evidence(self, stated: _Sentence, listing: _Sentence, item: Arg) -> Evidence:
        """The sentence that states the relation through the list that names the group, when they fit a quote."""
        if listing.slotted.end - stated.slotted.start > 2 * MAX_QUOTE:
            return self._evidence(listing, self.doc[item.token], (item,))
        start = stated.slotted.start
        quote = self.ctx.text[start:listing.slotted.end].strip()
        start = self.ctx.text.index(quote, start)
        return Evidence(self.ctx.document_id, start, start + len(quote), quote, EXTRACTOR, VERSION)

    def _evidence(self, sentence: _Sentence, trigger: Token, args) -> Evidence:
        s = sentence.slotted
        start, end = s.start, s.end
        if end - start > MAX_QUOTE:
            points = [trigger.idx] + [a.ref[0] for a in args if s.start <= a.ref[0] < s.end]
            start = max(s.start, min(points) - 120)
            end = min(s.end, max(points) + 200)
            start, end = _word_bounds(self.ctx.text, start, end, s)
        quote = self.ctx.text[start:end].strip()
        start = self.ctx.text.index(quote, start)
        return Evidence(self.ctx.document_id, start, start + len(quote), quote, EXTRACTOR, VERSION)


# -- helpers -------------------------------------------------------------------------------
_CHANGE_VERBS = frozenset({"become", "appoint", "name", "choose", "elect", "select", "install", "proclaim", "declare",
                           "succeed", "replace", "designate", "nominate", "anoint", "pick", "take", "assume", "make",
                           "form", "found", "establish", "create", "join", "pledge", "split", "emerge", "launch",
                           "set", "announce", "swear", "seize", "start", "begin", "commence"})
_ROLE_FUNCTIONS = {
    "subject": roles.subjects, "gsubject": roles.grammatical_subjects, "object": roles.objects,
    "holder": roles.holders, "coholders": roles.coholders, "owner": roles.owners, "copossessors": roles.copossessors,
    "pobj": lambda t: roles.children(t, "pobj", "pcomp"), "head": lambda t: [t.head], "possessor": roles.possessors, "between": roles.between,
    "member_owner": lambda t: roles.owners(t, frozenset({"of", "for", "in", "with", "within", "inside", "from"})),
    "created": lambda t: roles.created(t), "clause_subject": lambda t: roles.clause_subject(t),
    "newer_name": roles.newer_name, "older_name": roles.older_name,
}


def _pairs(subjects: list[Arg], objects: list[Arg], among: bool):
    """Subject-object pairs; for 'between X and Y' or 'X and Y are rivals' (one list), every pair in it."""
    if among:
        items = list({a.ref: a for a in subjects + objects}.values())
        return [(a, b) for i, a in enumerate(items) for b in items[i + 1:]]
    return [(s, o) for s in subjects for o in objects]


def _enumerates(root: Token) -> bool:
    """'Some of these groups include...', 'They are...', 'Among them are...'."""
    if root.lemma_ not in ENUMERATING:
        return False
    subjects = roles.grammatical_subjects(root)
    return bool(subjects) and subjects[0].lemma_.lower() in GENERIC_PLURALS | {
        "these", "they", "some", "many", "most", "those", "member", "several", "few", "among"}


def _listed_item(token: Token, root: Token) -> bool:
    """A list item of an enumeration, not a name inside an item's description ('the main force in Tajikistan')."""
    node = token
    while node.i != root.i:
        if node.dep_ in ("prep", "pobj", "relcl", "acl", "poss", "ccomp", "advcl"):
            return False
        if node.head.i == node.i:
            return False
        node = node.head
    return True


def _qualified(rule: Rule, trigger: Token) -> bool:
    """Whether the words qualifying the trigger let it state the relation: not 'poor relations', 'cut its ties'
    or 'relations worsened'; and for neutral words ('relations') a word that makes them close."""
    words = {c.lemma_.lower() for c in trigger.children if c.dep_ in ("amod", "advmod", "compound")}
    if trigger.dep_ in ("nsubj", "nsubjpass"):   # 'relations between X and Y are (not) good'
        predicate = {trigger.head.lemma_.lower()} | {c.lemma_.lower() for c in trigger.head.children
                                                     if c.dep_ in ("acomp", "attr", "advmod")}
        if any(c.dep_ == "neg" for c in trigger.head.children) and predicate & POSITIVE_QUALIFIERS:
            return False
        words |= predicate
    if trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in ENDING_VERBS:
        return False
    if words & NEGATIVE_QUALIFIERS and rule.yields != "hostile_to":
        return False
    return trigger.lemma_.lower() not in rule.needs_positive or bool(words & POSITIVE_QUALIFIERS)


def _junior(trigger: Token, index: EntityIndex) -> bool:
    """One of several, not the head: 'a commander', 'Deputy Hamas chief', 'leaders of', 'head of its rocket
    units', 'its leader in the region' ('a new leader' is the head)."""
    if trigger.tag_ in ("NNS", "NNPS"):
        return True
    modifiers = {t.lower_ for c in trigger.lefts if c.dep_ in ("det", "amod", "compound", "nmod", "nummod")
                 for t in c.subtree}
    if modifiers & {"a", "an"} and modifiers & {"new", "interim", "acting", "temporary", "caretaker"}:
        modifiers -= {"a", "an"}
    if modifiers & JUNIOR_WORDS:
        return True
    for prep in roles.children(trigger, "prep"):
        objects = roles.children(prep, "pobj")
        if prep.lower_ == "in" and objects and (index.has(objects[0], "L") or objects[0].lemma_ in REGION_WORDS):
            return True   # a leader somewhere is a regional leader
        if prep.lower_ == "of" and any(o.lemma_.lower() in UNIT_NOUNS and o.pos_ == "NOUN" and not index.has(o)
                                         for o in objects):
            return True   # the head of an unnamed unit of the group
    return False


def _senior(trigger: Token, index: EntityIndex) -> bool:
    """'the supreme commander', 'its current commander': the one at the top ('its commander' may lead a unit)."""
    if _junior(trigger, index):
        return False
    return any(c.lower_ in ("supreme", "overall", "chief", "current", "new", "top") for c in trigger.children
               if c.dep_ == "amod")


def _continues_list(s: Arg, o: Arg, trigger: Token, doc: Doc) -> bool:
    """'a member of X, Y and Z': Y, parsed as an apposition of 'member', goes on the list of X, of X's kind."""
    if s.token < 0 or o.token < 0:
        return False
    token, listed = doc[s.token], doc[o.token]
    return token.dep_ == "appos" and token.head.i == trigger.i and s.kind == o.kind \
        and trigger.i < listed.i < token.i and trigger.i in {a.i for a in listed.ancestors}


# plural heads of a subject that names several groups: 'the factions inside ISKP ... chose X as their leader'
GROUPS_NOUNS = frozenset({"group", "faction", "organisation", "organization", "affiliate", "supporter", "militia",
                          "outfit", "movement", "network", "cell", "branch", "wing", "splinter"})


def _chosen_by_several_groups(node: Token) -> bool:
    """A clause whose subject is several groups (or 'they' standing for them) says whose leader 'their' is:
    theirs together, not the group the passage is about."""
    verb = next((t for t in (node, *node.ancestors) if t.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return False
    for subject in roles.grammatical_subjects(verb):
        if subject.lower_ in ("they", "them"):
            return True
        if subject.tag_ in ("NNS", "NNPS") and subject.lemma_.lower() in GROUPS_NOUNS:
            return True
    return False


def _reads_sentence(rule: Rule) -> bool:
    return "new_leadership" in f"{rule.subject}|{rule.object}"


def _own_clause(path: list[Token]) -> list[Token]:
    """The governing path up to the trigger's own clause: 'lost control since 2011 but still holds Y' does not
    date the holding by the losing."""
    for k in range(1, len(path)):
        if path[k - 1].dep_ in ("conj", "ccomp", "relcl", "parataxis"):
            return path[:k]
    return path


def _succession(rule: Rule, path: list[Token]) -> bool:
    """A leader chosen, appointed or taking over: a change of leadership, dated by the last one if undated."""
    if rule.name in SUCCESSION_RULES or any(c.lower_ == "new" for c in path[0].children if c.dep_ == "amod"):
        return True
    return any(t.lemma_ in SUCCESSION_VERBS and t.pos_ == "VERB" for t in path[1:])


def _former(path: list[Token]) -> str | None:
    """'former', 'formerly', 'the late': the relation no longer holds; a modifier of the trigger's own
    modifiers counts too ('former LeT commander' parsed as 'former' on 'LeT')."""
    modifiers = [c for t in path for c in t.children if c.dep_ in ("amod", "advmod", "compound", "nmod")]
    modifiers += [g for c in path[0].children if c.dep_ in ("compound", "nmod", "amod", "npadvmod") for g in c.children
                  if g.dep_ in ("amod", "advmod")]
    words = {c.lower_ for c in modifiers} | _words_before_participle(path[0])
    if words & {"late", "slain", "deceased", "killed"}:
        return "died" if words & {"late", "deceased"} else "killed"
    return "former" if words & FORMER_WORDS else None


BOUNDARY_WORDS = frozenset({"river", "darya", "border", "frontier", "line", "strait", "straits", "sea", "gulf",
                            "channel", "boundary"})


def _beyond_a_boundary(place: Token) -> bool:
    """'expanded across the Amu Darya into Tajikistan', 'operates across the border': across a river or a
    border is beyond it, not in it."""
    return place.head.lower_ in ("across", "beyond", "over") and any(
        t.lower_ in BOUNDARY_WORDS for t in place.subtree if t.i <= place.i)


def _words_before_participle(trigger: Token) -> set[str]:
    """'the previously Iraq and Syria-based Islamic State': the words between the article and a participle that
    describes a noun (the parser hangs 'previously' on whatever it likes in such compounds)."""
    if not (trigger.dep_ == "amod" and trigger.tag_ == "VBN"):
        return set()
    out = set()
    for token in reversed(trigger.doc[max(trigger.sent.start, trigger.i - 8):trigger.i]):
        if token.dep_ == "det" or token.is_punct and token.text != "-" or token.pos_ in ("VERB", "AUX", "ADP"):
            break
        out.add(token.lower_)
    return out


def _current(path: list[Token]) -> bool:
    return any(c.lower_ in ("current", "incumbent", "present") for t in path[:1] for c in t.children)


_TITLE = re.compile(r"^(?:the\s+)?(?:" + "|".join(re.escape(t) for t in TITLES) + r")$", re.I)


def _is_title(name: str) -> bool:
    return bool(_TITLE.match(name.replace("’", "'").strip()))


def _word_bounds(text: str, start: int, end: int, sentence: SlottedSentence) -> tuple[int, int]:
    while start > sentence.start and text[start - 1].isalnum():
        start -= 1
    while end < sentence.end and text[end].isalnum():
        end += 1
    return start, end


def _end_tenures(found: list[Found], ends, ctx: DocContext) -> list[Found]:
    """A leader killed, arrested or replaced in the same report: the leadership (or membership) ends then,
    when the sentence that says so is close enough to be quoted with the relation (a date is never
    stated by a quote that does not hold it)."""
    out = []
    for f in found:
        r = f.relation
        if r.type in ("leader_of", "member_of") and r.end is None:
            person = ctx.cluster_of.get(r.subject)
            later = [e for e in ends if e[0] == person and (r.start is None or e[1] >= r.start[:len(e[1])])
                     and not (r.start and e[1] == r.start and e[2] == "replaced" and e[3] <= r.evidence.start)
                     and (r.evidence.start <= e[3] and e[4] <= r.evidence.end
                          or _joined_evidence(r.evidence, e[3], e[4], ctx.text) is not None)]
            if later:
                _, date, reason, start, end = min(later, key=lambda e: e[1])
                r = replace(r, end=date, end_reason=reason if r.end_reason in (None, "former") else r.end_reason,
                            evidence=_joined_evidence(r.evidence, start, end, ctx.text) or r.evidence)
        out.append(Found(f.rule, r))
    return out


def _joined_evidence(evidence: Evidence, start: int, end: int, text: str) -> Evidence | None:
    """The evidence widened to also quote text[start:end] (another sentence of the same paragraph), or None
    when the two are too far apart to make one quote."""
    first, last = min(evidence.start, start), max(evidence.end, end)
    if (first, last) == (evidence.start, evidence.end):
        return evidence
    if last - first > 2 * MAX_QUOTE or PARAGRAPH_BREAK.search(text, first, last):
        return None
    return replace(evidence, start=first, end=last, quote=text[first:last])


def _dedupe(found: list[Found], cluster_of: dict) -> list[Found]:
    """One relation per subject, type, object and sentence: the most informative one."""
    best: dict[tuple, Found] = {}
    for f in found:
        r = f.relation
        key = (cluster_of.get(r.subject, r.subject), r.type, cluster_of.get(r.object, r.object), r.evidence.start)
        old = best.get(key)
        if old is None or _informative(r) > _informative(old.relation):
            best[key] = f
    return list(best.values())


def _informative(r: Relation) -> tuple:
    return (r.modality != "denied", bool(r.start), bool(r.end), r.confidence, r.start or "")
