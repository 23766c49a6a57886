"""Cleaning deletes page furniture and never rewrites report text."""

import re

from actorgraph.ingest.clean import clean

PAGE = """17.7 C
Thursday, May 23, 2024
HomeWorld NewsRebels Take the Northern Pass

Rebels Take the Northern Pass

Related stories

Farm output rises in the valley

According to the ministry, the number...

A new bridge opens

The rebels seized the pass on 3 March, officials said, and held it for a week.ADVERTISEMENT
Fighting spread to two districts in the following days.

Read More: Unrelated story about weather

Share this post :

Facebook
Twitter

Leave a Reply

Your email address will not be published. Required fields are marked *

Subscribe our newsletter
"""


def squash(text):
    return re.sub(r"\s+", " ", text).strip()


def test_page_furniture_is_removed():
    text = clean(PAGE)
    for noise in ("17.7 C", "HomeWorld", "Related stories", "Farm output", "the number...", "ADVERTISEMENT",
                  "Read More", "Share this post", "Facebook", "Leave a Reply", "email address", "Subscribe"):
        assert noise not in text, noise
    assert "The rebels seized the pass on 3 March, officials said, and held it for a week." in text
    assert "Fighting spread to two districts" in text


def test_every_paragraph_stands_in_the_original():
    original = squash(PAGE)
    for paragraph in clean(PAGE).split("\n\n"):
        assert squash(paragraph) in original


def test_glued_advert_becomes_a_paragraph_break():
    assert clean("reconvened in the province.ADVERTISEMENT\nIt is worth mentioning.\n") == \
        "reconvened in the province.\n\nIt is worth mentioning.\n"


def test_bibliography_at_the_end_is_dropped():
    body = "A paragraph of the report that is long enough to count as text. " * 4
    text = clean(f"Title\n\n{body}\n\n{body}\n\nBibliography:\n\nSmith, J. A book about it. 2020.\n")
    assert "Smith" not in text and "Bibliography" not in text
