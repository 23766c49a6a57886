"""Write PDFs by hand (no PDF library): text pages for benchmarks and tests, and a decompression bomb.

`pdf(pages)` lays each page's lines out in Helvetica with one text-showing operator per line, the way
report PDFs come out of word processors, so pypdf extracts one line of text per printed line.
"""

from __future__ import annotations

import io
import zlib

LINES_PER_PAGE = 46


def pdf(pages: list[list[str]], compress: bool = True) -> bytes:
    """A PDF with one page per list of lines."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        content = _content(lines)
        if compress:
            content = zlib.compress(content)
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(content), b" /Filter /FlateDecode" if compress else b"")
                       + content + b"\nendstream")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R"
                       b" /Resources << /Font << /F1 3 0 R >> >> >>" % len(objects))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    return _assemble(objects)


def pdf_bomb(megabytes: int) -> bytes:
    """A one-page PDF whose content stream inflates from kilobytes to `megabytes` MB of text operators."""
    stream = zlib.compress(b"BT (x) Tj ET\n" * (megabytes * 1024 * 1024 // 13), 9)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R"
               b" /Resources << /Font << /F1 3 0 R >> >> >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    return _assemble(objects)


def _content(lines: list[str]) -> bytes:
    out = [b"BT /F1 11 Tf 14 TL 56 740 Td"]
    for line in lines:
        text = line.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        out.append(b"(" + text + b") Tj T*")
    out.append(b"ET")
    return b"\n".join(out)


def _assemble(objects: list[bytes]) -> bytes:
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.writelines(b"%010d 00000 n \n" % o for o in offsets)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
