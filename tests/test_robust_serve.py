"""Issue 14, serving side: bounded requests and answers, pages on every list, Host allow-list, token hygiene."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import warnings

import pytest
from click.testing import CliRunner

warnings.filterwarnings("ignore", message=".*httpx.*")
from fastapi.testclient import TestClient  # noqa: E402

from actorgraph.analyze import views  # noqa: E402
from actorgraph.cli import main  # noqa: E402
from actorgraph.errors import BadInput  # noqa: E402
from actorgraph.export import export_to  # noqa: E402
from actorgraph.ingest.stix_import import read_bundle  # noqa: E402
from actorgraph.serve import Tokens, create_app, synth  # noqa: E402
from actorgraph.serve.run import OpenToTheNetwork, serve  # noqa: E402
from actorgraph.store import open_store  # noqa: E402
from support import REPO  # noqa: E402

FORMULA = "=cmd|' /C calc'!A0"


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    path = tmp_path_factory.mktemp("robust-serve") / "kb.sqlite"
    with open_store(path) as store:
        synth.build(store, 300, n_groups=4, names={1: FORMULA})
    return str(path)


@pytest.fixture(scope="module")
def client(kb):
    return TestClient(create_app(kb, pages=False), base_url="http://127.0.0.1", raise_server_exceptions=False)


def strict_json(response):
    def refuse(name):
        raise ValueError(f"{name} is not JSON")

    return json.loads(response.text, parse_constant=refuse)


# -- bounded requests --------------------------------------------------------------------------------
@pytest.mark.parametrize("path,status", [
    ("/api/evidence/99999999999999999999999", 400),
    ("/api/search?q=x%00y", 400),
    ("/api/entities/a%00b", 400),
    ("/api/relations?as_of=2021-99-99", 400),
    ("/api/events?from=2021-02-30", 400),
    ("/api/search?q=" + "a" * 3000, 400),
    ("/api/search?q=" + "a" * 60000, 414),
    ("/api/entities?limit=100000", 400),
    ("/api/events?" + "&".join(f"x{n}=1" for n in range(1200)), 414),
])
def test_hostile_parameters_are_client_errors(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    assert set(response.json()["error"]) == {"code", "message", "status"}


def test_real_dates_are_accepted(client):
    assert client.get("/api/relations?as_of=2020-02-29").status_code == 200
    assert client.get("/api/events?from=2019&to=2020-12").status_code == 200


def test_a_query_past_its_deadline_is_a_503_not_a_busy_worker(kb, monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_REQUEST_SECONDS", "0")
    slow = TestClient(create_app(kb, pages=False), base_url="http://127.0.0.1", raise_server_exceptions=False)
    response = slow.get("/api/relations")
    assert response.status_code == 503 and response.json()["error"]["code"] == "AG076"


# -- pages on every list -------------------------------------------------------------------------------
@pytest.mark.parametrize("path,key", [("/api/relations", "relations"), ("/api/events", "events"),
                                      ("/api/claims", "claims"), ("/api/documents", "documents"),
                                      ("/api/entities", "entities"), ("/api/conflicts", "conflicts"),
                                      ("/api/map", "events")])
def test_every_list_pages(client, path, key):
    first = client.get(f"{path}?limit=7").json()
    assert len(first[key]) <= 7 and first["limit"] == 7 and first["offset"] == 0
    assert first["total"] >= len(first[key])
    if first["total"] > 7:
        second = client.get(first["next"]).json()
        assert second["offset"] == 7 and second[key] and second[key][0] != first[key][0]
    else:
        assert first["next"] is None


def test_pages_walk_the_whole_list_in_order(client, kb):
    seen, url = [], "/api/events?limit=100"
    while url:
        body = client.get(url).json()
        seen += [e["id"] for e in body["events"]]
        url = body["next"]
    with open_store(kb) as store:
        assert seen == [e["id"] for e in views.timeline(store)]


def test_a_profile_holds_at_most_its_limit_and_says_how_many(kb):
    with open_store(kb) as store:
        profile = views.entity_profile(store, "synth_place_0", limit=10)
        assert len(profile["events"]) == 10 and profile["totals"]["events"] == len(views.timeline(store, "synth_place_0"))
        assert len(profile["documents"]) == 10 and profile["totals"]["documents"] > 10
        assert sum(len(rows) for rows in profile["relations"].values()) <= 10


def test_the_network_returns_at_most_limit_edges(client):
    body = client.get("/api/network?limit=5").json()
    assert len(body["edges"]) == 5 and body["total_edges"] > 5
    assert {e["source"] for e in body["edges"]} | {e["target"] for e in body["edges"]} <= {n["id"] for n in body["nodes"]}


# -- the Host header, tokens, the bind address ------------------------------------------------------
@pytest.mark.parametrize("host,status", [("127.0.0.1:8000", 200), ("localhost", 200), ("[::1]:8000", 200),
                                         ("evil.example", 400), ("127.0.0.1.evil.example", 400)])
def test_only_allowed_host_names_are_answered(client, host, status):
    response = client.get("/api/entities", headers={"Host": host})
    assert response.status_code == status
    if status == 400:
        assert response.json()["error"]["code"] == "AG074"


def test_more_host_names_can_be_allowed(kb):
    named = TestClient(create_app(kb, pages=False, hosts=["kb.internal"]), base_url="http://kb.internal")
    assert named.get("/api/entities").status_code == 200


def test_wrong_tokens_are_rate_limited_even_when_the_next_guess_is_right(kb):
    app = create_app(kb, Tokens(read=("the-right-token",)), pages=False)
    guarded = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    statuses = [guarded.get("/api/entities", headers={"Authorization": f"Bearer guess-{n}"}).status_code
                for n in range(10)]
    assert statuses == [401] * 10
    right = guarded.get("/api/entities", headers={"Authorization": "Bearer the-right-token"})
    assert right.status_code == 429 and int(right.headers["retry-after"]) > 0


def test_login_is_rate_limited(kb):
    app = create_app(kb, Tokens(read=("the-right-token",)))
    browser = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False, follow_redirects=False)
    statuses = [browser.post("/login", data={"token": f"guess-{n}"}).status_code for n in range(12)]
    assert statuses[:10] == [401] * 10 and statuses[10:] == [429, 429]
    assert browser.post("/login", data={"token": "the-right-token"}).status_code == 429


def test_a_huge_login_form_is_refused(kb):
    app = create_app(kb, Tokens(read=("t",)))
    browser = TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    assert browser.post("/login", content=b"token=" + b"x" * 100_000).status_code == 413


def test_a_public_bind_without_a_token_is_refused(kb):
    with pytest.raises(OpenToTheNetwork, match="without a token"):
        serve(kb, host="0.0.0.0", port=0)


def test_a_token_on_the_command_line_is_refused(kb):
    result = CliRunner().invoke(main, ["serve", "--db", kb, "--token", "visible-in-ps"])
    assert result.exit_code == 2 and "process list" in result.output


def test_serve_get_prints_no_warning(kb):
    result = subprocess.run([sys.executable, "-m", "actorgraph.cli", "serve", "--db", kb, "--get", "/api/entities?limit=2"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0 and result.stderr == ""
    assert len(json.loads(result.stdout)["entities"]) == 2


# -- CSV cells and non-finite numbers ---------------------------------------------------------------
def test_csv_cells_that_look_like_formulas_are_neutralised(kb):
    with open_store(kb) as store:
        text, _ = export_to("csv", store, table="relations")
    assert FORMULA in text and "," + FORMULA not in text and "'" + FORMULA in text
    assert "\n=" not in text and ",=" not in text


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_stix_import_refuses_non_finite_numbers(tmp_path, value):
    bundle = tmp_path / "bundle.json"
    bundle.write_text('{"type": "bundle", "id": "bundle--1", "objects": [{"type": "location", "id": "location--1", '
                      f'"name": "Nowhere", "latitude": {value}, "longitude": 10.5}}]}}')
    with pytest.raises(BadInput, match="bundle.json"):
        read_bundle(bundle)


def test_stix_coordinates_off_the_globe_are_dropped(tmp_path):
    bundle = tmp_path / "bundle.json"
    bundle.write_text(json.dumps({"type": "bundle", "id": "bundle--1", "objects": [
        {"type": "location", "id": "location--1", "name": "Nowhere", "latitude": 999, "longitude": 10.5}]}))
    [entity] = read_bundle(bundle).entities
    assert "lat" not in entity.attrs


def test_nan_left_in_an_old_kb_never_reaches_json(tmp_path):
    db = tmp_path / "old.sqlite"
    with open_store(db) as store:
        synth.build(store, 20, n_groups=2)
    with sqlite3.connect(db) as raw:   # as an older version, which stored whatever the bundle held
        raw.execute("""UPDATE entities SET attrs = '{"lat": NaN, "lon": Infinity, "kind": "city"}'
                       WHERE id = 'synth_place_0'""")
    local = TestClient(create_app(str(db), pages=False), base_url="http://127.0.0.1")
    for path in ("/api/map", "/api/entities/synth_place_0", "/api/events"):
        response = local.get(path)
        assert response.status_code == 200 and strict_json(response)
    assert "synth_place_0" not in {p["id"] for p in strict_json(local.get("/api/map"))["places"]}


@pytest.mark.fault
def test_schemathesis_finds_no_server_error():
    """bench/schema.py in small: generated requests against every operation of the OpenAPI schema."""
    result = subprocess.run([sys.executable, str(REPO / "bench" / "schema.py"), "--examples", "40", "--docs", "60"],
                            capture_output=True, text=True, cwd=REPO, timeout=600)
    assert result.returncode == 0 and "server errors: 0" in result.stdout, result.stdout + result.stderr


def test_a_kept_answer_never_outlives_a_commit_by_another_process(tmp_path):
    db = tmp_path / "kb.sqlite"
    with open_store(db) as store:
        synth.build(store, 20, n_groups=3)
    local = TestClient(create_app(str(db), pages=False), base_url="http://127.0.0.1")
    before = local.get("/api/entities?type=group").json()["entities"]
    assert local.get("/api/entities?type=group").json()["entities"] == before   # kept
    with open_store(db) as other:   # another process merges two groups
        other.merge_entities("synth_group_0", "synth_group_1")
    after = local.get("/api/entities?type=group").json()["entities"]
    assert len(after) == len(before) - 1 and "synth_group_1" not in {e["id"] for e in after}


def test_serve_get_works_inside_a_running_event_loop(kb):
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from actorgraph.serve.run import get_json

    async def inside():
        return get_json(kb, "/api/entities?limit=1")

    with ThreadPoolExecutor(1) as thread:   # a thread of its own: the browser tests may hold this thread's loop
        status, text = thread.submit(asyncio.run, inside()).result()
    assert status == 200 and len(json.loads(text)["entities"]) == 1
