"""The dossier: sections from the knowledge base, numbered citations, escaped document text, PDF and a browser look."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from actorgraph import settings
from actorgraph.analyze import views
from actorgraph.cli import main
from actorgraph.export.report import _figure, dossier, render
from test_export_kb import seed_kb, small_kb  # noqa: F401

ARTIFACTS = settings.REPO_ROOT / "test-artifacts"


def claim_figures(html: str) -> list[str]:
    table = html.split('<table class="claims">', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<td class="num">([^<]*)</td>', table)


def test_html_sections_citations_and_escaping(small_kb):
    html = render(dossier(small_kb, "ISKP"), "html")
    for heading in ("Names and aliases", "Origins and lineage", "Leadership timeline", "Affiliates, allies and rivals",
                    "Events", "Strength estimates", "Points of disagreement", "Sources"):
        assert heading in html
    assert "<script" not in html and "<b>1</b>" not in html
    assert "ISKP at war &lt;b&gt;1&lt;/b&gt;" in html
    assert html.count("<svg") == 2 and "<script" not in html
    assert re.search(r'<li value="1">Counting IS-K', html)     # numbered in order of first citation


def test_claim_figures_match_views_claims(small_kb):
    html = render(dossier(small_kb, "ISKP"), "html")
    expected = [_figure(c["low"], c["high"]) for c in views.claims(small_kb, subject_id="iskp")]
    assert claim_figures(html) == expected == ["1,500", "3,000–4,000"]


def test_markdown_escapes_document_text(small_kb):
    md = render(dossier(small_kb, "ISKP"), "md")
    assert md.startswith("# Islamic State Khorasan Province")
    assert "| Hafiz Saeed Khan | 2015-01 | 2016-07 | killed |" in md
    assert "&lt;b&gt;" in md and "<b>" not in md


def test_pdf_renders_pages(small_kb, tmp_path):
    pytest.importorskip("weasyprint")
    pdf = render(dossier(small_kb, "ISKP"), "pdf")
    assert pdf.startswith(b"%PDF")
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (Debian poppler-utils) is not installed")
    (tmp_path / "d.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / "d.pdf"), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page*.png"))) >= 2


def test_cli_report(small_kb, tmp_path):
    out = tmp_path / "iskp.html"
    result = CliRunner().invoke(main, ["report", "ISKP", "--format", "html", "--db", small_kb.path, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Leadership timeline" in out.read_text()
    missing = CliRunner().invoke(main, ["report", "Nobody", "--db", small_kb.path])
    assert missing.exit_code == 1 and "AG040" in missing.output


@pytest.mark.seeds
@pytest.mark.model
def test_seed_report_numbers_match_claims(seed_kb):
    data = dossier(seed_kb, "ISKP")
    html = render(data, "html")
    expected = [_figure(c["low"], c["high"]) for c in views.claims(seed_kb, subject_id=data["entity"]["id"])]
    if expected:
        assert claim_figures(html) == expected
    assert len(data["names"]) >= 8


@pytest.mark.seeds
@pytest.mark.model
@pytest.mark.browser
def test_seed_report_renders_in_chromium(seed_kb, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    page = tmp_path / "report-iskp.html"
    page.write_text(render(dossier(seed_kb, "ISKP"), "html"), encoding="utf-8")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-iskp.png"
    shot.unlink(missing_ok=True)
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    f"--screenshot={shot}", "--window-size=1200,3000", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    assert shot.stat().st_size > 20_000
