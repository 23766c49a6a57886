"""Incidents from any report: every trigger rule's witnesses, and each part of an event (detection, dates,
places, perpetrators, casualties, merging across reports) on sentences written for these tests."""

import itertools

import pytest

from actorgraph.extract import extract
from actorgraph.extract.event_triggers import find_triggers, trigger_rules
from actorgraph.models import Document, MetaField
from actorgraph.resolve.events import cluster_reports

pytestmark = pytest.mark.model


def events_of(nlp, text, published=None):
    meta = (MetaField("published", published, "test"),) if published else ()
    document = Document("d1", "d1" * 8, "/tmp/d1.txt", "txt", text, meta)
    extraction = extract(nlp(text), document)
    name = {(m.start, m.end): m.text for m in extraction.mentions}
    return extraction.events, name


def only_event(nlp, text, published=None):
    events, name = events_of(nlp, text, published)
    incidents = [e for e in events if e.type != "announcement"]
    assert len(incidents) == 1, [(e.subtype, e.evidence.quote) for e in incidents]
    return incidents[0], name


# -- every rule with its witnesses -------------------------------------------------------------------
RULES = trigger_rules()


def test_every_trigger_rule_has_an_example_and_a_counter_example():
    assert all(rule.examples and rule.counter_examples for rule in RULES), \
        [rule.name for rule in RULES if not (rule.examples and rule.counter_examples)]


def witness_id(value):
    return value.name if hasattr(value, "name") else value[:40]


@pytest.mark.parametrize("rule,sentence", [(r, s) for r in RULES for s in r.examples], ids=witness_id)
def test_trigger_rule_fires_on_its_examples(real_nlp, rule, sentence):
    assert rule.name in {t.rule.name for t in find_triggers(real_nlp(sentence))}


@pytest.mark.parametrize("rule,sentence", [(r, s) for r in RULES for s in r.counter_examples], ids=witness_id)
def test_trigger_rule_stays_silent_on_its_counter_examples(real_nlp, rule, sentence):
    assert rule.name not in {t.rule.name for t in find_triggers(real_nlp(sentence))}


# -- detection ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,subtype", [
    ("Gunmen opened fire on a wedding party in Mardan on 4 April 2019, killing six guests.", "armed assault"),
    ("Militants detonated a car bomb outside a police station in Quetta on 2 May 2018.", "bombing"),
    ("Unknown assailants abducted three engineers from a construction site in Zamfara on 9 June 2020.", "kidnapping"),
    ("Attackers set fire to a village school in Ngaoundere on 11 October 2018.", "arson"),
    ("Two men shot and killed a tribal elder outside his house in Khost on 1 March 2017.", "armed assault"),
])
def test_any_attack_verb_tells_an_incident(real_nlp, text, subtype):
    event, _ = only_event(real_nlp, text)
    assert event.type == "attack" and event.subtype == subtype


def test_one_incident_told_in_several_sentences_is_one_event(real_nlp):
    text = ("Fighters stormed a hotel in Mogadishu on 12 March 2022. The siege lasted eight hours. "
            "At least nine people were killed in the attack. The militant group al-Shabaab claimed responsibility for the assault.")
    event, name = only_event(real_nlp, text)
    assert (event.killed_low, name[event.perpetrators[0]]) == (9, "al-Shabaab")


def test_two_incidents_in_one_report_stay_apart(real_nlp):
    text = ("A roadside bomb struck a police van in Kandahar on 3 June 2019, killing two officers. "
            "In a separate attack, gunmen killed a teacher in Zabul on 5 June 2019.")
    events, name = events_of(real_nlp, text)
    assert sorted((e.date, name[e.place]) for e in events) == [("2019-06-03", "Kandahar"), ("2019-06-05", "Zabul")]


@pytest.mark.parametrize("text", [
    "The group has threatened to attack polling stations across the country.",
    "Officials fear that militants could bomb the bridge.",
    "The army said it had prevented several attacks on the capital.",
    "Boko Haram has killed thousands of people since 2009.",
])
def test_threats_fears_habits_and_tallies_are_not_incidents(real_nlp, text):
    events, _ = events_of(real_nlp, text)
    assert not [e for e in events if e.type != "announcement"]


# -- dates --------------------------------------------------------------------------------------------
def test_an_incident_record_lead_dates_its_incident(real_nlp):
    event, _ = only_event(real_nlp, "03/14/2019: Assailants attacked a checkpoint in Ghazni, Afghanistan. Two soldiers were killed.")
    assert (event.date, event.date_precision) == ("2019-03-14", "day")


@pytest.mark.parametrize("words,expected", [
    ("on Friday", "2024-03-22"), ("yesterday", "2024-03-24"), ("on Sunday night", "2024-03-24"),
    ("on March 3", "2024-03-03"),
])
def test_relative_dates_resolve_against_the_report_date(real_nlp, words, expected):
    event, _ = only_event(real_nlp, f"Gunmen attacked a police post in Bauchi {words}, killing two officers.",
                          published="2024-03-25")
    assert event.date == expected


def test_no_year_is_invented_and_a_past_siege_dates_nothing(real_nlp):
    undated, _ = only_event(real_nlp, "Gunmen attacked a police post in Bauchi on Friday, killing two officers.")
    assert undated.date is None
    events, name = events_of(real_nlp, "Gunmen killed 12 hostages at a school in Kerch, the deadliest such attack "
                                       "since the 2004 Beslan siege.", published="2024-03-25")
    school = next(e for e in events if e.killed_low == 12)
    assert school.date is None


# -- places ------------------------------------------------------------------------------------------
def test_the_place_is_where_it_happened_not_whose_forces(real_nlp):
    event, name = only_event(real_nlp, "Afghan forces repelled an attack on a checkpoint in Kunduz on 4 May 2018.")
    assert name[event.place] == "Kunduz"


# -- perpetrators ---------------------------------------------------------------------------------------
def test_a_claim_in_a_later_sentence_names_the_perpetrator(real_nlp):
    text = ("A suicide bomber blew himself up at a mosque in Peshawar on 4 March 2022. "
            "Dozens of worshippers were wounded. The Islamic State claimed responsibility for the bombing two days later.")
    event, name = only_event(real_nlp, text)
    assert [(name[p], m) for p, m in zip(event.perpetrators, event.perpetrator_modalities)] == [("Islamic State", "claimed")]


@pytest.mark.parametrize("sentence,modality", [
    ("No group claimed responsibility; however, sources attributed the attack to the Taliban.", "attributed"),
    ("Officials blamed the Taliban for the attack.", "attributed"),
    ("Police said the attackers were suspected Taliban militants.", "alleged"),
])
def test_attributions_keep_their_modality(real_nlp, sentence, modality):
    text = f"Assailants attacked a police checkpoint in Ghazni on 2 May 2019, killing three officers. {sentence}"
    event, name = only_event(real_nlp, text)
    assert [(name[p], m) for p, m in zip(event.perpetrators, event.perpetrator_modalities)] == [("Taliban", modality)]


def test_a_denial_is_kept_apart_and_unknown_stays_unknown(real_nlp):
    text = ("Gunmen killed four aid workers in Jalalabad on 6 June 2020. Officials attributed the attack to the Taliban, "
            "which denied involvement.")
    event, name = only_event(real_nlp, text)
    assert [name[p] for p in event.perpetrators] == ["Taliban"] and [name[d] for d in event.denied_by] == ["Taliban"]
    unknown, _ = only_event(real_nlp, "Gunmen killed four aid workers in Jalalabad on 6 June 2020. "
                                      "No group claimed responsibility for the incident.")
    assert unknown.perpetrators == ()


def test_a_target_group_is_never_the_perpetrator(real_nlp):
    event, name = only_event(real_nlp, "Unidentified gunmen attacked a Taliban checkpoint in Herat on 9 May 2022, killing two guards.")
    assert event.perpetrators == ()


def test_an_organisation_that_claims_an_attack_is_an_armed_group(real_nlp):
    text = ("Assailants attacked a market in Kiwanja on 2 July 2020. "
            "The Front for the Liberation of the Hills claimed responsibility for the attack.")
    event, name = only_event(real_nlp, text)
    assert [name[p] for p in event.perpetrators] == ["Front for the Liberation of the Hills"]


def test_claimants_that_claimed_separately_claim_the_same_attack(real_nlp):
    text = ("A bomb exploded near a bus station in Herat on 2 May 2017. Two people were injured. "
            "The Taliban and the Khorasan Chapter of the Islamic State separately claimed responsibility for the attack.")
    event, name = only_event(real_nlp, text)
    assert sorted(name[p] for p in event.perpetrators) == ["Khorasan Chapter of the Islamic State", "Taliban"]
    assert set(event.perpetrator_modalities) == {"claimed"}


def test_a_claim_after_a_passing_mention_joins_the_incident_told(real_nlp):
    text = ("Gunmen attacked a checkpoint in Kunduz on 5 April 2018. Four officers were killed before the assailant "
            "was shot dead. The Taliban claimed responsibility for the incident.")
    event, name = only_event(real_nlp, text)
    assert [name[p] for p in event.perpetrators] == ["Taliban"]


# -- casualties ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,killed,injured,attackers", [
    ("A bomb exploded in a market in Maiduguri on 1 May 2019. Sixteen people were killed and 80 others were injured.",
     (16, 16), (80, 80), None),
    ("Gunmen attacked a police post in Tillaberi on 5 May 2019. Two officers and six assailants were killed in the clash.",
     (8, 8), None, (6, 6)),
    ("Militants raided a village near Diffa on 2 June 2019, killing dozens of villagers.", (24, 99), None, None),
    ("A grenade was thrown at a bus in Bujumbura on 3 July 2017. There were no reported casualties.", (0, 0), (0, 0), None),
    ("A bomb exploded outside a bank in Mogadishu on 4 June 2019. No one was hurt in the attack.", None, (0, 0), None),
    ("A ranger was shot dead near Virunga park in Rutshuru on 6 May 2020.", (1, 1), None, None),
    ("Gunmen stopped a bus near Bali on 9 March 2019. A driver was abducted and later shot dead in the attack.",
     (1, 1), None, None),
])
def test_casualties_follow_the_syntax(real_nlp, text, killed, injured, attackers):
    event, _ = only_event(real_nlp, text)
    assert (event.killed_low, event.killed_high) == (killed or (None, None))
    assert (event.injured_low, event.injured_high) == (injured or (None, None))
    assert (event.attackers_killed_low, event.attackers_killed_high) == (attackers or (None, None))


def test_a_figure_for_killed_and_injured_together_is_neither(real_nlp):
    event, _ = only_event(real_nlp, "A suicide bomber struck a rally in Bannu on 9 May 2021 and killed and injured 45 people.")
    assert event.killed_low is None and event.injured_low is None and "combined" in event.casualty_text


# -- one incident from several reports -------------------------------------------------------------------
def report(rid, doc, date, place, killed, perps=(), targets=()):
    return {"id": rid, "doc_id": doc, "type": "attack", "subtype": "bombing", "date": date, "date_precision": "day",
            "place_id": place,
            "killed_low": killed, "killed_high": killed, "injured_low": None, "injured_high": None, "targets": list(targets),
            "actors": [{"entity_id": p, "role": "perpetrator"} for p in perps], "ev_start": rid * 10}


PLACES = {"kabul": {"kind": "city", "country": "AF", "admin1": "Kabul", "lat": 34.53, "lon": 69.17},
          "herat": {"kind": "city", "country": "AF", "admin1": "Herat", "lat": 34.34, "lon": 62.2},
          "kandahar_prov": {"kind": "province", "country": "AF", "admin1": "Kandahar"}}


def test_the_same_incident_from_several_outlets_is_one_event_in_any_order():
    reports = [report(1, "a", "2021-08-26", "kabul", 150, ["iskp"], ["airport"]),
               report(2, "b", "2021-08-26", "kabul", 170, [], ["airport"]),
               report(3, "c", "2021-08-27", "kabul", 183, ["iskp"]),
               report(4, "d", "2021-08-26", "herat", 3)]
    results = set()
    for order in itertools.permutations(reports):
        events, assignment = cluster_reports(list(order), PLACES)
        results.add(frozenset(frozenset(r for r, e in assignment.items() if e == ev["id"]) for ev in events))
    assert results == {frozenset({frozenset({1, 2, 3}), frozenset({4})})}


def test_two_attacks_in_one_province_on_one_day_stay_two():
    reports = [report(1, "a", "2018-05-09", "kandahar_prov", 2, ["taliban"]),
               report(2, "b", "2018-05-09", "kandahar_prov", 7, ["taliban"])]
    events, _ = cluster_reports(reports, PLACES)
    assert len(events) == 2


def test_the_same_text_in_two_files_is_one_document_found_at_both_paths(tmp_path, tmp_store, real_nlp):
    from actorgraph.export.json_export import knowledge_export
    from actorgraph.pipeline import run

    text = "Gunmen attacked a police post in Bauchi on 3 May 2021, killing two officers.\n"
    for name in ("first.txt", "second.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    run([str(tmp_path)], tmp_store, nlp=real_nlp, progress=False)
    documents = knowledge_export(tmp_store)["documents"]
    assert len({d["id"] for d in documents}) == 1
    assert sorted(d["path"].rsplit("/", 1)[-1] for d in documents) == ["first.txt", "second.txt"]


def test_a_headline_claim_names_the_perpetrator(real_nlp):
    event, name = only_event(real_nlp, "Al-Shabaab claims responsibility for Mogadishu hotel attack\n\n"
                                       "Gunmen stormed a hotel in Mogadishu on 4 March 2023, killing nine guests.")
    assert [(name[p], m) for p, m in zip(event.perpetrators, event.perpetrator_modalities)] == [("Al-Shabaab", "claimed")]


@pytest.mark.parametrize("text,state", [
    ("An Israeli airstrike killed a militia commander in Nabatieh on 16 April 2024.", "Israeli"),
    ("French forces killed a senior jihadist leader in a raid near Tessalit on 3 June 2020.", "French"),
])
def test_a_strike_names_the_state_that_carried_it_out_not_the_group_it_hit(real_nlp, text, state):
    event, name = only_event(real_nlp, text)
    assert event.type == "strike" and [name[p] for p in event.perpetrators] == [state]


def test_a_headline_lead_and_toll_paragraphs_apart_are_one_incident(real_nlp):
    text = ("Twelve villagers killed in rebel attack in Beni\n\n"
            "Rebels of the Allied Democratic Forces attacked the village of Mbau near Beni on Sunday night, "
            "local officials said.\n\nThe army sent troops to the area on Monday. Residents fled towards the town.\n\n"
            "Twelve villagers were killed in the attack, the mayor said.")
    events, name = events_of(real_nlp, text, published="2021-05-04")
    attacks = [e for e in events if e.type == "attack"]
    assert len(attacks) == 1 and attacks[0].killed_low == 12


def test_the_city_of_a_dateline_is_not_where_the_incident_happened(real_nlp):
    text = "Kabul, Afghanistan: Taliban fighters attacked an army checkpoint in Balkh province on Tuesday, killing seven soldiers."
    event, name = only_event(real_nlp, text, published="2019-12-24")
    assert name[event.place].startswith("Balkh")


def test_people_killed_as_a_habit_are_no_toll(real_nlp):
    text = ("Gunmen attacked a police post in Bauchi on 3 May 2021, killing two officers. "
            "Scores of civilians are killed in such raids every year.")
    event, _ = only_event(real_nlp, text)
    assert (event.killed_low, event.killed_high) == (2, 2)
