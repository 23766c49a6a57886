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
                         help="Knowledge base: a SQLite file path.")


def _open(db: str):
    from .store import open_store

    try:
        return open_store(db)
    except ActorgraphError as exc:
        raise click.ClickException(str(exc)) from exc


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
def ingest(paths, db, progress):
    """Read report files, directories or globs into the knowledge base.

    Files already stored (same cleaned content) are left as they are. A bad file is named
    and skipped; the exit code is 1 when anything was skipped.
    """
    from .pipeline import run

    store = _open(db)
    try:
        report = run(paths, store, progress=progress)
        summary = store.counts()
    finally:
        store.close()
    for message in report.skipped + report.failed:
        click.echo(f"skipped: {message}", err=True)
    click.echo(f"stored {len(report.stored)} new document(s), {len(report.unchanged)} unchanged, "
               f"{len(report.skipped) + len(report.failed)} skipped -> {db}")
    click.echo(format_summary(summary))
    if not report.ok:
        sys.exit(1)


def format_summary(counts: dict) -> str:
    by_type = ", ".join(f"{n} {t}" for t, n in sorted(counts["entities"].items())) or "none"
    return (f"documents: {counts['documents']}\nentities: {by_type}\nrelations: {counts['relations']}\n"
            f"events: {counts['events']} (from {counts['event_reports']} reports)\nclaims: {counts['claims']}\n"
            f"conflicts: {counts['conflicts']}")


@main.command()
@DB_OPTION
def summary(db):
    """Counts of documents, entities by type, relations, events, claims and conflicts."""
    store = _open(db)
    try:
        click.echo(format_summary(store.counts()))
    finally:
        store.close()


@main.command()
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="json", show_default=True,
              help="json: the scorer's format (../shared/eval/FORMAT.md).")
@click.option("--table", default=None, help="For tabular formats (csv): which table, e.g. events.")
@DB_OPTION
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def export(fmt, table, db, output):
    """Export the knowledge base for other tools."""
    from .export import export_to

    store = _open(db)
    try:
        text, summary = export_to(fmt, store, table=table)
    finally:
        store.close()
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}: {summary}", err=True)
    else:
        click.echo(text, nl=False)


@main.command("settings")
def show_settings():
    """Every setting with its current value and what it does."""
    for name, _default, help_text in settings.SETTINGS:
        click.echo(f"{name}={settings.get(name)}\n    {help_text}")


if __name__ == "__main__":
    main()
