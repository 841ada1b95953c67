"""The one review-workbook layout: every glossary .xlsx the tool writes, and the reader for the reviewed file.

Sheets:
- Glossary: one row per entry. `id` (grey, read-only: it links the row to the store), then the columns a
  reviewer edits — zh-CN, fr-FR, Status (a dropdown), type, notes — and the evidence (score, frequencies,
  variants, one example pair). Frozen header, filters, rows coloured by status with conditional formatting
  (so the colour follows the reviewer's edits).
- Examples: every stored example pair, one per row, with the entry id.
- About: where the glossary comes from, counts, and how to review and re-import.
- _stamps (very hidden): the store id and each entry's `updated` stamp at export time, so that importing a
  workbook exported before newer changes to the same entries reports conflicts instead of overwriting them.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from align.atomic import save_workbook
from align.cells import append_row
from align.errors import InputError
from align.langtags import FR_DEFAULT, ZH_DEFAULT, is_tag_of
from align.xlsx_layout import LINE_HEIGHT, display_width, fit_row_heights, lines_needed, print_setup

from .types import STATUSES, GlossaryEntry, Synonym

LAYOUT_VERSION = 1
GLOSSARY_SHEET, EXAMPLES_SHEET, ABOUT_SHEET, STAMPS_SHEET = "Glossary", "Examples", "About", "_stamps"

# (header, width hint); order is the sheet's column order.
COLUMNS = (
    ("id", 7), ("zh-CN", 16), ("fr-FR", 28), ("Status", 12), ("type", 12), ("score", 7),
    ("zh freq", 8), ("fr freq", 8), ("pairs", 7), ("variants", 24), ("example zh", 36), ("example fr", 46),
    ("notes", 24), ("synonyms", 20),
)
HEADERS = tuple(name for name, _ in COLUMNS)
# "zh-CN" and "fr-FR" name the two term columns; the sheet shows the glossary's own tags (zh-TW, fr-CA …).
EDITABLE = ("zh-CN", "fr-FR", "Status", "type", "notes")
REQUIRED = ("id",) + EDITABLE  # the columns review import reads: none may be missing or renamed
OPTIONAL = ("synonyms",)  # read when present (workbooks from before it existed lack it)
WRAPPED = ("zh-CN", "fr-FR", "example zh", "example fr", "notes", "variants", "synonyms")
TERM_TYPES = ("abbreviation", "acronym", "fullForm", "shortForm", "variant", "phrase")  # TBX-Basic termType

STATUS_FILLS = {  # light fills that keep black text readable
    "approved": "C6EFCE",
    "rejected": "E7E6E6",
    "deprecated": "FFC7CE",
    "proposed": "FFF2CC",
}
HEADER_FILL, READ_ONLY_FILL, READ_ONLY_FONT = "1F4E78", "EDEDED", "595959"
SPARE_ROWS = 500  # rows below the data that keep the dropdown and colours, for rows a reviewer adds

REVIEW_HELP = (
    "How to review",
    "1. On the Glossary sheet, set Status for each row: approved (use this rendering), rejected (not a term "
    "or a wrong pair), deprecated (a rendering translators must not use), or leave proposed.",
    "2. To correct a French term, edit fr-FR: the corrected form becomes the approved one and the old form "
    "is kept as a variant.",
    "3. Write anything useful in notes. You may sort, filter, hide or delete rows; a deleted row is left "
    "unchanged in the glossary. A new row with an empty id adds an entry.",
    "4. Do not edit the grey id column, and keep the column headers as they are.",
    "5. Save as .xlsx and re-import: glossalign review import FILE --reviewer YOUR-NAME. If someone changed "
    "the same entries after this file was exported, those rows are reported as conflicts, not overwritten.",
)


@dataclass
class ReviewRow:
    """One data row of a Glossary sheet, with its Excel row number."""

    row: int
    id: Any  # the raw cell value; review import checks it
    values: dict[str, Any] = field(default_factory=dict)  # header → cell value, for every column present

    def text(self, header: str) -> str:
        """A cell as stripped text ('' when empty; 2030.0 → '2030')."""
        return cell_text(self.values.get(header))

    @property
    def is_blank(self) -> bool:
        return all(cell_text(v) == "" for v in self.values.values()) and cell_text(self.id) == ""


@dataclass
class ReviewSheet:
    """What `read_workbook` found: the rows, the columns, and the export stamps."""

    path: Path
    rows: list[ReviewRow]
    columns: list[str]  # headers as found, in sheet order
    ignored_columns: list[str] = field(default_factory=list)  # headers the layout does not know
    stamps: dict[int, str] = field(default_factory=dict)  # entry id → its `updated` when exported
    store_id: str = ""
    exported: str = ""

    @property
    def has_stamps(self) -> bool:
        return bool(self.stamps)


def cell_text(value: Any) -> str:
    """Cell value → stripped text; integral floats lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def variants_text(variants: dict[str, int], current: str = "") -> str:
    """Variants as 'form (count); …', most frequent first, without the current form."""
    items = sorted(((f, n) for f, n in variants.items() if f != current), key=lambda item: (-item[1], item[0]))
    return "; ".join(f"{form} ({n})" if n else form for form, n in items)


def synonyms_text(synonyms: Iterable[Synonym], zh_tag: str = ZH_DEFAULT, fr_tag: str = FR_DEFAULT) -> str:
    """Synonyms as 'fr-FR: PIB (abbreviation); …' — the language tag, the form, its TBX term type."""
    tags = {"zh": zh_tag, "fr": fr_tag}
    return "; ".join(f"{tags.get(s.lang, s.lang)}: {s.text} ({s.type})" for s in synonyms)


def parse_synonyms(text: str) -> list[Synonym]:
    """The reverse of `synonyms_text`; ValueError (said for people) for a part it cannot read."""
    import re

    synonyms = []
    for part in filter(None, (p.strip() for p in (text or "").split(";"))):
        match = re.fullmatch(r"([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)\s*:\s*(.+?)(?:\s*\((\w+)\))?", part)
        if not match:
            raise ValueError(f"synonym {part!r} is not 'fr-FR: FORM (type)' or 'zh-CN: FORM (type)'")
        tag, form, kind = match.groups()
        lang = "zh" if is_tag_of(tag, "zh") else "fr" if is_tag_of(tag, "fr") else ""
        if not lang:
            raise ValueError(f"synonym {part!r}: {tag} is neither a Chinese nor a French tag")
        kind = kind or "abbreviation"
        canonical = {t.lower(): t for t in TERM_TYPES}.get(kind.lower())
        if canonical is None:
            raise ValueError(f"synonym {part!r}: type {kind!r} is not one of {', '.join(TERM_TYPES)}")
        synonyms.append(Synonym(lang, form.strip(), canonical))
    return synonyms


def canonical_header(header: Any) -> str:
    """A Glossary-sheet header as the layout names it: any Chinese tag is 'zh-CN', any French one 'fr-FR'."""
    text = " ".join(cell_text(header).split())
    if is_tag_of(text, "zh"):
        return "zh-CN"
    if is_tag_of(text, "fr"):
        return "fr-FR"
    return text


def _row_values(entry: GlossaryEntry, zh_tag: str, fr_tag: str) -> list[Any]:
    example = entry.examples[0] if entry.examples else None
    return [
        entry.id, entry.zh, entry.fr, entry.status, entry.kind, round(entry.score, 3), entry.zh_freq,
        entry.fr_freq, entry.pairs, variants_text(entry.variants, entry.fr), example.zh if example else "",
        example.fr if example else "", entry.notes, synonyms_text(entry.synonyms, zh_tag, fr_tag),
    ]


def write_workbook(entries: Iterable[GlossaryEntry], path: str | Path, *, about: dict | None = None) -> None:
    """Write the review workbook (Glossary, Examples, About sheets) atomically to `path`.

    `about` may carry zh_lang / fr_lang (the language tags shown in the headers; zh-CN / fr-FR by default).
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    entries = list(entries)
    about = dict(about or {})
    zh_tag, fr_tag = about.get("zh_lang") or ZH_DEFAULT, about.get("fr_lang") or FR_DEFAULT
    exported = about.get("exported") or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    top_wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    book = Workbook()
    sheet = book.active
    sheet.title = GLOSSARY_SHEET
    shown = {"zh-CN": zh_tag, "fr-FR": fr_tag}
    append_row(sheet, [shown.get(name, name) for name in HEADERS])
    for entry in entries:
        append_row(sheet, _row_values(entry, zh_tag, fr_tag))
    last_row = len(entries) + 1
    last_col = get_column_letter(len(HEADERS))
    col = {name: get_column_letter(i + 1) for i, name in enumerate(HEADERS)}

    for cell in sheet[1]:
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    notes = {
        "id": "Read-only: links the row to the glossary store. Do not edit; leave it empty on a row you add.",
        "Status": "Choose: " + ", ".join(STATUSES) + ". Deprecated = a rendering translators must not use.",
        "fr-FR": "Edit to correct the French term: the new form becomes the approved one, the old one a variant.",
        "synonyms": f"Other forms of the same concept, e.g. '{fr_tag}: PIB (abbreviation); {zh_tag}: GDP "
                    f"(acronym)'. Types: {', '.join(TERM_TYPES)}.",
    }
    for header, text in notes.items():
        comment = Comment(text, "glossalign")
        comment.width, comment.height = 260, 70  # points; the default box cuts the text off
        sheet[f"{col[header]}1"].comment = comment
    read_only_fill = PatternFill("solid", fgColor=READ_ONLY_FILL)
    read_only_font = Font(color=READ_ONLY_FONT)
    if last_row >= 2:
        for cell in sheet[2]:  # style the first data row, then copy its styles down (much faster)
            header = HEADERS[cell.column - 1]
            cell.alignment = top_wrap if header in WRAPPED else top
            if header == "id":
                cell.fill, cell.font = read_only_fill, read_only_font
            elif header == "score":
                cell.number_format = "0.00"
        _copy_styles_down(sheet, 2, last_row)

    # Widths fitted to the content, capped so long terms and examples wrap instead of stretching the sheet.
    for i, (name, hint) in enumerate(COLUMNS):
        letter = get_column_letter(i + 1)
        if name in WRAPPED and name not in ("zh-CN", "fr-FR"):
            width = hint
        else:
            widest = max([display_width(cell_text(c.value)) for c in sheet[letter][1:]] + [len(name) + 3])
            width = min(max(widest + 2, 6), 36 if name in ("zh-CN", "fr-FR") else 45)
        sheet.column_dimensions[letter].width = width
    fit_row_heights(sheet, [col[name] for name in WRAPPED])
    print_setup(sheet)

    sheet.freeze_panes = "C2"  # header and the id/zh columns stay in view
    sheet.auto_filter.ref = f"A1:{last_col}{last_row}"
    spare = last_row + SPARE_ROWS
    validation = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="Status",
                                error="Choose one of: " + ", ".join(STATUSES))
    validation.add(f"{col['Status']}2:{col['Status']}{spare}")
    sheet.add_data_validation(validation)
    status_cell = f"${col['Status']}2"
    for status, colour in STATUS_FILLS.items():
        rule = FormulaRule(formula=[f'LOWER(TRIM({status_cell}))="{status}"'],
                           fill=PatternFill("solid", fgColor=colour, bgColor=colour))
        sheet.conditional_formatting.add(f"B2:{last_col}{spare}", rule)

    _write_examples(book, entries, header_font, header_fill, top_wrap, zh_tag, fr_tag)
    _write_about(book, entries, about, exported)
    _write_stamps(book, entries, about, exported)
    save_workbook(book, path)


def _copy_styles_down(sheet, source_row: int, last_row: int) -> None:
    """Give rows below `source_row` its cell styles; copying openpyxl's style arrays avoids re-hashing styles."""
    from copy import copy

    prototypes = [cell._style for cell in sheet[source_row]]
    for row in sheet.iter_rows(min_row=source_row + 1, max_row=last_row, max_col=len(prototypes)):
        for cell, style in zip(row, prototypes):
            cell._style = copy(style)


def _write_examples(book, entries, header_font, header_fill, top_wrap, zh_tag: str, fr_tag: str) -> None:
    sheet = book.create_sheet(EXAMPLES_SHEET)
    headers = ["id", zh_tag, fr_tag, "pair", "source", "example zh", "example fr"]
    append_row(sheet, headers)
    for cell in sheet[1]:
        cell.font, cell.fill = header_font, header_fill
    for entry in entries:
        for example in entry.examples:
            append_row(sheet, [entry.id, entry.zh, entry.fr, example.pair_id + 1, Path(example.source).name if
                               example.source else "", example.zh, example.fr])
    if sheet.max_row >= 2:
        for cell in sheet[2]:
            cell.alignment = top_wrap
        _copy_styles_down(sheet, 2, sheet.max_row)
    for letter, width in zip("ABCDEFG", (7, 16, 28, 7, 24, 55, 70)):
        sheet.column_dimensions[letter].width = width
    fit_row_heights(sheet, "BCFG")
    print_setup(sheet)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:G{max(sheet.max_row, 1)}"


def _write_about(book, entries, about: dict, exported: str) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(ABOUT_SHEET)
    counts = {status: 0 for status in STATUSES}
    for entry in entries:
        counts[entry.status] = counts.get(entry.status, 0) + 1
    zh_tag, fr_tag = about.get("zh_lang") or ZH_DEFAULT, about.get("fr_lang") or FR_DEFAULT
    append_row(sheet, [about.get("title") or f"glossalign glossary ({zh_tag} → {fr_tag})"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    rows: list[tuple[str, Any]] = [
        ("Exported", exported),
        ("Glossary store", about.get("db", "")),
        ("Store created", about.get("created", "")),
        ("Model", about.get("model", "")),
        ("Languages", f"{zh_tag} → {fr_tag}"),
        ("Entries in this file", len(entries)),
    ]
    rows += [(f"  {status}", n) for status, n in counts.items()]
    sources = [str(s) for s in about.get("sources", [])]
    rows.append(("Source documents", sources[0] if sources else ""))
    rows += [("", s) for s in sources[1:]]
    for label, value in rows:
        append_row(sheet, [label, value])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
    sheet.append([])
    for i, line in enumerate(REVIEW_HELP):
        append_row(sheet, [line])
        cell = sheet.cell(row=sheet.max_row, column=1)
        if i == 0:
            cell.font = Font(bold=True, size=12)
        else:
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=2)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.row_dimensions[sheet.max_row].height = LINE_HEIGHT * lines_needed(line, 114) + 4
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 90
    print_setup(sheet, title_rows=None, landscape=False)


def _write_stamps(book, entries, about: dict, exported: str) -> None:
    sheet = book.create_sheet(STAMPS_SHEET)
    sheet.sheet_state = "veryHidden"  # not even listed under Unhide: reviewers cannot break it by accident
    append_row(sheet, ["layout", LAYOUT_VERSION])
    append_row(sheet, ["store_id", about.get("store_id", "")])
    append_row(sheet, ["store", about.get("db", "")])
    append_row(sheet, ["exported", exported])
    append_row(sheet, ["id", "updated"])
    for entry in entries:
        if entry.id is not None:
            append_row(sheet, [entry.id, entry.updated])


def exported_store(path: str | Path) -> str:
    """The store path a glossalign workbook was exported from, as written then ('' when unknown or unreadable)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
        try:
            if STAMPS_SHEET not in book.sheetnames:
                return ""
            for key, value, *_ in book[STAMPS_SHEET].iter_rows(max_row=6, max_col=2, values_only=True):
                if key == "store":
                    return cell_text(value)
        finally:
            book.close()
    except Exception:  # noqa: BLE001 — only a hint: the import itself reports what is wrong with the file
        return ""
    return ""


def _normal_header(value: Any) -> str:
    return " ".join(cell_text(value).lower().split())


def read_workbook(path: str | Path) -> ReviewSheet:
    """Read a workbook in the review layout; InputError (with row numbers) for anything else."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise InputError(path, "not an .xlsx workbook (save the reviewed file as Excel .xlsx)")
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise InputError(path, f"not a readable .xlsx workbook (corrupt or another format: {error})") from error
    try:
        if GLOSSARY_SHEET not in book.sheetnames:
            raise InputError(path, f"no '{GLOSSARY_SHEET}' sheet: not a glossalign review workbook "
                                   f"(sheets: {', '.join(book.sheetnames)})")
        rows = book[GLOSSARY_SHEET].iter_rows(values_only=True)
        header = next(rows, None) or ()
        found = [cell_text(h) for h in header]
        wanted = {_normal_header(name): name for name in HEADERS}
        position: dict[str, int] = {}
        ignored = []
        for index, name in enumerate(found):
            canonical = wanted.get(_normal_header(canonical_header(name)))
            if canonical and canonical not in position:
                position[canonical] = index
            elif name:
                ignored.append(name)
        missing = [name for name in REQUIRED if name not in position]
        if missing:
            hint = f" (unknown: {', '.join(repr(n) for n in ignored)} — renamed?)" if ignored else ""
            raise InputError(path, f"row 1: missing column{'s' if len(missing) > 1 else ''} "
                                   f"{', '.join(missing)}{hint}; nothing applied. Keep the header row "
                                   f"as exported: {', '.join(HEADERS)}")
        data: list[ReviewRow] = []
        for number, values in enumerate(rows, start=2):
            values = tuple(values or ())
            cells = {name: (values[i] if i < len(values) else None) for name, i in position.items()}
            row = ReviewRow(row=number, id=cells.pop("id"), values=cells)
            if not row.is_blank:
                data.append(row)
        sheet = ReviewSheet(path=path, rows=data, columns=[f for f in found if f], ignored_columns=ignored)
        if STAMPS_SHEET in book.sheetnames:
            _read_stamps(book[STAMPS_SHEET], sheet)
        return sheet
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError) as error:
        raise InputError(path, f"not a readable .xlsx workbook (corrupt: {error})") from error
    finally:
        book.close()


def _read_stamps(stamps_sheet, sheet: ReviewSheet) -> None:
    in_table = False
    for values in stamps_sheet.iter_rows(values_only=True):
        key = cell_text(values[0]) if values else ""
        value = values[1] if values and len(values) > 1 else None
        if in_table:
            try:
                sheet.stamps[int(float(key))] = cell_text(value)
            except ValueError:
                continue
        elif key == "store_id":
            sheet.store_id = cell_text(value)
        elif key == "exported":
            sheet.exported = cell_text(value)
        elif key == "id":
            in_table = True
