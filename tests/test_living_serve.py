"""Review from the web (admin token), rejected facts left out of pages and API, and /changes as a page,
an API answer and an Atom feed."""

import warnings
from xml.etree import ElementTree

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")
from fastapi.testclient import TestClient  # noqa: E402

from actorgraph.pipeline import run  # noqa: E402
from actorgraph.serve import Tokens, create_app  # noqa: E402
from actorgraph.store import open_store  # noqa: E402

from living_support import BORDER, LATER  # noqa: E402

pytestmark = pytest.mark.model
ADMIN = {"Authorization": "Bearer admin-secret"}
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def kb(tmp_path_factory, real_nlp):
    folder = tmp_path_factory.mktemp("living-serve")
    db = folder / "kb.sqlite"
    with open_store(db) as store:
        for name, text in (("border", BORDER), ("later", LATER)):   # two runs, one report each
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
            run([str(folder / f"{name}.txt")], store, nlp=real_nlp, progress=False)
    return str(db)


@pytest.fixture
def client(kb):
    return TestClient(create_app(kb, tokens=Tokens(read=("reader",), admin=("admin-secret",))),
                      base_url="http://127.0.0.1", raise_server_exceptions=False, headers={"Authorization": "Bearer reader"})


def test_review_needs_the_admin_token_and_hides_the_fact(client):
    profile = client.get("/api/entities/ISKP").json()
    claim = next(c for c in profile["claims"] if c["low"] == 1500)
    refused = client.post(f"/api/facts/{claim['fact']}/review", json={"verdict": "rejected"})
    assert refused.status_code == 403
    done = client.post(f"/api/facts/{claim['fact']}/review", json={"verdict": "rejected", "note": "misread"},
                       headers=ADMIN)
    assert done.status_code == 200 and done.json()["review"] == "rejected"
    assert claim["fact"] not in {c["fact"] for c in client.get("/api/entities/ISKP").json()["claims"]}
    shown = client.get("/api/entities/ISKP?include_rejected=true").json()["claims"]
    assert next(c for c in shown if c["fact"] == claim["fact"])["review"] == "rejected"
    page = client.get("/entities/ISKP?include_rejected=true").text
    assert f'data-fact="{claim["fact"]}"' in page and "verdict-rejected" in page and "/static/review.js" in page
    assert client.get(f"/api/facts/{claim['fact']}").json()["review"]["note"] == "misread"
    back = client.post(f"/api/facts/{claim['fact']}/review", json={"verdict": "accepted"}, headers=ADMIN)
    assert back.status_code == 200
    assert claim["fact"] in {c["fact"] for c in client.get("/api/entities/ISKP").json()["claims"]}
    assert client.get("/api/facts/relation:99999").status_code == 404


def test_document_page_offers_review_of_each_fact(client):
    doc = next(d for d in client.get("/api/documents").json()["documents"] if d["path"].endswith("border.txt"))
    page = client.get(f"/documents/{doc['id']}").text
    facts = client.get(f"/api/documents/{doc['id']}").json()["facts"]
    assert facts and all(f'data-fact="{f["fact"]}"' in page for f in facts)


def test_changes_page_api_and_atom_feed(client):
    api = client.get("/api/changes?since=1").json()
    assert [c["attribute"] for c in api["new_conflicts"]] == ["fighters"]
    assert api["moved_figures"][0]["after"]["high"] == 4000
    page = client.get("/changes?since=1")
    assert page.status_code == 200 and "4,000 fighters" in page.text
    feed = client.get("/changes.atom?since=1")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(feed.content)
    titles = [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]
    assert titles[0].startswith("New conflict:") and any("4,000" in (e.findtext(f"{ATOM}content") or "")
                                                         for e in root.iter(f"{ATOM}entry"))
    assert client.get("/changes.atom?since=2").status_code == 200
    watched = client.get("/api/changes?since=1&watch=TTP").json()
    assert watched["new_conflicts"] == [] and watched["new_facts"] == []
