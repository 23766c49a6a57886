"""Date expressions to ISO prefixes with precision; numbers, ranges and vague quantities."""

import pytest

from actorgraph.dates import find_dates, parse_date_phrase
from actorgraph.extract.context import anchored_dates
from actorgraph.extract.quantities import find_quantities


@pytest.mark.parametrize("text,reference,expected", [
    ("On 26th January 2015", None, ("2015-01-26", "day")),
    ("on Aug. 26, 2021", None, ("2021-08-26", "day")),
    ("Accessed September 2,2021", None, ("2021-09-02", "day")),
    ("in August 2020", None, ("2020-08", "month")),
    ("in late 2014", None, ("2014", "approximate")),
    ("by the spring of 2015", None, ("2015", "approximate")),
    ("the mortar shelling of March 8th", "2019-03-18", ("2019-03-08", "day")),
    ("on December 30th", "2019-03-18", ("2018-12-30", "day")),
    ("in 2017 alone", None, ("2017", "year")),
])
def test_dates(text, reference, expected):
    assert parse_date_phrase(text, reference) == expected


def test_a_day_without_year_needs_a_reference():
    assert parse_date_phrase("on March 8th") is None


def test_relative_to_a_known_moment():
    (date,) = anchored_dates("its first terror attack within two weeks of the Taliban’s takeover of Afghanistan")
    assert date.iso == "2021-08" and date.precision == "approximate"
    assert date.text.startswith("within two weeks")


@pytest.mark.parametrize("text,low,high", [
    ("had between 2,500 and 8,500 militants", 2500, 8500),
    ("roughly 2,000-4,000 militants", 2000, 4000),
    ("ranges from 2,000 to 4,000 fighters", 2000, 4000),
    ("about 1,000 fighters", 1000, 1000),
    ("pay fighters $700 a month", 700, 700),
    ("financed with $5 million", 5_000_000, 5_000_000),
    ("left dozens injured", 24, 99),
    ("several thousand men", 3000, 9000),
    ("dropped a 9 000-kilo bomb", 9000, 9000),
    ("raised $70-$100 million a year", 70_000_000, 100_000_000),
    ("between 5 and 10 million dollars", 5_000_000, 10_000_000),
    ("some 3-5,000 fighters", 3000, 5000),
    ("from 300 to 5,000 members", 300, 5000),
])
def test_quantities(text, low, high):
    (q,) = [q for q in find_quantities(text)]
    assert (q.low, q.high) == (low, high)


def test_a_year_before_a_figure_is_no_range():
    quantities = find_quantities("fell from 5,000 in 2016 to 3,000 in 2019")
    assert [(q.low, q.high, q.text) for q in quantities] == [(5000, 5000, "5,000"), (3000, 3000, "3,000")]


def test_a_range_is_one_quantity_and_years_are_not_quantities():
    quantities = find_quantities("between 2,500 and 8,500 militants at its height in 2016")
    assert [(q.low, q.high) for q in quantities] == [(2500, 8500)]
