"""Bytes from the web into text: reject binaries, detect the encoding, say which file failed."""

from __future__ import annotations

import codecs

from ..errors import BadInput

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_TEXT_CONTROLS = {9, 10, 12, 13}


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB: an image, archive or executable."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in _TEXT_CONTROLS)
    return bool(head) and controls / len(head) > 0.05


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding). Raises BadInput naming the file when it is empty, binary or undecodable."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding), encoding
    if not data.strip():
        raise BadInput(f"{name}: the file is empty. Remove it or give it a report's text.")
    if looks_binary(data):
        raise BadInput(f"{name}: this looks like a binary file, not a report. Convert it to .txt, .html or .pdf first.")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise BadInput(f"{name}: cannot tell the text encoding. Re-save the file as UTF-8.")
    text = str(best)
    if sum(ch == "\ufffd" for ch in text) > max(3, len(text) // 200):
        raise BadInput(f"{name}: the text does not decode cleanly as {best.encoding}. Re-save the file as UTF-8.")
    return text, best.encoding
