"""Import a reviewed workbook: apply the reviewer's decisions to the store, all or nothing.

Stale exports are detected three-way, per entry and field: the workbook remembers each entry's `updated`
stamp at export; the store's history tells which fields changed after that stamp and what they were then.
A field the reviewer changed that was also changed in the store since the export (to something else) is a
conflict: it is reported, never silently overwritten. Fields only one side changed merge cleanly.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from align.errors import InputError

from .store import GlossaryStore, StoreConflict, synonyms_from_json, synonyms_to_json
from .types import STATUSES, GlossaryEntry
from .workbook import ReviewRow, cell_text, parse_synonyms, read_workbook

# workbook header → store field
FIELD_OF = {"zh-CN": "zh", "fr-FR": "fr", "Status": "status", "type": "kind", "notes": "notes"}
ON_CONFLICT = ("refuse", "skip", "overwrite")
MAX_LISTED = 12  # problems listed in the one-line error before "… and N more"


@dataclass
class Conflict:
    """A reviewer's change to a field that someone else changed in the store after the export."""

    row: int
    id: int
    field: str  # store field: zh, fr, status, kind, notes
    yours: str  # the workbook's value
    theirs: str  # the store's current value
    who: str  # who changed it in the store
    at: str


@dataclass
class ReviewReport:
    """What `import_review` did (or, with conflicts refused, would have done)."""

    path: Path
    rows: int = 0  # data rows read
    changed: int = 0  # entries changed
    added: int = 0  # new entries from rows without id
    unchanged: int = 0
    statuses: dict[str, int] = field(default_factory=dict)  # new status → entries moved to it
    edited_terms: int = 0  # entries whose French (or Chinese) term was corrected
    conflicts: list[Conflict] = field(default_factory=list)
    skipped_rows: list[int] = field(default_factory=list)  # rows not applied because of conflicts
    stale_check: bool = True  # False when the workbook carries no export stamps
    warnings: list[str] = field(default_factory=list)
    applied: bool = False


class ReviewConflictError(InputError):
    """The workbook was exported before newer changes to the same entries; nothing was applied."""

    def __init__(self, path, report: ReviewReport):
        self.report = report
        rows = sorted({c.row for c in report.conflicts})
        listed = ", ".join(map(str, rows[:MAX_LISTED])) + (f" … and {len(rows) - MAX_LISTED} more"
                                                           if len(rows) > MAX_LISTED else "")
        super().__init__(path, f"exported before newer changes to the same entries: conflicting row"
                               f"{'s' if len(rows) > 1 else ''} {listed}; nothing applied "
                               f"(--skip-conflicts applies the other rows, --overwrite applies yours)")


@dataclass
class _Plan:
    row: ReviewRow
    entry_id: int | None  # None: a new entry
    changes: dict[str, str]
    conflicts: list[Conflict]


def _problem_error(path: Path, problems: list[tuple[int, str]]) -> InputError:
    problems.sort()
    listed = "; ".join(f"row {row}: {text}" for row, text in problems[:MAX_LISTED])
    more = f"; … and {len(problems) - MAX_LISTED} more" if len(problems) > MAX_LISTED else ""
    return InputError(path, f"nothing applied: {listed}{more}")


def _wanted(row: ReviewRow) -> dict[str, str]:
    """The row's editable values as store fields; an empty Status or type means 'unchanged'.

    Synonyms (when the sheet has the column) become the store's JSON text; ValueError if unreadable.
    """
    values = {name: row.text(header) for header, name in FIELD_OF.items()}
    values["status"] = values["status"].lower()
    values["kind"] = values["kind"].lower()
    if "synonyms" in row.values:
        values["synonyms"] = synonyms_to_json(parse_synonyms(row.text("synonyms")))
    return values


def _wanted_or_problem(row: ReviewRow, problems: list) -> dict[str, str]:
    try:
        return _wanted(row)
    except ValueError as error:
        problems.append((row.row, str(error)))
        wanted = {name: row.text(header) for header, name in FIELD_OF.items()}
        wanted["status"], wanted["kind"] = wanted["status"].lower(), wanted["kind"].lower()
        return wanted


def _plan_row(store: GlossaryStore, row: ReviewRow, entry_id: int, current: GlossaryEntry, stamp: str | None,
              who: str) -> _Plan:
    wanted = _wanted_or_problem(row, [])  # bad cells are reported by _plan
    now = {"zh": current.zh, "fr": current.fr, "status": current.status, "kind": current.kind,
           "notes": current.notes, "synonyms": synonyms_to_json(current.synonyms)}
    later = [c for c in store.history(entry_id) if c.at > stamp and c.field in now] if stamp else []
    at_export = dict(now)
    for change in reversed(later):  # undo later changes, newest first, to see the values exported
        at_export[change.field] = change.old or ""
    # Changes by the same reviewer (an earlier import of this very file) are not someone else's news.
    by_others = {c.field: c for c in later if c.who != who}
    changes, conflicts = {}, []
    for name, value in wanted.items():
        if name in ("status", "kind") and value == "":
            continue  # left empty: no decision
        if value == at_export[name]:
            continue  # the reviewer did not touch it
        if name in by_others and value != now[name]:
            theirs = by_others[name]
            conflicts.append(Conflict(row.row, entry_id, name, value, now[name], theirs.who, theirs.at))
            continue
        if value != now[name]:
            changes[name] = value
    # An edited French term becomes the approved form (unless the reviewer chose another status).
    if "fr" in changes and changes.get("status", now["status"]) == "proposed":
        changes["status"] = "approved"
    return _Plan(row, entry_id, changes, conflicts)


def _plan(store: GlossaryStore, sheet, who: str) -> list[_Plan]:
    """Check every row and work out its changes; InputError listing every bad row (nothing applied)."""
    path = sheet.path
    problems: list[tuple[int, str]] = []
    plans: list[_Plan] = []
    seen_ids: dict[int, int] = {}
    for row in sheet.rows:
        raw_id = cell_text(row.id)
        wanted = _wanted_or_problem(row, problems)
        bad_status = bool(wanted["status"]) and wanted["status"] not in STATUSES
        if bad_status:
            problems.append((row.row, f"invalid status {row.text('Status')!r} (use {', '.join(STATUSES)})"))
        if not wanted["zh"] or not wanted["fr"]:
            empty = " and ".join(h for h in ("zh-CN", "fr-FR") if not wanted[FIELD_OF[h]])
            problems.append((row.row, f"{empty} empty (to drop a term set Status to rejected)"))
        owner = store.find(wanted["zh"], wanted["fr"]) if raw_id == "" and wanted["zh"] and wanted["fr"] else None
        if owner is not None and owner not in seen_ids:
            # A row added earlier and imported already (the same file imported again): update, never duplicate.
            seen_ids[owner] = row.row
            plan = _plan_row(store, row, owner, store.get(owner), None, who)
            plan.changes = {name: value for name, value in plan.changes.items() if value != ""}
            if not wanted["status"] and store.get(owner).status == "proposed":
                plan.changes["status"] = "approved"  # as for any row a reviewer adds
            plans.append(plan)
            continue
        if raw_id == "":  # a row the reviewer added
            plans.append(_Plan(row, None, {**wanted, "status": wanted["status"] or "approved",
                                           "kind": wanted["kind"] or "term"}, []))
            continue
        try:
            as_float = float(raw_id)
            if not as_float.is_integer():
                raise ValueError
            entry_id = int(as_float)
        except ValueError:
            problems.append((row.row, f"id {raw_id!r} is not a number (the id column is read-only)"))
            continue
        if entry_id in seen_ids:
            problems.append((row.row, f"id {entry_id} also on row {seen_ids[entry_id]}"))
            continue
        seen_ids[entry_id] = row.row
        current = store.get(entry_id)
        if current is None:
            problems.append((row.row, f"unknown id {entry_id} (not in {store.path.name})"))
        elif not bad_status:
            plans.append(_plan_row(store, row, entry_id, current, sheet.stamps.get(entry_id), who))

    # Two entries may not end up as the same (zh, fr) pair.
    claimed: dict[tuple[str, str], int] = {}
    for plan in plans:
        if plan.entry_id is not None and not ({"zh", "fr"} & set(plan.changes)):
            continue
        current = store.get(plan.entry_id) if plan.entry_id is not None else None
        zh = plan.changes.get("zh", current.zh if current else "")
        fr = plan.changes.get("fr", current.fr if current else "")
        owner = store.find(zh, fr)
        if owner is not None and owner != plan.entry_id:
            problems.append((plan.row.row, f"{zh} → {fr} already exists as id {owner}"))
        elif (zh, fr) in claimed:
            problems.append((plan.row.row, f"{zh} → {fr} is also on row {claimed[(zh, fr)]}"))
        claimed[(zh, fr)] = plan.row.row
    if problems:
        raise _problem_error(path, problems)
    return plans


def _apply(store: GlossaryStore, plan: _Plan, on_conflict: str, who: str, report: ReviewReport) -> None:
    """Apply one row's changes (inside the caller's transaction) and count them in `report`."""
    changes = dict(plan.changes)
    if plan.conflicts:
        if on_conflict == "skip":
            report.skipped_rows.append(plan.row.row)
            return
        for conflict in plan.conflicts:  # overwrite: the reviewer's value wins
            changes[conflict.field] = conflict.yours
        if "fr" in changes and changes.get("status", "proposed") == "proposed":
            if store.get(plan.entry_id).status == "proposed":
                changes["status"] = "approved"
    if plan.entry_id is None:
        entry = GlossaryEntry(zh=changes["zh"], fr=changes["fr"], status=changes["status"],
                              kind=changes["kind"], notes=changes["notes"],
                              synonyms=synonyms_from_json(changes.get("synonyms", "[]")))
        store.add(entry, who=who)
        report.added += 1
        report.statuses[entry.status] = report.statuses.get(entry.status, 0) + 1
        return
    done = store.update(plan.entry_id, who=who, **changes) if changes else []
    if not done:
        report.unchanged += 1
        return
    report.changed += 1
    if "status" in done:
        report.statuses[changes["status"]] = report.statuses.get(changes["status"], 0) + 1
    if "fr" in done or "zh" in done:
        report.edited_terms += 1


def import_review(store: GlossaryStore, path: str | Path, *, who: str, on_conflict: str = "refuse"
                  ) -> ReviewReport:
    """Apply a reviewed workbook in one transaction; InputError (nothing applied) on bad rows or conflicts.

    on_conflict: "refuse" (default) raises ReviewConflictError; "skip" applies the other rows;
    "overwrite" applies the workbook's values anyway.
    """
    if on_conflict not in ON_CONFLICT:
        raise ValueError(f"on_conflict must be one of {ON_CONFLICT}")
    path = Path(path)
    sheet = read_workbook(path)
    report = ReviewReport(path=path, rows=len(sheet.rows), stale_check=sheet.has_stamps)
    store_id = store.about()["store_id"]
    if sheet.store_id and sheet.store_id != store_id:
        raise InputError(path, f"exported from another glossary store (id {sheet.store_id}), not from "
                               f"{store.path} (id {store_id}); nothing applied")
    if sheet.ignored_columns:
        report.warnings.append(f"ignored column{'s' if len(sheet.ignored_columns) > 1 else ''}: "
                               + ", ".join(sheet.ignored_columns))
    if not sheet.has_stamps:
        report.warnings.append("the workbook carries no export stamps: changes made in the store since it "
                               "was exported cannot be detected")

    # Plan and apply under the write lock, so nobody changes the entries between our reading and writing.
    with store.transaction():
        plans = _plan(store, sheet, who)
        report.conflicts = [c for plan in plans for c in plan.conflicts]
        if report.conflicts and on_conflict == "refuse":
            raise ReviewConflictError(path, report)
        for plan in plans:
            try:
                _apply(store, plan, on_conflict, who, report)
            except StoreConflict as error:  # only reachable with --overwrite of a term edit
                raise InputError(path, f"row {plan.row.row}: {error}; nothing applied") from error
    report.applied = True
    return report
