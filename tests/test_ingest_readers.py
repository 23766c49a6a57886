"""Reading files of every format and encoding into Documents; bad files fail with their name."""

import pytest

from actorgraph.errors import BadInput
from actorgraph.ingest import expand_sources, read_document

REPORT = ("Militants Attack Border Post\n\nBy Jane Doe\n\nAt least 12 soldiers were killed on 4 May 2021 when "
          "militants attacked a border post, officials said.\n\nSource: Example Wire\n")


def test_txt_with_metadata_and_where_it_was_found(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text(REPORT + "\nThis article was originally published on May 5, 2021.\n", encoding="utf-8")
    doc = read_document(f)
    meta = {m.name: m for m in doc.meta}
    assert meta["title"].value == "Militants Attack Border Post"
    assert meta["author"].value == "Jane Doe" and meta["author"].source == "text:byline"
    assert meta["outlet"].value == "Example Wire"
    assert meta["published"].value == "2021-05-05"
    assert doc.text[meta["author"].start:meta["author"].end] == "Jane Doe"


def test_latin1_and_utf16_are_decoded(tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Attaque à Kidal: le groupe a revendiqué l'opération près de la frontière malienne.".encode("latin-1"))
    assert "revendiqué" in read_document(latin).text
    utf16 = tmp_path / "utf16.txt"
    utf16.write_text(REPORT, encoding="utf-16")
    assert "border post" in read_document(utf16).text


@pytest.mark.parametrize("name,content,message", [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"   \n\n ", "empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
    ("archive.zip", b"PK\x03\x04", "unsupported"),
])
def test_bad_files_name_themselves(tmp_path, name, content, message):
    f = tmp_path / name
    f.write_bytes(content)
    with pytest.raises(BadInput) as err:
        read_document(f)
    assert name in str(err.value) and message.lower() in str(err.value).lower()
    assert str(err.value).startswith("[AG020]")


def test_html_main_text_without_scripts(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("""<html><head><title>Raid on the Camp</title><meta property="og:site_name" content="Example News">
    <meta name="author" content="Sam Roe"><meta property="article:published_time" content="2020-08-03"></head>
    <body><nav>Home | World | Sport</nav><script>alert('x')</script><article><h1>Raid on the Camp</h1>
    <p>Gunmen stormed the camp on Sunday night and freed dozens of prisoners, according to local officials who
    spoke to reporters on Monday morning after the attack had ended.</p>
    <p>The group later claimed responsibility in a statement posted online, saying its fighters had planned
    the assault for months.</p></article><footer>Copyright 2020</footer></body></html>""", encoding="utf-8")
    doc = read_document(f)
    assert "Gunmen stormed the camp" in doc.text
    assert "alert" not in doc.text and "Home | World" not in doc.text
    assert doc.meta_value("outlet") == "Example News"
    assert doc.meta_value("published") == "2020-08-03"


def test_pdf_text_is_read(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    from pypdf.generic import DictionaryObject, NameObject, StreamObject

    writer = pypdf.PdfWriter()
    page = writer.add_blank_page(width=400, height=200)
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    stream = StreamObject()
    stream.set_data(b"BT /F1 12 Tf 20 100 Td (Militants attacked the border post near the river crossing.) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    f = tmp_path / "report.pdf"
    with open(f, "wb") as out:
        writer.write(out)
    assert "border post" in read_document(f).text


def test_sources_expand_directories_globs_and_report_missing(tmp_path):
    (tmp_path / "a.txt").write_text(REPORT)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text(REPORT)
    (tmp_path / "README.md").write_text("not a report")
    files, problems = expand_sources([str(tmp_path), str(tmp_path / "*.txt"), str(tmp_path / "nothing-*.txt")])
    assert sorted(f.name for f in files) == ["a.txt", "b.md"]
    assert problems and "nothing-" in problems[0]
