"""kill -9 in the middle of `reprocess` and of a `watch` poll leaves a consistent knowledge base that the
next run completes, with the same content as a run that was never interrupted."""

import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from actorgraph.analyze.verify import verify_evidence
from actorgraph.pipeline import run
from actorgraph.reprocess import reprocess
from actorgraph.store import open_store
from actorgraph.ingest.fetch import Fetcher
from actorgraph.watch import Watcher

from feed_server import Site, serving
from living_support import BORDER, LATER, V2, VALLEY

pytestmark = pytest.mark.model
TESTS = Path(__file__).resolve().parent
REPORTS = {"border": BORDER, "valley": VALLEY, "later": LATER}


def killed_run(tmp_path: Path, body: str) -> None:
    """Run a script that ends by killing itself with SIGKILL (where `body` says), and check it was killed."""
    script = tmp_path / "victim.py"
    script.write_text(textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(TESTS)!r})
        from actorgraph.extract.nlp import get_nlp
        from actorgraph.store import open_store

        def kill_on(n):
            calls = []
            def hook(*args, **kwargs):
                calls.append(1)
                if len(calls) == n:
                    os.kill(os.getpid(), signal.SIGKILL)
            return hook
    """) + textwrap.dedent(body), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]


def content(store) -> dict:
    """The KB's facts (identity and what each says, rejected or not), events and conflicts, without row ids."""
    facts = sorted(repr((f["key"], f["content"])) for d in store.documents()
                   for f in store.document_facts(d["id"]).values())
    conflicts = sorted(repr((c["kind"], c["subject_id"], c["attribute"], c["note"])) for c in store.conflicts())
    events = sorted(repr((e["type"], e["date"], e["killed_low"], e["killed_high"])) for e in store.events())
    return {"facts": facts, "conflicts": conflicts, "events": events, "documents": len(store.documents())}


def consistent(store) -> None:
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
    checked = verify_evidence(store)
    assert not checked["problems"] and checked["valid"] == checked["checked"] > 0


def test_kill_during_reprocess_is_finished_by_the_next_run(tmp_path, real_nlp):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    db, clean = tmp_path / "kb.sqlite", tmp_path / "clean.sqlite"
    with open_store(db) as store:
        run([str(folder)], store, nlp=real_nlp, progress=False)
    shutil.copy(db, clean)

    # killed inside the second document's transaction, after its old facts were deleted and new ones written
    killed_run(tmp_path, f"""
        from actorgraph.reprocess import reprocess
        from living_support import V2
        store = open_store({str(db)!r})
        store._log_changes = kill_on(2)
        reprocess(store, all_documents=True, nlp=get_nlp(), extractor=V2, progress=False)
    """)
    with open_store(db) as store:
        consistent(store)
        assert len(store.pending_reprocess()) == 2             # the first document was done, two are left
        finished = reprocess(store, nlp=real_nlp, extractor=V2, progress=False)
        assert len(finished.resumed) == 2 and len(finished.documents) == 2
        assert store.pending_reprocess() == []
        consistent(store)
        after_crash = content(store)
    with open_store(clean) as store:
        reprocess(store, all_documents=True, nlp=real_nlp, extractor=V2, progress=False)
        assert content(store) == after_crash


def test_kill_during_a_watch_poll_is_finished_by_the_next_poll(tmp_path, real_nlp):
    with serving(Site()) as site:
        for name, text in REPORTS.items():
            site.put_report(f"/news/{name}.html", text)
        site.put_feed([(name, f"/news/{name}.html") for name in REPORTS])
        feed = site.base + "/feed.xml"
        db = tmp_path / "kb.sqlite"
        # killed inside the second new document's transaction, after the document was written
        killed_run(tmp_path, f"""
            from actorgraph.ingest.fetch import Fetcher
            from actorgraph.watch import Watcher
            store = open_store({str(db)!r})
            hook = kill_on(2)
            original = store.remember_watch_item
            def remember(*args, **kwargs):
                if len(args) > 3 and args[3] == "stored":
                    hook()
                original(*args, **kwargs)
            store.remember_watch_item = remember
            Watcher(store, get_nlp(), fetcher=Fetcher(delay=0)).poll([{feed!r}])
        """)
        with open_store(db) as store:
            consistent(store)
            assert len(store.documents()) == 1                    # the second document rolled back with its item
            assert store.http_validators(feed) == {}             # the feed is not marked as read
            pages_before = site.fetched("/news/border.html")
            again = Watcher(store, real_nlp, fetcher=Fetcher(delay=0)).poll([feed])
            assert len(again.stored) == 2 and site.fetched("/news/border.html") == pages_before
            consistent(store)
            after_crash = content(store)
        with open_store(tmp_path / "clean.sqlite") as store:
            Watcher(store, real_nlp, fetcher=Fetcher(delay=0)).poll([feed])
            assert content(store) == after_crash
