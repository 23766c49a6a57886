"""Readers for published designation lists: UN consolidated XML, OFAC SDN CSV and MISP galaxy JSON.

`read_reference(path)` finds the format from the file itself and yields plain
`ReferenceEntry` records; `actorgraph registry import FILE` turns them into registry
entities. By default only lists and programmes aimed at armed groups are kept
(see `UN_LISTS` and `OFAC_PROGRAMS`); `include_all=True` keeps every entry.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from actorgraph.errors import BadReferenceFile

try:  # the XML is untrusted: prefer defusedxml, which refuses entity tricks
    from defusedxml import ElementTree as _SafeET
    from defusedxml.common import DefusedXmlException
except ImportError:  # pragma: no cover - exercised only without defusedxml
    _SafeET = None

    class DefusedXmlException(ValueError):  # type: ignore[no-redef]
        pass

FORMATS = ("un", "ofac", "misp")

# UN sanctions lists that target armed groups (ISIL/al-Qaida, Taliban, and regimes whose
# designees are mostly militias); the others (DPRK, Iran, Iraq, Libya, ...) list state
# officials and companies.
UN_LISTS = frozenset({"Al-Qaida", "Taliban", "Somalia", "DRC", "CAR", "Haiti", "Yemen"})

# OFAC programme tags for terrorism: SDGT (E.O. 13224), FTO (State Department list), SDT.
OFAC_PROGRAMS = frozenset({"SDGT", "FTO", "SDT"})

# Words that mark a designated organisation that is not itself an armed group.
_NON_ARMED = re.compile(
    r"\b(trust|foundation|company|co\.|ltd|llc|limited|exchange|hawala|bank|airlines?|"
    r"charit\w*|relief|welfare|trading|society|agency|institute|committee|jewel\w*|"
    r"money|transfer|electronik|shipping|investment|corporation|enterprises?|s\.a\.)",
    re.IGNORECASE,
)
_OFAC_COLUMNS = 12
_NULL = "-0-"


@dataclass(frozen=True)
class ReferenceEntry:
    """One designated group, person or organisation from a published list."""

    ref_id: str                  # "un:QDe.161", "ofac:18647", "misp:<uuid>"
    source: str                  # un, ofac, misp
    type: str                    # group, person, other
    name: str
    aliases: tuple[str, ...] = ()
    note: str = ""


def read_reference(path: str | Path, *, include_all: bool = False) -> Iterator[ReferenceEntry]:
    """Entries of a designation list, whatever its format; raises BadReferenceFile."""
    path = Path(path)
    fmt = detect_format(path)
    if fmt == "un":
        return read_un(path, include_all=include_all)
    if fmt == "ofac":
        return read_ofac(path, include_all=include_all)
    return read_misp(path)


def detect_format(path: str | Path) -> str:
    """One of FORMATS, judged from the first bytes of the file."""
    path = Path(path)
    head = _read_bytes(path)[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head:
        raise _bad(path, "the file is empty")
    if head.startswith(b"<"):
        return "un"
    if head.startswith((b"{", b"[")):
        return "misp"
    first = next(csv.reader(io.StringIO(head.decode("latin-1"))), [])
    if len(first) == _OFAC_COLUMNS and first[0].strip().isdigit():
        return "ofac"
    if len(first) == 5 and first[2].strip().lower() in {"aka", "fka", "nka"}:
        raise _bad(path, "this is OFAC's alt.csv; pass sdn.csv, and keep alt.csv beside it for the aliases")
    raise _bad(path, "not a UN consolidated list (XML), an OFAC sdn.csv or a MISP galaxy (JSON)")


# ---------------------------------------------------------------- UN consolidated list


def read_un(path: str | Path, *, include_all: bool = False) -> Iterator[ReferenceEntry]:
    """Individuals and entities of the UN Security Council consolidated list."""
    path = Path(path)
    root = _parse_xml(path)
    if _tag(root) != "CONSOLIDATED_LIST":
        raise _bad(path, f"XML root is <{_tag(root)}>, expected <CONSOLIDATED_LIST> (UN consolidated list)")
    records = [(el, "person") for el in _children(root, "INDIVIDUALS", "INDIVIDUAL")]
    records += [(el, "group") for el in _children(root, "ENTITIES", "ENTITY")]
    if not records:
        raise _bad(path, "no <INDIVIDUAL> or <ENTITY> records found")
    return _un_entries(path, records, include_all)


def _un_entries(path: Path, records: list, include_all: bool) -> Iterator[ReferenceEntry]:
    for el, kind in records:
        entry = _un_entry(path, el, kind)
        list_type = _text(el, "UN_LIST_TYPE")
        if include_all or list_type in UN_LISTS:
            yield entry


def _un_entry(path: Path, el, kind: str) -> ReferenceEntry:
    ref = _text(el, "REFERENCE_NUMBER") or _text(el, "DATAID")
    if not ref:
        raise _bad(path, f"a <{_tag(el)}> has neither REFERENCE_NUMBER nor DATAID")
    parts = [_text(el, t) for t in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    raw_name = " ".join(p for p in parts if p)
    if not raw_name:
        raise _bad(path, f"record {ref} has no name")
    alias_tag = "INDIVIDUAL_ALIAS" if kind == "person" else "ENTITY_ALIAS"
    good, low = _split_alias(_text(el, "NAME_ORIGINAL_SCRIPT")), []
    for alias in _iter(el, alias_tag):
        target = low if _text(alias, "QUALITY") == "Low" else good
        target.extend(_split_alias(_text(alias, "ALIAS_NAME")))
    name, extra = _split_name(raw_name) if kind != "person" else (raw_name, [])
    note = f"UN list {_text(el, 'UN_LIST_TYPE')}; listed {_text(el, 'LISTED_ON') or 'unknown'}"
    if low:
        note += "; low-quality aliases: " + "; ".join(low)
    kind = _org_type(name) if kind == "group" else kind
    return ReferenceEntry(f"un:{ref}", "un", kind, name, _unique(name, extra + good + low), note)


# ---------------------------------------------------------------- OFAC SDN list


def read_ofac(path: str | Path, *, include_all: bool = False) -> Iterator[ReferenceEntry]:
    """Entries of OFAC's sdn.csv; aliases come from alt.csv in the same folder when present."""
    path = Path(path)
    rows = _ofac_rows(path, _OFAC_COLUMNS)
    alt_path = _sibling(path, "alt.csv")
    alt = _ofac_aliases(alt_path) if alt_path else None
    return _ofac_entries(path, rows, alt, include_all)


def _ofac_entries(path: Path, rows: list, alt: dict | None, include_all: bool) -> Iterator[ReferenceEntry]:
    for lineno, row in rows:
        ent_num, raw_name, sdn_type, programs_text = (c.strip() for c in row[:4])
        if not ent_num.isdigit():
            raise _bad(path, f"line {lineno}: ent_num {ent_num!r} is not a number")
        programs = [p.strip("[] ") for p in programs_text.split("] [") if p.strip("[] ")]
        if not include_all and not OFAC_PROGRAMS.intersection(programs):
            continue
        yield _ofac_entry(ent_num, raw_name, sdn_type, programs, row[11].strip(), alt)


def _ofac_entry(ent_num, raw_name, sdn_type, programs, remarks, alt) -> ReferenceEntry:
    person = sdn_type == "individual"
    names = alt.get(ent_num, []) if alt is not None else re.findall(r"[af]\.k\.a\. '([^']+)'", remarks)
    if person:
        name, aliases = _person_order(raw_name), [_person_order(n) for n in names]
    else:
        name, extra = _split_name(raw_name)
        aliases = extra + names
    note = "programs: " + ", ".join(programs)
    return ReferenceEntry(f"ofac:{ent_num}", "ofac", _ofac_type(sdn_type, name, programs),
                          name, _unique(name, aliases), note)


def _ofac_type(sdn_type: str, name: str, programs: list[str]) -> str:
    if sdn_type == "individual":
        return "person"
    if sdn_type in {"vessel", "aircraft"}:
        return "other"
    return "group" if "FTO" in programs else _org_type(name)


def _ofac_aliases(path: Path) -> dict[str, list[str]]:
    aliases: dict[str, list[str]] = {}
    for lineno, row in _ofac_rows(path, 5):
        ent_num = row[0].strip()
        if not ent_num.isdigit():
            raise _bad(path, f"line {lineno}: ent_num {ent_num!r} is not a number")
        if row[3].strip() not in ("", _NULL):
            aliases.setdefault(ent_num, []).append(row[3].strip())
    return aliases


def _ofac_rows(path: Path, width: int) -> list[tuple[int, list[str]]]:
    """Rows of an OFAC CSV with '-0-' blanked; the trailing DOS end-of-file byte is ignored."""
    text = _decode(path, _read_bytes(path)).rstrip("\x1a\r\n ")
    rows = []
    for lineno, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or row == ["\x1a"]:
            continue
        if len(row) != width:
            raise _bad(path, f"line {lineno} has {len(row)} columns, expected {width}; "
                             "use the unmodified file as published by OFAC")
        rows.append((lineno, ["" if c.strip() == _NULL else c for c in row]))
    if not rows:
        raise _bad(path, "no rows")
    return rows


def _person_order(name: str) -> str:
    """'AL-BADRI, Ibrahim' -> 'Ibrahim AL-BADRI', the order names take in prose."""
    last, sep, first = name.partition(", ")
    return f"{first.strip()} {last.strip()}" if sep and first.strip() else name.strip()


# ---------------------------------------------------------------- MISP galaxy


def read_misp(path: str | Path) -> Iterator[ReferenceEntry]:
    """Values of a MISP galaxy cluster file (threat actors, listed terrorist entities)."""
    path = Path(path)
    try:
        data = json.loads(_decode(path, _read_bytes(path)))
    except json.JSONDecodeError as exc:
        raise _bad(path, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise _bad(path, "not a MISP galaxy: expected an object with a 'values' list")
    galaxy = str(data.get("name") or data.get("type") or "MISP galaxy")
    return (_misp_entry(path, value, galaxy) for value in data["values"])


def _misp_entry(path: Path, value, galaxy: str) -> ReferenceEntry:
    if not isinstance(value, dict) or not str(value.get("value") or "").strip():
        raise _bad(path, f"a value has no 'value' name: {str(value)[:80]}")
    meta = value.get("meta") if isinstance(value.get("meta"), dict) else {}
    name, extra = _split_name(str(value["value"]).strip())
    synonyms = meta.get("synonyms") if isinstance(meta.get("synonyms"), list) else []
    aliases = extra + [str(s) for s in synonyms] + _summary_aliases(meta.get("summary"))
    ref = value.get("uuid") or meta.get("id") or name
    note = f"{galaxy}; published {meta['published']}" if meta.get("published") else galaxy
    kind = "person" if _misp_is_person(name, meta) else "group"
    return ReferenceEntry(f"misp:{ref}", "misp", kind, name, _unique(name, aliases), note)


def _misp_is_person(name: str, meta: dict) -> bool:
    """Galaxies of listed entities hold a few individuals; their description opens on a life, not a group."""
    content = str(meta.get("content") or "")
    first = re.split(r"(?<=[.!?])\s+", content, maxsplit=1)[0]
    opens_on_role = first.startswith(f"{name}, ") and re.match(
        r"(the )?(leader|founder|head|commander|emir)\b", first[len(name) + 2:])
    return bool(opens_on_role or re.search(r"\bborn (on|in)\b", first))


def _summary_aliases(summary) -> list[str]:
    """Aliases from a summary like 'A, B (b), C and D.'; 'N/A' gives none."""
    if not isinstance(summary, str) or summary.strip().upper() in {"", "N/A"}:
        return []
    items = _split_top_level(summary.strip().rstrip("."))
    if len(items) > 1 and " and " in items[-1]:
        items[-1:] = items[-1].split(" and ")
    return [re.sub(r"^and\s+", "", item).strip() for item in items if item.strip()]


def _split_top_level(text: str) -> list[str]:
    """Split on commas and semicolons that are not inside parentheses."""
    items, depth, current = [], 0, []
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch in ",;" and depth <= 0:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return [item.strip() for item in items]


# ---------------------------------------------------------------- shared helpers


def _split_name(name: str) -> tuple[str, list[str]]:
    """'ISLAMIC STATE ... - KHORASAN (ISIL-K)' -> the long name plus ['ISIL-K']; 'A / B' -> A plus [B]."""
    name = " ".join(name.split())
    extra: list[str] = []
    if " / " in name:
        name, *rest = [part.strip() for part in name.split(" / ")]
        extra += rest
    match = re.fullmatch(r"(.+?)\s*\(([^()]{2,15})\)", name)
    if match and " " not in match.group(2).strip():
        name, extra = match.group(1).strip(), [match.group(2).strip()] + extra
    return name, extra


def _split_alias(raw: str) -> list[str]:
    """An alias field; UN fields sometimes pack several as 'X (Y; Z)' or quote them."""
    raw = raw.replace("(original script)", "").strip().strip('"“”').strip()
    if not raw:
        return []
    if ";" not in raw:
        return [raw]
    return [p.strip(" ,") for p in re.split(r"[;()]", raw) if len(p.strip(" ,")) > 1]


def _unique(name: str, aliases: Iterable[str]) -> tuple[str, ...]:
    """Aliases in order, without repeats or the name itself; 'X (XY)' also gives XY."""
    seen = {name.casefold()}
    out = []
    for raw in aliases:
        long_form, extra = _split_name(re.sub(r"^the\s+", "", raw.strip()))
        for alias in [long_form, *extra]:
            if alias and alias.casefold() not in seen:
                seen.add(alias.casefold())
                out.append(alias)
    return tuple(out)


def _org_type(name: str) -> str:
    return "other" if _NON_ARMED.search(name) else "group"


def _parse_xml(path: Path):
    data = _read_bytes(path)
    try:
        if _SafeET is not None:
            return _SafeET.fromstring(data)
        if re.search(rb"<!(DOCTYPE|ENTITY)", data[:65536]):
            raise _bad(path, "unsafe XML refused: it declares a DTD (DOCTYPE or ENTITY), "
                             "which a UN list never does")
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise _bad(path, f"invalid XML: {exc}") from None
    except DefusedXmlException as exc:
        raise _bad(path, f"unsafe XML refused ({type(exc).__name__}); "
                         "a UN list has no DTD or entities") from None


def _tag(el) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _iter(el, name: str):
    return (child for child in el if _tag(child) == name)


def _children(root, group: str, item: str) -> list:
    return [el for parent in _iter(root, group) for el in _iter(parent, item)]


def _text(el, name: str) -> str:
    child = next(_iter(el, name), None)
    return " ".join((child.text or "").split()) if child is not None else ""


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _bad(path, f"cannot be read: {exc.strerror or exc}") from None


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _sibling(path: Path, name: str) -> Path | None:
    return next((p for p in path.parent.iterdir() if p.name.lower() == name), None)


def _bad(path: Path, what: str) -> BadReferenceFile:
    return BadReferenceFile(f"{path}: {what}.")


# ---------------------------------------------------------------- Phoenix / PETRARCH-2 dictionaries


@dataclass(frozen=True)
class PhoenixEntry:
    """One actor of a Phoenix (PETRARCH-2 / TABARI) dictionary, names as the file spells them."""

    name: str                    # 'TEHRIK-E_TALIBAN_PAKISTAN_', as written
    aliases: tuple[str, ...]     # the '+' lines, as written
    codes: tuple[str, ...]       # 'AFGREB', 'PAKELI 350101-690325', ...
    comment: str
    line: int                    # where the entry starts (1-based)


_PHOENIX_CODE = re.compile(r"\[([^\]]*)\]")


def read_phoenix(path: str | Path) -> list[PhoenixEntry]:
    """Actors of a Phoenix .actors.txt file: 'NAME [CODE] # comment' then '+ALIAS' lines and '\\t[CODE]' lines."""
    path = Path(path)
    entries: list[PhoenixEntry] = []
    current: dict | None = None
    for lineno, raw in enumerate(_decode(path, _read_bytes(path)).splitlines(), start=1):
        body, _, comment = raw.partition("#")
        if not body.strip():
            continue
        codes = [c.strip() for c in _PHOENIX_CODE.findall(body) if c.strip()]
        words = _PHOENIX_CODE.sub(" ", body).strip()
        if raw[:1] in (" ", "\t") and current is not None and not words:
            current["codes"] += codes
        elif words.startswith("+") and current is not None:
            current["aliases"] += [a.strip() for a in words.split("+") if a.strip()]
            current["codes"] += codes
        elif not raw.startswith(("!", "+")) and words:
            current = {"name": words, "aliases": [], "codes": codes, "comment": comment.strip(), "line": lineno}
            entries.append(current)
    return [PhoenixEntry(e["name"], tuple(e["aliases"]), tuple(e["codes"]), e["comment"], e["line"]) for e in entries]


def phoenix_name(raw: str) -> tuple[str, list[str]]:
    """'LASHKAR-E-TAIBA_(LET)_' -> ('LASHKAR-E-TAIBA', ['LET']): underscores to spaces, a bracketed short form apart."""
    name = " ".join(raw.replace("_", " ").replace("/", " ").split())
    return _split_name(name)
