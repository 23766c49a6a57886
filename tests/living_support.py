"""Reports written for the living-KB tests, and fixture extractors that change one rule."""

from __future__ import annotations

from dataclasses import replace

from actorgraph.extract import extract
from actorgraph.machinery import EXTRACTORS, Extractor

BORDER = ("Border Clashes Report\n\n"
          "Fighters of the Islamic State Khorasan Province (ISKP) attacked a police checkpoint in Jalalabad on "
          "3 May 2021, killing four officers, provincial officials said. The Taliban have fought ISKP since 2015. "
          "ISKP had between 1,500 and 2,200 fighters in 2021, according to a United Nations report. "
          "Shahab al-Muhajir has led ISKP since June 2020.\n")
VALLEY = ("Valley Patrol Notes\n\n"
          "Tehrik-i-Taliban Pakistan (TTP) fighters ambushed an army convoy in North Waziristan on 9 August 2021, "
          "killing six soldiers, the military said. Noor Wali Mehsud has led the TTP since 2018.\n")
# a later report that disagrees with BORDER on ISKP's strength in 2021
LATER = ("Strength Estimates Revisited\n\n"
         "ISKP had about 4,000 fighters in 2021, a government spokesman said. "
         "The group recruited heavily in Kunar that year.\n")


def upper_figures_only(doc, document):
    """Version 2 of the claim rule: a range 'between A and B' is read as B alone; relations lose hostile_to."""
    found = extract(doc, document)
    claims = tuple(replace(c, low=c.high, evidence=replace(c.evidence, version="2")) for c in found.claims)
    relations = tuple(r for r in found.relations if r.type != "hostile_to")
    return replace(found, claims=claims, relations=relations)


V1 = Extractor()
V2 = Extractor(extract=upper_figures_only, extractors={**EXTRACTORS, "claim_rules": "2", "relation_rules": "2-no-hostility"})
# the rule change undone, under a new version: what V2 removed comes back
V3 = Extractor(extractors={**EXTRACTORS, "relation_rules": "3"})
