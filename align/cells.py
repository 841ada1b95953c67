"""User text as it goes into files people open: never a live formula, never a character XML cannot hold.

One helper for every writer (review workbook, glossary exports, check reports, pair files):
- .xlsx: text goes into *string* cells (openpyxl makes a formula of any text starting with '='), so
  `=HYPERLINK(…)` in a document stays the words it was; characters XML 1.0 forbids become spaces.
- .csv/.tsv: OWASP's advice against CSV injection: a field starting with = + - @ TAB or CR gets a leading
  apostrophe, which spreadsheet programs take as "this is text" and hide. `unneutralise` takes it off again
  on import, so a round trip keeps the term. (A field that itself starts with apostrophes before such a
  character gets one more, so the reversal is exact.)
- XML (TBX, TMX, XLIFF): the same forbidden characters become spaces (one for one: highlight offsets hold).
"""
from __future__ import annotations

import re
from typing import Any, Iterable

# Characters XML 1.0 cannot carry: C0 controls but TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV Injection: what makes a cell a formula


def xml_safe(text: str) -> str:
    """`text` with every character XML 1.0 forbids replaced by a space."""
    return _XML_ILLEGAL.sub(" ", text) if text else text


def _needs_mark(text: str) -> bool:
    return text.lstrip("'").startswith(FORMULA_START)


def neutralise(text: str) -> str:
    """A CSV/TSV field that no spreadsheet program runs as a formula (OWASP: a leading apostrophe)."""
    if not isinstance(text, str) or not text:
        return text
    return "'" + text if _needs_mark(text) else text


def unneutralise(text: str) -> str:
    """The field `neutralise` was given: one leading apostrophe off where it added one."""
    if isinstance(text, str) and text.startswith("'") and _needs_mark(text[1:]):
        return text[1:]
    return text


def csv_row(values: Iterable[Any]) -> list[Any]:
    """A row for csv.writer: text neutralised, characters a text file should not hold cleaned."""
    return [neutralise(xml_safe(v)) if isinstance(v, str) else v for v in values]


def set_text(cell, value: Any) -> None:
    """Put `value` into an openpyxl cell; text is always a string cell, never a formula."""
    if isinstance(value, str):
        cell.value = xml_safe(value)
        cell.data_type = "s"
    else:
        cell.value = value


def append_row(sheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)` where no text becomes a formula and no control character breaks the file."""
    values = list(values)
    sheet.append([xml_safe(v) if isinstance(v, str) else v for v in values])
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            cell = sheet.cell(row=row, column=column)
            if cell.data_type != "s":
                cell.data_type = "s"
