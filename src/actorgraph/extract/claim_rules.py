"""Claim rules as data: what a figure counts, the word its phrase hangs on, where the group is, and
sentences (written for this project) each rule must and must not yield a claim on.

A figure is read in three steps (claims.py):

1. what it counts: the noun its number modifies ('2,000 *fighters*', 'hundreds of *fighters*'), money
   ('$700'), or nothing ('numbers about 3,000'); a number with no noun of its own inherits the noun of the
   figure it elaborates ('2,000 fighters, or 4,000 including allies'; '59 operations, including eight...');
2. how its phrase hangs on the word that governs it (`link`):
     object   direct object or complement ('has 2,000 fighters', 'put its strength at 2,000')
     subject  subject ('300 X fighters remain', 'clashes occurred', '12 X members were killed')
     with     'a group with 2,000 fighters', 'listed, with 4,700 fighters'
     of       a noun's 'of'/'for' phrase ('a strength of 5,000 fighters', 'responsible for 78 attacks')
     agent    a passive's 'by' phrase ('killed by two of its members': who did it; no rule reads it)
   the governor is that word: a verb, an adjective ('responsible') or a noun ('strength', 'salary');
3. where the group is (`holder`, tried in order; each names words, claims.py finds the group they name):
     subject         the subject of the governor (passive 'by', 'to'-clauses, 'is estimated to have')
     object          what the governor is done to ('40,000 fighters joined the Islamic State')
     counted_owner   the group the counted noun names ('151 Hezbollah members', 'attacks by JNIM')
     noun_owner      whose the governing strength noun is ('the strength of ISIS', 'its ranks')
     with_head       what a 'with' phrase describes ('the ELN, a group with...')
     between         the sides of 'clashes between X and Y'

`checks` name conditions a figure must meet (claims.py, CHECKS): `tally` (a count over a period, not one
incident's figure: 'since 2016', 'in 2019', 'so far', 'a total of', 'have killed'), `monthly` (a sum per
month), `strength_noun` / `funding_noun` (the figure measures a word for a group's size or money: 'its
strength is estimated at', 'the group's revenue was'), `plural` (two or more, not 'the two militants'),
`many` (ten or more: fewer people are a cell or a unit, not a group's strength), `with_kill` (an injury verb
coordinated with killing: 'killing and injuring 26'), `member_subject` (the governor's subject is a word for
a group's people: 'ISKP fighters earn').
"""

from __future__ import annotations

from dataclasses import dataclass

# -- what figures count ----------------------------------------------------------------------------
FIGHTER_NOUNS = frozenset({
    "fighter", "militant", "member", "man", "combatant", "jihadist", "insurgent", "recruit", "gunman", "cadre",
    "guerrilla", "guerilla", "rebel", "operative", "loyalist", "mujahid", "mujahideen", "soldier", "troop",
    "follower", "adherent", "militiaman", "volunteer", "personnel", "jihadi", "extremist", "terrorist",
    "foot-soldier", "partisan"})
LEADER_NOUNS = frozenset({"commander", "leader", "official", "chief", "officer", "emir", "amir", "lieutenant"})
ATTACK_NOUNS = frozenset({
    "attack", "operation", "raid", "assault", "bombing", "ambush", "incident", "assassination", "kidnapping",
    "abduction", "strike", "suicide", "ied", "explosion", "massacre", "killing", "execution", "offensive"})
CLASH_NOUNS = frozenset({"clash", "battle", "skirmish", "confrontation", "engagement", "firefight", "gunfight",
                         "fight", "encounter"})
PEOPLE_NOUNS = frozenset({
    "person", "people", "civilian", "villager", "soldier", "troop", "policeman", "policemen", "officer",
    "official", "worker", "child", "woman", "resident", "student", "worshipper", "farmer", "herder", "teacher",
    "passenger", "life", "individual", "pupil", "christian", "muslim", "hostage", "citizen", "peacekeeper"})
DEATH_NOUNS = frozenset({"death", "fatality"})
# currency signs and words, with the code a claim's unit names (attributes end in _usd only for dollars)
CURRENCIES = {"$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "€": "EUR", "euro": "EUR", "£": "GBP",
              "pound": "GBP", "afghani": "AFN", "naira": "NGN", "shilling": "shillings", "rupee": "rupees",
              "dinar": "dinars", "cfa": "XOF"}
MONEY_NOUNS = frozenset(k for k in CURRENCIES if k.isalpha())
RATE_WORDS = {"day": "day", "daily": "day", "week": "week", "weekly": "week", "month": "month", "monthly": "month",
              "year": "year", "annually": "year", "yearly": "year", "annual": "year", "annum": "year"}
AREA_NOUNS = frozenset({"kilometre", "kilometer", "km", "km2", "mile", "hectare"})

COUNTED_CLASSES = (   # checked in order: a counted noun's lemma gives the figure's class
    ("money", MONEY_NOUNS), ("area", AREA_NOUNS), ("fighters", FIGHTER_NOUNS), ("leaders", LEADER_NOUNS),
    ("attacks", ATTACK_NOUNS), ("clashes", CLASH_NOUNS), ("people", PEOPLE_NOUNS), ("deaths", DEATH_NOUNS))

# -- governing words ------------------------------------------------------------------------------
HAVE_VERBS = frozenset({"have", "boast", "field", "comprise", "maintain", "command", "possess", "retain", "muster",
                        "keep", "include"})
EXIST_VERBS = frozenset({"be", "remain", "operate", "exist", "stay", "hide", "live", "roam", "fight", "base",
                         "station", "deploy", "active", "present"})
STATE_VERBS = frozenset({"be", "list", "designate", "consider", "describe", "operate", "remain", "exist",
                         "emerge", "base", "classify", "rank", "estimate", "become", "continue", "label",
                         "brand", "call", "know"})
LEVEL_VERBS = frozenset({
    "be", "stand", "range", "estimate", "put", "place", "peg", "number", "total", "reach", "grow", "swell", "rise",
    "increase", "climb", "jump", "balloon", "double", "fall", "drop", "dwindle", "shrink", "decline", "decrease",
    "diminish", "plummet", "hover", "vary", "amount", "count", "exceed", "top", "remain", "reduce", "expand",
    "stay", "sit", "go", "come", "set", "believe", "think", "say"})
STRENGTH_NOUNS = frozenset({"strength", "size", "rank", "ranks", "manpower", "membership", "number", "force",
                            "army", "numbers", "headcount", "contingent", "cadre"})
# nouns for a group that a figure may measure: 'Boko Haram, a group of several thousand fighters'
GROUP_NOUNS = frozenset({"group", "organisation", "organization", "movement", "outfit", "militia", "network",
                         "coalition", "faction", "army", "force", "insurgency"})
OPERATION_VERBS = frozenset({"carry", "conduct", "launch", "stage", "mount", "perpetrate", "commit", "execute",
                             "claim", "report", "undertake", "orchestrate", "responsible", "responsibility",
                             "credit", "announce", "behind", "mastermind"})
COUNTING_VERBS = frozenset({"record", "count", "document", "tally", "register", "log", "attribute", "report",
                            "list", "blame", "track", "verify", "confirm"})
KILL_VERBS = frozenset({"kill", "murder", "slay", "massacre", "slaughter", "behead", "execute", "assassinate",
                        "eliminate", "neutralize", "neutralise", "die", "lose", "perish", "claim"})
WOUND_VERBS = frozenset({"injure", "wound", "hurt", "maim"})
CAUSE_VERBS = frozenset({"cause", "responsible", "inflict", "blame", "attribute", "leave"})
FUNDING_VERBS = frozenset({"raise", "earn", "make", "generate", "receive", "collect", "extort", "obtain",
                           "amass", "bring", "get", "accumulate", "have", "net", "rake", "take"})
FUNDING_NOUNS = frozenset({"revenue", "income", "budget", "funding", "fund", "earnings", "profit", "turnover",
                           "chest", "wealth", "asset", "reserve", "finance", "finances", "fundraising", "takings"})
RECRUIT_VERBS = frozenset({"recruit", "enlist", "train", "mobilize", "mobilise", "attract", "induct", "draw",
                           "gain", "add", "radicalize", "radicalise", "conscript", "graduate"})
JOIN_VERBS = frozenset({"join", "rejoin", "enlist", "flock", "flow", "travel", "pledge"})
CONTROL_VERBS = frozenset({"control", "hold", "occupy", "seize", "govern", "capture", "rule", "administer",
                           "dominate", "retake"})

# words that make a figure count a group together with others: 'or 4,000 including its allies'
ALLY_WORDS = frozenset({"ally", "allied", "affiliate", "affiliated", "partner", "proxy", "associate"})
INCLUSIVE_WORDS = frozenset({"include", "including", "with", "if", "when", "count", "counting", "plus",
                             "consider", "add", "together", "along"})


@dataclass(frozen=True)
class Example:
    """A sentence a rule must read, with the subject's name, the figures and who asserted them (None: nobody)."""
    text: str
    subject: str
    low: float
    high: float
    source: str | None = None
    attribute: str | None = None     # when it differs from the rule's ('fighters_incl_allies')
    as_of: str | None = None         # checked when given


@dataclass(frozen=True)
class ClaimRule:
    name: str
    attribute: str
    unit: str
    counts: tuple[str, ...]          # classes of counted nouns (COUNTED_CLASSES) or "bare" for no noun
    link: tuple[str, ...]            # object, subject, with, of
    governors: frozenset[str]        # lemmas of the governing word; empty: any
    holder: tuple[str, ...]          # roles tried in order (module docstring)
    checks: tuple[str, ...] = ()
    examples: tuple[Example, ...] = ()
    counters: tuple[str, ...] = ()


RULES: tuple[ClaimRule, ...] = (
    ClaimRule(
        "strength_have", "fighters", "fighters", ("fighters",), ("object",), HAVE_VERBS, ("subject",),
        checks=("many",),
        examples=(
            Example("According to UN monitors, the Islamic State in the Greater Sahara has between 2,000 and "
                    "3,000 fighters.", "Islamic State in the Greater Sahara", 2000, 3000, "UN monitors"),
            Example("The Pentagon estimated that al-Shabaab had as many as 9,000 fighters in 2019.", "al-Shabaab",
                    9000, 9000, "Pentagon", as_of="2019"),
            Example("Boko Haram is believed to have about 5,000 members.", "Boko Haram", 5000, 5000),
            Example("JNIM, which boasts an estimated 6,000 fighters, operates across the Sahel.", "JNIM", 6000, 6000),
            Example("ISKP has about 2,000 fighters, or 4,000 including its allies.", "ISKP", 4000, 4000,
                    attribute="fighters_incl_allies"),
            Example("UN experts estimated ISWAP to have 3,500 to 5,000 fighters.", "ISWAP", 3500, 5000,
                    "UN experts"),
            Example("A report published by the UN in July 2020 said ISWAP had 3,500 to 5,000 fighters.", "ISWAP",
                    3500, 5000, "UN", as_of="2020-07"),
            Example("The TTP has some 6,000 fighters, according to a UN report published in July 2023.", "TTP",
                    6000, 6000, "UN report", as_of="2023-07"),
        ),
        counters=(
            "Al-Shabaab wants to have 20,000 fighters by 2030.",
            "Officials denied that Boko Haram has 5,000 fighters.",
            "If JNIM had 10,000 fighters, it would threaten Bamako.",
            "The Nigerian army has 5,000 troops in Borno.",
        )),
    ClaimRule(
        "strength_with", "fighters", "fighters", ("fighters",), ("with",), frozenset(), ("with_head",),
        checks=("many",),
        examples=(
            Example("The TTP, a coalition with some 5,000 militants, has grown stronger since 2021.", "TTP",
                    5000, 5000),
            Example("According to the BBC, Boko Haram is listed as a terrorist group, with an estimated 4,000 "
                    "fighters.", "Boko Haram", 4000, 4000, "BBC"),
        ),
        counters=(
            "Al-Shabaab attacked the base with 300 fighters on Monday.",
            "Soldiers clashed with 200 militants near the border.",
        )),
    ClaimRule(
        "strength_present", "fighters", "fighters", ("fighters",), ("subject", "object"), EXIST_VERBS,
        ("counted_owner",), checks=("many",),
        examples=(
            Example("Roughly 1,500 ADF fighters remain active in North Kivu, officials told Reuters.", "ADF",
                    1500, 1500, "officials"),
            Example("There are thought to be 3,000 Ansar al-Sunna fighters in Cabo Delgado.", "Ansar al-Sunna",
                    3000, 3000),
        ),
        counters=(
            "Some 200 al-Shabaab fighters attacked a base near Kismayo on Monday.",
            "The two JNIM militants were foreigners, police said.",
            "About 2,000 citizens of Tajikistan have fought in Syria.",
        )),
    ClaimRule(
        "strength_level", "fighters", "fighters", ("fighters", "people", "bare"), ("object", "subject"), LEVEL_VERBS,
        ("noun_owner", "counted_owner"), checks=("strength_noun",),
        examples=(
            Example("Al-Shabaab's strength is estimated at 7,000 to 9,000 fighters, a UN report said.",
                    "Al-Shabaab", 7000, 9000, "UN report"),
            Example("UN experts put the strength of ISKP at around 4,000 fighters.", "ISKP", 4000, 4000,
                    "UN experts"),
            Example("The ranks of Boko Haram have dwindled to roughly 2,000 militants by late 2019.", "Boko Haram",
                    2000, 2000, as_of="2019"),
            Example("The number of ISWAP fighters has grown to about 5,000, according to the Nigerian army.",
                    "ISWAP", 5000, 5000, "Nigerian army"),
            Example("JNIM's membership stands at about 6,000.", "JNIM", 6000, 6000),
            Example("ISWAP's strength fell from 5,000 in 2016 to 3,000 in 2019.", "ISWAP", 5000, 5000, as_of="2016"),
            Example("ISWAP's strength fell from 5,000 in 2016 to 3,000 in 2019.", "ISWAP", 3000, 3000, as_of="2019"),
            Example("Analysts estimate the ADF's numbers at between 1,500 and 2,000.", "ADF", 1500, 2000,
                    "Analysts"),
            Example("Member states told the monitors that the total membership of the Islamic State was 10,000 "
                    "individuals.", "Islamic State", 10000, 10000, "Member states"),
        ),
        counters=(
            "The strength of the Nigerian army is estimated at 200,000 soldiers.",
            "The number of displaced people in Borno has grown to 2 million.",
        )),
    ClaimRule(
        "strength_noun", "fighters", "fighters", ("fighters", "bare"), ("of",), STRENGTH_NOUNS | GROUP_NOUNS,
        ("noun_owner",), checks=("many",),
        examples=(
            Example("Boko Haram, a group of several thousand fighters, controls parts of Borno.", "Boko Haram",
                    3000, 9000),
            Example("Hezbollah has a fighting force of more than 40,000 men, analysts say.", "Hezbollah", 40000,
                    40000, "analysts"),
            Example("The ADF, with an estimated strength of 1,500 fighters, is active in Ituri.", "ADF", 1500, 1500),
        ),
        counters=(
            "The army sent a force of 3,000 soldiers to Cabo Delgado.",
            "Al-Shabaab sent a force of 300 fighters to attack the base.",
            "A group of 20 gunmen attacked the village on Monday.",
        )),
    ClaimRule(
        "strength_numbers", "fighters", "fighters", ("bare", "fighters"), ("object",),
        frozenset({"number", "total", "count"}), ("subject",), checks=("many",),
        examples=(
            Example("ISKP is thought to number around 3,000.", "ISKP", 3000, 3000),
            Example("Al-Shabaab numbers about 7,000 fighters.", "Al-Shabaab", 7000, 7000),
            Example("Boko Haram fighters number about 2,000 today.", "Boko Haram", 2000, 2000),
        ),
        counters=(
            "The refugees number about 20,000.",
        )),
    ClaimRule(
        "operations_tally", "operations", "count", ("attacks",), ("object", "of"), OPERATION_VERBS,
        ("counted_owner", "subject"), checks=("tally", "plural"),
        examples=(
            Example("Al-Shabaab carried out more than 300 attacks in Somalia last year.", "Al-Shabaab", 300, 300),
            Example("Al-Shabaab carried out 900 attacks from 2016 to 2019.", "Al-Shabaab", 900, 900, as_of="2019"),
            Example("JNIM was responsible for at least 90 attacks in central Mali since January 2020.", "JNIM",
                    90, 90),
            Example("In its weekly newsletter, the Islamic State said it conducted 15 attacks in Nigeria last "
                    "week.", "Islamic State", 15, 15, "Islamic State"),
            Example("ISWAP has claimed 120 attacks in Borno, according to its weekly newsletter.", "ISWAP", 120, 120,
                    "weekly newsletter"),
        ),
        counters=(
            "Al-Shabaab carried out two attacks on Friday.",
            "The army said it prevented 201 attacks this year.",
            "The group claimed several attacks in the past.",
            "JNIM plans to carry out 50 attacks before the election.",
        )),
    ClaimRule(
        "operations_recorded", "operations", "count", ("attacks",), ("object",), COUNTING_VERBS,
        ("counted_owner",), checks=("tally", "plural"),
        examples=(
            Example("ACLED recorded 250 attacks by ISGS in 2019.", "ISGS", 250, 250, "ACLED"),
            Example("Analysts counted about 70 Boko Haram attacks in 2015.", "Boko Haram", 70, 70, "Analysts"),
        ),
        counters=(
            "ACLED recorded 250 attacks in the Sahel in 2019.",
        )),
    ClaimRule(
        "clashes_tally", "clashes", "count", ("clashes",), ("object", "subject"), frozenset(),
        ("between", "counted_owner", "subject"), checks=("tally", "plural"),
        examples=(
            Example("ACLED recorded at least 150 clashes between al-Shabaab and government forces in 2020.",
                    "al-Shabaab", 150, 150, "ACLED"),
            Example("More than 80 clashes between the Taliban and ISKP occurred in 2019, ACLED reported.", "Taliban",
                    80, 80, "ACLED"),
        ),
        counters=(
            "Two clashes erupted between JNIM and ISGS near Menaka on 3 March 2020.",
        )),
    ClaimRule(
        "killed_by_group", "killed", "people", ("people",), ("object", "subject"), KILL_VERBS - {"die", "lose"},
        ("subject",), checks=("tally", "plural"),
        examples=(
            Example("According to ACLED, JNIM killed more than 1,000 civilians in 2022.", "JNIM", 1000, 1000,
                    "ACLED"),
            Example("Boko Haram has killed at least 35,000 people since 2009, according to the United Nations.",
                    "Boko Haram", 35000, 35000, "United Nations"),
            Example("ISWAP attacks killed 600 people last year.", "ISWAP", 600, 600),
            Example("More than 2,000 civilians were killed by the ADF in 2020, a UN report said.", "ADF",
                    2000, 2000, "UN report"),
        ),
        counters=(
            "JNIM fighters killed 20 soldiers in an attack on a base on Friday.",
            "Al-Shabaab gunmen killed 67 people at a shopping centre in Nairobi in September 2013.",
            "The explosion killed 12 people in Mogadishu on 5 May 2023.",
            "Soldiers killed 30 people in Maiduguri in 2020.",
        )),
    ClaimRule(
        "deaths_caused", "killed", "people", ("deaths", "people"), ("object", "of"), CAUSE_VERBS, ("subject",),
        checks=("tally", "plural"),
        examples=(
            Example("The ADF has been responsible for the deaths of more than 6,000 civilians since 2013.", "ADF",
                    6000, 6000),
        ),
        counters=(
            "The storm caused 40 deaths in Mogadishu in 2019.",
        )),
    ClaimRule(
        "casualties_tally", "casualties", "people", ("people",), ("object",), WOUND_VERBS, ("subject",),
        checks=("with_kill", "tally", "plural"),
        examples=(
            Example("The Islamic State said it carried out 15 attacks in Nigeria last week, killing or wounding "
                    "40 people.", "Islamic State", 40, 40, "Islamic State"),
        ),
        counters=(
            "A bomb wounded 40 people in Kabul on Monday.",
        )),
    ClaimRule(
        "members_killed", "members_killed", "fighters", ("fighters", "leaders"), ("object", "subject"),
        KILL_VERBS - {"lose"}, ("counted_owner",), checks=("tally", "plural"),
        examples=(
            Example("At least 400 Hezbollah fighters have been killed since October, the group said.", "Hezbollah",
                    400, 400, "Hezbollah"),
            Example("Israeli strikes have killed more than 300 Hamas commanders so far, the army said.", "Hamas",
                    300, 300, "army"),
            Example("A total of 80 al-Shabaab militants were killed in 2022, the army said.", "al-Shabaab", 80, 80,
                    "army"),
        ),
        counters=(
            "Soldiers killed 12 ADF militants in a raid on Tuesday.",
            "Hezbollah said the guards had been shot and killed by two of its members.",
            "At least 13 ISWAP members and 29 soldiers were killed in the ensuing clashes.",
            "The army said it had killed four al-Shabaab fighters.",
            "Six TTP militants were killed in an encounter in North Waziristan on Saturday.",
        )),
    ClaimRule(
        "members_lost", "members_killed", "fighters", ("fighters", "leaders"), ("object",), frozenset({"lose"}),
        ("subject",), checks=("tally", "plural"),
        examples=(
            Example("Hezbollah has lost more than 500 fighters in Syria since 2013.", "Hezbollah", 500, 500),
        ),
        counters=(
            "The army lost 30 soldiers in Borno in 2021.",
        )),
    ClaimRule(
        "pay_given", "monthly_pay_usd", "USD per month", ("money",), ("object",),
        frozenset({"pay", "offer", "give", "promise", "provide"}), ("subject",), checks=("monthly",),
        examples=(
            Example("Al-Shabaab pays its fighters about $100 a month, according to defectors.", "Al-Shabaab", 100,
                    100, "defectors"),
            Example("Recruits said the TTP offered them $500 per month.", "TTP", 500, 500, "Recruits"),
        ),
        counters=(
            "The government pays teachers $100 a month.",
            "Al-Shabaab pays $5,000 for each attack.",
        )),
    ClaimRule(
        "pay_earned", "monthly_pay_usd", "USD per month", ("money",), ("object",),
        frozenset({"earn", "receive", "get", "make", "draw"}), ("subject",), checks=("monthly", "member_subject"),
        examples=(
            Example("ISKP fighters earn $300 per month, a UN report said.", "ISKP", 300, 300, "UN report"),
        ),
        counters=(
            "Teachers in Mogadishu earn $100 a month.",
            "Al-Shabaab makes $10 million a month.",
        )),
    ClaimRule(
        "funding", "funding_usd", "USD", ("money",), ("object",), FUNDING_VERBS, ("subject",),
        examples=(
            Example("Al-Shabaab raises more than $100 million a year from taxes, a UN panel estimated.",
                    "Al-Shabaab", 100_000_000, 100_000_000, "UN panel"),
            Example("Hezbollah receives $700 million a year from Iran, the State Department said.", "Hezbollah",
                    700_000_000, 700_000_000, "State Department"),
            Example("Al-Shabaab earns 13 million euros a month in taxes, according to a report.", "Al-Shabaab",
                    13_000_000, 13_000_000, "report", attribute="funding"),
        ),
        counters=(
            "The government spent $5 million on the new road in 2020.",
            "The World Bank pledged $200 million in aid to Somalia.",
        )),
    ClaimRule(
        "funding_level", "funding_usd", "USD", ("money",), ("object", "of"), LEVEL_VERBS | FUNDING_NOUNS,
        ("noun_owner",), checks=("funding_noun",),
        examples=(
            Example("The annual revenue of the Islamic State was about $2 billion in 2015.", "Islamic State",
                    2_000_000_000, 2_000_000_000, as_of="2015"),
            Example("JNIM has an annual budget of $18 million, according to a French estimate.", "JNIM",
                    18_000_000, 18_000_000, "French estimate"),
            Example("ISWAP's fundraising has been estimated at more than $10 million per year by a United Nations "
                    "report.", "ISWAP", 10_000_000, 10_000_000, "United Nations report"),
        ),
        counters=(
            "The revenue of the Somali government was about $300 million in 2019.",
        )),
    ClaimRule(
        "recruited", "members_recruited", "fighters", ("fighters", "people"), ("object",), RECRUIT_VERBS,
        ("subject",), checks=("plural",),
        examples=(
            Example("ISKP recruited more than 1,000 new members in 2020, according to the UN.", "ISKP", 1000, 1000,
                    "UN"),
        ),
        counters=(
            "The army recruited 500 soldiers in 2020.",
            "The group hopes to recruit 1,000 fighters.",
        )),
    ClaimRule(
        "joined", "members_recruited", "fighters", ("fighters", "people"), ("subject",), JOIN_VERBS, ("object",),
        checks=("tally", "plural"),
        examples=(
            Example("An estimated 40,000 foreign fighters joined the Islamic State between 2013 and 2019.",
                    "Islamic State", 40000, 40000, as_of="2019"),
            Example("More than 2,000 young men have joined al-Shabaab since 2020, officials said.", "al-Shabaab",
                    2000, 2000, "officials"),
        ),
        counters=(
            "Five fighters joined JNIM in an attack on a convoy on 2 May 2021.",
            "Hundreds of soldiers joined the army in 2020.",
        )),
    ClaimRule(
        "territory", "territory_km2", "square kilometres", ("area",), ("object",), CONTROL_VERBS, ("subject",),
        examples=(
            Example("At its peak in 2015, Boko Haram controlled about 20,000 square kilometres.", "Boko Haram",
                    20000, 20000, as_of="2015"),
        ),
        counters=(
            "The national park covers 5,000 square kilometres.",
        )),
)
