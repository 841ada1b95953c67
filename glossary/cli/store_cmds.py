"""`glossalign review export|import`, `glossalign export`, `glossalign import`: the glossary store's edges."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from . import app, fail, review_app

DEFAULT_DB = Path("exports/glossary.db")
DB_HELP = "The glossary store (SQLite)."
FORCE_HELP = "Replace the output even if it was changed since glossalign wrote it (or was not written by it)."
ZH_LANG_HELP = "Chinese language tag to write (default: the store's, set by run: zh-CN, or zh-TW for Traditional)."
FR_LANG_HELP = "French language tag to write (default: the store's, fr-FR)."


def with_languages(about: dict, zh_lang: str | None, fr_lang: str | None) -> dict:
    """The store's metadata with the language tags the user asked for (checked)."""
    from align.langtags import check_tag

    about = dict(about)
    if zh_lang:
        about["zh_lang"] = check_tag(zh_lang, "zh", "--zh-lang")
    if fr_lang:
        about["fr_lang"] = check_tag(fr_lang, "fr", "--fr-lang")
    return about


def db_option(db: Path) -> str:
    """' --db DB' for the commands a user is told to run next, unless DB is the default store."""
    return "" if Path(db) == DEFAULT_DB else f" --db {db}"


def _statuses(values: List[str]) -> list[str] | None:
    """--status values (repeatable, comma-separated, or 'all') → a store filter; bad ones are usage errors."""
    from glossary.store import parse_statuses

    try:
        return parse_statuses(values)
    except ValueError as error:
        raise fail(f"--status: {error}") from None


def _counts_text(entries) -> str:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.status] = counts.get(entry.status, 0) + 1
    return ", ".join(f"{status} {n}" for status, n in sorted(counts.items())) or "none"


def _n(count: int, singular: str, plural: str | None = None) -> str:
    return f"{count} {singular if count == 1 else plural or singular + 's'}"


def _default_reviewer() -> str:
    import getpass
    import os

    try:
        return os.environ.get("GLOSSALIGN_REVIEWER") or getpass.getuser()
    except Exception:  # no user name on some containers
        return "reviewer"


@review_app.command("export")
def review_export(
    output: Path = typer.Option(Path("exports/review.xlsx"), "-o", "--output", help="Workbook to write."),
    status: List[str] = typer.Option(["proposed"], "--status", help="Statuses to include (repeat, comma-separated "
                                     "or all)."),
    min_score: Optional[float] = typer.Option(None, "--min-score", help="Only entries scoring at least this."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    zh_lang: Optional[str] = typer.Option(None, "--zh-lang", help=ZH_LANG_HELP),
    fr_lang: Optional[str] = typer.Option(None, "--fr-lang", help=FR_LANG_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """Write the entries to review to an Excel workbook (edit Status, fr-FR, notes; then `review import`)."""
    from align.written import refuse_to_overwrite
    from glossary.store import GlossaryStore
    from glossary.workbook import write_workbook

    if output.suffix.lower() != ".xlsx":
        raise fail(f"{output}: the review workbook must be an .xlsx file")
    if output.is_dir():
        raise fail(f"{output}: is a folder, not a file to write")
    statuses = _statuses(status)
    with GlossaryStore(db, create=False) as store:
        entries = store.entries(statuses, min_score=min_score)
        about = with_languages(store.about(), zh_lang, fr_lang)
    if not entries:
        from align.errors import InputError

        raise InputError(db, f"has no {'/'.join(statuses or ['glossary'])} entries"
                             f"{f' scoring at least {min_score:g}' if min_score is not None else ''} to review "
                             f"({_counts_text(store_entries(db))}): choose other statuses with --status "
                             f"(e.g. --status all)")
    refuse_to_overwrite(output, force=force)
    write_workbook(entries, output, about=about)
    typer.echo(f"wrote {output}: {_n(len(entries), 'entry', 'entries')} to review ({_counts_text(entries)}) from {db}")
    typer.echo(f"next: edit Status / fr-FR / notes in Excel, then `glossalign review import {output}{db_option(db)}`")


def store_entries(db: Path):
    from glossary.store import GlossaryStore

    with GlossaryStore(db, create=False) as store:
        return store.entries()


@review_app.command("import")
def review_import(
    file: Path = typer.Argument(..., help="The reviewed .xlsx workbook."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    reviewer: Optional[str] = typer.Option(None, "--reviewer", help="Name recorded in the history "
                                           "(default: $GLOSSALIGN_REVIEWER or your user name)."),
    skip_conflicts: bool = typer.Option(False, "--skip-conflicts", help="Apply the rows without conflicts, "
                                        "leave the conflicting ones."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Apply the workbook even where the store changed "
                                   "after it was exported."),
) -> None:
    """Apply a reviewed workbook to the store in one transaction (nothing applied if a row is invalid)."""
    from rich.console import Console
    from rich.table import Table

    from glossary.review import ReviewConflictError, import_review
    from glossary.store import GlossaryStore

    if skip_conflicts and overwrite:
        raise fail("choose --skip-conflicts or --overwrite, not both")
    mode = "skip" if skip_conflicts else "overwrite" if overwrite else "refuse"
    who = reviewer or _default_reviewer()
    console = Console(stderr=True, markup=False)  # reviewers write [brackets] too

    def conflict_table(conflicts) -> Table:
        table = Table(title="conflicts: changed in the store after this workbook was exported")
        for name in ("row", "id", "field"):
            table.add_column(name, no_wrap=True)
        table.add_column("workbook (yours)", overflow="fold")
        table.add_column("store (theirs)", overflow="fold")
        table.add_column("changed by", overflow="fold")
        table.add_column("when (UTC)", no_wrap=True)
        for c in conflicts:
            table.add_row(str(c.row), str(c.id), c.field, c.yours, c.theirs, c.who, c.at[:19].replace("T", " "))
        return table

    if db == DEFAULT_DB and not db.exists():
        from glossary.workbook import exported_store

        origin = exported_store(file)
        if origin and Path(origin).exists():
            raise fail(f"{db}: no glossary store here; {file} was exported from {origin}: add --db {origin}")
    with GlossaryStore(db, create=False) as store:
        try:
            report = import_review(store, file, who=who, on_conflict=mode)
        except ReviewConflictError as error:
            console.print(conflict_table(error.report.conflicts))
            raise
    moved = ", ".join(f"{status} {n}" for status, n in sorted(report.statuses.items())) or "no status changes"
    typer.echo(f"imported {file}: {_n(report.rows, 'row')}, {_n(report.changed, 'entry', 'entries')} changed "
               f"({moved}; {_n(report.edited_terms, 'term')} edited), {report.added} added, "
               f"{report.unchanged} unchanged; reviewer {who}")
    if report.skipped_rows:
        console.print(conflict_table(report.conflicts))
        typer.echo(f"skipped conflicting rows: {', '.join(map(str, report.skipped_rows))}", err=True)
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)


@app.command("export")
def export(
    output: Path = typer.Option(..., "-o", "--output", help="File to write: .xlsx, .csv, .tsv, .tbx, or .txt "
                                "(OmegaT)."),
    status: List[str] = typer.Option(["approved"], "--status", help="Statuses to include (repeat, "
                                     "comma-separated, or all); e.g. approved,deprecated to add do-not-use "
                                     "renderings to .tbx/.xlsx."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
    layout: str = typer.Option("generic", "--format", help="CSV/TSV layout: generic (zh-CN,fr-FR,pos,description), "
                               "deepl (source,target, no header), google (equivalent term sets) or phrase "
                               "(Phrase Strings term base)."),
    terms_only: bool = typer.Option(False, "--terms-only", help="CSV/TSV: only the two term columns."),
    zh_lang: Optional[str] = typer.Option(None, "--zh-lang", help=ZH_LANG_HELP),
    fr_lang: Optional[str] = typer.Option(None, "--fr-lang", help=FR_LANG_HELP),
    force: bool = typer.Option(False, "--force", help=FORCE_HELP),
) -> None:
    """Export the glossary by extension: the review workbook, CSV/TSV (BCP-47 headers), TBX-Basic, OmegaT."""
    from align.written import refuse_to_overwrite
    from glossary.exports import FORMATS, LAYOUTS, carried, export_glossary
    from glossary.store import GlossaryStore

    if layout not in LAYOUTS:
        raise fail(f"--format: unknown layout {layout!r}; use {', '.join(LAYOUTS)}")
    if layout != "generic" and output.suffix.lower() not in (".csv", ".tsv"):
        raise fail(f"{output}: --format {layout} is a CSV/TSV layout: write a .csv or .tsv file")
    statuses = _statuses(status)
    with GlossaryStore(db, create=False) as store:
        entries = store.entries(statuses)
        about = with_languages(store.about(), zh_lang, fr_lang)
    if not entries:
        from align.errors import InputError

        raise InputError(db, f"has no {'/'.join(statuses or ['glossary'])} entries to export: review the candidates first "
                             f"(`glossalign review export{db_option(db)}`) or choose other statuses with --status")
    kept = carried(entries, output, layout=layout, terms_only=terms_only)
    if not kept and output.suffix.lower() in FORMATS:
        from align.errors import InputError

        raise InputError(output, f"nothing to write: a {output.suffix} file carries none of the entries asked for "
                                 f"({_counts_text(entries)}); .csv/.tsv/.txt hold approved and proposed entries "
                                 f"(approved only with --format deepl or --terms-only), .tbx also deprecated ones, "
                                 f".xlsx all")
    refuse_to_overwrite(output, force=force)
    written = export_glossary(entries, output, about=about, terms_only=terms_only, layout=layout)
    left = {status: n for status, n in _status_counts(entries).items() if n > _status_counts(kept).get(status, 0)}
    note = ""
    if left:
        dropped = ", ".join(f"{n - _status_counts(kept).get(s, 0)} {s}" for s, n in sorted(left.items()))
        note = f"; left out: {dropped} (this format cannot mark them)"
    merged = len(kept) - written  # DeepL: one rendering per Chinese term
    if merged:
        note += f"; {merged} more rendering{'s' if merged > 1 else ''} of the same Chinese terms left out " \
                f"(DeepL takes one per term)"
    typer.echo(f"wrote {output}: {_n(written, 'entry', 'entries')} ({_counts_text(kept)}) from {db}{note}")


def _status_counts(entries) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.status] = counts.get(entry.status, 0) + 1
    return counts


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="A glossary: .tbx, .xlsx, .csv, .tsv, OmegaT .txt, or another store."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help=DB_HELP),
) -> None:
    """Bring an existing glossary into the store (statuses kept where the file has them, otherwise approved)."""
    from glossary.imports import import_glossary
    from glossary.store import GlossaryStore

    new_store = not db.exists()
    try:
        with GlossaryStore(db) as store:
            report = import_glossary(store, file, who=f"import:{file.name}")
            total = store.count()
    except BaseException:
        if new_store:  # a refused file leaves no empty store behind
            for leftover in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
                leftover.unlink(missing_ok=True)
        raise
    added = ", ".join(f"{s} {n}" for s, n in sorted(report.statuses.items()))
    kept = f", {_n(report.kept_decisions, 'earlier decision')} kept" if report.kept_decisions else ""
    typer.echo(f"imported {file}: {_n(report.read, 'entry', 'entries')} read, {report.added} added"
               f"{f' ({added})' if added else ''}, {report.updated} updated, {report.unchanged} unchanged{kept}; "
               f"{db} now holds {_n(total, 'entry', 'entries')}")
