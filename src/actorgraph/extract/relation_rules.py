"""Relation rules as data: a spaCy DependencyMatcher pattern for the trigger, the roles of its two
arguments, and sentences (written for this project) each rule must and must not fire on.

A pattern always names its trigger word "trigger"; other nodes pin the words a phrase needs ("pledged
*allegiance* to"). Roles say where each argument is found relative to a node (see arguments.py):

  subject        who does what a verb says (active subject, passive 'by', inherited by 'to'-clauses...)
  gsubject       the subject as written ('X was appointed' -> X)
  object         what a verb is done to (direct object, passive subject, 'the group he created')
  holder         what a role noun or adjective describes ('X, the leader of Y' -> X)
  owner          whose a role noun is ('leader of Y', 'Y's leader', 'the Y leader' -> Y)
  member_owner   the same with 'for', 'in', 'with' ('spokesman for Y', 'a commander with Y')
  possessor      whose act or state a noun names ('X's ties', 'X has a presence', 'X launched attacks')
  between        both sides of 'between X and Y'
  partner        the other coordinated subjects of a reciprocal verb ('X and Y clashed')
  prep:w1,w2     objects of the node's prepositions among the words
  pobj           the object of a preposition node
  source:ROLE    the group the members named by ROLE belong to ('defectors of Y')
  created        what a merger formed: the subject of the clause it explains ('X was formed by the merger')
  clause_subject the subject of the clause a noun's preposition hangs from ('Y, under the leadership of X')
  led_by:ROLE    the group the person named by ROLE leads, from this document
  topic          the group the passage is about (only as a fallback)
  poss_topic     the same, for a possessive pronoun the text leaves open ('chose X as their leader')

`ROLE@node` reads the role on another node of the pattern; `a|b` falls back to b when a names nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .arguments import EARLIER_NAME_WORDS, LATER_NAME_WORDS

VERB, NOUN, ADJ = ("VERB",), ("NOUN",), ("ADJ",)
TITLE = ("NOUN", "PROPN")   # role nouns may be written as titles: 'the Deputy Ameer'


@dataclass(frozen=True)
class Example:
    """A sentence a rule must fire on, with the subject and object names it must give."""
    text: str
    subject: str
    object: str
    modality: str = "asserted"
    type: str | None = None        # when the rule yields different types by subject kind


@dataclass(frozen=True)
class Rule:
    name: str
    yields: str | tuple[tuple[str, str], ...]   # a relation type, or (subject kind, type) pairs
    patterns: tuple[tuple[dict, ...], ...]
    subject: str
    object: str
    subject_kinds: str = "G"
    object_kinds: str = "G"
    tense: str = "state"        # event: a date in its clause is when the relation began; state: only 'since'
    stand_ins: str = ""         # "bare": 'Taliban fighters' stands for the Taliban; "counted": '300 Taliban
                                # fighters' too; "any": 'a Taliban commander' or 'some Taliban fighters' too
    junior: str | None = None   # the type when the trigger names one of several ('a commander', 'deputy leader')
    senior_only: bool = False   # the trigger means the top post only when possessed or qualified ('its commander')
    ends_object_tenure: bool = False   # 'X succeeded Y': Y's leadership ends
    needs_positive: frozenset[str] = frozenset()   # trigger lemmas that state the relation only when qualified
                                                   # by a POSITIVE_QUALIFIERS word ('close relations')
    confidence: float = 0.7
    note: str = ""
    examples: tuple[Example, ...] = ()
    counters: tuple[str, ...] = ()

    def type_for(self, subject_kind: str) -> str | None:
        if isinstance(self.yields, str):
            return self.yields
        return dict(self.yields).get(subject_kind)


# -- pattern helpers ---------------------------------------------------------------
def trigger(lemmas, pos=VERB, **attrs) -> dict:
    """The trigger node; a title (PROPN) keeps its case in its lemma, so titles match their lower-cased forms."""
    if "PROPN" in pos:
        words = {"LOWER": {"IN": sorted(set(lemmas) | {w + "s" for w in lemmas})}}
    else:
        words = {"LEMMA": {"IN": sorted(lemmas)}}
    return {"RIGHT_ID": "trigger", "RIGHT_ATTRS": {**words, "POS": {"IN": list(pos)}, **attrs}}


def child(name: str, parent: str = "trigger", **attrs) -> dict:
    return {"LEFT_ID": parent, "REL_OP": ">", "RIGHT_ID": name, "RIGHT_ATTRS": attrs}


def head(name: str, of: str = "trigger", **attrs) -> dict:
    return {"LEFT_ID": of, "REL_OP": "<", "RIGHT_ID": name, "RIGHT_ATTRS": attrs}


def lemma(*words: str) -> dict:
    return {"IN": sorted(words)}


def lower(*words: str) -> dict:
    return {"IN": sorted(words)}


# -- lexicon -----------------------------------------------------------------------
LEAD_VERBS = {"lead", "head", "command", "run", "helm", "chair", "spearhead", "steer"}
TOP_NOUNS = {"leader", "head", "chief", "emir", "amir", "caliph", "chairman", "chairperson", "governor", "wali",
             "boss", "supremo", "ameer", "figurehead", "commander-in-chief"}
LEADERSHIP_NOUNS = {"leadership", "command", "helm", "reins", "stewardship", "chairmanship", "governorship",
                    "emirate", "control"}
HANDOVER_VERBS = {"hand", "transfer", "pass", "cede", "delegate", "entrust", "bequeath", "relinquish", "surrender"}
POWER_NOUNS = {"leadership", "command", "helm", "rein", "reins", "reign", "reigns", "authority", "power", "control",
               "mantle", "stewardship", "chairmanship", "emirate"}
TAKE_VERBS = {"take", "assume", "seize", "inherit", "claim", "win", "hold", "retain", "gain", "wrest"}
SUCCESSION_VERBS = {"become", "appoint", "name", "choose", "elect", "select", "install", "proclaim", "declare",
                    "succeed", "replace", "designate", "nominate", "anoint", "pick", "tap", "make", "emerge", "take",
                    "confirm", "announce", "swear", "remain", "serve"}
MEMBER_ROLE_NOUNS = {
    "member", "militant", "fighter", "official", "operative", "spokesman", "spokesperson", "spokeswoman", "ideologue",
    "figure", "deputy", "lieutenant", "recruiter", "financier", "insurgent", "jihadist", "loyalist", "cadre",
    "emissary", "envoy", "representative", "bomber", "gunman", "associate", "veteran", "strategist", "negotiator",
    "propagandist", "trainer", "facilitator", "courier", "bodyguard", "cleric", "preacher", "mufti", "judge",
    "spokesmen", "executive", "loyalist", "affiliate", "recruit", "soldier", "cofounder", "militiaman", "rebel",
    "defector", "adviser", "advisor", "mastermind", "planner", "officer"}
FOUND_VERBS = {"found", "establish", "create", "form", "launch", "start", "co-found", "cofound", "organize", "organise"}
SPLIT_MEMBER_NOUNS = {"defector", "member", "element", "fighter", "militant", "commander", "veteran", "remnant",
                      "cadre", "dissident", "faction", "splinter", "leader", "operative", "loyalist", "rebel",
                      "insurgent", "jihadist", "ex-member", "breakaway"}
SPLIT_VERBS = {"split", "break", "splinter", "separate", "secede", "defect", "spin", "peel", "breakaway", "leave",
               "quit", "desert", "abandon"}
DERIVE_VERBS = {"emerge", "grow", "evolve", "spring", "arise", "originate", "stem", "descend", "bear"}
RENAME_VERBS = {"rebrand", "rebrande", "rename", "re-brand", "restyle", "reconstitute", "reorganize", "reorganise",
                "transform"}   # 'rebrande': how the model's lemmatizer reads 'rebranded'
UNIT_NAMES = {"force", "forces", "brigade", "brigades", "battalion", "unit", "wing", "front", "regiment", "division",
              "corps", "army", "cell", "squad", "faction"}
SPLINTER_NOUNS = {"splinter", "breakaway", "offshoot", "spin-off", "spinoff", "successor", "remnant", "rebranding",
                  "reincarnation", "outgrowth", "rebrand", "descendant"}
BREAKAWAY_AMODS = {"splinter", "breakaway", "dissident", "renegade", "rebel", "rival"}
REGIONAL_AMODS = {"regional", "local", "provincial", "national", "affiliated", "subordinate", "sister", "daughter",
                  "overseas", "foreign", "external"}
MERGER_NOUNS = {"merger", "merging", "amalgamation", "fusion", "union", "unification"}
MERGE_VERBS = {"merge", "unite", "combine", "fuse", "amalgamate", "unify", "consolidate"}
COALITION_NOUNS = {"coalition", "alliance", "umbrella", "confederation", "grouping", "amalgam", "conglomerate",
                   "federation", "bloc", "consortium"}
BRANCH_NOUNS = {"branch", "affiliate", "franchise", "wing", "province", "wilayat", "wilaya", "chapter", "arm",
                "division", "subsidiary", "cell", "unit", "component", "subgroup", "sub-group", "part", "satellite",
                "faction", "front", "brigade", "battalion", "offshoot", "subdivision", "detachment", "section"}
INCORPORATE_VERBS = {"incorporate", "integrate", "absorb", "fold", "subsume", "merge", "assimilate"}
JOIN_VERBS = {"join", "rejoin", "enlist", "re-join"}
ALLEGIANCE_NOUNS = {"allegiance", "loyalty", "fealty", "bay’ah", "bay'ah", "baya", "bayah", "bayat", "bay`ah",
                    "oath", "bay’a", "bay'a", "pledge"}
PLEDGE_VERBS = {"pledge", "swear", "declare", "give", "offer", "renew", "announce", "reaffirm", "take", "express",
                "proclaim", "make", "extend", "affirm"}
LOYAL_ADJS = {"loyal", "faithful", "subordinate", "answerable", "beholden", "subservient"}
ACCEPT_VERBS = {"accept", "receive", "welcome", "acknowledge"}
ALLY_VERBS = {"ally", "align", "cooperate", "collaborate", "coordinate", "partner", "team", "side", "unite",
              "collude", "liaise", "ally"}
ALONGSIDE_VERBS = {"fight", "battle", "operate", "work", "serve", "train", "campaign"}
SUPPORT_VERBS = {"support", "back", "aid", "assist", "help", "fund", "finance", "arm", "shelter", "harbor",
                 "harbour", "sponsor", "host", "supply", "bankroll", "equip", "reinforce"}
TIE_NOUNS = {"tie", "link", "relation", "relationship", "connection", "contact", "bond", "alliance", "partnership",
             "cooperation", "collaboration", "coordination", "friendship", "rapprochement", "pact",
             "agreement", "accord", "understanding", "entente", "association", "nexus", "convergence", "closeness",
             "proximity", "cooperation"}
ALLY_NOUNS = {"ally", "partner", "backer", "patron", "protector", "sponsor", "friend", "proxy", "supporter",
              "benefactor"}
ALLIED_ADJS = {"link", "ally", "align", "connect", "tie", "back", "associate", "support", "sponsor",
               "inspire"}
HOSTILE_VERBS = {"fight", "battle", "attack", "target", "ambush", "combat", "confront", "oppose", "raid",
                 "assault", "besiege", "kill", "kidnap", "abduct", "behead", "execute", "massacre", "expel", "oust",
                 "rout", "defeat", "challenge", "denounce", "condemn", "criticize", "criticise", "excommunicate",
                 "outlaw", "hunt", "purge", "eliminate", "dislodge", "displace", "repel", "strike", "bomb",
                 "assassinate", "capture", "counter", "resist", "wage", "rival", "war", "clash", "skirmish", "storm",
                 "overrun", "infiltrate"}
RECIPROCAL_VERBS = {"clash", "fight", "feud", "battle", "skirmish", "war", "compete", "quarrel"}
RIVAL_NOUNS = {"rival", "enemy", "adversary", "foe", "nemesis", "opponent", "competitor", "archrival",
               "arch-rival", "archenemy", "arch-enemy", "nemeses", "antagonist", "challenger"}
CONFLICT_NOUNS = {"war", "campaign", "offensive", "attack", "fight", "struggle", "insurgency", "crackdown",
                  "violence", "jihad", "operation", "hostility", "clash", "fighting", "battle", "rivalry", "feud",
                  "conflict", "confrontation", "infighting", "rift", "competition", "tension", "enmity", "animosity",
                  "hostilities", "skirmish", "assault", "raid", "ambush", "war", "bloodshed", "vendetta", "dispute",
                  "showdown", "turf", "standoff", "loggerhead", "loggerheads", "odds", "war"}
BETWEEN_CONFLICT_NOUNS = {"clash", "fighting", "war", "rivalry", "hostility", "hostilities", "confrontation",
                          "conflict", "feud", "rift", "competition", "infighting", "tension", "enmity", "animosity",
                          "battle", "skirmish", "bloodshed", "dispute", "violence", "standoff", "showdown", "split"}
OPERATE_VERBS = {"operate", "base", "station", "deploy", "entrench", "headquarter", "locate", "concentrate",
                 "confine", "root", "embed", "garrison", "hide", "shelter", "regroup", "reconvene", "recruit",
                 "thrive", "fight", "wage", "remain", "stay", "live", "roam", "persist", "survive", "maintain"}
OPERATE_ADJS = {"active", "present", "based", "dominant", "strong", "entrenched", "rooted", "influential",
                "prevalent", "widespread", "operational", "powerful", "concentrated", "stationed", "headquartered"}
SPREAD_VERBS = {"emerge", "appear", "expand", "spread", "move", "extend", "arrive", "relocate", "shift", "surface",
                "resurface", "re-emerge", "reemerge", "proliferate", "penetrate", "infiltrate", "push", "advance",
                "establish", "settle", "set"}
CONTROL_VERBS = {"control", "hold", "occupy", "dominate", "rule", "govern", "administer"}   # a state, not a seizure
PRESENCE_NOUNS = {"presence", "stronghold", "base", "bastion", "foothold", "sanctuary", "haven", "hideout",
                  "camp", "cell", "operation", "activity", "insurgency", "footprint", "heartland", "territory",
                  "infrastructure", "position", "safe-haven", "hub", "enclave", "outpost"}
# what a group holds sway over: 'X holds sway over Y', 'X's grip on Y', 'X has control of Y'
SWAY_NOUNS = {"sway", "control", "grip", "hold", "dominance", "influence", "authority", "rule", "power"}
STRONGHOLD_NOUNS = {"stronghold", "bastion", "heartland", "hotbed", "hub", "base", "sanctuary", "haven",
                    "fiefdom", "redoubt", "enclave", "playground"}
PLACE_PREPS = "in,across,throughout,within,inside,into,around,near,along,from,to,over,at,on"
ACT_NOUNS = {"attack", "operation", "raid", "bombing", "ambush", "assault", "offensive", "strike", "killing",
             "abduction", "kidnapping", "campaign", "insurgency", "activity", "activities"}
ACT_VERBS = {"carry", "conduct", "launch", "mount", "stage", "perpetrate", "commit", "wage", "execute", "intensify",
             "step", "escalate", "continue", "increase", "expand"}
NEGATIVE_QUALIFIERS = frozenset({
    "poor", "strained", "tense", "hostile", "sour", "soured", "frosty", "uneasy", "ambiguous", "deteriorate",
    "deteriorating", "worsen", "worsening", "broken", "severed", "bad", "difficult", "troubled", "rocky", "complicated",
    "fraught", "cool", "cold", "distant", "weak", "limited", "little", "no", "former", "past", "old", "collapse",
    "end", "fade", "erode", "break", "bitter", "adversarial", "antagonistic", "rival", "competitive", "alleged",
    "rumoured", "rumored", "suspected", "purported", "supposed"})
POSITIVE_QUALIFIERS = frozenset({
    "close", "good", "strong", "cordial", "friendly", "warm", "deep", "longstanding", "long-standing", "intimate",
    "solid", "historic", "special", "excellent", "tight", "working", "operational", "strategic", "organizational",
    "organisational", "firm", "robust", "extensive", "closer", "stronger", "deeper", "cooperative", "fraternal",
    "symbiotic", "enduring", "growing", "improving", "warmer", "mutual", "direct", "formal", "official"})
ENDING_VERBS = frozenset({"cut", "sever", "break", "end", "lose", "abandon", "renounce", "terminate", "suspend",
                          "dissolve", "scrap", "reject", "deny", "downplay"})
TITLES = ("amir al-mu'minin", "amir al-muminin", "amir ul-momineen", "amir-ul-momineen", "ameer-ul-momineen",
          "commander of the faithful", "caliph", "emir", "amir", "supreme leader", "the caliph", "khalifa",
          "sheikh", "mullah", "maulana", "mawlawi", "mufti", "imam", "amir al-mu’minin", "amir al mu'minin")


# -- the rules -----------------------------------------------------------------------------
RULES: tuple[Rule, ...] = (
    # ---------------------------------------------------------------- leadership
    Rule("lead_verb", "leader_of", ((trigger(LEAD_VERBS),),), "subject", "object", subject_kinds="P",
         examples=(Example("Sirajuddin Haqqani heads the Haqqani Network.", "Sirajuddin Haqqani", "Haqqani Network"),
                   Example("The Haqqani Network is headed by Sirajuddin Haqqani.", "Sirajuddin Haqqani",
                           "Haqqani Network"),
                   Example("Al-Shabaab, which Ahmed Diriye has commanded since 2014, attacked the base.",
                           "Ahmed Diriye", "al-Shabaab"),
                   Example("Officials said Boko Haram was led by Abubakar Shekau.", "Abubakar Shekau", "Boko Haram",
                           "reported")),
         counters=("Abubakar Shekau led the attack on the school in Borno.",
                   "Sirajuddin Haqqani tried to lead the Haqqani Network.",
                   "Boko Haram fighters led the raid.")),
    Rule("leader_noun", "leader_of",
         ((trigger(TOP_NOUNS, TITLE),), (trigger({"general"}, NOUN), child("title", LOWER="secretary"))),
         "holder", "owner|poss_topic", subject_kinds="P",
         junior="member_of",
         examples=(Example("Noor Wali Mehsud, the leader of the TTP, gave an interview.", "Noor Wali Mehsud", "TTP"),
                   Example("ISIS leader Abu Bakr al-Baghdadi issued a statement.", "Abu Bakr al-Baghdadi", "ISIS"),
                   Example("Abubakar Shekau became the head of Boko Haram in 2009.", "Abubakar Shekau", "Boko Haram"),
                   Example("The emir of al-Shabaab is Ahmed Diriye.", "Ahmed Diriye", "al-Shabaab"),
                   Example("One of the two, Ahmed Diriye, is al-Shabaab's overall leader.", "Ahmed Diriye",
                           "al-Shabaab"),
                   Example("Sirajuddin Haqqani is not the chief of the Taliban.", "Sirajuddin Haqqani", "Taliban",
                           "denied"),
                   Example("Hakimullah Mehsud, a TTP leader, was killed.", "Hakimullah Mehsud", "TTP",
                           type="member_of"),
                   Example("Abu Musab al-Barnawi, the deputy leader of ISWAP, spoke.", "Abu Musab al-Barnawi",
                           "ISWAP", type="member_of"),
                   Example("ISWAP met in Borno. Its shura chose Abu Musab al-Barnawi as their leader.",
                           "Abu Musab al-Barnawi", "ISWAP")),
         counters=("The leader of the attack on the Taliban, Abu Musab al-Barnawi, escaped.",
                   "ISWAP met in Borno. Abu Musab al-Barnawi, a local leader, spoke.",
                   "Hassan Nasrallah met the leader of Hamas.")),
    Rule("commander_noun", "member_of", ((trigger({"commander"}, TITLE),),), "holder", "member_owner",
         subject_kinds="P", senior_only=True,
         examples=(Example("Maulana Fazlullah, a TTP commander, fled to Kunar.", "Maulana Fazlullah", "TTP"),
                   Example("ISKP's current commander, Sanaullah Ghafari, is Afghan.", "Sanaullah Ghafari", "ISKP",
                           type="leader_of"),
                   Example("Hafiz Saeed Khan was a commander with the TTP.", "Hafiz Saeed Khan", "TTP"),
                   Example("Police said the slain TTP commander was identified as Hafiz Saeed Khan.",
                           "Hafiz Saeed Khan", "TTP", "reported")),
         counters=("The commander of the army said Hafiz Saeed Khan was killed.",)),
    Rule("took_leadership", "leader_of",
         ((trigger(LEADERSHIP_NOUNS, NOUN), head("verb", LEMMA=lemma(*TAKE_VERBS))),),
         "subject@verb", "owner", subject_kinds="P", tense="event",
         examples=(Example("Abu Musab al-Barnawi took over the leadership of ISWAP in 2016.", "Abu Musab al-Barnawi",
                           "ISWAP"),
                   Example("Noor Wali Mehsud assumed command of the TTP.", "Noor Wali Mehsud", "TTP"),
                   Example("Abdul Rahim Muslim Dost claimed the leadership of ISKP.", "Abdul Rahim Muslim Dost",
                           "ISKP", "claimed")),
         counters=("The Taliban took control of Kabul.", "Abubakar Shekau sought to retain command of Boko Haram.")),
    Rule("handed_over", "leader_of",
         ((trigger(HANDOVER_VERBS), child("what", DEP="dobj", LEMMA=lemma(*POWER_NOUNS)),
           child("to", DEP=lower("prep", "dative"), LOWER="to"), child("giver", DEP="nsubj")),),
         "pobj@to", "owner@what+owner@giver+led_by:subject", subject_kinds="P", tense="event",
         note="leadership handed over",
         examples=(Example("Abubakar Shekau handed over the leadership of Boko Haram to Mamman Nur in 2010.",
                           "Mamman Nur", "Boko Haram"),
                   Example("The emir of al-Shabaab passed command of the group to Ahmed Diriye in 2014.",
                           "Ahmed Diriye", "al-Shabaab"),
                   Example("Al-Shabaab chief Ahmed Diriye handed the helm to Ali Dheere, officials said.", "Ali Dheere",
                           "al-Shabaab", "reported")),
         counters=("Abubakar Shekau refused to hand over the leadership of Boko Haram to Mamman Nur.",
                   "Abubakar Shekau handed over the hostages to Mamman Nur.",
                   "The Taliban handed over control of the district to the army.")),
    Rule("under_leadership", "leader_of",
         ((trigger({"leadership", "command", "rule", "guidance", "stewardship"}, NOUN), head("under", LOWER="under")),),
         "owner", "clause_subject", subject_kinds="P",
         examples=(Example("Under the leadership of Abubakar Shekau, Boko Haram grew more violent.", "Abubakar Shekau",
                           "Boko Haram"),
                   Example("The TTP expanded under the command of Baitullah Mehsud.", "Baitullah Mehsud", "TTP")),
         counters=("Under the leadership of the army, Boko Haram was pushed out of Borno.",)),
    Rule("took_over", "leader_of",
         ((trigger({"take"}), child("over", LOWER="over", DEP="prt")),),
         "subject", "object|topic", subject_kinds="P", tense="event", note="took over the leadership",
         examples=(Example("Noor Wali Mehsud took over the TTP in June 2018.", "Noor Wali Mehsud", "TTP"),
                   Example("The TTP lost its chief. Noor Wali Mehsud took over soon after.", "Noor Wali Mehsud",
                           "TTP")),
         counters=("The Taliban took over Kabul in 2021.",)),
    Rule("became_leader", "leader_of",
         ((trigger(TOP_NOUNS, NOUN, TAG="NN"), head("verb", LEMMA=lemma(*SUCCESSION_VERBS))),
          (trigger(TOP_NOUNS, NOUN, TAG="NN"), head("as", LOWER="as"), head("verb", "as", LEMMA=lemma(*SUCCESSION_VERBS)))),
         "holder", "owner|topic", subject_kinds="P", tense="event", junior="member_of",
         examples=(Example("ISWAP lost its chief in a raid. Abu Musab al-Barnawi was later appointed as the new leader.",
                           "Abu Musab al-Barnawi", "ISWAP"),
                   Example("The TTP held a shura in 2018 and chose Noor Wali Mehsud as its leader.",
                           "Noor Wali Mehsud", "TTP")),
         counters=("The TTP met in 2018. Noor Wali Mehsud wanted to become leader.",)),
    Rule("succeeded", "leader_of", ((trigger({"succeed", "replace"}),),), "subject",
         "led_by:object|led_by:subject|succession_topic",
         subject_kinds="P", object_kinds="G", tense="event", ends_object_tenure=True,
         examples=(Example("Maulana Fazlullah led the TTP until 2018. The Taliban commander Noor Wali Mehsud "
                           "succeeded Maulana Fazlullah in June 2018.", "Noor Wali Mehsud", "TTP"),
                   Example("TTP chief Noor Wali Mehsud spoke. Noor Wali Mehsud succeeded Maulana Fazlullah in 2018.",
                           "Maulana Fazlullah", "TTP"),
                   Example("Akhtar Mansour led the Taliban. The Taliban named Hibatullah Akhundzada to succeed "
                           "Akhtar Mansour in 2016.", "Hibatullah Akhundzada", "Taliban")),
         counters=("Maulana Fazlullah hoped to succeed Hakimullah Mehsud.",
                   "The TTP grew in 2013. Maulana Fazlullah replaced Hakimullah Mehsud as its negotiator.")),
    Rule("predecessor_died", "leader_of",
         ((trigger({"death", "killing", "assassination", "arrest", "capture", "ouster", "demise", "resignation"}, NOUN),
           head("after", LOWER=lower("after", "following", "upon"))),
          (trigger({"follow"}, VERB, DEP="prep"), child("what", DEP="dobj",
                                                         LEMMA=lemma("death", "killing", "assassination", "demise")))),
         "owner|owner@what", "new_leadership", subject_kinds="P", confidence=0.5,
         note="predecessor of the new leader", ends_object_tenure=False,
         examples=(Example("Noor Wali Mehsud was appointed as the new chief of the TTP after Maulana Fazlullah's death.",
                           "Maulana Fazlullah", "TTP"),),
         counters=("Noor Wali Mehsud met the TTP shura after Maulana Fazlullah's death.",)),
    Rule("successor_noun", "leader_of", ((trigger({"successor"}, NOUN),),), "holder", "led_by:owner",
         subject_kinds="P",
         examples=(Example("Akhtar Mansour led the Taliban until 2016. His successor, Hibatullah Akhundzada, "
                           "is a cleric.", "Hibatullah Akhundzada", "Taliban"),),
         counters=("Nobody knows who the successor of the cleric will be.",)),
    # ---------------------------------------------------------------- membership
    Rule("member_noun", (("P", "member_of"), ("G", "part_of")),
         ((trigger(MEMBER_ROLE_NOUNS, TITLE),),), "holder", "member_owner|poss_topic", subject_kinds="PG",
         examples=(Example("Zabihullah Mujahid, the spokesman for the Taliban, denied the report.",
                           "Zabihullah Mujahid", "Taliban"),
                   Example("Taliban spokesman Zabihullah Mujahid denied it.", "Zabihullah Mujahid", "Taliban"),
                   Example("Muhsin al-Fadhli, a senior al-Qaeda operative, was in Syria.", "Muhsin al-Fadhli",
                           "al-Qaeda"),
                   Example("Abu Muhammad al-Adnani was a member of the Islamic State.", "Abu Muhammad al-Adnani",
                           "Islamic State")),
         counters=("Hassan Nasrallah, a member of parliament, spoke.",
                   "Zabihullah Mujahid said a member of the Taliban was arrested.")),
    Rule("from_group", "member_of",
         ((trigger({"afghan", "pakistani", "syrian", "iraqi", "somali", "nigerian", "malian", "yemeni", "arab",
                    "pashtun", "tajik", "uzbek", "militant", "fighter", "man", "veteran", "figure", "cleric", "activist",
                    "defector", "deserter", "loyalist", "member", "commander", "official"}, TITLE, DEP="appos"),
           child("from", LOWER="from", DEP="prep")),),
         "holder", "pobj@from", subject_kinds="P", confidence=0.6,
         examples=(Example("Abdul Hasib Logari, an Afghan from TKK, was appointed governor.", "Abdul Hasib Logari",
                           "TKK"),),
         counters=("Abdul Hasib Logari, an Afghan from Logar, was appointed governor.",)),
    Rule("inside_group", "part_of",
         ((trigger({"inside", "within"}, ("ADP",)), head("group", LEMMA=lemma(
             "group", "faction", "unit", "cell", "brigade", "battalion", "wing", "organization", "organisation"))),),
         "head", "pobj", confidence=0.6,
         examples=(Example("The factions inside ISKP, such as the Omar Ghazi Group, rejected the appointment.",
                           "Omar Ghazi Group", "ISKP"),),
         counters=("The factions inside the city, such as the Omar Ghazi Group, rejected the appointment.",)),
    Rule("join_verb", (("P", "member_of"), ("G", "part_of")),
         ((trigger(JOIN_VERBS),),), "subject", "object", subject_kinds="PG", tense="event",
         examples=(Example("Aslam Farooqi joined the Islamic State in 2014.", "Aslam Farooqi", "Islamic State"),
                   Example("Ansar Dine joined JNIM when it was formed.", "Ansar Dine", "JNIM", type="part_of")),
         counters=("The Taliban joined the talks in Doha.", "Aslam Farooqi refused to join the Islamic State.")),
    Rule("belongs_to", (("P", "member_of"), ("G", "part_of")),
         ((trigger({"belong", "answer", "report"}), child("to", LOWER="to", DEP="prep")),),
         "subject", "prep:to", subject_kinds="PG",
         examples=(Example("Hafiz Saeed Khan belonged to the TTP.", "Hafiz Saeed Khan", "TTP"),),
         counters=("The weapons belonged to the Taliban.",)),
    Rule("fought_for", "member_of",
         ((trigger({"fight", "die", "kill"}), child("for", LOWER="for", DEP="prep")),
          (trigger({"serve", "work"}), child("for", LOWER=lower("for", "in", "with", "within"), DEP="prep"))),
         "subject", "pobj@for", subject_kinds="P",
         examples=(Example("Aslam Farooqi fought for the Islamic State in Syria.", "Aslam Farooqi", "Islamic State"),
                   Example("Hafiz Saeed Khan served in the TTP for years.", "Hafiz Saeed Khan", "TTP")),
         counters=("Aslam Farooqi fought with the Taliban for control of Achin.",)),
    Rule("defected", "member_of",
         ((trigger({"defect", "switch", "desert"}), child("to", LOWER=lower("to", "from"), DEP="prep")),),
         "subject", "prep:to", subject_kinds="P", tense="event",
         examples=(Example("Abdul Hasib Logari defected to ISKP in 2015.", "Abdul Hasib Logari", "ISKP"),),
         counters=("Abdul Hasib Logari defected from the army.",)),
    # ---------------------------------------------------------------- founding and lineage
    Rule("found_verb", "founder_of",
         ((trigger(FOUND_VERBS),), (trigger({"set"}), child("up", LOWER="up", DEP="prt"))),
         "subject", "object", subject_kinds="P", tense="event",
         examples=(Example("Mohammed Yusuf founded Boko Haram in 2002.", "Mohammed Yusuf", "Boko Haram"),
                   Example("Boko Haram was founded by Mohammed Yusuf.", "Mohammed Yusuf", "Boko Haram"),
                   Example("Hafiz Muhammad Saeed set up Lashkar-e-Taiba in the 1990s.", "Hafiz Muhammad Saeed",
                           "Lashkar-e-Taiba"),
                   Example("The Haqqani Network, created by Jalaluddin Haqqani, is based in Pakistan.",
                           "Jalaluddin Haqqani", "Haqqani Network"),
                   Example("It is believed that the Khorasan Group was created by a Kuwaiti named Muhsin al-Fadhli.",
                           "Muhsin al-Fadhli", "Khorasan Group", "alleged")),
         counters=("Boko Haram formed a new unit in 2015.",
                   "Mohammed Yusuf wanted to found a new group.",
                   "Osama bin Laden met the men who founded the Taliban.")),
    Rule("founder_noun", "founder_of", ((trigger({"founder", "co-founder", "cofounder", "creator"}, NOUN),),),
         "holder", "owner", subject_kinds="P",
         examples=(Example("Boko Haram founder Mohammed Yusuf was killed in 2009.", "Mohammed Yusuf", "Boko Haram"),
                   Example("Hafiz Muhammad Saeed, a co-founder of Lashkar-e-Taiba, was arrested.",
                           "Hafiz Muhammad Saeed", "Lashkar-e-Taiba")),
         counters=("The founder of the company met Hafiz Muhammad Saeed.",)),
    Rule("founded_by_members", "formed_from",
         ((trigger(FOUND_VERBS),), (trigger({"set"}), child("up", LOWER="up", DEP="prt"))),
         "object", "source:subject", tense="event", note="founded by former members",
         examples=(Example("ISKP was founded by defectors from the TTP.", "ISKP", "TTP"),
                   Example("Experts believe that ISKP was formed by elements of the TTP.", "ISKP", "TTP", "alleged"),
                   Example("Former members of Boko Haram created Ansaru in 2012.", "Ansaru", "Boko Haram")),
         counters=("ISKP was founded by Hafiz Saeed Khan.",)),
    Rule("split_from", "formed_from",
         ((trigger(SPLIT_VERBS | DERIVE_VERBS), child("from", LOWER=lower("from", "with"), DEP="prep")),
          (trigger(SPLIT_VERBS | DERIVE_VERBS), child("away", LOWER=lower("away", "off", "out"))),),
         "subject", "prep:from,of", tense="event",
         examples=(Example("ISWAP split from Boko Haram in 2016.", "ISWAP", "Boko Haram"),
                   Example("Jamaat-ul-Ahrar, which broke away from the TTP, claimed the attack.", "Jamaat-ul-Ahrar",
                           "TTP"),
                   Example("Al-Mourabitoun emerged from AQIM.", "Al-Mourabitoun", "AQIM")),
         counters=("ISWAP fighters fled from Boko Haram.", "The militants broke away from the convoy.",
                   "ISWAP emerged from the forest.")),
    Rule("broke_away_to_form", "formed_from",
         ((trigger(FOUND_VERBS), head("split", LEMMA=lemma(*SPLIT_VERBS))),),
         "object", "prep:from@split|source:subject@split|topic", tense="event",
         examples=(Example("Dissidents broke away from the TTP to form Jamaat-ul-Ahrar in 2014.", "Jamaat-ul-Ahrar",
                           "TTP"),
                   Example("Boko Haram grew fast. In 2012 a group of its commanders broke away to form Ansaru.",
                           "Ansaru", "Boko Haram")),
         counters=("Dissidents broke away from the TTP to form a new council.",)),
    Rule("renamed", "formed_from",
         ((trigger(RENAME_VERBS), child("as", LOWER=lower("as", "into", "to"), DEP="prep")),
          (trigger({"change"}), child("name", LEMMA="name", DEP="dobj"), child("to", LOWER="to", DEP="prep")),
          (trigger(RENAME_VERBS), child("new", DEP=lower("oprd", "attr", "dobj"), POS="PROPN"))),
         "pobj@as|pobj@to|self@new", "gsubject", tense="event", note="renamed",
         examples=(Example("In 2015 Boko Haram rebranded itself as ISWAP.", "ISWAP", "Boko Haram"),
                   Example("Boko Haram was renamed ISWAP in 2015.", "ISWAP", "Boko Haram"),
                   Example("In 2015 Boko Haram changed its name to Islamic State West Africa Province.",
                           "Islamic State West Africa Province", "Boko Haram")),
         counters=("The Nusra Front rebranded its media office as a news agency.",)),
    Rule("renamed_aside", "formed_from",
         ((trigger(LATER_NAME_WORDS | EARLIER_NAME_WORDS, ("ADV",), DEP="advmod"), head("name", POS="PROPN")),),
         "newer_name", "older_name", note="renamed",
         examples=(Example("Jabhat al-Nusra (now Hay'at Tahrir al-Sham) set up courts in Idlib.",
                           "Hay'at Tahrir al-Sham", "Jabhat al-Nusra"),
                   Example("Hay'at Tahrir al-Sham, formerly the Nusra Front, controls Idlib.", "Hay'at Tahrir al-Sham",
                           "Nusra Front")),
         counters=("Jabhat al-Nusra (now based in Idlib) set up courts.",
                   "Boko Haram, now weaker than ISWAP, held the town.")),
    Rule("splinter_noun", "formed_from",
         ((trigger(SPLINTER_NOUNS, NOUN),),
          (trigger({"group", "faction", "movement", "organization", "organisation", "wing"}, NOUN),
           child("amod", LEMMA=lemma(*BREAKAWAY_AMODS)))),
         "holder", "owner|prep:from",
         examples=(Example("Jamaat-ul-Ahrar, a splinter group of the TTP, claimed the bombing.", "Jamaat-ul-Ahrar",
                           "TTP"),
                   Example("Ansaru is a breakaway faction of Boko Haram.", "Ansaru", "Boko Haram"),
                   Example("Hay'at Tahrir al-Sham is the successor of Jabhat al-Nusra.", "Hay'at Tahrir al-Sham",
                           "Jabhat al-Nusra")),
         counters=("A splinter group of the TTP attacked Hafiz Saeed Khan.",)),
    Rule("merger_noun", "formed_from", ((trigger(MERGER_NOUNS, NOUN),),), "holder|created", "owner|between",
         tense="event",
         examples=(Example("JNIM was formed through the merger of Ansar Dine and Al-Mourabitoun.", "JNIM",
                           "Ansar Dine"),
                   Example("JNIM, a merger of Ansar Dine and Al-Mourabitoun, is active in Mali.", "JNIM",
                           "Al-Mourabitoun")),
         counters=("The merger of two villages angered Ansar Dine.",)),
    Rule("merge_verb", "formed_from",
         ((trigger(MERGE_VERBS), child("into", LOWER=lower("into", "to"), DEP="prep")),
          (trigger(MERGE_VERBS), child("form", DEP=lower("xcomp", "advcl"), LEMMA=lemma(*FOUND_VERBS)))),
         "prep:into|object@form", "gsubject+prep:with", tense="event",
         examples=(Example("Ansar Dine and Al-Mourabitoun merged to form JNIM in 2017.", "JNIM", "Ansar Dine"),
                   Example("Ansar Dine merged with Al-Mourabitoun to create JNIM.", "JNIM", "Al-Mourabitoun")),
         counters=("Ansar Dine merged its units into larger brigades.",)),
    # ---------------------------------------------------------------- structure
    Rule("branch_noun", "part_of",
         ((trigger(BRANCH_NOUNS, NOUN),),
          (trigger({"organization", "organisation", "group", "network", "movement"}, NOUN),
           child("amod", LEMMA=lemma(*REGIONAL_AMODS))),
          (trigger(BRANCH_NOUNS, NOUN, DEP="dobj"), head("verb", LEMMA=lemma(*FOUND_VERBS, "set", "open")))),
         "holder", "owner|subject@verb",
         examples=(Example("Al-Shabaab, the Somali branch of al-Qaeda, claimed the attack.", "al-Shabaab",
                           "al-Qaeda"),
                   Example("ISWAP is an Islamic State affiliate.", "ISWAP", "Islamic State"),
                   Example("Al-Shabaab is part of al-Qaeda.", "al-Shabaab", "al-Qaeda"),
                   Example("The Khorasan Group is believed to be an al-Qaeda cell.", "Khorasan Group", "al-Qaeda",
                           "alleged"),
                   Example("The Islamic State set up a local branch, ISKP, in 2015.", "ISKP", "Islamic State"),
                   Example("The Islamic State praised its regional organization, ISKP.", "ISKP", "Islamic State")),
         counters=("ISKP attacked the Kabul branch of the bank.", "ISKP wants to become a province of the caliphate.")),
    Rule("named_unit", "part_of",
         ((trigger(UNIT_NAMES, TITLE), child("owner", DEP="poss")),
          (trigger(UNIT_NAMES, TITLE), child("of", LOWER="of", DEP="prep"))),
         "self", "owner", confidence=0.6,
         examples=(Example("Hamas' Qassam Brigades fired rockets.", "Qassam Brigades", "Hamas"),
                   Example("The Dario Martinez Front of the ELN attacked a pipeline.", "Dario Martinez Front", "ELN")),
         counters=("Hamas' fighters fired rockets.", "The front of the ELN convoy was hit.")),
    Rule("possessed_group", "part_of",
         (({"RIGHT_ID": "trigger", "RIGHT_ATTRS": {"POS": {"IN": ["PROPN", "NOUN"]},   # 'ISWAP' may be tagged a noun
                                                   "ENT_TYPE": {"IN": ["ARMED_GROUP", "ORG", "NORP", "PERSON"]}}},
           child("owner", DEP="poss", POS="PROPN")),),
         "self", "owner", confidence=0.6,
         examples=(Example("JNIM's Katibat Macina ambushed a convoy near Mopti.", "Katibat Macina", "JNIM"),
                   Example("The Islamic State's ISWAP claimed the raid on the base.", "ISWAP", "Islamic State")),
         counters=("ISKP's Taliban enemies attacked the base.", "Pakistan's TTP attacked a post in Bannu.",
                   "Hamas's Ismail Haniyeh spoke in Doha.", "The Taliban's enemy, ISKP, attacked the base.")),
    Rule("coalition_noun", "part_of", ((trigger(COALITION_NOUNS, NOUN),),), "owner", "holder|created",
         examples=(Example("JNIM, a coalition of Ansar Dine and Al-Mourabitoun, operates in Mali.", "Ansar Dine",
                           "JNIM"),),
         counters=("JNIM called for a coalition against the army.",)),
    Rule("incorporated_into", "part_of",
         ((trigger(INCORPORATE_VERBS), child("into", LOWER=lower("into", "within", "in", "under"), DEP="prep")),),
         "object|subject", "prep:into,within,in,under",
         examples=(Example("Ansar Dine was absorbed into JNIM.", "Ansar Dine", "JNIM"),
                   Example("Here we find groups incorporated within the structure of ISKP, such as Jaish al-Adl.",
                           "Jaish al-Adl", "ISKP")),
         counters=("The fighters were integrated into the army.",)),
    Rule("affiliated_with", "part_of",
         ((trigger({"affiliate", "subordinate"}, VERB + ADJ), child("with", LOWER=lower("with", "to"), DEP="prep")),
          (trigger({"affiliate"}, VERB + ADJ, DEP="amod"),),
          (trigger({"affiliation", "allegiance"}, NOUN), child("with", LOWER=lower("with", "to"), DEP="prep"))),
         "holder|gsubject|possessor", "prep:with,to|owner", confidence=0.6,
         examples=(Example("Ansar Dine is affiliated with al-Qaeda.", "Ansar Dine", "al-Qaeda"),
                   Example("The ISIS-affiliated ISWAP claimed the raid.", "ISWAP", "ISIS"),
                   Example("The ADF's affiliation with the Islamic State worries Uganda.", "ADF", "Islamic State")),
         counters=("Ansar Dine fighters affiliated with the army were arrested.",)),
    Rule("allegiance_with", "member_of",
         ((trigger({"affiliation", "allegiance"}, NOUN), child("with", LOWER="with", DEP="prep")),),
         "possessor", "prep:with", subject_kinds="P", confidence=0.6,
         examples=(Example("Qari Hussain Mehsud had a long allegiance with the TTP.", "Qari Hussain Mehsud", "TTP"),
                   Example("Police said Abu Talha had an affiliation with ISKP.", "Abu Talha", "ISKP",
                           "reported")),
         counters=("Qari Hussain Mehsud hoped for an affiliation with the TTP.",
                   "Abu Talha, the leader of the Haqqani Network, affiliated with al-Qaeda, spoke.")),
    # ---------------------------------------------------------------- allegiance
    Rule("pledge_verb", "pledged_allegiance_to",
         ((trigger(PLEDGE_VERBS), child("what", LEMMA=lemma(*ALLEGIANCE_NOUNS)), child("to", LOWER="to", DEP="prep")),
          (trigger(PLEDGE_VERBS), child("what", LEMMA=lemma(*ALLEGIANCE_NOUNS)),
           {"LEFT_ID": "what", "REL_OP": ">>", "RIGHT_ID": "to", "RIGHT_ATTRS": {"LOWER": "to", "DEP": "prep"}})),
         "subject", "pobj@to", subject_kinds="GP", object_kinds="GP", tense="event",
         examples=(Example("ISKP pledged allegiance to Abu Bakr al-Baghdadi in January 2015.", "ISKP",
                           "Abu Bakr al-Baghdadi"),
                   Example("Boko Haram swore loyalty to the Islamic State in March 2015.", "Boko Haram",
                           "Islamic State"),
                   Example("ISKP is a young group. It first appeared in Nangarhar in late 2014, pledging allegiance "
                           "to the Islamic State.", "ISKP", "Islamic State"),
                   Example("Al-Shabaab has never pledged allegiance to the Islamic State.", "al-Shabaab",
                           "Islamic State", "denied"),
                   Example("Boko Haram reportedly pledged allegiance to the Islamic State.", "Boko Haram",
                           "Islamic State", "alleged")),
         counters=("Some commanders of the TTP pledged allegiance to the Islamic State.",
                   "The Islamic State urged the TTP to pledge allegiance to Abu Bakr al-Baghdadi.",
                   "If al-Shabaab pledged allegiance to the Islamic State, the Taliban would respond.")),
    Rule("allegiance_noun", "pledged_allegiance_to",
         ((trigger(ALLEGIANCE_NOUNS, NOUN), child("to", LOWER="to", DEP="prep")),),
         "owner|possessor", "prep:to", subject_kinds="GP", object_kinds="GP", tense="event",
         examples=(Example("Boko Haram's pledge of allegiance to the Islamic State came in 2015.", "Boko Haram",
                           "Islamic State"),
                   Example("The allegiance of ISWAP to the Islamic State is well known.", "ISWAP", "Islamic State")),
         counters=("The Taliban rejected the plea for the allegiance of ISKP to Hibatullah Akhundzada.",)),
    Rule("loyal_to", "pledged_allegiance_to",
         ((trigger(LOYAL_ADJS, ADJ), child("to", LOWER="to", DEP="prep")),),
         "holder", "prep:to", subject_kinds="G", object_kinds="GP",
         examples=(Example("ISWAP remains loyal to the Islamic State.", "ISWAP", "Islamic State"),),
         counters=("The villagers are loyal to the Islamic State.",)),
    Rule("accepted_pledge", "pledged_allegiance_to",
         ((trigger(ACCEPT_VERBS), child("what", LEMMA=lemma(*ALLEGIANCE_NOUNS))),),
         "owner@what", "subject", subject_kinds="GP", object_kinds="GP", tense="event",
         examples=(Example("The Islamic State accepted the pledge of Boko Haram in March 2015.", "Boko Haram",
                           "Islamic State"),),
         counters=("The Islamic State refused to accept the pledge of Boko Haram.",)),
    # ---------------------------------------------------------------- alliances
    Rule("ally_verb", "allied_with",
         ((trigger(ALLY_VERBS, VERB + ADJ), child("with", LOWER=lower("with", "alongside", "to"), DEP="prep")),),
         "gsubject", "prep:with,alongside,to", tense="event",
         examples=(Example("The Haqqani Network is allied with al-Qaeda.", "Haqqani Network", "al-Qaeda"),
                   Example("Ansar Dine cooperated with AQIM in northern Mali.", "Ansar Dine", "AQIM"),
                   Example("The Haqqani Network, allied to the Taliban, has operated from Pakistan for decades.",
                           "Haqqani Network", "Taliban")),
         counters=("Ansar Dine cooperated with the United Nations on the talks.",
                   "AQIM initially tried to cooperate with ISKP.")),
    Rule("fought_alongside", "allied_with",
         ((trigger(ALONGSIDE_VERBS), child("alongside", LOWER=lower("alongside", "beside"), DEP="prep")),),
         "subject", "prep:alongside,beside", stand_ins="bare",
         examples=(Example("Haqqani Network fighters fought alongside the Taliban.", "Haqqani Network", "Taliban"),),
         counters=("The army fought alongside the militia.",)),
    Rule("support_verb", "allied_with", ((trigger(SUPPORT_VERBS),),), "subject", "object", confidence=0.6,
         examples=(Example("The Taliban sheltered al-Qaeda in the 1990s.", "Taliban", "al-Qaeda"),
                   Example("Hezbollah is supported by the IRGC Quds Force.", "IRGC Quds Force", "Hezbollah")),
         counters=("The Taliban protect civilians in Kabul.", "The Taliban refused to support ISKP.")),
    Rule("tie_noun", "allied_with", ((trigger(TIE_NOUNS, NOUN),),), "copossessors|possessor|between",
         "copossessors|prep:with,to|between",
         needs_positive=frozenset({"relation", "relationship", "contact", "agreement", "understanding", "accord",
                                   "association", "proximity", "convergence"}),
         examples=(Example("Hezbollah has close ties to Hamas.", "Hezbollah", "Hamas"),
                   Example("The Haqqani Network maintains links with al-Qaeda.", "Haqqani Network", "al-Qaeda"),
                   Example("The alliance between JNIM and Ansaru worried officials.", "JNIM", "Ansaru"),
                   Example("Lashkar-e-Islam still retains close relations with ISKP.", "Lashkar-e-Islam", "ISKP")),
         counters=("AQIM initially tried to maintain good relations with ISKP.",
                   "Relations between ISKP and the TTP are very poor.",
                   "The TTP cut its ties with ISKP.")),
    Rule("ally_noun", "allied_with", ((trigger(ALLY_NOUNS, NOUN),),), "coholders|holder", "coholders|owner",
         subject_kinds="GP", object_kinds="GP", stand_ins="bare",
         examples=(Example("Boko Haram is an ally of ISWAP.", "Boko Haram", "ISWAP"),
                   Example("The Haqqani Network and al-Qaeda are close allies.", "Haqqani Network", "al-Qaeda"),
                   Example("As early as 2012 Khorasan Group militants became active allies of the Nusra Front.",
                           "Khorasan Group", "Nusra Front")),
         counters=("The TTP is not an ally of ISKP.",)),
    Rule("allied_adjective", "allied_with",
         ((trigger(ALLIED_ADJS, VERB + ADJ, DEP="amod"),),
          (trigger(ALLIED_ADJS, VERB + ADJ, DEP="acl"), child("to", LOWER=lower("to", "with"), DEP="prep"))),
         "holder", "owner|pobj@to", confidence=0.6,
         examples=(Example("The al-Qaeda-linked JNIM claimed the attack.", "JNIM", "al-Qaeda"),
                   Example("The ADF, a group allied to the Islamic State, raided the town.", "ADF", "Islamic State")),
         counters=("The Taliban-linked banks were closed.",)),
    # ---------------------------------------------------------------- hostility
    Rule("hostile_verb", "hostile_to", ((trigger(HOSTILE_VERBS),),), "subject", "object|prep:against",
         stand_ins="any",
         examples=(Example("The Taliban fought ISKP in Nangarhar.", "Taliban", "ISKP"),
                   Example("ISKP attacked Taliban checkpoints in Kunar.", "ISKP", "Taliban"),
                   Example("ISKP grew fast. It initially challenged the Taliban for control of the border.", "ISKP",
                           "Taliban"),
                   Example("Al-Shabaab fighters killed three Islamic State commanders in Puntland.", "al-Shabaab",
                           "Islamic State")),
         counters=("ISKP fought alongside the Taliban.", "The Taliban attacked the city.",
                   "ISKP tried to attack the Taliban.", "The Taliban did not fight al-Qaeda.")),
    Rule("clash_with", "hostile_to",
         ((trigger({"clash", "skirmish", "feud", "war", "battle", "compete", "quarrel"}),
           child("with", LOWER=lower("with", "against"), DEP="prep")),),
         "subject", "prep:with,against", stand_ins="any",
         examples=(Example("The Taliban clashed with ISKP in Nangarhar.", "Taliban", "ISKP"),
                   Example("JNIM fighters battled with ISGS near Menaka.", "JNIM", "ISGS")),
         counters=("The Taliban clashed with protesters in Kabul.",)),
    Rule("reciprocal_verb", "hostile_to", ((trigger(RECIPROCAL_VERBS),),), "subject", "partner", stand_ins="any",
         examples=(Example("JNIM and ISGS clashed repeatedly in 2020.", "JNIM", "ISGS"),
                   Example("The Taliban and ISKP fought each other in Nangarhar.", "Taliban", "ISKP")),
         counters=("JNIM and ISGS fought the army together.",)),
    Rule("rival_noun", "hostile_to", ((trigger(RIVAL_NOUNS, NOUN),),), "coholders|holder", "coholders|owner",
         subject_kinds="GP", object_kinds="GP",
         examples=(Example("Al-Shabaab and the Islamic State are bitter rivals.", "al-Shabaab", "Islamic State"),
                   Example("ISKP regards the Taliban as its main enemy.", "ISKP", "Taliban"),
                   Example("The Taliban, a rival of ISKP, took Kabul.", "Taliban", "ISKP")),
         counters=("The Taliban named a rival of Sirajuddin Haqqani as governor.",
                   "ISKP and the Taliban are not rivals, officials said.")),
    Rule("rival_group", "hostile_to",
         ((trigger({"group", "faction", "movement", "organization", "organisation", "militia", "outfit"}, NOUN),
           child("rival", DEP="amod", LOWER=lower("rival", "enemy", "opposing", "competing"))),),
         "self", "main_subject|topic", confidence=0.6,
         examples=(Example("ISWAP said that Abubakar Shekau, the leader of the rival militant group Boko Haram, was "
                           "dead.", "Boko Haram", "ISWAP", "reported"),),
         counters=("ISWAP said that a rival group had attacked the town.",)),
    Rule("conflict_noun", "hostile_to",
         ((trigger(CONFLICT_NOUNS, NOUN), child("against", LOWER=lower("against", "on", "with"), DEP="prep")),
          (trigger(CONFLICT_NOUNS, NOUN), head("at", LOWER=lower("at", "in"), DEP="prep"))),
         "copossessors|possessor", "prep:against,on,with|copossessors", stand_ins="any",
         examples=(Example("The Taliban launched an offensive against ISKP in Kunar.", "Taliban", "ISKP"),
                   Example("ISKP and the Taliban are at loggerheads with each other.", "ISKP", "Taliban"),
                   Example("ISKP's campaign against the Taliban intensified.", "ISKP", "Taliban"),
                   Example("The Taliban are at war with ISKP.", "Taliban", "ISKP")),
         counters=("The Taliban condemned the attack on ISKP.", "Operations against ISKP continued.")),
    Rule("conflict_between", "hostile_to", ((trigger(BETWEEN_CONFLICT_NOUNS, NOUN),),), "between", "between",
         stand_ins="any",
         examples=(Example("At least 207 clashes between the Taliban and ISKP occurred in 2017.", "Taliban", "ISKP"),
                   Example("The rivalry between JNIM and ISGS grew.", "JNIM", "ISGS")),
         counters=("The talks between the Taliban and the United States resumed.",)),
    # ---------------------------------------------------------------- territory
    Rule("operates_in", "operates_in",
         ((trigger(OPERATE_VERBS), child("in", LOWER=lower(*PLACE_PREPS.split(",")), DEP="prep")),
          (trigger(OPERATE_ADJS, ADJ + VERB), child("in", LOWER=lower(*PLACE_PREPS.split(",")), DEP="prep")),
          (trigger(OPERATE_ADJS, ADJ, DEP="acomp"), head("cop"),
           child("in", "cop", LOWER=lower(*PLACE_PREPS.split(",")), DEP="prep"))),
         "gsubject|holder", f"prep:{PLACE_PREPS}|prep:{PLACE_PREPS}@cop", object_kinds="L", stand_ins="counted",
         examples=(Example("Al-Shabaab operates in southern Somalia.", "al-Shabaab", "Somalia"),
                   Example("The Haqqani Network is based in North Waziristan.", "Haqqani Network", "North Waziristan"),
                   Example("ISWAP has been active in Borno since 2016.", "ISWAP", "Borno"),
                   Example("Boko Haram militants operating in Cameroon attacked a village.", "Boko Haram",
                           "Cameroon")),
         counters=("Al-Shabaab is not active in Kenya.", "The Taliban were active in talks in Doha.")),
    Rule("spread_to", "operates_in",
         ((trigger(SPREAD_VERBS), child("in", LOWER=lower("in", "into", "to", "across", "throughout"), DEP="prep")),),
         "subject", "prep:in,into,to,across,throughout", object_kinds="L", tense="event", stand_ins="counted",
         examples=(Example("ISKP first appeared in Nangarhar in late 2014.", "ISKP", "Nangarhar"),
                   Example("JNIM expanded into northern Benin.", "JNIM", "Benin")),
         counters=("ISKP appeared in a video filmed in Nangarhar.",)),
    Rule("holds_sway", "operates_in",
         ((trigger(SWAY_NOUNS, NOUN), child("over", LOWER=lower("over", "on", "of", "in"), DEP="prep")),
          (trigger(SWAY_NOUNS, NOUN, DEP="dobj"), head("verb"), child("over", "verb", LOWER=lower("over", "on"), DEP="prep"))),
         "possessor", "pobj@over", object_kinds="L", stand_ins="counted",
         examples=(Example("The Taliban hold sway over half of Helmand.", "Taliban", "Helmand"),
                   Example("Al-Shabaab tightened its grip on southern Somalia.", "al-Shabaab", "Somalia")),
         counters=("The Taliban lost control of Helmand.", "The army has control over Helmand.")),
    Rule("based_adjective", "operates_in",
         ((trigger({"base", "headquarter", "root", "station"}, VERB + ADJ, DEP="amod"),),),
         "holder", "owner", object_kinds="L",
         examples=(Example("The Pakistan-based Lashkar-e-Taiba denied the charge.", "Lashkar-e-Taiba", "Pakistan"),),
         counters=("A Kabul-based analyst said ISKP was weakened.",)),
    Rule("controlled_adjective", "operates_in",
         ((trigger({"control", "hold", "occupy", "dominate", "run", "administer"}, VERB + ADJ, DEP="amod"),),),
         "owner", "holder", object_kinds="L",
         examples=(Example("The Taliban-controlled Helmand province saw heavy fighting.", "Taliban", "Helmand"),),
         counters=("The government-controlled Lashkar Gah saw heavy fighting.",)),
    Rule("controls_place", "operates_in", ((trigger(CONTROL_VERBS),),), "subject", "object",
         object_kinds="L", stand_ins="counted",
         examples=(Example("Al-Shabaab controls much of southern Somalia.", "al-Shabaab", "Somalia"),
                   Example("The Taliban controlled Kandahar and Helmand in 1996.", "Taliban", "Helmand")),
         counters=("ISIS failed to hold Baghdad.", "ISIS seized Ramadi in 2015.")),
    Rule("presence_noun", "operates_in",
         ((trigger(PRESENCE_NOUNS, NOUN), child("in", LOWER=lower(*PLACE_PREPS.split(",")), DEP="prep")),
          (trigger(ACT_NOUNS, NOUN, TAG="NNS"), child("in", LOWER=lower("in", "across", "throughout"), DEP="prep"))),
         "possessor", "prep:" + PLACE_PREPS, object_kinds="L",
         examples=(Example("Hezbollah has a strong presence in southern Lebanon.", "Hezbollah", "Lebanon"),
                   Example("ISKP's presence in Kunar worries the Taliban.", "ISKP", "Kunar"),
                   Example("ISKP launched a campaign of attacks in Jalalabad.", "ISKP", "Jalalabad")),
         counters=("The Taliban condemned the attacks in Jalalabad.",
                   "ISKP's attack in Jalalabad killed ten people.",
                   "The Taliban denied that al-Qaeda has a presence in Afghanistan.")),
    Rule("attacks_in", "operates_in",
         ((trigger(ACT_VERBS), child("what", LEMMA=lemma(*ACT_NOUNS), DEP="dobj", TAG="NNS"),
           child("in", LOWER=lower("in", "across", "throughout", "inside"), DEP="prep")),),
         "subject", "pobj@in", object_kinds="L", stand_ins="counted",
         examples=(Example("ISKP carried out attacks in Jalalabad.", "ISKP", "Jalalabad"),
                   Example("Al-Shabaab has stepped up operations across Kenya.", "al-Shabaab", "Kenya")),
         counters=("ISKP planned to carry out attacks in Jalalabad.",
                   "ISKP carried out an attack in Jalalabad.")),
    Rule("stronghold_of", "operates_in", ((trigger(STRONGHOLD_NOUNS, NOUN),),), "owner", "holder",
         subject_kinds="G", object_kinds="L",
         examples=(Example("Idlib, an HTS stronghold, was shelled.", "HTS", "Idlib"),
                   Example("Sambisa Forest is a stronghold of Boko Haram.", "Boko Haram", "Sambisa Forest")),
         counters=("The army captured a stronghold near Jilib.",)),
)


def rule_named(name: str) -> Rule:
    return next(r for r in RULES if r.name == name)
