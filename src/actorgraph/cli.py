"""Thin command-line interface: parse options, make one library call, print the result."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__, settings
from .errors import ActorgraphError
from .export import FORMATS

DB_OPTION = click.option("--db", default=lambda: settings.get("ACTORGRAPH_DB"), show_default="kb.sqlite",
                         help="Knowledge base: a SQLite file path or a postgresql://user@host/db URL.")


INCLUDE_REJECTED = click.option("--include-rejected", is_flag=True,
                                help="Also show facts an analyst rejected (marked [rejected]).")


def _open(db: str, create: bool = False, include_rejected: bool = False):
    """The knowledge base at db; only commands that write may create it (a typo must not look like an empty KB)."""
    from .store import open_store

    try:
        store = open_store(db, create=create)
    except ActorgraphError as exc:
        raise click.ClickException(str(exc)) from exc
    store.include_rejected = include_rejected
    return store


def _emit(content: str | bytes, summary: str, output: str | None) -> None:
    """Write to the output file and say so on stderr, or print the content."""
    if not output:
        click.echo(content, nl=False)
        return
    if isinstance(content, bytes):
        Path(output).write_bytes(content)
    else:
        Path(output).write_text(content, encoding="utf-8")
    click.echo(f"wrote {output}: {summary}", err=True)


class _Group(click.Group):
    """Turns actorgraph's coded errors into clean messages with exit code 1."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ActorgraphError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="actorgraph")
def main():
    """actorgraph: sourced, time-aware knowledge graphs of armed groups from open-source reports."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.option("--workers", type=click.IntRange(min=1), default=lambda: settings.get_int("ACTORGRAPH_WORKERS"),
              show_default="ACTORGRAPH_WORKERS or 1",
              help="Extract in this many processes (each loads the model once); this one stores.")
@click.option("--ray", "ray_address", default=None, metavar="ADDRESS",
              help="Extract on a Ray cluster: its address, 'auto', or 'local' (needs actorgraph[cluster]).")
def ingest(paths, db, progress, workers, ray_address):
    """Read report files, directories or globs into the knowledge base.

    Files already stored (same cleaned content) are left as they are. A bad file is named
    and skipped; the exit code is 1 when anything was skipped.
    """
    from .pipeline import run

    store = _open(db, create=True)
    try:
        report = run(paths, store, progress=progress, workers=workers, ray=ray_address)
        summary = store.counts()
    finally:
        store.close()
    for message in report.skipped + report.failed:
        click.echo(f"skipped: {message}", err=True)
    click.echo(f"stored {len(report.stored)} new document(s), {len(report.unchanged)} unchanged, "
               f"{len(report.skipped) + len(report.failed)} skipped -> {store.name}")
    click.echo(format_summary(summary))
    if not report.ok:
        sys.exit(1)


def format_summary(counts: dict) -> str:
    by_type = ", ".join(f"{n} {t}" for t, n in sorted(counts["entities"].items())) or "none"
    rejected = f" ({counts['rejected']} rejected facts left out)" if counts.get("rejected") else ""
    return (f"documents: {counts['documents']}\nentities: {by_type}\nrelations: {counts['relations']}\n"
            f"events: {counts['events']} (from {counts['event_reports']} reports)\nclaims: {counts['claims']}\n"
            f"conflicts: {counts['conflicts']}{rejected}")


@main.command()
@DB_OPTION
def summary(db):
    """Counts of documents, entities by type, relations, events, claims and conflicts; the machinery that
    extracted them, with a warning when the installed model or extractors differ."""
    from .machinery import Extractor, describe, differences

    store = _open(db)
    try:
        click.echo(format_summary(store.counts()))
        in_use = store.machinery_in_use()
    finally:
        store.close()
    installed = Extractor().machinery()
    click.echo("built with:")
    for group in in_use:
        built = group["machinery"]
        click.echo(f"  {group['documents']} document(s): {describe(built) if built else 'machinery not recorded'}")
    click.echo(f"installed: {describe(installed)}")
    stale = [(g, differences(g["machinery"], installed)) for g in in_use]
    stale = [(g, diff) for g, diff in stale if diff]
    if stale:
        n = sum(g["documents"] for g, _ in stale)
        what = "; ".join(dict.fromkeys(d for _, diff in stale for d in diff))
        click.echo(f"warning: {n} document(s) were extracted with other machinery than the installed one ({what}). "
                   "Run: actorgraph reprocess --stale", err=True)


@main.command()
@click.option("--doc", "docs", multiple=True, help="A document id or file name to re-extract (repeatable).")
@click.option("--all", "all_documents", is_flag=True, help="Re-extract every stored document.")
@click.option("--stale", is_flag=True, help="Re-extract documents made with other machinery than the installed one.")
@DB_OPTION
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
def reprocess(docs, all_documents, stale, db, progress):
    """Re-extract stored documents from their stored text with the installed extractor.

    Machine-made facts are replaced; a fact that comes back with the same kind, arguments and evidence
    span keeps its id and review; merges, splits and pinned names stay. One transaction per document:
    after a crash, run `actorgraph reprocess` again to finish. Prints what changed per kind.
    """
    from .reprocess import reprocess as run_reprocess

    report = _with_store(db, lambda store: run_reprocess(store, docs, all_documents, stale, progress=progress))
    for message in report.failed:
        click.echo(f"failed: {message}", err=True)
    if report.run_id is None:
        click.echo("nothing to reprocess: every document was extracted with the installed machinery")
        return
    resumed = f" (finishing {len(report.resumed)} left by an earlier run)" if report.resumed else ""
    click.echo(f"run {report.run_id}: re-extracted {len(report.documents)} document(s){resumed} -> {db}")
    counts = report.counts()
    for kind in ("relation", "event", "claim"):
        c = counts.get(kind, {})
        click.echo(f"  {kind}s: {c.get('added', 0)} added, {c.get('removed', 0)} removed, {c.get('changed', 0)} changed")
    for change in report.changes:
        if change["change"] != "added":
            click.echo(f"  {change['change']} {change['kind']}:{change['id']} ({change['doc']}) \"{change['quote']}\"")
    if report.failed:
        sys.exit(1)


@main.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--every", default="15m", show_default=True, help="Time between polls: 30s, 15m, 2h, 1d.")
@click.option("--polls", type=click.IntRange(min=1), default=None,
              help="Stop after this many polls (default: run until interrupted; 1 suits cron).")
@DB_OPTION
def watch(sources, every, polls, db):
    """Follow folders and RSS/Atom feeds: ingest what is new at every poll and remember what was seen.

    A feed item's page is fetched politely (robots.txt, a delay per host, a size limit, a timeout,
    conditional GETs; see `actorgraph settings`) and read like any HTML report.
    """
    from .watch import parse_interval, watch as run_watch

    interval = parse_interval(every)

    def show(report):
        for message in report.skipped:
            click.echo(f"skipped: {message}", err=True)
        for source, found in report.sources.items():
            click.echo(f"{source}: {found}")
        runs = f" (run {', '.join(map(str, report.run_ids))})" if report.run_ids else ""
        click.echo(f"stored {len(report.stored)} new document(s){runs} -> {db}")

    _with_store(db, lambda store: run_watch(list(sources), store, interval, polls, on_poll=show), write=True)


@main.command()
@click.option("--since", required=True, help="A run number (see `actorgraph runs`) or a date: 2026-11-30, 2026-11-30T08:00.")
@click.option("--watchlist", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A file of entity names or ids, one a line: only changes about them.")
@click.option("--json", "as_json", is_flag=True, help="Print the data as JSON.")
@DB_OPTION
def changes(since, watchlist, as_json, db):
    """What changed after a run or since a date: new conflicts, figures that moved a range, new, changed and
    removed facts, each with its quote. Also at /changes and /changes.atom in `actorgraph serve`."""
    from .analyze.changes import changes as find_changes, read_watchlist
    from .export.text import changes_text

    names = read_watchlist(watchlist) if watchlist else None

    def run(store):
        data = find_changes(store, since, names)
        click.echo(json.dumps(data, indent=1, ensure_ascii=False) if as_json else changes_text(data, _docs(store)))
    _with_store(db, run)


@main.command()
@DB_OPTION
def runs(db):
    """The recorded ingest, watch and reprocess runs: when, what they stored or changed, with which machinery."""
    from .machinery import describe

    def run(store):
        for r in store.runs():
            click.echo(f"{r['id']:>4}  {r['kind']:<9} {r['started_at']}  {json.dumps(r['summary'])}")
            click.echo(f"      {describe(r['machinery'])}")
    _with_store(db, run)


@main.group()
def fact():
    """Look at one fact, or accept or reject it (a rejected fact is left out of views and exports)."""


@fact.command("show")
@click.argument("fact_id")
@DB_OPTION
def fact_show(fact_id, db):
    """A fact with its quote, the machinery that made it and its review: FACT_ID is relation:12, event:7 or claim:3."""
    from .analyze.review import fact_detail

    click.echo(json.dumps(_with_store(db, lambda store: fact_detail(store, fact_id)), indent=1, ensure_ascii=False))


def _review_command(verdict: str):
    @click.argument("fact_id")
    @click.option("--note", default="", help="Why (kept with the review).")
    @DB_OPTION
    def command(fact_id, note, db):
        from .analyze.review import review

        fact_row = _with_store(db, lambda store: review(store, fact_id, verdict, note))
        click.echo(f"{verdict} {fact_id}: \"{fact_row['quote']}\"")
    command.__doc__ = (f"Mark a fact as {verdict} by an analyst; the verdict survives reprocessing and re-ingestion."
                       + (" Rejected facts are left out of views and exports (see --include-rejected)."
                          if verdict == "rejected" else ""))
    return command


fact.command("accept")(_review_command("accepted"))
fact.command("reject")(_review_command("rejected"))


def _docs(store) -> dict:
    return {d["id"]: d for d in store.documents()}


def _with_store(db, fn, write: bool = False, include_rejected: bool = False):
    """fn(store) on the knowledge base at db; after a write, derived facts a crash left pending are brought up to date."""
    store = _open(db, create=write, include_rejected=include_rejected)
    try:
        result = fn(store)
        if write:
            from .analyze import derive_pending

            derive_pending(store)
        return result
    finally:
        store.close()


@main.command()
@click.option("--type", "etype", type=click.Choice(["group", "person", "place", "other"]), default=None)
@click.option("--all", "show_all", is_flag=True, help="Also list registry entries never mentioned in a report.")
@DB_OPTION
def entities(etype, show_all, db):
    """List entities with how often the reports mention them."""
    from .analyze import views

    def run(store):
        counts = store.mention_counts()
        unlisted = set() if show_all else views.unlisted_entity_ids(store)
        rows = [e for e in store.entities(type=etype) if show_all or (counts.get(e["id"]) and e["id"] not in unlisted)]
        for e in sorted(rows, key=lambda e: (-counts.get(e["id"], 0), e["name"])):
            click.echo(f"{counts.get(e['id'], 0):>5}  {e['type']:<7} {e['id']:<40} {e['name']}")
    _with_store(db, run)


@main.group()
def entity():
    """Look at one entity, and merge or split entities (analyst decisions that survive re-ingestion)."""


@entity.command("show")
@click.argument("name")
@DB_OPTION
def entity_show(name, db):
    """Every name of an entity with where it came from and why it was attached."""
    from .analyze.views import resolve_entity
    from .export.text import aliases_text

    def run(store):
        found = resolve_entity(store, name)
        click.echo(aliases_text(found, store.aliases([found["id"]]), _docs(store)))
    _with_store(db, run)


@entity.command("why")
@click.argument("name")
@click.argument("other")
@DB_OPTION
def entity_why(name, other, db):
    """Why two names are one entity (or that they are not)."""
    from .analyze.views import explain_link

    click.echo(_with_store(db, lambda store: explain_link(store, name, other)))


@entity.command("merge")
@click.argument("keep")
@click.argument("absorb")
@click.option("--note", default="", help="Why (kept with the decision).")
@DB_OPTION
def entity_merge(keep, absorb, note, db):
    """Merge ABSORB into KEEP. Undo with: actorgraph entity split ABSORB."""
    from .analyze.views import resolve_entity

    def run(store):
        a, b = resolve_entity(store, keep), resolve_entity(store, absorb)
        decision = store.merge_entities(a["id"], b["id"], note)
        click.echo(f"merged {b['id']} into {a['id']} (decision {decision})")
    _with_store(db, run, write=True)


@entity.command("split")
@click.argument("name")
@click.option("--alias", "aliases", multiple=True, help="A name to move to a new entity (repeatable).")
@click.option("--as", "new_name", default=None, help="Name of the new entity (default: the first alias).")
@click.option("--note", default="", help="Why (kept with the decision).")
@DB_OPTION
def entity_split(name, aliases, new_name, note, db):
    """Undo a merge (NAME is the merged-away entity id), or move --alias names off NAME to a new entity."""
    from .analyze.views import split_entity

    click.echo(_with_store(db, lambda store: split_entity(store, name, list(aliases), new_name, note), write=True))


@main.group()
def registry():
    """The registry of known groups, people and places that names are matched against."""


@registry.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--all", "include_all", is_flag=True, help="Keep every entry, not only armed groups and their members.")
@DB_OPTION
def registry_import(path, include_all, db):
    """Import a designation list: UN consolidated XML, OFAC sdn.csv (with alt.csv beside it) or MISP galaxy JSON."""
    from .pipeline import import_reference

    result = _with_store(db, lambda store: import_reference(path, store, include_all), write=True)
    click.echo(f"{result['entries']} entries from {path}: {result['joined']} joined known entities, {result['new']} new")


@main.command()
@click.argument("name")
@click.option("--type", "rtype", default=None, help="Relation type, e.g. leader_of.")
@click.option("--as-of", default=None, help="Only relations holding at this date (2017, 2017-06, 2017-06-01).")
@DB_OPTION
@INCLUDE_REJECTED
def relations(name, rtype, as_of, db, include_rejected):
    """Relations of an entity with dates, modality and the quote for each."""
    from .analyze import views
    from .export.text import relations_text

    def run(store):
        found = views.resolve_entity(store, name)
        click.echo(relations_text(views.relations(store, found["id"], rtype, as_of), _docs(store)))
    _with_store(db, run, include_rejected=include_rejected)


@main.command()
@click.argument("group")
@DB_OPTION
def leaders(group, db):
    """A group's leaders in time order: dates, how each tenure ended, rival claimants and sources."""
    from .analyze import views
    from .export.text import leaders_text

    def run(store):
        found = views.resolve_entity(store, group, type="group")
        click.echo(leaders_text(views.leaders(store, found["id"]), _docs(store), found["name"]))
    _with_store(db, run)


@main.command()
@click.option("--actor", default=None, help="Only events this group or person took part in.")
@click.option("--from", "date_from", default=None, help="Earliest date (ISO prefix).")
@click.option("--to", "date_to", default=None, help="Latest date (ISO prefix).")
@click.option("--type", "etype", default=None, help="attack, strike, clash, announcement or a subtype.")
@DB_OPTION
@INCLUDE_REJECTED
def events(actor, date_from, date_to, etype, db, include_rejected):
    """A timeline of events, each with every source's figures and quotes."""
    from .analyze import views
    from .export.text import events_text

    def run(store):
        actor_id = views.resolve_entity(store, actor)["id"] if actor else None
        click.echo(events_text(views.timeline(store, actor_id, date_from, date_to, etype), _docs(store)))
    _with_store(db, run, include_rejected=include_rejected)


@main.command()
@click.argument("subject")
@click.option("--attribute", default=None, help="fighters, fighters_incl_allies, monthly_pay_usd, funding_usd, ...")
@DB_OPTION
@INCLUDE_REJECTED
def claims(subject, attribute, db, include_rejected):
    """Numeric claims about a subject: each figure with its as-of date, who asserted it and the source."""
    from .analyze import views
    from .export.text import claims_text

    def run(store):
        found = views.resolve_entity(store, subject)
        click.echo(claims_text(views.claims(store, found["id"], attribute), _docs(store)))
    _with_store(db, run, include_rejected=include_rejected)


@main.command()
@click.option("--entity", "entity_name", default=None, help="Only disagreements involving this entity.")
@DB_OPTION
def conflicts(entity_name, db):
    """Where sources disagree, side by side with their quotes."""
    from .analyze import views
    from .export.text import conflicts_text

    def run(store):
        entity_id = views.resolve_entity(store, entity_name)["id"] if entity_name else None
        click.echo(conflicts_text(views.conflicts(store, entity_id), _docs(store)))
    _with_store(db, run)


@main.command()
@DB_OPTION
def documents(db):
    """The stored documents with their metadata."""
    def run(store):
        for d in store.documents():
            click.echo(f"{d['id']}  {d['format']:<4} {d['published'] or '?':<10} {d['chars']:>7} chars  {d['path']}")
            click.echo(f"    {d['title'] or '(no title)'} — {d['author'] or '?'}, {d['outlet'] or '?'}")
    _with_store(db, run)


@main.command()
@DB_OPTION
def verify(db):
    """Check that every evidence quote stands in its document (and in the source file where it still exists)."""
    from .analyze.verify import verify_evidence

    result = _with_store(db, verify_evidence)
    for problem in result["problems"]:
        click.echo(f"BAD: {problem}", err=True)
    click.echo(f"{result['valid']} of {result['checked']} quotes verified against the stored text; "
               f"{result['source_valid']} of {result['source_checked']} against the source files still on disk")
    if result["problems"]:
        sys.exit(1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="json", show_default=True,
              help="json: the scorer's format (../shared/eval/FORMAT.md).")
@click.option("--table", default=None, help="For tabular formats (csv): which table, e.g. events.")
@click.option("--doc", "docs", multiple=True, help="json only: export just this document (id or file name; repeatable).")
@DB_OPTION
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
@INCLUDE_REJECTED
def export(fmt, table, docs, db, include_rejected, output):
    """Export the knowledge base for other tools."""
    from .export import export_to, select_documents

    store = _open(db, include_rejected=include_rejected)
    try:
        text, summary = export_to(fmt, store, table=table, docs=select_documents(store, docs) if docs else None)
    finally:
        store.close()
    _emit(text, summary, output)


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; keep 127.0.0.1 unless behind a proxy.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--token-file", type=click.Path(dir_okay=False), default=None,
              help="File of lines 'read TOKEN' or 'admin TOKEN' (or set ACTORGRAPH_TOKEN / ACTORGRAPH_ADMIN_TOKEN).")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests for this host name (repeatable; default only 127.0.0.1 and localhost).")
@click.option("--allow-open", is_flag=True, help="Serve a non-loopback address without any token (anyone can read).")
@click.option("--token", "token_on_command_line", hidden=True, default=None)
@click.option("--admin-token", "admin_on_command_line", hidden=True, default=None)
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Print one API response, e.g. --get /api/entities/iskp, without starting a server.")
def serve(db, host, port, token_file, allow_hosts, allow_open, token_on_command_line, admin_on_command_line, get_path):
    """Web workbench and JSON API over the knowledge base (http://127.0.0.1:8000/)."""
    from .serve import get_json, serve as run_server
    from .serve.auth import load_tokens

    if token_on_command_line or admin_on_command_line:
        raise click.UsageError("A token on the command line is visible to every user in the process list. Put it in "
                               "ACTORGRAPH_TOKEN / ACTORGRAPH_ADMIN_TOKEN, or in a --token-file with lines 'read TOKEN'.")
    if get_path:
        status, text = get_json(db, get_path)
        click.echo(text)
        sys.exit(0 if status < 400 else 1)
    tokens = load_tokens(settings.get("ACTORGRAPH_TOKEN") or None, settings.get("ACTORGRAPH_ADMIN_TOKEN") or None,
                         token_file)
    if allow_open and not tokens.required:
        click.echo(f"warning: serving {host} with no token; anyone who can reach it reads the knowledge base.", err=True)
    run_server(db, host=host, port=port, tokens=tokens, extra_hosts=allow_hosts, allow_open=allow_open)


@main.command("import")
@click.option("--format", "fmt", type=click.Choice(["stix"]), default="stix", show_default=True,
              help="stix: a STIX 2.1 bundle from OpenCTI, MISP or actorgraph export.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@DB_OPTION
def import_(fmt, path, db):
    """Read entities, aliases and relations from another tool's export, sourced to that file."""
    from .pipeline import import_stix

    store = _open(db, create=True)
    try:
        result = import_stix(path, store)
    finally:
        store.close()
    if result["unchanged"]:
        click.echo(f"{path} was imported before (document {result['document']}); nothing changed")
        return
    skipped = ", ".join(f"{n} {t}" for t, n in sorted(result["skipped"].items())) or "nothing"
    click.echo(f"imported {result['entities']} entities ({result['new_entities']} new), {result['aliases']} aliases, "
               f"{result['relations']} relations from {path} -> {store.name} (document {result['document']}); "
               f"left out: {skipped}")


@main.command()
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "pdf"]), default="html", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write here instead of stdout (pdf default: report-<id>.pdf).")
@DB_OPTION
@INCLUDE_REJECTED
def report(name, fmt, output, db, include_rejected):
    """A dossier on one group: names, lineage, leaders, network, events, strength estimates, disagreements, sources."""
    from .export.report import write_report

    store = _open(db, include_rejected=include_rejected)
    try:
        content, summary = write_report(store, name, fmt)
    finally:
        store.close()
    if fmt == "pdf" and not output:
        output = f"report-{name.lower().replace(' ', '-').replace('/', '-')}.pdf"
    _emit(content, summary, output)


@main.command()
@click.option("--n", "n", default=50, show_default=True, type=click.IntRange(min=1), help="Facts of each kind.")
@click.option("--kind", type=click.Choice(["relation", "event", "claim", "entity"]), default=None,
              help="Only this kind (default: n of each kind).")
@click.option("--seed", type=int, default=None, help="Seed of the draw (default: a random one, written in the file).")
@click.option("--format", "fmt", type=click.Choice(["md", "csv"]), default=None,
              help="Form to fill in (default: csv when -o ends in .csv, else md).")
@click.option("--score", "score_path", type=click.Path(exists=True, dir_okay=False), default=None,
              help="Score a filled-in sample instead: judged precision per kind, with counts.")
@DB_OPTION
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def sample(n, kind, seed, fmt, score_path, db, output):
    """A random sample of extracted facts with their quotes for a person to judge, or (--score) its precision.

    Each fact gets a verdict: correct, wrong type, wrong argument, wrong modality, wrong date or not stated.
    """
    from .export.judgement import score_file, write_sample

    if score_path:
        click.echo(score_file(score_path)[0], nl=False)
        return
    fmt = fmt or ("csv" if output and output.lower().endswith(".csv") else "md")
    store = _open(db)
    try:
        text, summary = write_sample(store, n, kind, seed, fmt)
    finally:
        store.close()
    _emit(text, summary, output)


@main.command("settings")
def show_settings():
    """Every setting with its current value and what it does."""
    for name, _default, help_text in settings.SETTINGS:
        click.echo(f"{name}={settings.get(name)}\n    {help_text}")


@main.group("eval")
def eval_():
    """Score actorgraph's extractors on public benchmarks."""


@eval_.command("muc4")
@click.option("--split", type=click.Choice(["dev", "test"]), default="dev", show_default=True)
@click.option("--pred-out", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Also write the predictions in the GTT format (scorable with GTT's eval.py).")
def eval_muc4(split, pred_out):
    """MUC-4 event templates: per-role and overall P/R/F1 under the GTT metric."""
    from .evaluate.muc4 import evaluate, format_report

    click.echo(format_report(evaluate(split, pred_out=pred_out)))


if __name__ == "__main__":
    main()
