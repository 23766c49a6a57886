"""Relation patterns as data: a regular expression over slotted sentences (see slots.py) per rule.

Named groups pick the subject and object slots: `s`/`o` (one slot each) or `slist`/`olist`
(lists). A rule without one names where it comes from instead: FOCUS (the document's main
group), FIRST_G (the first group of the sentence, its topic), LEFT (the nearest group or
person before the trigger) or RECENT (the last group named in the sentences before). Macros in braces expand below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MACROS = {
    "G": r"⟦G\d+⟧",
    "P": r"⟦P\d+⟧",
    "L": r"⟦L\d+⟧",
    "A": r"⟦[GP]\d+⟧",
    "GLIST": r"⟦G\d+⟧(?:\s+of\s+⟦L\d+⟧)?(?:\s*\([^)⟦]{0,20}\))?(?:\s*(?:,|;|and|or|as well as|&)\s*(?:the\s+)?⟦G\d+⟧"
             r"(?:\s+of\s+⟦L\d+⟧)?(?:\s*\([^)⟦]{0,20}\))?)*",
    "ALIST": r"⟦[GP]\d+⟧(?:\s*(?:,|;|and|or)\s*(?:the\s+)?⟦[GP]\d+⟧)*",
    "LLIST": r"⟦L\d+⟧(?:(?:\s*(?:,|and|or)\s*(?:the\s+)?|\s*['’]s\s+)⟦L\d+⟧)*",
    "GAP": r"(?:[^⟦]|⟦L\d+⟧){0,80}?",
    "SHORTGAP": r"(?:[^⟦]|⟦L\d+⟧){0,40}?",
    "ANYGAP": r".{0,160}?",
    "W3": r"(?:[\w\-’'“”\"]+\s+){0,3}?",
    "W5": r"(?:[\w\-’'“”\"]+\s+|⟦L\d+⟧[\w\-]*\s+){0,6}?",
    "LEADER": r"(?:leader|commander|emir|amir|chief|head|governor|wali|caliph)",
    "LADJ": r"(?:(?:current|new|former|then|late|first|top|supreme|overall|self-styled|temporary|acting|interim|"
            r"founding|longtime|long-time|de facto|deceased|slain|“|\")\s*)",
    "PAREN": r"(?:\s*\([^)]{0,40}\))?",
    "BRANCH": r"(?:subsidiary|branch|province|affiliate|franchise|wing|chapter|offshoot|arm|division|wilayat?|"
              r"wilaya|regional organization|regional organisation|local branch)",
    "SPLIT": r"(?:elements|members|fighters|defectors|militants|commanders|operatives|veterans|cadres|remnants|"
             r"breakaway\s+\w+|former\s+\w+|disaffected\s+\w+)",
}

FOCUS, FIRST_G, LEFT, RECENT = "FOCUS", "FIRST_G", "LEFT", "RECENT"


@dataclass(frozen=True)
class Rule:
    name: str
    type: str
    pattern: str
    subject: str = "s"        # group name in the pattern, or FOCUS / FIRST_G / LEFT
    object: str = "o"
    subject_kinds: str = "GP"
    object_kinds: str = "G"
    date_role: str = "start"  # what a date in the sentence means for the relation: start, end or none
    note: str = ""
    confidence: float = 0.7

    def regex(self) -> re.Pattern:
        return _compile(self.pattern)


def _compile(pattern: str) -> re.Pattern:
    expanded = re.sub(r"\{([A-Z0-9]+)\}", lambda m: MACROS[m.group(1)], pattern)
    return re.compile(expanded, re.I)


RULES: tuple[Rule, ...] = (
    # -- leadership ---------------------------------------------------------------
    Rule("possessive_leader", "leader_of", r"(?P<o>{G})['’]s\s+{LADJ}*{LEADER}s?,?\s+(?P<s>{P})", subject_kinds="P",
         date_role="none"),
    Rule("compound_leader", "leader_of", r"(?P<o>{G})\s+{LADJ}*(?:leader|emir|amir|chief|head|governor)\s+(?P<s>{P})",
         subject_kinds="P", date_role="none"),
    Rule("appositive_leader", "leader_of",
         r"(?P<s>{P}){PAREN}(?:\s+(?:aka|alias|a\.k\.a\.)\s+{P})?,?\s+(?:(?:the|its|their)\s+)?{LADJ}*{LEADER}\s+of\s+"
         r"(?:the\s+)?(?P<o>{G})", subject_kinds="P", date_role="none"),
    Rule("led_by", "leader_of", r"(?P<o>{G}){SHORTGAP}\b(?:is|was|are|were|been|being|and)?\s*(?:\w+\s+)?led\s+by\s+"
         r"(?:\w+\s+)?(?P<s>{P})", subject_kinds="P", date_role="none"),
    Rule("appointed_leader", "leader_of",
         r"(?P<s>{P}){ANYGAP}\b(?:was|were|had been|has been|is)\s+(?:\w+\s+)?(?:appointed|named|chosen|elected|selected|"
         r"installed|made)\s+(?:as\s+)?(?:the\s+|its\s+|their\s+)?(?:new\s+)?[“\"]?(?:temporary\s+|acting\s+|interim\s+)?"
         r"{LEADER}", subject_kinds="P", object=FOCUS, note="appointed"),
    Rule("chose_leader", "leader_of",
         r"(?:of|inside|within|in)\s+(?:the\s+)?(?P<o>{G}){ANYGAP}\bchose\s+(?:as\s+(?:their|its)\s+new\s+{LEADER}\s+(?P<s>{P})|"
         r"(?P<s2>{P}){ANYGAP}\bas\s+(?:their|its)\s+new\s+{LEADER})",
         subject_kinds="P", note="chosen as new leader"),
    Rule("took_over", "leader_of",
         r"(?P<s>{P}),?\s+(?:\w+\s+)?(?:took\s+over|succeeded\s+(?:{P}|him)|became\s+(?:the\s+)?(?:new\s+)?{LEADER}|"
         r"was\s+(?:named|declared|proclaimed)\s+(?:the\s+)?(?:new\s+)?{LEADER})\b(?!\s+of)", subject_kinds="P", object=RECENT,
         note="took over the leadership"),
    Rule("named_as_leader", "leader_of",
         r"\b(?:named|appointed|chose|selected|installed)\s+(?P<s>{P}),?[^⟦]{0,60}?\s+as\s+(?:the\s+|its\s+|their\s+)?"
         r"(?:new\s+)?{LEADER}(?:\s+of\s+(?:the\s+)?(?P<o>{G}))?", subject_kinds="P", object=FOCUS,
         note="named leader"),
    Rule("claimed_leadership", "leader_of",
         r"(?P<s>{P})(?:\s+(?:\w+\s+)?(?:questioning|challenging|disputing|rejecting)\b[^.]{0,120}?|[^⟦]{0,60}?)"
         r"\bclaim(?:ing|ed|s)?\s+the\s+(?:governorship|leadership|emirate|command)", subject_kinds="P",
         object=FOCUS, note="claimed the leadership (contested)", confidence=0.5),
    # -- membership -------------------------------------------------------------------
    Rule("appositive_member", "member_of",
         r"(?P<s>{P}),\s+(?:a|an|the)\s+(?P<former>[^⟦,]{0,40}?)(?P<o>{G}){PAREN}\s+(?:\w+\s+)?"
         r"(?:commander|member|militant|fighter|operative|official|spokes(?:man|person)|ideologue|cleric|leader|figure)",
         subject_kinds="P", date_role="none"),
    Rule("compound_member", "member_of",
         r"(?P<o>{G})\s+(?:senior|field|military|local|regional|top|chief)\s+(?:commander|operative|official|"
         r"spokes(?:man|person)|leader)\s+(?P<s>{P})", subject_kinds="P", date_role="none"),
    Rule("from_group", "member_of", r"(?P<s>{P}),\s+an?\s+\w+\s+from\s+(?:the\s+)?(?P<o>{G})", subject_kinds="P",
         date_role="none"),
    Rule("former_group", "member_of", r"(?P<s>{P}),\s+(?:a\s+)?(?P<former>former)\s+(?P<o>{G})\b", subject_kinds="P",
         date_role="none"),
    Rule("joined_group", "member_of", r"(?P<s>{P})\s+(?:who\s+)?(?:\w+\s+)?joined\s+(?:the\s+)?(?P<o>{G})",
         subject_kinds="P"),
    # -- founding and lineage -------------------------------------------------------
    Rule("created_by_person", "founder_of",
         r"(?P<o>{G}){SHORTGAP}\b(?:was|were|had been|is|,)\s*(?:\w+\s+)?(?:created|founded|established|formed|set up)\s+"
         r"{GAP}\bby\s+{GAP}(?P<s>{P})", subject_kinds="P", object_kinds="G"),
    Rule("person_created", "founder_of", r"(?P<o>{G})\s+(?P<s>{P})\s+(?:created|founded|established|formed|set up)",
         subject_kinds="P"),
    Rule("possessive_founder", "founder_of", r"(?P<o>{G})(?:['’]s)?\s+(?:co-?)?founders?,?\s+(?P<s>{P})",
         subject_kinds="P", date_role="none"),
    Rule("broke_away_to_form", "formed_from",
         r"(?:broke\s+away|split\s+(?:off|away))\s+(?:from\s+(?:the\s+)?(?P<o>{G})\s+)?to\s+(?:form|found|create|launch)\s+"
         r"(?:the\s+)?(?P<s>{G})", subject_kinds="G", object=RECENT),
    Rule("person_established_branch", "founder_of",
         r"(?P<s>{P})\s+(?:founded|created|established|formed|set up)\s+(?:an?\s+)?{G}\s+(?:branch|wing|affiliate|franchise)"
         r"(?:\s+in\s+{L})?,\s+(?P<o>{G})", subject_kinds="P"),
    Rule("branch_named", "part_of",
         r"(?:founded|created|established|formed|set up)\s+(?:an?\s+)?(?P<o>{G})\s+(?:branch|wing|affiliate|franchise)"
         r"(?:\s+in\s+{L})?,\s+(?P<s>{G})", subject_kinds="G"),
    Rule("founded_by_elements", "formed_from",
         r"(?P<s>{G}){PAREN}\s+(?:was|were|is|had been|has been)\s+(?:\w+\s+)?(?:founded|formed|created|established|set up)\s+by\s+"
         r"{W3}{SPLIT}\s+(?:of|from)\s+(?:the\s+)?{W3}(?:the\s+)?(?P<o>{G})", subject_kinds="G"),
    Rule("splinter_of", "formed_from",
         r"(?P<s>{G}){SHORTGAP}\b(?:is|was|as|,)\s*(?:an?\s+|the\s+)?(?:\w+\s+)?(?:splinter|breakaway|spin-off)\s+"
         r"(?:group\s+|faction\s+)?(?:of|from)\s+(?:the\s+)?(?P<o>{G})", subject_kinds="G"),
    Rule("splinter_called", "formed_from",
         r"(?:splinter|breakaway)\s+(?:group|faction)\s+of\s+(?:the\s+)?(?P<o>{G})\s+(?:called|named|known\s+as)\s+"
         r"(?P<s>{G})", subject_kinds="G"),
    # -- structure -------------------------------------------------------------------
    Rule("branch_of", "part_of",
         r"(?P<s>{G}){PAREN},?\s+(?:is|was|are|as|being|became|known\s+as|remains)?\s*(?:an?|the|its)?\s*{W3}{BRANCH}\s+of\s+"
         r"(?:the\s+)?{W5}(?P<o>{G})", subject_kinds="G"),
    Rule("group_branch", "part_of",
         r"(?P<s>{G})\s+(?:is|was|remains)\s+(?:an?|the)\s+(?P<o>{G})\s+(?:branch|affiliate|franchise|wing|cell|province)",
         subject_kinds="G"),
    Rule("its_regional_organization", "part_of",
         r"(?P<o>{G})\s+(?:regional\s+|local\s+|Afghan\s+|South\s+Asian\s+)?(?:organization|organisation|branch|affiliate|"
         r"province|wing|chapter),?\s+(?P<s>{G})", subject_kinds="G"),
    Rule("bare_affiliate", "part_of", r"(?P<o>{G})\s+(?:affiliate|franchise|province)\b(?!s)", subject=FOCUS,
         subject_kinds="G", date_role="none", confidence=0.5),
    Rule("inside_such_as", "part_of",
         r"(?:incorporated\s+(?:within|into)|inside|within|part\s+of)\s+(?:the\s+structure\s+of\s+)?(?:the\s+)?(?P<o>{G}),?\s+"
         r"such\s+as\s+(?P<slist>{GLIST})", subject_kinds="G", date_role="none"),
    Rule("branches_such_as", "part_of",
         r"(?:branch(?:es)?|factions?|affiliates?|wings?)\s+of\s+(?:the\s+)?(?P<o>{G}),?\s+such\s+as\s+(?P<slist>{GLIST})",
         subject_kinds="G", date_role="none"),
    # -- allegiance ------------------------------------------------------------------
    Rule("pledged_to", "pledged_allegiance_to",
         r"(?:pledg\w*|swor\w*|swear\w*|declar\w*|renew\w*|gave|giving|offer\w*)\s+(?:(?:his|her|its|their)\s+)?"
         r"(?:allegiance|loyalty|bay['’]?ah|baya)\s+to\s*(?:the\s+)?(?:then\s+)?(?:newly\s+(?:created|declared)\s+)?"
         r"(?P<olist>{ALIST})", subject=LEFT, object_kinds="GP"),
    Rule("declared_bayah", "pledged_allegiance_to",
         r"(?P<slist>{GLIST}),?\s+(?:both|all)\s+of\s+them\s+having\s+(?:declared|pledged|sworn|given)\s+(?:bay['’]?ah|allegiance)",
         object=FIRST_G, subject_kinds="G"),
    Rule("allegiance_of", "pledged_allegiance_to",
         r"allegiance\s+of\s+(?:the\s+)?(?P<s>{G})\s+to\s+(?:the\s+)?(?:{G}\s+)?(?P<o>{A})", object_kinds="GP"),
    # -- alliances and rivalries -------------------------------------------------------
    Rule("allies_of", "allied_with", r"(?P<s>{G}){ANYGAP}\b(?:allies|ally|partners?)\s+(?:of|to)\s+{GAP}(?P<o>{G})",
         subject_kinds="G"),
    Rule("allied_with", "allied_with", r"(?P<s>{G}){SHORTGAP}\b(?:allied|aligned|allies)\s+with\s+{GAP}(?P<olist>{GLIST})",
         subject_kinds="G"),
    Rule("ties_with", "allied_with",
         r"(?P<s>{G}){SHORTGAP}\b(?:maintains?|has|have|established|retains?|keeps?|enjoys?|built|forged)\s+(?:\w+\s+){0,2}?"
         r"(?:relations|ties|links|contacts|bonds|alliance)\s+with\s+{GAP}(?:above\s+all\s+|notably\s+|including\s+)?"
         r"(?P<olist>{GLIST})", subject_kinds="G"),
    Rule("support_of", "allied_with",
         r"(?P<s>{G})\s+(?:can\s+)?(?:count|counts|rely|relies)\s+on\s+the\s+support\s+of\s+[^⟦:]{0,40}:?\s*(?P<olist>{GLIST})",
         subject_kinds="G"),
    Rule("agreement_with", "allied_with",
         r"(?P<s>{G}){SHORTGAP}\b(?:reached|signed|struck|concluded|made)\s+(?:an?\s+)?(?:\w+\s+)?(?:agreement|pact|truce|"
         r"alliance|deal)\s+with\s+(?:{A}['’]s\s+)?(?P<o>{G})", subject_kinds="G", note="agreement"),
    Rule("convergence_between", "allied_with",
         r"(?:convergence|cooperation|alliance|rapport|partnership|collaboration)\s+between\s+(?:the\s+)?(?P<s>{G})\s+and\s+"
         r"(?:the\s+)?(?P<o>{G})", subject_kinds="G", note="convergence or cooperation between the two", confidence=0.5),
    Rule("protect_core", "allied_with", r"(?P<s>{G}){SHORTGAP}\bto\s+protect\s+(?:the\s+core\s+of\s+)?(?P<o>{G})",
         subject_kinds="G", note="protects", confidence=0.5),
    Rule("fought", "hostile_to",
         r"(?P<s>{A}){SHORTGAP}\b(?:has\s+|have\s+|had\s+)?(?:also\s+|initially\s+|repeatedly\s+|soon\s+)?(?:fought|fights|fighting|"
         r"(?:continues|continued|began|started|vowed)\s+to\s+fight|"
         r"clashed|clashes|battled|attacked|challenged|confronted|targeted|(?<!as\s)opposed|criticized|criticised|condemned|"
         r"declared\s+war\s+on)\s+(?:with\s+|against\s+)?(?:both\s+)?{GAP}(?P<olist>{GLIST})"),
    Rule("campaign_against", "hostile_to",
         r"(?P<s>{G}){GAP}\b(?:campaign|war|wars|offensive|operations?|attacks?|fight|struggle|insurgency|crackdown|"
         r"violence|jihad)\s+(?:waged\s+by\s+[^⟦]{0,40}?)?against\s+(?:the\s+)?{SHORTGAP}(?P<olist>{GLIST})",
         subject_kinds="G"),
    Rule("between_hostile", "hostile_to",
         r"(?:clashes|fighting|rivalry|war|hostilities|confrontation|conflict|feud|rift|competition|infighting)\s+between\s+"
         r"(?:the\s+)?(?P<s>{A})\s+and\s+(?:the\s+)?(?P<o>{A})"),
    Rule("rival", "hostile_to",
         r"(?P<s>{G}){SHORTGAP}\b(?:strategic\s+|main\s+|arch-?\s*)?(?:rival|enemy|adversary|nemesis|foe)s?[\s\-–,:]+"
         r"(?:the\s+)?(?P<o>{G})", subject_kinds="G"),
    Rule("rejected_and_criticized", "hostile_to",
         r"(?P<s>{A}){SHORTGAP}\brejected\s+the\s+\w+\s+and\s+(?:criticized|criticised|condemned)\s+(?:the\s+)?(?P<o>{G})"),
    # -- territory -----------------------------------------------------------------------
    Rule("operates_in", "operates_in",
         r"(?P<s>{G}){SHORTGAP}\b(?:first\s+)?(?:appeared|emerged|operat\w+|active|present|based|established|expanded|"
         r"infiltrated|reconvened|stationed|entrenched|confined|spread|spreading|shifted)\s+"
         r"(?:[^⟦]{0,50}?)(?:in|into|within|across|throughout|to)\s+(?:the\s+)?(?:[^⟦]{0,40}?)(?P<olist>{LLIST})",
         subject_kinds="G", object_kinds="L"),
    Rule("presence_in", "operates_in", r"(?P<s>{G})['’]s\s+(?:presence|operations|activities|activity|stronghold)s?\s+in\s+"
         r"(?:the\s+)?(?P<olist>{LLIST})", subject_kinds="G", object_kinds="L"),
    Rule("confined_within", "operates_in",
         r"\b(?:confined|concentrated|based|active)\s+(?:within|in)\s+(?:the\s+)?[^⟦]{0,60}?(?P<olist>{LLIST})",
         subject=FOCUS, subject_kinds="G", object_kinds="L", confidence=0.5),
)

# Generic plural subjects that a following sentence lists: "groups have established close relations
# with ISKP. Some of the most active groups include A; B; C."
PENDING_SUBJECT = re.compile(
    r"\b(?:groups|organi[sz]ations|factions|movements|outfits)\s+(?:\w+\s+){0,2}?(?:have|has|had)?\s*(?:established|maintain\w*|"
    r"forged|built|retain\w*|developed)\s+(?:\w+\s+){0,2}?(?:relations|ties|links|contacts)\s+with\s+(?:the\s+)?(?P<o>⟦G\d+⟧)", re.I)
LIST_SENTENCE = re.compile(
    r"^(?:[^⟦]{0,60}?)(?:include|includes|included|are|were|such\s+as)\s*:?\s*(?:the\s+)?"
    r"(?P<slist>⟦G\d+⟧(?:(?:[^⟦.]|⟦[LOPG]\d+⟧){0,160}?⟦G\d+⟧)*)",
    re.I)
