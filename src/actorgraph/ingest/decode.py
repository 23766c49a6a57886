"""Bytes from the web into text: reject binaries, detect the encoding, say which file failed."""

from __future__ import annotations

import codecs
import re

from ..errors import BadInput

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UNIT = {"utf-32-le": 4, "utf-32-be": 4, "utf-16-le": 2, "utf-16-be": 2}
_TEXT_CONTROLS = {9, 10, 12, 13}
# a UTF-8 sequence of two to four bytes: proof that the writer meant UTF-8
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


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
            text = _with_bom(data[len(bom):], encoding)
            if text is not None:
                return text, encoding
            data = data[len(bom):]   # a BOM the bytes after it contradict: judge those bytes alone
            break
    if not data.strip():
        raise BadInput(f"{name}: the file is empty. Remove it or give it a report's text.")
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    if looks_binary(data):
        raise BadInput(f"{name}: this looks like a binary file, not a report. Convert it to .txt, .html or .pdf first.")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            raise BadInput(f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}) although "
                           "the rest is UTF-8. Repair or re-save the file as UTF-8.") from exc
    return _detected(data, name)


def _with_bom(body: bytes, encoding: str) -> str | None:
    """The text after a BOM; a last code unit cut short is dropped; None when the bytes are not that encoding."""
    unit = _UNIT.get(encoding, 1)
    body = body[: len(body) - len(body) % unit]
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        return None


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) for UTF-16 text without a BOM (NULs in every other byte, text in the rest), else None."""
    data = data[: len(data) - len(data) % 2]
    head = data[:8192]
    if len(head) < 8:
        return None
    for encoding, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if zeros.count(0) / len(zeros) > 0.9:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            sample = text[:4096]
            controls = sum(1 for ch in sample if ord(ch) < 32 and ord(ch) not in _TEXT_CONTROLS)
            return (text, encoding) if controls <= len(sample) * 0.05 else None
    return None


def _detected(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise BadInput(f"{name}: cannot tell the text encoding. Re-save the file as UTF-8.")
    text = str(best)
    if sum(ch == "\ufffd" for ch in text) > max(3, len(text) // 200):
        raise BadInput(f"{name}: the text does not decode cleanly as {best.encoding}. Re-save the file as UTF-8.")
    return text, best.encoding
