"""The JSON API and pages over a real SQLite KB of synthetic records (no NLP needed)."""

from __future__ import annotations

import json
import re
import warnings

import pytest
from click.testing import CliRunner

warnings.filterwarnings("ignore", message=".*httpx.*")
from fastapi.testclient import TestClient  # noqa: E402

from actorgraph.analyze import views  # noqa: E402
from actorgraph.cli import main  # noqa: E402
from actorgraph.serve import Tokens, create_app, data, synth  # noqa: E402
from actorgraph.serve.app import AssetsMissing  # noqa: E402
from actorgraph.serve.highlight import segments  # noqa: E402
from actorgraph.store import open_store  # noqa: E402

PAYLOAD = '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">x</a>'


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "kb.sqlite"
    store = open_store(path)
    synth.build(store, 60, n_groups=6, names={1: PAYLOAD})
    store.close()
    return str(path)


@pytest.fixture(scope="module")
def client(kb):
    return TestClient(create_app(kb), base_url="http://127.0.0.1", raise_server_exceptions=False)


def assert_error(response, status: int, code: str | None = None):
    body = response.json()
    assert response.status_code == status
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "status"}
    assert re.fullmatch(r"AG\d{3}", body["error"]["code"]) and body["error"]["status"] == status
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code


def test_error_shape_unknown_entity_is_404(client):
    assert_error(client.get("/api/entities/no-such-group-anywhere"), 404, "AG040")


@pytest.mark.parametrize("path", ["/api/relations?type=bogus", "/api/network?as_of=yesterday",
                                  "/api/events?from=03/2020", "/api/evidence/notanumber", "/api/search"])
def test_error_shape_bad_parameter_is_400(client, path):
    assert_error(client.get(path), 400, "AG042")


def test_error_shape_missing_token_is_401(kb):
    guarded = TestClient(create_app(kb, Tokens(read=("r-token",))), base_url="http://127.0.0.1", raise_server_exceptions=False)
    response = guarded.get("/api/entities")
    assert_error(response, 401, "AG070")
    assert response.headers["www-authenticate"] == "Bearer"


def test_error_shape_internal_error_is_500(client, monkeypatch):
    def broken(store, entity_id):
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "entity_profile", broken)
    assert_error(client.get("/api/entities/synth_group_0"), 500, "AG099")


def test_unknown_route_has_the_same_shape(client):
    assert_error(client.get("/api/nothing-here"), 404)


def test_profile_api_is_the_data_function(client, kb):
    body = client.get("/api/entities/synth_group_0").json()
    store = open_store(kb)
    assert body == json.loads(json.dumps(data.profile(store, "synth_group_0")))
    assert body == json.loads(json.dumps(views.entity_profile(store, "synth_group_0")))
    assert body["leaders"] and body["leaders"][0]["start"]
    assert body["claims"] and body["events"]


def test_profile_by_alias_and_page(client):
    assert client.get("/api/entities/SF0").json()["entity"]["id"] == "synth_group_0"
    page = client.get("/entities/synth_group_0").text
    for text in ("Synth Front 0", "SF0", "Leader Number 0", 'id="claims-chart"', "#ev-0-"):
        assert text in page


def test_every_endpoint_answers(client):
    doc = client.get("/api/documents").json()["documents"][0]["id"]
    for path in ["/api/search?q=Synth", "/api/entities", "/api/relations?entity=synth_group_0&type=leader_of",
                 "/api/relations?as_of=2019", "/api/events?actor=synth_group_0&from=2015&to=2023",
                 "/api/claims?subject=synth_group_0&attribute=fighters", "/api/conflicts", f"/api/documents/{doc}",
                 "/api/evidence/1", "/api/network?center=synth_group_0&type=hostile_to&as_of=2020", "/api/map",
                 "/openapi.json"]:
        assert client.get(path).status_code == 200, path
    spec = client.get("/openapi.json").json()
    for path in ["/api/search", "/api/entities", "/api/entities/{id_or_name}", "/api/relations", "/api/events",
                 "/api/claims", "/api/conflicts", "/api/documents", "/api/documents/{doc_id}",
                 "/api/evidence/{evidence_id}", "/api/network"]:
        assert path in spec["paths"]


def test_network_filters_by_type(client):
    graph = client.get("/api/network?type=hostile_to").json()
    assert graph["edges"] and {e["type"] for e in graph["edges"]} == {"hostile_to"}
    assert all(0 <= n["centrality"] <= 1 for n in graph["nodes"])


def test_pages_render_with_strict_csp_and_no_inline_script(client):
    doc = client.get("/api/documents").json()["documents"][0]["id"]
    for path in ["/", "/?q=Synth+Frnt", "/entities", "/entities/synth_group_1", "/network", "/timeline", "/map",
                 "/conflicts", "/documents", f"/documents/{doc}"]:
        response = client.get(path)
        assert response.status_code == 200, path
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        for tag in re.findall(r"<script\b[^>]*>", response.text):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)


def test_untrusted_text_is_inert_in_pages(client):
    page = client.get("/entities/synth_group_1").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript:' not in page
    doc = next(d["id"] for d in client.get("/api/documents").json()["documents"] if "&lt;" not in d["title"]
               and "<script>" in d["title"])
    page = client.get(f"/documents/{doc}").text
    assert "<script>alert" not in page and "<img src=x" not in page and 'href="javascript:' not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_json_blocks_cannot_close_their_script(client):
    page = client.get("/entities/synth_group_1").text
    block = re.search(r'<script type="application/json" id="claims-data">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block
    assert json.loads(block)


def test_tokens_read_and_admin(kb, tmp_path):
    path = tmp_path / "kb.sqlite"
    path.write_bytes(open(kb, "rb").read())
    app = create_app(str(path), Tokens(read=("reader",), admin=("boss",)))
    c = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    read, admin = {"Authorization": "Bearer reader"}, {"Authorization": "Bearer boss"}
    assert c.get("/api/entities", headers=read).status_code == 200
    assert_error(c.get("/api/entities", headers={"Authorization": "Bearer wrong"}), 401)
    merge = {"keep": "synth_group_2", "absorb": "synth_group_3", "note": "test"}
    assert_error(c.post("/api/entities/merge", json=merge, headers=read), 403, "AG071")
    response = c.post("/api/entities/merge", json=merge, headers=admin)
    assert response.status_code == 200 and response.json()["absorbed"] == "synth_group_3"
    assert c.get("/api/entities/synth_group_3", headers=read).json()["entity"]["id"] == "synth_group_2"
    assert c.get("/entities").status_code == 401  # a page without a token shows the sign-in form
    c.post("/login", data={"token": "reader"})
    assert c.get("/entities").status_code == 200


def test_open_server_refuses_state_changes(client):
    assert_error(client.post("/api/entities/merge", json={"keep": "a", "absorb": "b"}), 403, "AG071")


def test_missing_node_modules_names_the_command(kb, tmp_path):
    with pytest.raises(AssetsMissing, match="npm ci --no-audit --no-fund"):
        create_app(kb, node_modules=tmp_path / "node_modules")


def test_serve_get_prints_one_response(kb):
    result = CliRunner().invoke(main, ["serve", "--db", kb, "--get", "/api/entities/synth_group_0"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["entity"]["name"] == "Synth Front 0"
    result = CliRunner().invoke(main, ["serve", "--db", kb, "--get", "/api/entities/nobody-at-all"])
    assert result.exit_code == 1
    assert json.loads(result.output)["error"]["status"] == 404


def test_segments_cover_the_text_and_mark_spans():
    text = "A <b> B"
    pieces = segments(text, [{"start": 2, "end": 5, "entity_id": "x", "type": "group"}],
                      [{"start": 0, "end": 7, "facts": [1]}])
    assert "".join(p["text"] for p in pieces) == text
    assert pieces[0]["anchors"] == ["ev-0-7"] and pieces[1]["mention"]["entity_id"] == "x"
    assert pieces[-1]["closes"] == [1]
