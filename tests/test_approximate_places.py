"""Whether two event reports happened at the same place, and what the exports say of approximate points."""

from actorgraph.resolve.events import _place_relation


def _places_agree(a, b, places):
    return _place_relation(a, b, places) != "different"

DISTRICT = {"kind": "district", "lat": 34.5, "lon": 70.1, "approximate": False, "parents": ["nangarhar", "afghanistan"]}
VILLAGE_A = {"kind": "village", "lat": 34.5, "lon": 70.1, "approximate": True,
             "parents": ["own:AF:x", "nangarhar", "afghanistan"]}
VILLAGE_B = dict(VILLAGE_A)
TOWN = {"kind": "town", "lat": 34.55, "lon": 70.15, "approximate": False, "parents": ["nangarhar", "afghanistan"]}
PLACES = {"own:AF:x": DISTRICT, "own:AF:x.a": VILLAGE_A, "own:AF:x.b": VILLAGE_B, "gn:1": TOWN}


def test_a_place_and_one_of_its_parents_agree():
    assert _places_agree("own:AF:x.a", "own:AF:x", PLACES)


def test_two_villages_at_their_districts_borrowed_point_do_not():
    assert not _places_agree("own:AF:x.a", "own:AF:x.b", PLACES)


def test_places_with_their_own_nearby_coordinates_still_agree():
    assert _places_agree("own:AF:x", "gn:1", PLACES)


def test_exports_mark_coordinates_borrowed_from_a_containing_place():
    from actorgraph.export.csv_export import _geo_precision
    from actorgraph.export.stix import _geo

    assert _geo_precision({"attrs": VILLAGE_A}, VILLAGE_A["lat"]) == 2
    assert _geo_precision({"attrs": TOWN}, TOWN["lat"]) == 1
    assert _geo(VILLAGE_A)["x_actorgraph_geo_precision"] == "approximate"
    assert "x_actorgraph_geo_precision" not in _geo(TOWN)
